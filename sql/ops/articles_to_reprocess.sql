-- loaded articles to extract again, with the metadata they were loaded with: every one (getvariable('scope') =
-- 'all'), the ones a different extractor, model or alias table produced ('stale': extracted_with differs from
-- getvariable('stamp')), or the ones whose article_id starts with one of getvariable('ids')
select
    dim_article.article_id,
    dim_article.file_name,
    dim_article.title,
    dim_article.author,
    dim_source.source_name,
    dim_date.full_date as published_date,
    dim_article.dateline,
    dim_article.language,
    dim_article.word_count,
    dim_article.body,
    dim_article.stored_as
from dim_article
left join dim_source on dim_source.source_key = dim_article.source_key and dim_source.source_key <> -1
left join dim_date on dim_date.date_key = dim_article.published_date_key and dim_date.date_key <> -1
where dim_article.article_key <> -1
  and (getvariable('scope') = 'all'
       or (getvariable('scope') = 'stale' and dim_article.extracted_with is distinct from getvariable('stamp'))
       or (getvariable('scope') = 'ids'
           and len(list_filter(cast(getvariable('ids') as varchar[]),
                               prefix -> starts_with(dim_article.article_id, prefix))) > 0))
order by dim_article.article_key
