-- staged articles as the dim_article suite sees them, plus: the natural key is the sha256 of the body, the story
-- and copied article are there, and the tone columns agree. Before the load a batch has no story or copy (NULL:
-- the load assigns them); `wirehouse audit` sees the loaded keys, where -1 (no story yet) fails
select
    stage_dim_article.*,
    coalesce(sha256(stage_dim_article.body) = stage_dim_article.article_id, false) as id_matches_body,
    stage_dim_article.story_key is null or exists (
        select 1
        from stage_dim_story
        where stage_dim_story.story_key = stage_dim_article.story_key
    ) as story_found,
    stage_dim_article.copy_of_id is null or exists (
        select 1
        from stage_dim_article as original
        where original.article_id = stage_dim_article.copy_of_id
    ) as copy_of_found,
    -- the tone columns agree with each other (all NULL when there is no tone)
    coalesce(abs(stage_dim_article.tone - (stage_dim_article.positive_pct - stage_dim_article.negative_pct)) <= 0.002
             and abs(stage_dim_article.polarity - (stage_dim_article.positive_pct + stage_dim_article.negative_pct))
                 <= 0.002,
             stage_dim_article.tone is null and stage_dim_article.positive_pct is null
             and stage_dim_article.negative_pct is null and stage_dim_article.polarity is null) as tone_adds_up,
    -- coverage: the share of the articles with words that have a tone, measured once 20 such articles are checked
    -- together (NULL below: a small batch says little); the same on every row, so a low share fails them all
    case when count(*) filter (where stage_dim_article.word_count > 0) over () >= 20
         then avg(case when stage_dim_article.word_count > 0 then (stage_dim_article.tone is not null)::int end)
                  over ()
    end as tone_coverage
from stage_dim_article
order by stage_dim_article.row_id
