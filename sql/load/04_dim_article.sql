-- the new articles themselves, keyed to their source and publication day
insert into dim_article (article_key, article_id, file_name, title, author, source_key, published_date_key,
                         dateline, language, word_count, body, ingested_at, run_id)
with first_copy as (
    select *, row_number() over (partition by article_id order by file_name) as copy_number
    from stage_article
    semi join new_article on new_article.article_id = stage_article.article_id
)
select
    nextval('seq_article'),
    first_copy.article_id,
    first_copy.file_name,
    first_copy.title,
    first_copy.author,
    coalesce(dim_source.source_key, -1),
    coalesce(cast(strftime(cast(first_copy.published_date as date), '%Y%m%d') as integer), -1),
    first_copy.dateline,
    first_copy.language,
    first_copy.word_count,
    first_copy.body,
    current_timestamp,
    getvariable('run_id')
from first_copy
left join dim_source on dim_source.source_name = first_copy.source_name
where first_copy.copy_number = 1;
