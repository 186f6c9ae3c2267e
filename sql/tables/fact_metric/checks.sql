-- staged fact_metric rows as its suite sees them, plus: the article they point into is staged, the offsets
-- reproduce the extracted text from its body, and each entity they name is staged (sql/ops/check_macros.sql)
select
    stage_fact_metric.*,
    article.article_id is not null as article_found,
    coalesce(length(article.body), 0) as body_length,
    offsets_ok(article.body, stage_fact_metric.char_start, stage_fact_metric.char_end, stage_fact_metric.metric_text) as offsets_ok,
    entity_staged(stage_fact_metric.article_id, stage_fact_metric.entity_match_key, stage_fact_metric.entity_entity_type) as entity_found
from stage_fact_metric
left join stage_dim_article as article on article.article_id = stage_fact_metric.article_id
order by stage_fact_metric.row_id
