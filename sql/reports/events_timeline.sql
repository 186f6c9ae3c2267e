-- business events in date order, each listed once however many articles mention it: kind, actors, how many mentions, articles and sources reported it, and its first report (day and how it was found, trigger, rule family and that family's measured precision, article)
-- param event_type: only events of this type (agreement, partnership, acquisition, visit, ...)
-- param entity: only events with this actor (canonical name, any case)
-- param min_confidence: only mentions whose rule family's precision is at least this (0 to 1; default 0.5); an event is listed when one of its mentions is
with dated_mentions as (
    select
        fact_event.event_key,
        fact_event.article_key,
        fact_event.char_start,
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
),
-- each event's first report among the mentions kept: the earliest dated one (undated last), then first loaded
first_report as (
    select
        dated_mentions.*,
        row_number() over (partition by dated_mentions.event_key
                           order by dated_mentions.date_key = -1, dated_mentions.date_key,
                                    dated_mentions.article_key, dated_mentions.char_start) as report_rank
    from dated_mentions
)
select
    dim_date.full_date as event_date,
    first_report.date_basis,
    dim_event.event_type,
    first_actor.canonical_name as actor_1,
    case when second_actor.entity_key = -1 then null else second_actor.canonical_name end as actor_2,
    first_report.trigger_text,
    first_report.rule,
    first_report.confidence,
    dim_article.title as article,
    dim_event.mention_count as mentions,
    dim_event.article_count as articles,
    dim_event.source_count as sources,
    dim_event.event_key
from first_report
join dim_event on dim_event.event_key = first_report.event_key
join dim_date on dim_date.date_key = first_report.date_key
join dim_entity as first_actor on first_actor.entity_key = dim_event.actor1_entity_key
join dim_entity as second_actor on second_actor.entity_key = dim_event.actor2_entity_key
join dim_article on dim_article.article_key = first_report.article_key
where first_report.report_rank = 1
  and (getvariable('entity') is null
       or lower(getvariable('entity')) in (lower(first_actor.canonical_name), lower(second_actor.canonical_name)))
order by dim_date.full_date nulls last, first_report.article_key, first_report.char_start;
