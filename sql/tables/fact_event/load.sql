-- a reprocessed article's rows are replaced: its old rows go first (replaced_ids is empty for new articles);
-- the events they pointed at are kept aside, so that a mention found again keeps its event (sql/events/)
create or replace temp table replaced_event as
select
    fact_event.article_key,
    fact_event.char_start,
    fact_event.char_end,
    fact_event.event_type,
    fact_event.actor1_entity_key,
    fact_event.actor2_entity_key,
    fact_event.event_key
from fact_event
join dim_article on dim_article.article_key = fact_event.article_key
where list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

delete from fact_event
using dim_article
where fact_event.article_key = dim_article.article_key
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

-- one event mention per staged row, keyed to its article and entities (-1 where the entity is unknown); its
-- event_key is assigned after the batch's rows, in the same transaction (flows/warehouse/events.py): until then
-- it is the event the same mention had before reprocessing, else -1
-- an event with no stated date is dated by its article's publication day
insert into fact_event (article_key, event_type, actor1_entity_key, actor2_entity_key, event_date_key, event_date_source,
                        trigger_text, char_start, char_end, rule, confidence, tone, event_key)
with mention as (
    select
        dim_article.article_key,
        stage_fact_event.event_type,
        coalesce(actor1.entity_key, -1) as actor1_entity_key,
        coalesce(actor2.entity_key, -1) as actor2_entity_key,
        coalesce(cast(strftime(stage_fact_event.event_date, '%Y%m%d') as integer), dim_article.published_date_key)
            as event_date_key,
        stage_fact_event.event_date_source,
        stage_fact_event.trigger_text,
        stage_fact_event.char_start,
        stage_fact_event.char_end,
        stage_fact_event.rule,
        stage_fact_event.confidence,
        stage_fact_event.tone
    from stage_fact_event
    join dim_article on dim_article.article_id = stage_fact_event.article_id
    left join dim_entity as actor1 on actor1.match_key = stage_fact_event.actor1_match_key
                                      and actor1.entity_type = stage_fact_event.actor1_entity_type
    left join dim_entity as actor2 on actor2.match_key = stage_fact_event.actor2_match_key
                                      and actor2.entity_type = stage_fact_event.actor2_entity_type
)
select
    mention.article_key,
    mention.event_type,
    mention.actor1_entity_key,
    mention.actor2_entity_key,
    mention.event_date_key,
    mention.event_date_source,
    mention.trigger_text,
    mention.char_start,
    mention.char_end,
    mention.rule,
    mention.confidence,
    mention.tone,
    coalesce(replaced_event.event_key, -1)
from mention
left join replaced_event on replaced_event.article_key = mention.article_key
                        and replaced_event.char_start = mention.char_start
                        and replaced_event.char_end = mention.char_end
                        and replaced_event.event_type = mention.event_type
                        and replaced_event.actor1_entity_key = mention.actor1_entity_key
                        and replaced_event.actor2_entity_key = mention.actor2_entity_key;

drop table replaced_event;
