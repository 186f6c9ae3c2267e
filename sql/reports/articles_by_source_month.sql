-- articles per source and month of publication, with their word counts
-- param source: only this source (as printed, any case)
with dated_articles as (
    select
        dim_article.source_key,
        dim_article.word_count,
        coalesce(strftime(dim_date.full_date, '%Y-%m'), 'undated') as month
    from dim_article
    join dim_date on dim_date.date_key = dim_article.published_date_key
    where dim_article.article_key <> -1
)
select
    dim_source.source_name as source,
    dated_articles.month,
    count(*) as articles,
    cast(sum(dated_articles.word_count) as bigint) as words
from dated_articles
join dim_source on dim_source.source_key = dated_articles.source_key
where getvariable('source') is null or lower(dim_source.source_name) = lower(getvariable('source'))
group by dim_source.source_name, dated_articles.month
order by dated_articles.month = 'undated', dated_articles.month, source;
