-- whether the index (a copy of the lake as of snapshot_id, see lake_copy.sql) can be brought up to date by applying
-- the rows later snapshots inserted and deleted (lake_update.sql) rather than copied again: the lake still has that
-- snapshot as it was, and no later snapshot created, dropped or altered a table the index copies.
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
)
select
    indexed_snapshot.present = 1
    and not exists (
        select 1
        from later_changes
        join copied_tables on copied_tables.named = later_changes.named
        where later_changes.kind not in ('inlined_insert', 'inlined_delete', 'tables_inserted_into', 'tables_deleted_from')
    ) as updatable
from indexed_snapshot;
