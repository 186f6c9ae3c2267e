-- the next run id: one more than the highest (no sequence: a DuckLake has none; claim_write.sql serializes writers)
select coalesce(max(etl_run.run_id), 0) + 1 as run_id
from etl_run
