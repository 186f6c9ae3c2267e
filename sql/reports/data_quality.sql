-- data quality by run: files and rows set aside, expectations evaluated and failed, newest run first
with quarantine_by_run as (
    select
        quarantine.run_id,
        count(*) filter (where quarantine.table_name is null) as files_set_aside,
        count(*) filter (where quarantine.table_name is not null) as rows_set_aside
    from quarantine
    group by quarantine.run_id
),
validation_by_run as (
    select
        validation_result.run_id,
        count(*) as expectations_evaluated,
        count(*) filter (where not validation_result.success) as expectations_failed,
        cast(coalesce(sum(validation_result.unexpected_count) filter (where not validation_result.success), 0) as bigint)
            as unexpected_rows
    from validation_result
    group by validation_result.run_id
)
select
    etl_run.run_id,
    etl_run.started_at,
    etl_run.status,
    etl_run.files_seen,
    etl_run.files_loaded,
    coalesce(quarantine_by_run.files_set_aside, 0) as files_set_aside,
    coalesce(quarantine_by_run.rows_set_aside, 0) as rows_set_aside,
    coalesce(validation_by_run.expectations_evaluated, 0) as expectations_evaluated,
    coalesce(validation_by_run.expectations_failed, 0) as expectations_failed,
    coalesce(validation_by_run.unexpected_rows, 0) as unexpected_rows
from etl_run
left join quarantine_by_run on quarantine_by_run.run_id = etl_run.run_id
left join validation_by_run on validation_by_run.run_id = etl_run.run_id
order by etl_run.run_id desc;
