-- the largest stories: the articles that report the same news, with the headline, first day, how many articles and sources ran them, and which sources
-- param min_articles: only stories of at least this many articles (default 1: every story)
with story_sources as (
    select
        dim_article.story_key,
        string_agg(distinct dim_source.source_name, ', ' order by dim_source.source_name) as sources
    from dim_article
    join dim_source on dim_source.source_key = dim_article.source_key
    where dim_article.article_key <> -1
      and dim_source.source_key <> -1
    group by dim_article.story_key
)
select
    dim_story.headline,
    dim_date.full_date as first_published,
    dim_story.article_count as articles,
    dim_story.source_count as sources,
    story_sources.sources as source_names,
    dim_story.story_key
from dim_story
join dim_date on dim_date.date_key = dim_story.first_published_date_key
left join story_sources on story_sources.story_key = dim_story.story_key
where dim_story.story_key <> -1
  and dim_story.article_count >= coalesce(cast(getvariable('min_articles') as integer), 1)
order by dim_story.article_count desc, dim_story.source_count desc, dim_date.full_date nulls last, dim_story.story_key;
