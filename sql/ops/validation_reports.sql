-- every run's Great Expectations results, batch by batch, oldest run first, with the run's start time: the Data
-- Docs file each result under it, so a rebuild finds the pages it wrote before
select report.run_id, coalesce(etl_run.started_at, timestamp '1970-01-01') as started_at,
       report.batch_number, report.suite, report.result
from validation_report as report
left join etl_run on etl_run.run_id = report.run_id
order by report.run_id, report.batch_number, report.suite
