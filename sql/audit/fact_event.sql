-- fact_event rows as its suite sees them: natural keys, foreign keys found, provenance round trip
select
    dim_article.article_id,
    fact_event.event_type,
    dim_date.full_date as event_date,
    fact_event.trigger_text,
    fact_event.char_start,
    fact_event.char_end,
    actor1.match_key as actor1_match_key,
    actor1.entity_type as actor1_entity_type,
    actor2.match_key as actor2_match_key,
    actor2.entity_type as actor2_entity_type,
    dim_article.article_key is not null as article_found,
    coalesce(length(dim_article.body), 0) as body_length,
    coalesce(substr(dim_article.body, fact_event.char_start + 1, fact_event.char_end - fact_event.char_start)
             = fact_event.trigger_text, false) as offsets_ok,
    fact_event.actor1_entity_key = -1 or actor1.entity_key is not null as actor1_found,
    fact_event.actor2_entity_key = -1 or actor2.entity_key is not null as actor2_found
from fact_event
left join dim_article on dim_article.article_key = fact_event.article_key and dim_article.article_key <> -1
left join dim_date on dim_date.date_key = fact_event.event_date_key and dim_date.date_key <> -1
left join dim_entity as actor1 on actor1.entity_key = fact_event.actor1_entity_key and actor1.entity_key <> -1
left join dim_entity as actor2 on actor2.entity_key = fact_event.actor2_entity_key and actor2.entity_key <> -1
