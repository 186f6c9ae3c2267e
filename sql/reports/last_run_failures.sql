-- expectations that failed in the latest run, with how many rows broke each
with latest_run as (
    select max(run_id) as run_id
    from etl_run
)
select
    validation_result.suite,
    validation_result.expectation,
    count(*) as failed_batches,
    sum(validation_result.unexpected_count) as unexpected_rows
from validation_result
semi join latest_run on latest_run.run_id = validation_result.run_id
where not validation_result.success
group by validation_result.suite, validation_result.expectation
order by validation_result.suite, validation_result.expectation
