-- step 3 of event linking: events are the connected groups of linked mentions (two mentions each linked to a
-- third are one event); each group is keyed by its smallest mention (ops/connected_groups.sql)
create or replace temp view event_node as
select event_mention.mention_id as node_key
from event_mention;

create or replace temp view event_link as
select event_pair.mention_id as from_key, event_pair.other_id as to_key
from event_pair;

create or replace temp table event_group as
select connected.node_key as mention_id, connected.group_key as group_id
from connected_groups('event_node', 'event_link') as connected;

drop view event_link;
drop view event_node;

-- each group's event_key. An event keeps its key while its mentions stay together: a key goes to the group that
-- holds most of the mentions that had it (the first such group on a tie), and a group given several keys (two
-- events merged by a new mention) keeps the smallest, the older. A group with none takes a new key after the
-- highest in use, in the order of its first mention (so, of first-loaded articles first).
create or replace temp table event_assignment as
with held as (
    select event_mention.old_event_key, event_group.group_id, count(*) as mentions
    from event_mention
    join event_group on event_group.mention_id = event_mention.mention_id
    where event_mention.old_event_key > 0
    group by event_mention.old_event_key, event_group.group_id
),
owner as (
    select held.old_event_key, arg_min(held.group_id, [-held.mentions, held.group_id]) as group_id
    from held
    group by held.old_event_key
),
kept as (
    select owner.group_id, min(owner.old_event_key) as event_key
    from owner
    group by owner.group_id
),
last_key as (
    select greatest(coalesce(max(dim_event.event_key), 0),
                    coalesce((select max(event_mention.old_event_key) from event_mention), 0), 0) as event_key
    from dim_event
),
fresh as (
    select
        groups.group_id,
        last_key.event_key + row_number() over (order by groups.group_id) as event_key
    from (select distinct event_group.group_id from event_group) as groups
    cross join last_key
    where groups.group_id not in (select kept.group_id from kept)
)
select event_group.mention_id, coalesce(kept.event_key, fresh.event_key) as event_key
from event_group
left join kept on kept.group_id = event_group.group_id
left join fresh on fresh.group_id = event_group.group_id;
