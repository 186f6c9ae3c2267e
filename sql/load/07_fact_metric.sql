insert into fact_metric (article_key, entity_key, metric_text, value, unit, metric_kind, sentence_index, char_start, char_end)
select dim_article.article_key, coalesce(dim_entity.entity_key, -1), stage_metric.metric_text, stage_metric.value,
       stage_metric.unit, stage_metric.metric_kind, stage_metric.sentence_index,
       stage_metric.char_start, stage_metric.char_end
from stage_metric
join new_article on new_article.article_id = stage_metric.article_id
join dim_article on dim_article.article_id = stage_metric.article_id
left join dim_entity on dim_entity.match_key = stage_metric.entity_match_key
                    and dim_entity.entity_type = stage_metric.entity_entity_type;
