-- fact_event: one business event between actors
create table if not exists fact_event (
    article_key bigint not null,
    event_type varchar not null,
    actor1_entity_key bigint not null,
    actor2_entity_key bigint not null,
    event_date_key integer not null,
    event_date_source varchar,  -- 'stated', 'relative' (resolved against the publication day), 'published'
    trigger_text varchar not null,
    char_start integer not null,
    char_end integer not null,
    rule varchar,         -- the pattern family that made the row: 'verb:acquire', 'noun:deal-with', 'headline:buy'
    confidence double,    -- that family's measured precision, 0..1 (flows/extract/events/confidence.py)
    event_key bigint not null default -1, -- the event it mentions (dim_event), assigned in the load transaction
    tone double           -- the tone of its sentence, -100..100 (flows/extract/tone.py)
);
-- warehouses created before event dates had a source
alter table fact_event add column if not exists event_date_source varchar;
-- warehouses created before event rows named their rule and confidence
alter table fact_event add column if not exists rule varchar;
alter table fact_event add column if not exists confidence double;
-- a warehouse from before events: its mentions get theirs at the next run (stories.assign_missing)
alter table fact_event add column if not exists event_key bigint default -1;
-- warehouses created before tone (filled by `wirehouse reprocess`)
alter table fact_event add column if not exists tone double;
