-- rows of one warehouse table (getvariable('table_name')), its Unknown member (key -1) left out
select count(*) - getvariable('unknown_members') as row_count
from query_table(getvariable('table_name'))
