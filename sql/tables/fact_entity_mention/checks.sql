-- staged fact_entity_mention rows as its suite sees them, plus: the article and entities they name are staged too,
-- and the offsets reproduce the extracted text from the article body
with article_body as (
    select stage_dim_article.article_id, any_value(stage_dim_article.body) as body
    from stage_dim_article
    group by stage_dim_article.article_id
)
select
    stage_fact_entity_mention.*,
    article_body.article_id is not null as article_found,
    coalesce(length(article_body.body), 0) as body_length,
    coalesce(stage_fact_entity_mention.char_start >= 0 and stage_fact_entity_mention.char_start < stage_fact_entity_mention.char_end
             and stage_fact_entity_mention.char_end <= length(article_body.body)
             and substr(article_body.body, stage_fact_entity_mention.char_start + 1, stage_fact_entity_mention.char_end - stage_fact_entity_mention.char_start) = stage_fact_entity_mention.mention_text,
             false) as offsets_ok,
    stage_fact_entity_mention.entity_match_key is null or exists (
        select 1
        from stage_dim_entity
        where stage_dim_entity.match_key = stage_fact_entity_mention.entity_match_key
          and stage_dim_entity.entity_type = stage_fact_entity_mention.entity_entity_type
    ) as entity_found
from stage_fact_entity_mention
left join article_body on article_body.article_id = stage_fact_entity_mention.article_id
order by stage_fact_entity_mention.row_id
