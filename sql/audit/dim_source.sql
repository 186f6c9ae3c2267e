-- dim_source rows as its suite sees them
select dim_source.source_name
from dim_source
where dim_source.source_key <> -1
order by dim_source.source_key
