-- the tone of the news by week: articles, their mean tone (positive minus negative words per 100) and its parts, per source and for all sources (source 'all'); undated articles are left out
-- param source: only this source (any case)
with dated as (
    select date_trunc('week', dim_date.full_date)::date as week, dim_source.source_name as source,
           dim_article.tone, dim_article.positive_pct, dim_article.negative_pct
    from dim_article
    join dim_date on dim_date.date_key = dim_article.published_date_key
    join dim_source on dim_source.source_key = dim_article.source_key
    where dim_article.article_key <> -1
      and dim_date.date_key <> -1
      and dim_article.tone is not null
      and (getvariable('source') is null or lower(dim_source.source_name) = lower(getvariable('source')))
)
select week, coalesce(source, 'all') as source, count(*) as articles, round(avg(tone), 2) as mean_tone,
       round(avg(positive_pct), 2) as positive_pct, round(avg(negative_pct), 2) as negative_pct,
       round(min(tone), 2) as min_tone, round(max(tone), 2) as max_tone
from dated
group by grouping sets ((week, source), (week))
order by week, source is not null, source;
