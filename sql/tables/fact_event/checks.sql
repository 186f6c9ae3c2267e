-- staged fact_event rows as its suite sees them, plus: the article and entities they name are staged too,
-- and the offsets reproduce the extracted text from the article body
with article_body as (
    select stage_dim_article.article_id, any_value(stage_dim_article.body) as body
    from stage_dim_article
    group by stage_dim_article.article_id
)
select
    stage_fact_event.*,
    article_body.article_id is not null as article_found,
    coalesce(length(article_body.body), 0) as body_length,
    coalesce(stage_fact_event.char_start >= 0 and stage_fact_event.char_start < stage_fact_event.char_end
             and stage_fact_event.char_end <= length(article_body.body)
             and substr(article_body.body, stage_fact_event.char_start + 1, stage_fact_event.char_end - stage_fact_event.char_start) = stage_fact_event.trigger_text,
             false) as offsets_ok,
    stage_fact_event.actor1_match_key is null or exists (
        select 1
        from stage_dim_entity
        where stage_dim_entity.match_key = stage_fact_event.actor1_match_key
          and stage_dim_entity.entity_type = stage_fact_event.actor1_entity_type
    ) as actor1_found,
    stage_fact_event.actor2_match_key is null or exists (
        select 1
        from stage_dim_entity
        where stage_dim_entity.match_key = stage_fact_event.actor2_match_key
          and stage_dim_entity.entity_type = stage_fact_event.actor2_entity_type
    ) as actor2_found
from stage_fact_event
left join article_body on article_body.article_id = stage_fact_event.article_id
order by stage_fact_event.row_id
