-- loaded fact_entity_mention rows in the staging shape: articles and entities by natural key; a key that points
-- nowhere fails its check (natural_key, sql/ops/staged_macros.sql)
select
    dim_article.article_id,
    fact_entity_mention.sentence_index,
    fact_entity_mention.char_start,
    fact_entity_mention.char_end,
    fact_entity_mention.mention_text,
    fact_entity_mention.ner_label,
    natural_key(fact_entity_mention.entity_key, entity.match_key) as entity_match_key,
    entity.entity_type as entity_entity_type,
    row_number() over (order by fact_entity_mention.article_key, fact_entity_mention.char_start, fact_entity_mention.char_end) - 1 as row_id
from fact_entity_mention
left join dim_article on dim_article.article_key = fact_entity_mention.article_key and dim_article.article_key <> -1
left join dim_entity as entity on entity.entity_key = fact_entity_mention.entity_key and entity.entity_key <> -1
