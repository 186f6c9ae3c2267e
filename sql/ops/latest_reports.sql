-- the Great Expectations results of the latest run that validated anything, batch by batch
with latest_run as (
    select max(run_id) as run_id
    from validation_report
)
select validation_report.run_id, validation_report.batch_number, validation_report.suite, validation_report.result
from validation_report
semi join latest_run on latest_run.run_id = validation_report.run_id
order by validation_report.batch_number, validation_report.suite
