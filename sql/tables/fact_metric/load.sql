-- a reprocessed article's rows are replaced: its old rows go first (replaced_ids is empty for new articles)
delete from fact_metric
using dim_article
where fact_metric.article_key = dim_article.article_key
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), dim_article.article_id);

-- one quantity per staged row, keyed to its article and entities (-1 where the entity is unknown)
insert into fact_metric (article_key, entity_key, metric_text, value, unit, metric_kind, sentence_index, char_start, char_end)
select
    dim_article.article_key,
    coalesce(dim_entity.entity_key, -1),
    stage_fact_metric.metric_text,
    stage_fact_metric.value,
    stage_fact_metric.unit,
    stage_fact_metric.metric_kind,
    stage_fact_metric.sentence_index,
    stage_fact_metric.char_start,
    stage_fact_metric.char_end
from stage_fact_metric
join dim_article on dim_article.article_id = stage_fact_metric.article_id
left join dim_entity on dim_entity.match_key = stage_fact_metric.entity_match_key
                        and dim_entity.entity_type = stage_fact_metric.entity_entity_type;
