-- runs still recorded as 'running' when a new run starts (which holds the run lock) were killed: say so
update etl_run
set status = 'abandoned',
    finished_at = current_timestamp,
    error = 'the run stopped without finishing (killed or crashed); noticed by run ' || getvariable('run_id')
where etl_run.status = 'running'
  and etl_run.run_id <> getvariable('run_id');
