-- dim_event: one row per event, however many articles mention it (GDELT's NumMentions, NumArticles, NumSources);
-- each fact_event row is one mention and points here by event_key. -1 is the Unknown event.
-- Events are not extracted: sql/events/ links the mentions in each load transaction (flows/warehouse/events.py).
create table if not exists dim_event (
    event_key bigint primary key,
    event_type varchar not null,
    actor1_entity_key bigint not null,   -- as its first-loaded mention names them
    actor2_entity_key bigint not null,
    first_date_key integer not null,     -- the earliest day of its mentions (-1 when none is dated)
    mention_count integer not null,      -- its fact_event rows
    article_count integer not null,      -- distinct articles that mention it
    source_count integer not null        -- distinct known sources of those articles
);
insert into dim_event (event_key, event_type, actor1_entity_key, actor2_entity_key, first_date_key, mention_count,
                       article_count, source_count)
select -1, 'other', -1, -1, -1, 0, 0, 0
where not exists (select 1 from dim_event where dim_event.event_key = -1);
