-- every publisher named by a new article gets its dim_source row
insert into dim_source (source_key, source_name)
with new_sources as (
    select stage_dim_source.source_name, min(stage_dim_source.rowid) as first_staged
    from stage_dim_source
    where stage_dim_source.source_name is not null
    group by stage_dim_source.source_name
),
-- keys continue after the highest one (no sequence: a DuckLake has none; loads are serialized, see flows/lake.py)
last_source_key as (
    select coalesce(max(dim_source.source_key), 0) as source_key
    from dim_source
    where dim_source.source_key > 0
)
select last_source_key.source_key + row_number() over (order by new_sources.first_staged), new_sources.source_name
from new_sources
cross join last_source_key
anti join dim_source on dim_source.source_name = new_sources.source_name;
