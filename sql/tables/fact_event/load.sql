-- a reprocessed article's rows are replaced: its old rows go first (replaced_ids is empty for new articles)
delete from fact_event
using dim_article
where fact_event.article_key = dim_article.article_key
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

-- one event per staged row, keyed to its article and entities (-1 where the entity is unknown)
-- an event with no stated date is dated by its article's publication day
insert into fact_event (article_key, event_type, actor1_entity_key, actor2_entity_key, event_date_key, event_date_source,
                        trigger_text, char_start, char_end, rule, confidence)
select
    dim_article.article_key,
    stage_fact_event.event_type,
    coalesce(actor1.entity_key, -1),
    coalesce(actor2.entity_key, -1),
    coalesce(cast(strftime(stage_fact_event.event_date, '%Y%m%d') as integer), dim_article.published_date_key),
    stage_fact_event.event_date_source,
    stage_fact_event.trigger_text,
    stage_fact_event.char_start,
    stage_fact_event.char_end,
    stage_fact_event.rule,
    stage_fact_event.confidence
from stage_fact_event
join dim_article on dim_article.article_id = stage_fact_event.article_id
left join dim_entity as actor1 on actor1.match_key = stage_fact_event.actor1_match_key
                                  and actor1.entity_type = stage_fact_event.actor1_entity_type
left join dim_entity as actor2 on actor2.match_key = stage_fact_event.actor2_match_key
                                  and actor2.entity_type = stage_fact_event.actor2_entity_type;
