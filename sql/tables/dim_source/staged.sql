-- loaded publishers in the staging shape (the Unknown source left out)
select
    dim_source.source_name,
    row_number() over (order by dim_source.source_key) - 1 as row_id
from dim_source
where dim_source.source_key <> -1
