-- every publisher named by a new article gets its dim_source row
insert into dim_source (source_key, source_name)
with new_sources as (
    select distinct stage_dim_source.source_name
    from stage_dim_source
    where stage_dim_source.source_name is not null
)
select nextval('seq_source'), new_sources.source_name
from new_sources
anti join dim_source on dim_source.source_name = new_sources.source_name;
