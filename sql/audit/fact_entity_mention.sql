-- fact_entity_mention rows as its suite sees them: natural keys, foreign keys found, provenance round trip
select
    dim_article.article_id,
    dim_entity.match_key as entity_match_key,
    dim_entity.entity_type as entity_entity_type,
    fact_entity_mention.sentence_index,
    fact_entity_mention.char_start,
    fact_entity_mention.char_end,
    fact_entity_mention.mention_text,
    fact_entity_mention.ner_label,
    dim_article.article_key is not null as article_found,
    coalesce(length(dim_article.body), 0) as body_length,
    coalesce(substr(dim_article.body, fact_entity_mention.char_start + 1,
                    fact_entity_mention.char_end - fact_entity_mention.char_start)
             = fact_entity_mention.mention_text, false) as offsets_ok,
    fact_entity_mention.entity_key = -1 or dim_entity.entity_key is not null as entity_found
from fact_entity_mention
left join dim_article on dim_article.article_key = fact_entity_mention.article_key and dim_article.article_key <> -1
left join dim_entity on dim_entity.entity_key = fact_entity_mention.entity_key and dim_entity.entity_key <> -1
