-- quantities stated about each entity, by unit: how many, their range and (for money and counts) their total
-- param metric_kind: only this kind of quantity (money, percent, count, other)
-- param entity: only quantities about this entity (canonical name, any case)
with metrics_about_entities as (
    select
        fact_metric.entity_key,
        fact_metric.article_key,
        fact_metric.metric_kind,
        fact_metric.unit,
        fact_metric.value
    from fact_metric
    where fact_metric.metric_kind = coalesce(lower(getvariable('metric_kind')), fact_metric.metric_kind)
)
select
    case when dim_entity.entity_key = -1 then '(unclear)' else dim_entity.canonical_name end as entity,
    case when dim_entity.entity_key = -1 then null else dim_entity.entity_type end as entity_type,
    metrics_about_entities.metric_kind,
    metrics_about_entities.unit,
    count(*) as metrics,
    count(distinct metrics_about_entities.article_key) as articles,
    round(min(metrics_about_entities.value), 2) as min_value,
    round(max(metrics_about_entities.value), 2) as max_value,
    case when metrics_about_entities.metric_kind in ('money', 'count')
         then round(sum(metrics_about_entities.value), 2) end as total_value
from metrics_about_entities
join dim_entity on dim_entity.entity_key = metrics_about_entities.entity_key
where getvariable('entity') is null or lower(dim_entity.canonical_name) = lower(getvariable('entity'))
group by dim_entity.entity_key, dim_entity.canonical_name, dim_entity.entity_type,
         metrics_about_entities.metric_kind, metrics_about_entities.unit
order by dim_entity.entity_key = -1, metrics desc, entity, metrics_about_entities.unit;
