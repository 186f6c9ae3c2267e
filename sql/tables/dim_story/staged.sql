-- loaded stories in the staging shape: the first day as a date (the Unknown story left out)
select
    dim_story.story_key,
    dim_story.headline,
    dim_date.full_date as first_published_date,
    dim_story.article_count,
    dim_story.source_count,
    row_number() over (order by dim_story.story_key) - 1 as row_id
from dim_story
left join dim_date on dim_date.date_key = dim_story.first_published_date_key and dim_date.date_key <> -1
where dim_story.story_key <> -1
