-- the other runs recorded as 'running' (a lake's: some may be loading on other machines)
select run_id
from etl_run
where status = 'running'
  and run_id <> getvariable('run_id')
order by run_id;
