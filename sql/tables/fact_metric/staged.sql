-- loaded fact_metric rows in the staging shape: articles and entities by natural key; a key that points
-- nowhere fails its check (natural_key, sql/ops/staged_macros.sql)
select
    dim_article.article_id,
    fact_metric.metric_text,
    fact_metric.value,
    fact_metric.unit,
    fact_metric.metric_kind,
    fact_metric.sentence_index,
    fact_metric.char_start,
    fact_metric.char_end,
    natural_key(fact_metric.entity_key, entity.match_key) as entity_match_key,
    entity.entity_type as entity_entity_type,
    row_number() over (order by fact_metric.article_key, fact_metric.char_start, fact_metric.char_end) - 1 as row_id
from fact_metric
left join dim_article on dim_article.article_key = fact_metric.article_key and dim_article.article_key <> -1
left join dim_entity as entity on entity.entity_key = fact_metric.entity_key and entity.entity_key <> -1
