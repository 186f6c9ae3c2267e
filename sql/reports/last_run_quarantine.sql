-- files and rows the latest run set aside, and why
with latest_run as (
    select max(run_id) as run_id
    from etl_run
)
select
    quarantine.stage,
    quarantine.file_name,
    quarantine.table_name,
    quarantine.reason,
    quarantine.quarantined_path,
    quarantine.row_data
from quarantine
semi join latest_run on latest_run.run_id = quarantine.run_id
order by quarantine.stage, quarantine.file_name, quarantine.table_name
