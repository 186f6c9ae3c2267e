-- the places the news names, with their coordinates (a division at the centre of its cities, a country at its capital), GeoNames id and first-level division, the articles and mentions that name them and those articles' mean tone
-- param country_code: only places in this country (ISO alpha-2, any case)
with named as (
    select fact_entity_mention.entity_key,
           count(distinct fact_entity_mention.article_key) as articles,
           count(*) as mentions
    from fact_entity_mention
    group by fact_entity_mention.entity_key
),
article_tone as (
    select distinct fact_entity_mention.entity_key, fact_entity_mention.article_key, dim_article.tone
    from fact_entity_mention
    join dim_article on dim_article.article_key = fact_entity_mention.article_key
)
select dim_entity.canonical_name as place,
       dim_entity.country_code,
       dim_entity.admin1_code,
       dim_entity.geonames_id,
       round(dim_entity.latitude, 4) as latitude,
       round(dim_entity.longitude, 4) as longitude,
       coalesce(named.articles, 0) as articles,
       coalesce(named.mentions, 0) as mentions,
       (select round(avg(article_tone.tone), 2) from article_tone
        where article_tone.entity_key = dim_entity.entity_key) as mean_tone
from dim_entity
left join named on named.entity_key = dim_entity.entity_key
where dim_entity.entity_key <> -1
  and dim_entity.latitude is not null
  and (getvariable('country_code') is null or upper(getvariable('country_code')) = dim_entity.country_code)
order by articles desc, mentions desc, place;
