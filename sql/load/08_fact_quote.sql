insert into fact_quote (article_key, speaker_entity_key, speaker_text, quote_text, char_start, char_end)
select dim_article.article_key, coalesce(dim_entity.entity_key, -1), stage_quote.speaker_text,
       stage_quote.quote_text, stage_quote.char_start, stage_quote.char_end
from stage_quote
join new_article on new_article.article_id = stage_quote.article_id
join dim_article on dim_article.article_id = stage_quote.article_id
left join dim_entity on dim_entity.match_key = stage_quote.speaker_match_key
                    and dim_entity.entity_type = stage_quote.speaker_entity_type;
