-- rows per warehouse table, unknown members left out
select 'dim_article' as table_name, count(*) as row_count from dim_article where article_key <> -1
union all select 'dim_entity', count(*) from dim_entity where entity_key <> -1
union all select 'dim_source', count(*) from dim_source where source_key <> -1
union all select 'dim_date', count(*) from dim_date where date_key <> -1
union all select 'fact_entity_mention', count(*) from fact_entity_mention
union all select 'fact_metric', count(*) from fact_metric
union all select 'fact_quote', count(*) from fact_quote
union all select 'fact_event', count(*) from fact_event;
