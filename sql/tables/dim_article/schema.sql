-- dim_article: one row per distinct article text; every char offset in the facts points into body
create table if not exists dim_article (
    article_key bigint primary key,
    article_id varchar not null unique,  -- sha256 hex of the normalized text
    file_name varchar,
    title varchar,
    author varchar,
    source_key bigint not null,
    published_date_key integer not null,
    dateline varchar,
    language varchar,
    word_count integer,
    body varchar,
    ingested_at timestamp,
    run_id bigint,
    stored_as varchar,                   -- where the file is kept: the archive path of an inbox file, a seed's path
    extracted_with varchar,              -- extractor version, spaCy model and alias table that produced the rows
    story_key bigint not null default -1,   -- its story (dim_story), assigned in the load transaction
    copy_of_key bigint not null default -1, -- the earliest article whose text it nearly repeats, -1 if none
    -- GDELT-style tone of the body (flows/extract/tone.py, docs/tone.md): per 100 words, the words of the
    -- positive and of the negative list, their difference (tone) and their sum (polarity)
    tone double,
    positive_pct double,
    negative_pct double,
    polarity double
);
alter table dim_article add column if not exists stored_as varchar;
alter table dim_article add column if not exists extracted_with varchar;
-- a warehouse from before stories: its articles get theirs at the next run (stories.assign_missing)
alter table dim_article add column if not exists story_key bigint default -1;
alter table dim_article add column if not exists copy_of_key bigint default -1;
-- a warehouse from before tone: NULL until `wirehouse reprocess` extracts its articles again
alter table dim_article add column if not exists tone double;
alter table dim_article add column if not exists positive_pct double;
alter table dim_article add column if not exists negative_pct double;
alter table dim_article add column if not exists polarity double;
insert into dim_article (article_key, article_id, file_name, source_key, published_date_key, body, story_key,
                         copy_of_key)
select -1, 'unknown', null, -1, -1, '', -1, -1
where not exists (select 1 from dim_article where dim_article.article_key = -1);
