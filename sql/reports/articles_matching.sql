-- articles matching a full-text query, best first (BM25 over titles and bodies; see `wirehouse search`)
-- param query: the words to look for (required)
with scored_articles as (
    select
        dim_article.article_key,
        fts_main_dim_article.match_bm25(dim_article.article_key, getvariable('query')) as score
    from dim_article
)
select
    dim_article.title,
    dim_date.full_date as published,
    dim_source.source_name as source,
    dim_article.file_name,
    round(scored_articles.score, 3) as score
from scored_articles
join dim_article on dim_article.article_key = scored_articles.article_key
join dim_date on dim_date.date_key = dim_article.published_date_key
join dim_source on dim_source.source_key = dim_article.source_key
where scored_articles.score is not null
order by scored_articles.score desc, dim_article.article_key;
