insert into fact_entity_mention (article_key, entity_key, sentence_index, char_start, char_end, mention_text, ner_label)
select dim_article.article_key, coalesce(dim_entity.entity_key, -1), stage_mention.sentence_index,
       stage_mention.char_start, stage_mention.char_end, stage_mention.mention_text, stage_mention.ner_label
from stage_mention
join new_article on new_article.article_id = stage_mention.article_id
join dim_article on dim_article.article_id = stage_mention.article_id
left join dim_entity on dim_entity.match_key = stage_mention.entity_match_key
                    and dim_entity.entity_type = stage_mention.entity_entity_type;
