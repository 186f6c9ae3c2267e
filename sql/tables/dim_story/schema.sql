-- dim_story: one row per story, the articles that report the same news (a wire story carried by several
-- papers, or the same news rewritten); an article with no partner is a story of its own. -1 is the Unknown story.
-- Stories are not extracted: sql/stories/ assigns them in each load transaction (flows/warehouse/stories.py).
create table if not exists dim_story (
    story_key bigint primary key,        -- the article_key of the story's first-loaded article
    first_published_date_key integer not null,
    headline varchar,                    -- the title of its earliest article that has one
    article_count integer not null,
    source_count integer not null        -- distinct known sources (an article of unknown source adds none)
);
insert into dim_story (story_key, first_published_date_key, headline, article_count, source_count)
select -1, -1, 'Unknown', 0, 0
where not exists (select 1 from dim_story where dim_story.story_key = -1);
