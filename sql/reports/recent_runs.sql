-- the latest runs (getvariable('runs') of them, newest first): when, how long, how they ended, what they did
select
    etl_run.run_id,
    etl_run.started_at,
    date_diff('millisecond', etl_run.started_at, etl_run.finished_at) / 1000.0 as seconds,
    etl_run.status,
    etl_run.files_seen,
    etl_run.files_loaded,
    etl_run.files_skipped,
    etl_run.files_quarantined
from etl_run
order by etl_run.run_id desc
limit coalesce(try_cast(getvariable('runs') as integer), 5)
