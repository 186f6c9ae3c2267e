-- business events in date order: when (the stated date, else the article's), what kind, between whom, where reported,
-- which rule family found it and how far that family is trusted (its measured precision)
-- param event_type: only events of this type (agreement, partnership, acquisition, visit, ...)
-- param entity: only events with this actor (canonical name, any case)
-- param min_confidence: only events whose rule family's precision is at least this (0 to 1; default 0.5)
with dated_events as (
    select
        fact_event.article_key,
        fact_event.char_start,
        fact_event.event_type,
        fact_event.actor1_entity_key,
        fact_event.actor2_entity_key,
        fact_event.trigger_text,
        fact_event.rule,
        fact_event.confidence,
        coalesce(nullif(fact_event.event_date_key, -1), nullif(dim_article.published_date_key, -1), -1) as date_key,
        -- how the event's day was found: stated in its sentence, resolved from 'last week', or the article's day
        case when fact_event.event_date_key <> -1 and fact_event.event_date_source is not null
                  then fact_event.event_date_source
             when fact_event.event_date_key <> -1 or dim_article.published_date_key <> -1 then 'published'
             else 'unknown' end as date_basis
    from fact_event
    join dim_article on dim_article.article_key = fact_event.article_key
    where fact_event.event_type = coalesce(lower(getvariable('event_type')), fact_event.event_type)
      and coalesce(fact_event.confidence, 0) >= coalesce(cast(getvariable('min_confidence') as double), 0.5)
)
select
    dim_date.full_date as event_date,
    dated_events.date_basis,
    dated_events.event_type,
    first_actor.canonical_name as actor_1,
    case when second_actor.entity_key = -1 then null else second_actor.canonical_name end as actor_2,
    dated_events.trigger_text,
    dated_events.rule,
    dated_events.confidence,
    dim_article.title as article
from dated_events
join dim_date on dim_date.date_key = dated_events.date_key
join dim_entity as first_actor on first_actor.entity_key = dated_events.actor1_entity_key
join dim_entity as second_actor on second_actor.entity_key = dated_events.actor2_entity_key
join dim_article on dim_article.article_key = dated_events.article_key
where getvariable('entity') is null
   or lower(getvariable('entity')) in (lower(first_actor.canonical_name), lower(second_actor.canonical_name))
order by dim_date.full_date nulls last, dated_events.article_key, dated_events.char_start;
