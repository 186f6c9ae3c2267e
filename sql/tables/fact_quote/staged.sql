-- loaded fact_quote rows in the staging shape: articles and entities by natural key; a key that points
-- nowhere fails its check (natural_key, sql/ops/staged_macros.sql)
select
    dim_article.article_id,
    fact_quote.speaker_text,
    fact_quote.quote_text,
    fact_quote.char_start,
    fact_quote.char_end,
    fact_quote.speaker_char_start,
    fact_quote.speaker_char_end,
    fact_quote.rule,
    natural_key(fact_quote.speaker_entity_key, speaker.match_key) as speaker_match_key,
    speaker.entity_type as speaker_entity_type,
    fact_quote.tone,
    row_number() over (order by fact_quote.article_key, fact_quote.char_start, fact_quote.char_end) - 1 as row_id
from fact_quote
left join dim_article on dim_article.article_key = fact_quote.article_key and dim_article.article_key <> -1
left join dim_entity as speaker on speaker.entity_key = fact_quote.speaker_entity_key and speaker.entity_key <> -1
