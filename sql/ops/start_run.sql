insert into etl_run (run_id, started_at, status)
values (getvariable('run_id'), current_timestamp, 'running');
