-- one quotation per staged row, keyed to its article and entities (-1 where the entity is unknown)
insert into fact_quote (article_key, speaker_entity_key, speaker_text, quote_text, char_start, char_end)
select
    dim_article.article_key,
    coalesce(dim_entity.entity_key, -1),
    stage_fact_quote.speaker_text,
    stage_fact_quote.quote_text,
    stage_fact_quote.char_start,
    stage_fact_quote.char_end
from stage_fact_quote
join dim_article on dim_article.article_id = stage_fact_quote.article_id
left join dim_entity on dim_entity.match_key = stage_fact_quote.speaker_match_key
                        and dim_entity.entity_type = stage_fact_quote.speaker_entity_type;
