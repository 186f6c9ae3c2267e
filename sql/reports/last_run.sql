-- the latest run: when, how it ended, what it did to the files
select
    etl_run.run_id,
    etl_run.status,
    etl_run.started_at,
    etl_run.finished_at,
    etl_run.files_seen,
    etl_run.files_loaded,
    etl_run.files_skipped,
    etl_run.files_quarantined,
    etl_run.rows_loaded,
    etl_run.error
from etl_run
order by etl_run.run_id desc
limit 1
