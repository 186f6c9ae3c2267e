-- stories as the dim_story suite sees them, plus: the counts and first day agree with the articles that
-- point at the story (stage_dim_article), so a story whose articles moved is caught
with members as (
    select
        stage_dim_article.story_key,
        count(*) as articles,
        count(distinct stage_dim_article.source_name) as sources,
        min(stage_dim_article.published_date) as first_published
    from stage_dim_article
    group by stage_dim_article.story_key
)
select
    stage_dim_story.*,
    coalesce(members.articles, 0) = stage_dim_story.article_count as article_count_ok,
    coalesce(members.sources, 0) = stage_dim_story.source_count as source_count_ok,
    members.first_published is not distinct from stage_dim_story.first_published_date as first_date_ok
from stage_dim_story
left join members on members.story_key = stage_dim_story.story_key
order by stage_dim_story.row_id
