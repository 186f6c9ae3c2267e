-- loaded entities in the staging shape: one row per article whose rows name the entity (a mention, a metric, a
-- quote's speaker, an event's actor), as each article of a batch stages its own entities and the facts' checks
-- look an entity up in their own article; 'unmentioned' once for an entity no article names
with named as (
    select entity_key, article_key from fact_entity_mention
    union select entity_key, article_key from fact_metric
    union select speaker_entity_key, article_key from fact_quote
    union select actor1_entity_key, article_key from fact_event
    union select actor2_entity_key, article_key from fact_event
),
by_article as (
    select distinct named.entity_key, dim_article.article_id
    from named
    join dim_article on dim_article.article_key = named.article_key
)
select
    coalesce(by_article.article_id, 'unmentioned') as article_id,
    dim_entity.match_key,
    dim_entity.entity_type,
    dim_entity.canonical_name,
    dim_entity.country_code,
    dim_entity.aliases,
    dim_entity.geonames_id,
    dim_entity.latitude,
    dim_entity.longitude,
    dim_entity.admin1_code,
    dim_entity.ticker,
    dim_entity.isin,
    row_number() over (order by dim_entity.entity_key, by_article.article_id) - 1 as row_id
from dim_entity
left join by_article on by_article.entity_key = dim_entity.entity_key
where dim_entity.entity_key <> -1
