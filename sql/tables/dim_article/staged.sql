-- loaded articles in the staging shape: source and day by name and date (the Unknown article left out)
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
    dim_article.stored_as,
    dim_article.extracted_with,
    dim_article.tone,
    dim_article.positive_pct,
    dim_article.negative_pct,
    dim_article.polarity,
    dim_article.story_key,
    -- the copied article by its natural key; one that points nowhere fails its check (sql/ops/staged_macros.sql)
    natural_key(dim_article.copy_of_key, original.article_id) as copy_of_id,
    row_number() over (order by dim_article.article_key) - 1 as row_id
from dim_article
left join dim_source on dim_source.source_key = dim_article.source_key and dim_source.source_key <> -1
left join dim_date on dim_date.date_key = dim_article.published_date_key and dim_date.date_key <> -1
left join dim_article as original on original.article_key = dim_article.copy_of_key and original.article_key <> -1
where dim_article.article_key <> -1
