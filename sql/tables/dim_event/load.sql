-- step 4 of event linking (after sql/events/mentions, links and groups): write each mention's event_key and
-- the events' rows, touching only the rows that change

update fact_event
set event_key = event_assignment.event_key
from event_mention
join event_assignment on event_assignment.mention_id = event_mention.mention_id
where fact_event.article_key = event_mention.article_key
  and fact_event.char_start = event_mention.char_start
  and fact_event.char_end = event_mention.char_end
  and fact_event.event_type = event_mention.event_type
  and fact_event.actor1_entity_key = event_mention.actor1_entity_key
  and fact_event.actor2_entity_key = event_mention.actor2_entity_key
  and fact_event.event_key is distinct from event_assignment.event_key;

-- each event's row from its mentions: the type, the actors as its first mention names them, the first day, counts
create or replace temp table event_row as
select
    event_assignment.event_key,
    arg_min(event_mention.event_type, event_mention.mention_id) as event_type,
    arg_min(event_mention.actor1_entity_key, event_mention.mention_id) as actor1_entity_key,
    arg_min(event_mention.actor2_entity_key, event_mention.mention_id) as actor2_entity_key,
    coalesce(min(event_mention.event_date_key) filter (where event_mention.event_date_key <> -1), -1)
        as first_date_key,
    count(*) as mention_count,
    count(distinct event_mention.article_key) as article_count,
    count(distinct event_mention.source_key) filter (where event_mention.source_key <> -1) as source_count
from event_assignment
join event_mention on event_mention.mention_id = event_assignment.mention_id
group by event_assignment.event_key;

delete from dim_event
where dim_event.event_key <> -1
  and dim_event.event_key not in (select event_row.event_key from event_row);

update dim_event
set event_type = event_row.event_type,
    actor1_entity_key = event_row.actor1_entity_key,
    actor2_entity_key = event_row.actor2_entity_key,
    first_date_key = event_row.first_date_key,
    mention_count = event_row.mention_count,
    article_count = event_row.article_count,
    source_count = event_row.source_count
from event_row
where dim_event.event_key = event_row.event_key
  and (dim_event.event_type is distinct from event_row.event_type
       or dim_event.actor1_entity_key is distinct from event_row.actor1_entity_key
       or dim_event.actor2_entity_key is distinct from event_row.actor2_entity_key
       or dim_event.first_date_key is distinct from event_row.first_date_key
       or dim_event.mention_count is distinct from event_row.mention_count
       or dim_event.article_count is distinct from event_row.article_count
       or dim_event.source_count is distinct from event_row.source_count);

insert into dim_event (event_key, event_type, actor1_entity_key, actor2_entity_key, first_date_key, mention_count,
                       article_count, source_count)
select
    event_row.event_key,
    event_row.event_type,
    event_row.actor1_entity_key,
    event_row.actor2_entity_key,
    event_row.first_date_key,
    event_row.mention_count,
    event_row.article_count,
    event_row.source_count
from event_row
where event_row.event_key not in (select dim_event.event_key from dim_event);
