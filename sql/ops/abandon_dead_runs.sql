-- lake runs on several machines: the runs still 'running' whose lease is gone (see flows/lake_runs.py) were killed
-- or lost their machine: say so
update etl_run
set status = 'abandoned',
    finished_at = current_timestamp,
    error = 'the run stopped without finishing (killed, crashed or its machine lost: its lease expired); noticed by run '
            || getvariable('run_id')
where etl_run.status = 'running'
  and list_contains(getvariable('dead_runs'), etl_run.run_id);
