-- how the index (a copy of the lake as of snapshot_id, see lake_copy.sql) stands against the lake's later snapshots:
-- changed: a later snapshot wrote, created, altered or dropped a table it copies, or the lake no longer has that
--   snapshot as it was (a new catalog at the same place, or expired snapshots). Commits that touch only other tables
--   (etl_run at a run's end, the load token, validation results) leave it fresh.
-- updatable: the rows later snapshots inserted and deleted can be applied to it (lake_update.sql) instead of a new
--   copy: the lake still has its snapshot, and no later snapshot created, dropped or altered a copied table.
-- variables: snapshot_id, snapshot_time (the index's), tables (the names of the tables the index copies)
with indexed_snapshot as (
    select count(*) as present
    from lake.snapshots() as snapshots
    where snapshots.snapshot_id = getvariable('snapshot_id')
      and snapshots.snapshot_time = getvariable('snapshot_time')
),
copied_tables as (
    -- a snapshot's changes name a table by its id when it writes to, alters or drops it, by schema.name when it makes it
    select cast(table_info.table_id as varchar) as named
    from ducklake_table_info('lake') as table_info
    where list_contains(getvariable('tables'), table_info.table_name)
    union all
    select 'main.' || unnest(getvariable('tables')) as named
),
later_changes as (
    select change.key as kind, unnest(change.value) as named
    from (
        select unnest(map_entries(snapshots.changes)) as change
        from lake.snapshots() as snapshots
        where snapshots.snapshot_id > getvariable('snapshot_id')
    ) as entries
),
copied_changes as (
    select later_changes.kind
    from later_changes
    join copied_tables on copied_tables.named = later_changes.named
)
select
    indexed_snapshot.present = 0 or exists (select 1 from copied_changes) as changed,
    indexed_snapshot.present = 1
    and not exists (
        select 1
        from copied_changes
        where copied_changes.kind not in ('inlined_insert', 'inlined_delete', 'tables_inserted_into', 'tables_deleted_from')
    ) as updatable
from indexed_snapshot;
