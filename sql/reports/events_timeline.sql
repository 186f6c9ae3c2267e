-- business events in date order: when (the stated date, else the article's), what kind, between whom, where reported
-- param event_type: only events of this type (agreement, partnership, acquisition, visit, ...)
-- param entity: only events with this actor (canonical name, any case)
with dated_events as (
    select
        fact_event.article_key,
        fact_event.char_start,
        fact_event.event_type,
        fact_event.actor1_entity_key,
        fact_event.actor2_entity_key,
        fact_event.trigger_text,
        coalesce(nullif(fact_event.event_date_key, -1), nullif(dim_article.published_date_key, -1), -1) as date_key,
        case when fact_event.event_date_key <> -1 then 'stated'
             when dim_article.published_date_key <> -1 then 'published'
             else 'unknown' end as date_basis
    from fact_event
    join dim_article on dim_article.article_key = fact_event.article_key
    where fact_event.event_type = coalesce(lower(getvariable('event_type')), fact_event.event_type)
)
select
    dim_date.full_date as event_date,
    dated_events.date_basis,
    dated_events.event_type,
    first_actor.canonical_name as actor_1,
    case when second_actor.entity_key = -1 then null else second_actor.canonical_name end as actor_2,
    dated_events.trigger_text,
    dim_article.title as article
from dated_events
join dim_date on dim_date.date_key = dated_events.date_key
join dim_entity as first_actor on first_actor.entity_key = dated_events.actor1_entity_key
join dim_entity as second_actor on second_actor.entity_key = dated_events.actor2_entity_key
join dim_article on dim_article.article_key = dated_events.article_key
where getvariable('entity') is null
   or lower(getvariable('entity')) in (lower(first_actor.canonical_name), lower(second_actor.canonical_name))
order by dim_date.full_date nulls last, dated_events.article_key, dated_events.char_start;
