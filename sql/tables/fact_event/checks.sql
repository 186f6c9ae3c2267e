-- staged fact_event rows as its suite sees them, plus: the article they point into is staged, the offsets
-- reproduce the extracted text from its body, each entity they name is staged (sql/ops/check_macros.sql), and the
-- event they mention is there. Before the load a batch has none (NULL: the load assigns it); `wirehouse audit`
-- sees the loaded keys, where -1 (no event yet) fails
select
    stage_fact_event.*,
    article.article_id is not null as article_found,
    coalesce(length(article.body), 0) as body_length,
    offsets_ok(article.body, stage_fact_event.char_start, stage_fact_event.char_end, stage_fact_event.trigger_text) as offsets_ok,
    entity_staged(stage_fact_event.article_id, stage_fact_event.actor1_match_key, stage_fact_event.actor1_entity_type) as actor1_found,
    entity_staged(stage_fact_event.article_id, stage_fact_event.actor2_match_key, stage_fact_event.actor2_entity_type) as actor2_found,
    stage_fact_event.event_key is null or exists (
        select 1
        from stage_dim_event
        where stage_dim_event.event_key = stage_fact_event.event_key
    ) as event_found
from stage_fact_event
left join stage_dim_article as article on article.article_id = stage_fact_event.article_id
order by stage_fact_event.row_id
