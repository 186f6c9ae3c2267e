-- a reprocessed article's rows are replaced: its old rows go first (replaced_ids is empty for new articles)
delete from fact_quote
using dim_article
where fact_quote.article_key = dim_article.article_key
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

-- one quotation per staged row, keyed to its article and entities (-1 where the entity is unknown)
insert into fact_quote (article_key, speaker_entity_key, speaker_text, quote_text, char_start, char_end,
                        speaker_char_start, speaker_char_end, rule, tone)
select
    dim_article.article_key,
    coalesce(dim_entity.entity_key, -1),
    stage_fact_quote.speaker_text,
    stage_fact_quote.quote_text,
    stage_fact_quote.char_start,
    stage_fact_quote.char_end,
    stage_fact_quote.speaker_char_start,
    stage_fact_quote.speaker_char_end,
    stage_fact_quote.rule,
    stage_fact_quote.tone
from stage_fact_quote
join dim_article on dim_article.article_id = stage_fact_quote.article_id
left join dim_entity on dim_entity.match_key = stage_fact_quote.speaker_match_key
                        and dim_entity.entity_type = stage_fact_quote.speaker_entity_type;
