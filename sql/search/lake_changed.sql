-- whether the index (a copy of the lake as of snapshot_id, see lake_copy.sql) is out of date: a later snapshot
-- wrote, created or dropped a table it copies, or the lake no longer has that snapshot as it was (a new catalog
-- at the same place, or expired snapshots). Commits that touch only other tables (etl_run at a run's end, the load
-- token, validation results) leave it fresh.
-- variables: snapshot_id, snapshot_time (the index's), tables (the names of the tables the index copies)
with indexed_snapshot as (
    select count(*) as present
    from lake.snapshots() as snapshots
    where snapshots.snapshot_id = getvariable('snapshot_id')
      and snapshots.snapshot_time = getvariable('snapshot_time')
),
copied_tables as (
    -- a snapshot's changes name a table by its id when it writes to it or drops it, by schema.name when it makes it
    select cast(table_info.table_id as varchar) as named
    from ducklake_table_info('lake') as table_info
    where list_contains(getvariable('tables'), table_info.table_name)
    union all
    select 'main.' || unnest(getvariable('tables')) as named
),
later_changes as (
    select unnest(flatten(map_values(snapshots.changes))) as named
    from lake.snapshots() as snapshots
    where snapshots.snapshot_id > getvariable('snapshot_id')
)
select
    indexed_snapshot.present = 0
    or exists (select 1 from later_changes join copied_tables on copied_tables.named = later_changes.named) as changed
from indexed_snapshot;
