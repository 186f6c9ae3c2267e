-- every expectation that failed, by run and suite, with how many batches and rows broke it
-- param run_id: only this run; default every run
select
    validation_result.run_id,
    validation_result.suite,
    validation_result.expectation,
    count(*) as failed_batches,
    cast(sum(validation_result.unexpected_count) as bigint) as unexpected_rows
from validation_result
where not validation_result.success
  and validation_result.run_id = coalesce(cast(getvariable('run_id') as bigint), validation_result.run_id)
group by validation_result.run_id, validation_result.suite, validation_result.expectation
order by validation_result.run_id desc, validation_result.suite, validation_result.expectation;
