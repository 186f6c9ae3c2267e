-- staged fact_quote rows as its suite sees them, plus: the article they point into is staged, the offsets
-- reproduce the extracted text from its body, the speaker's offsets (where a row has them: rows extracted before
-- extractor 5 do not) reproduce speaker_text, and each entity they name is staged (sql/ops/check_macros.sql)
select
    stage_fact_quote.*,
    article.article_id is not null as article_found,
    coalesce(length(article.body), 0) as body_length,
    offsets_ok(article.body, stage_fact_quote.char_start, stage_fact_quote.char_end, stage_fact_quote.quote_text) as offsets_ok,
    (stage_fact_quote.speaker_char_start is null and stage_fact_quote.speaker_char_end is null)
        or offsets_ok(article.body, stage_fact_quote.speaker_char_start, stage_fact_quote.speaker_char_end,
                      stage_fact_quote.speaker_text) as speaker_offsets_ok,
    entity_staged(stage_fact_quote.article_id, stage_fact_quote.speaker_match_key, stage_fact_quote.speaker_entity_type) as speaker_found,
    (stage_fact_quote.char_end - stage_fact_quote.char_start) / greatest(coalesce(length(article.body), 0), 1) as body_share
from stage_fact_quote
left join stage_dim_article as article on article.article_id = stage_fact_quote.article_id
order by stage_fact_quote.row_id
