-- quotes matching a query (BM25 over the quote's text and its speaker's names), best first, with their article
-- variables: query (the words), phrases (quoted phrases that must all appear in the quote or the speaker's names)
with scored_quotes as (
    select
        quote.quote_id,
        fts_search_quote.match_bm25(quote.quote_id, getvariable('query')) as score
    from search.quote as quote
),
matching_quotes as (
    select scored_quotes.quote_id, scored_quotes.score
    from scored_quotes
    join search.quote as quote on quote.quote_id = scored_quotes.quote_id
    where scored_quotes.score is not null
      and coalesce(list_bool_and(list_transform(
              coalesce(cast(getvariable('phrases') as varchar[]), []),
              phrase -> contains(regexp_replace(lower(quote.quote_text || ' ' || coalesce(quote.speaker_names, '')),
                                                '\s+', ' ', 'g'),
                                 lower(phrase)))), true)
)
select
    coalesce(quote.speaker, '(unattributed)') as speaker,
    regexp_replace(quote.quote_text, '\s+', ' ', 'g') as quote,
    coalesce(dim_article.title, dim_article.file_name) as title,
    dim_date.full_date as published,
    dim_source.source_name as source,
    round(matching_quotes.score, 3) as score
from matching_quotes
join search.quote as quote on quote.quote_id = matching_quotes.quote_id
join dim_article on dim_article.article_key = quote.article_key
join dim_date on dim_date.date_key = dim_article.published_date_key
join dim_source on dim_source.source_key = dim_article.source_key
order by matching_quotes.score desc, quote.quote_id;
