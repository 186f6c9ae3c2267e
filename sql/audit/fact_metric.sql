-- fact_metric rows as its suite sees them: natural keys, foreign keys found, provenance round trip
select
    dim_article.article_id,
    fact_metric.metric_text,
    fact_metric.value,
    fact_metric.unit,
    fact_metric.metric_kind,
    fact_metric.sentence_index,
    fact_metric.char_start,
    fact_metric.char_end,
    dim_entity.match_key as entity_match_key,
    dim_entity.entity_type as entity_entity_type,
    dim_article.article_key is not null as article_found,
    coalesce(length(dim_article.body), 0) as body_length,
    coalesce(substr(dim_article.body, fact_metric.char_start + 1, fact_metric.char_end - fact_metric.char_start)
             = fact_metric.metric_text, false) as offsets_ok,
    fact_metric.entity_key = -1 or dim_entity.entity_key is not null as entity_found
from fact_metric
left join dim_article on dim_article.article_key = fact_metric.article_key and dim_article.article_key <> -1
left join dim_entity on dim_entity.entity_key = fact_metric.entity_key and dim_entity.entity_key <> -1
