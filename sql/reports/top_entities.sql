-- the most mentioned people, organizations and places, with how many articles name them
with mentions_per_entity as (
    select entity_key, count(*) as mentions, count(distinct article_key) as articles
    from fact_entity_mention
    group by entity_key
)
select dim_entity.canonical_name, dim_entity.entity_type, mentions_per_entity.articles, mentions_per_entity.mentions
from mentions_per_entity
join dim_entity using (entity_key)
where dim_entity.entity_type in ('PERSON', 'ORG', 'GPE', 'LOC')
order by mentions_per_entity.mentions desc, dim_entity.canonical_name
limit 8;
