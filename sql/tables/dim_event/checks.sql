-- events as the dim_event suite sees them, plus: its actors are staged entities, and the counts and first day
-- agree with the mentions that point at it (stage_fact_event), so an event whose mentions moved is caught
with mentions as (
    select
        stage_fact_event.event_key,
        count(*) as mentions,
        count(distinct stage_fact_event.article_id) as articles,
        count(distinct stage_dim_article.source_name) as sources,
        min(stage_fact_event.event_date) as first_date,
        min(stage_fact_event.event_type) as low_type,
        max(stage_fact_event.event_type) as high_type
    from stage_fact_event
    left join stage_dim_article on stage_dim_article.article_id = stage_fact_event.article_id
    group by stage_fact_event.event_key
)
select
    stage_dim_event.*,
    entity_known(stage_dim_event.actor1_match_key, stage_dim_event.actor1_entity_type) as actor1_found,
    entity_known(stage_dim_event.actor2_match_key, stage_dim_event.actor2_entity_type) as actor2_found,
    coalesce(mentions.mentions, 0) = stage_dim_event.mention_count as mention_count_ok,
    coalesce(mentions.articles, 0) = stage_dim_event.article_count as article_count_ok,
    coalesce(mentions.sources, 0) = stage_dim_event.source_count as source_count_ok,
    mentions.first_date is not distinct from stage_dim_event.first_date as first_date_ok,
    coalesce(mentions.low_type = stage_dim_event.event_type and mentions.high_type = stage_dim_event.event_type,
             false) as event_type_ok
from stage_dim_event
left join mentions on mentions.event_key = stage_dim_event.event_key
order by stage_dim_event.row_id
