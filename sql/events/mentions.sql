-- step 1 of event linking: every loaded event mention (fact_event row) with what linking compares: its type,
-- its actors as an unordered pair, its day, its article's story and source, and the event it pointed at so far
create or replace temp table event_mention as
select
    row_number() over (order by fact_event.article_key, fact_event.char_start, fact_event.char_end,
                       fact_event.event_type, fact_event.actor1_entity_key, fact_event.actor2_entity_key)
        as mention_id,
    fact_event.article_key,
    fact_event.char_start,
    fact_event.char_end,
    fact_event.event_type,
    fact_event.actor1_entity_key,
    fact_event.actor2_entity_key,
    -- "Acme signed with Widget Corp" and "Widget Corp signed with Acme" name one pair of actors
    least(fact_event.actor1_entity_key, fact_event.actor2_entity_key) as low_actor,
    greatest(fact_event.actor1_entity_key, fact_event.actor2_entity_key) as high_actor,
    fact_event.event_date_key,
    dim_date.full_date as event_day,
    dim_article.story_key,
    dim_article.source_key,
    coalesce(fact_event.event_key, -1) as old_event_key
from fact_event
join dim_article on dim_article.article_key = fact_event.article_key
left join dim_date on dim_date.date_key = fact_event.event_date_key and dim_date.date_key <> -1;
