-- a reprocessed article's rows are replaced: its old rows go first (replaced_ids is empty for new articles)
delete from fact_entity_mention
using dim_article
where fact_entity_mention.article_key = dim_article.article_key
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

-- one mention per staged row, keyed to its article and entities (-1 where the entity is unknown)
insert into fact_entity_mention (article_key, entity_key, sentence_index, char_start, char_end, mention_text, ner_label)
select
    dim_article.article_key,
    coalesce(dim_entity.entity_key, -1),
    stage_fact_entity_mention.sentence_index,
    stage_fact_entity_mention.char_start,
    stage_fact_entity_mention.char_end,
    stage_fact_entity_mention.mention_text,
    stage_fact_entity_mention.ner_label
from stage_fact_entity_mention
join dim_article on dim_article.article_id = stage_fact_entity_mention.article_id
left join dim_entity on dim_entity.match_key = stage_fact_entity_mention.entity_match_key
                        and dim_entity.entity_type = stage_fact_entity_mention.entity_entity_type;
