-- loaded entities in the staging shape: article_id is the first article that mentions the entity
with first_mention as (
    select fact_entity_mention.entity_key, min(dim_article.article_id) as article_id
    from fact_entity_mention
    join dim_article on dim_article.article_key = fact_entity_mention.article_key
    group by fact_entity_mention.entity_key
)
select
    coalesce(first_mention.article_id, 'unmentioned') as article_id,
    dim_entity.match_key,
    dim_entity.entity_type,
    dim_entity.canonical_name,
    dim_entity.country_code,
    dim_entity.aliases,
    dim_entity.geonames_id,
    dim_entity.latitude,
    dim_entity.longitude,
    dim_entity.admin1_code,
    row_number() over (order by dim_entity.entity_key) - 1 as row_id
from dim_entity
left join first_mention on first_mention.entity_key = dim_entity.entity_key
where dim_entity.entity_key <> -1
