-- loaded events in the staging shape: actors by natural key, the first day as a date (the Unknown event left
-- out); an actor key that points nowhere fails its check (natural_key, sql/ops/staged_macros.sql)
select
    dim_event.event_key,
    dim_event.event_type,
    natural_key(dim_event.actor1_entity_key, actor1.match_key) as actor1_match_key,
    actor1.entity_type as actor1_entity_type,
    natural_key(dim_event.actor2_entity_key, actor2.match_key) as actor2_match_key,
    actor2.entity_type as actor2_entity_type,
    dim_date.full_date as first_date,
    dim_event.mention_count,
    dim_event.article_count,
    dim_event.source_count,
    row_number() over (order by dim_event.event_key) - 1 as row_id
from dim_event
left join dim_entity as actor1 on actor1.entity_key = dim_event.actor1_entity_key and actor1.entity_key <> -1
left join dim_entity as actor2 on actor2.entity_key = dim_event.actor2_entity_key and actor2.entity_key <> -1
left join dim_date on dim_date.date_key = dim_event.first_date_key and dim_date.date_key <> -1
where dim_event.event_key <> -1
