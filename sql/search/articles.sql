-- articles matching a query (BM25 over title and body), best first, with a snippet around the first hit in the body
-- variables: query (the words), terms (their stems, from terms.sql), phrases (quoted phrases that must all appear)
with scored_articles as (
    select
        dim_article.article_key,
        fts_main_dim_article.match_bm25(dim_article.article_key, getvariable('query')) as score
    from dim_article
),
matching_articles as (
    select scored_articles.article_key, scored_articles.score
    from scored_articles
    join dim_article on dim_article.article_key = scored_articles.article_key
    where scored_articles.score is not null
      and coalesce(list_bool_and(list_transform(
              coalesce(cast(getvariable('phrases') as varchar[]), []),
              phrase -> contains(regexp_replace(lower(dim_article.title || ' ' || dim_article.body), '\s+', ' ', 'g'),
                                 lower(phrase)))), true)
),
first_hits as (
    -- a stem is (almost always) a prefix of the words it stands for, so the first word it starts marks a hit;
    -- every non-letter becomes a space (one for one, so positions hold) to find it at the start of a word
    select
        matching_articles.article_key,
        coalesce(min(nullif(instr(' ' || regexp_replace(lower(dim_article.body), '[^a-z]', ' ', 'g'),
                                  ' ' || hit_term.term), 0)), 1) as hit_at
    from matching_articles
    join dim_article on dim_article.article_key = matching_articles.article_key
    cross join (select unnest(getvariable('terms')) as term) as hit_term
    group by matching_articles.article_key
),
snippets as (
    select
        first_hits.article_key,
        case when first_hits.hit_at > 80 then '…' else '' end
        || regexp_replace(
               regexp_replace(substr(dim_article.body, greatest(first_hits.hit_at - 80, 1), 200), '\s+', ' ', 'g'),
               case when first_hits.hit_at > 80 then '^\S*\s' else '^' end, '')
        || case when first_hits.hit_at + 120 < length(dim_article.body) then '…' else '' end as snippet
    from first_hits
    join dim_article on dim_article.article_key = first_hits.article_key
)
select
    dim_article.title,
    dim_date.full_date as published,
    dim_source.source_name as source,
    dim_article.file_name,
    round(matching_articles.score, 3) as score,
    snippets.snippet
from matching_articles
join dim_article on dim_article.article_key = matching_articles.article_key
join dim_date on dim_date.date_key = dim_article.published_date_key
join dim_source on dim_source.source_key = dim_article.source_key
join snippets on snippets.article_key = matching_articles.article_key
order by matching_articles.score desc, dim_article.article_key;
