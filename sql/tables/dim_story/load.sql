-- step 4 of story assignment (after sql/stories/sketch, links and groups): write the stories and each
-- article's story_key and copy_of_key, touching only the rows that change

update dim_article
set story_key = story_assignment.story_key
from story_assignment
where dim_article.article_key = story_assignment.article_key
  and dim_article.story_key is distinct from story_assignment.story_key;

update dim_article
set copy_of_key = -1
where dim_article.article_key > 0
  and dim_article.copy_of_key is distinct from -1
  and dim_article.article_key not in (select copy_assignment.article_key from copy_assignment);

update dim_article
set copy_of_key = copy_assignment.copy_of_key
from copy_assignment
where dim_article.article_key = copy_assignment.article_key
  and dim_article.copy_of_key is distinct from copy_assignment.copy_of_key;

-- each story's row from its articles: first day, the headline of its earliest article with a title, counts
create or replace temp table story_row as
with members as (
    select
        dim_article.story_key,
        dim_article.published_date_key,
        dim_article.title,
        dim_article.source_key,
        row_number() over (partition by dim_article.story_key
                           order by dim_article.published_date_key = -1, dim_article.published_date_key,
                                    dim_article.article_key) as seniority
    from dim_article
    where dim_article.article_key > 0
)
select
    members.story_key,
    coalesce(min(members.published_date_key) filter (where members.published_date_key <> -1), -1)
        as first_published_date_key,
    arg_min(members.title, members.seniority) filter (where members.title is not null) as headline,
    count(*) as article_count,
    count(distinct members.source_key) filter (where members.source_key <> -1) as source_count
from members
group by members.story_key;

delete from dim_story
where dim_story.story_key <> -1
  and dim_story.story_key not in (select story_row.story_key from story_row);

update dim_story
set first_published_date_key = story_row.first_published_date_key,
    headline = story_row.headline,
    article_count = story_row.article_count,
    source_count = story_row.source_count
from story_row
where dim_story.story_key = story_row.story_key
  and (dim_story.first_published_date_key is distinct from story_row.first_published_date_key
       or dim_story.headline is distinct from story_row.headline
       or dim_story.article_count is distinct from story_row.article_count
       or dim_story.source_count is distinct from story_row.source_count);

insert into dim_story (story_key, first_published_date_key, headline, article_count, source_count)
select
    story_row.story_key,
    story_row.first_published_date_key,
    story_row.headline,
    story_row.article_count,
    story_row.source_count
from story_row
where story_row.story_key not in (select dim_story.story_key from dim_story);
