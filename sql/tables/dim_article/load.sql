-- a reprocessed article (`wirehouse reprocess`) keeps its row and takes the stamp of what extracted it now,
-- and its tone as scored now
update dim_article
set extracted_with = stage_dim_article.extracted_with,
    tone = stage_dim_article.tone,
    positive_pct = stage_dim_article.positive_pct,
    negative_pct = stage_dim_article.negative_pct,
    polarity = stage_dim_article.polarity
from stage_dim_article
where dim_article.article_id = stage_dim_article.article_id
  and list_contains(cast(getvariable('replaced_ids') as varchar[]), stage_dim_article.article_id);

-- the new articles themselves (the first file of each text), keyed to their source and publication day; their
-- story and copy_of keys are assigned after the batch's rows, in the same transaction (flows/warehouse/stories.py)
insert into dim_article (article_key, article_id, file_name, title, author, source_key, published_date_key,
                         dateline, language, word_count, body, ingested_at, run_id, stored_as, extracted_with,
                         tone, positive_pct, negative_pct, polarity, story_key, copy_of_key)
with first_copy as (
    select
        stage_dim_article.*,
        stage_dim_article.rowid as staged_order,
        row_number() over (partition by stage_dim_article.article_id order by stage_dim_article.file_name)
            as copy_number
    from stage_dim_article
),
-- keys continue after the highest one (no sequence: a DuckLake has none; loads are serialized, see flows/lake.py)
last_article_key as (
    select coalesce(max(dim_article.article_key), 0) as article_key
    from dim_article
    where dim_article.article_key > 0
)
select
    last_article_key.article_key + row_number() over (order by first_copy.staged_order),
    first_copy.article_id,
    first_copy.file_name,
    first_copy.title,
    first_copy.author,
    coalesce(dim_source.source_key, -1),
    coalesce(cast(strftime(first_copy.published_date, '%Y%m%d') as integer), -1),
    first_copy.dateline,
    first_copy.language,
    first_copy.word_count,
    first_copy.body,
    current_timestamp,
    getvariable('run_id'),
    first_copy.stored_as,
    first_copy.extracted_with,
    first_copy.tone,
    first_copy.positive_pct,
    first_copy.negative_pct,
    first_copy.polarity,
    -1,
    -1
from first_copy
cross join last_article_key
left join dim_source on dim_source.source_name = first_copy.source_name
where first_copy.copy_number = 1
  and first_copy.article_id not in (select dim_article.article_id from dim_article);
