-- fact_quote rows as its suite sees them: natural keys, foreign keys found, provenance round trip
select
    dim_article.article_id,
    fact_quote.speaker_text,
    fact_quote.quote_text,
    fact_quote.char_start,
    fact_quote.char_end,
    dim_entity.match_key as speaker_match_key,
    dim_entity.entity_type as speaker_entity_type,
    dim_article.article_key is not null as article_found,
    coalesce(length(dim_article.body), 0) as body_length,
    coalesce(substr(dim_article.body, fact_quote.char_start + 1, fact_quote.char_end - fact_quote.char_start)
             = fact_quote.quote_text, false) as offsets_ok,
    fact_quote.speaker_entity_key = -1 or dim_entity.entity_key is not null as speaker_found,
    (fact_quote.char_end - fact_quote.char_start) / greatest(length(dim_article.body), 1) as body_share
from fact_quote
left join dim_article on dim_article.article_key = fact_quote.article_key and dim_article.article_key <> -1
left join dim_entity on dim_entity.entity_key = fact_quote.speaker_entity_key and dim_entity.entity_key <> -1
