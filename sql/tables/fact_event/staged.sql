-- loaded fact_event rows in the staging shape: articles and entities by natural key; a key that points
-- nowhere fails its check (natural_key, sql/ops/staged_macros.sql)
select
    dim_article.article_id,
    fact_event.event_type,
    dim_date.full_date as event_date,
    fact_event.event_date_source,
    fact_event.trigger_text,
    fact_event.char_start,
    fact_event.char_end,
    fact_event.rule,
    fact_event.confidence,
    natural_key(fact_event.actor1_entity_key, actor1.match_key) as actor1_match_key,
    actor1.entity_type as actor1_entity_type,
    natural_key(fact_event.actor2_entity_key, actor2.match_key) as actor2_match_key,
    actor2.entity_type as actor2_entity_type,
    fact_event.tone,
    fact_event.event_key,
    row_number() over (order by fact_event.article_key, fact_event.char_start, fact_event.char_end) - 1 as row_id
from fact_event
left join dim_article on dim_article.article_key = fact_event.article_key and dim_article.article_key <> -1
left join dim_date on dim_date.date_key = fact_event.event_date_key and dim_date.date_key <> -1
left join dim_entity as actor1 on actor1.entity_key = fact_event.actor1_entity_key and actor1.entity_key <> -1
left join dim_entity as actor2 on actor2.entity_key = fact_event.actor2_entity_key and actor2.entity_key <> -1
