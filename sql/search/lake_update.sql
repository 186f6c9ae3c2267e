-- bring the index's copy (lake_copy.sql, run before into this same file) from its snapshot up to a later one by
-- applying what the snapshots in between did to each copied table (DuckLake's change feed): every row they touched
-- is removed, and the rows whose last change inserted them (or is an update's new image) are put back. Only when
-- no snapshot in between created, dropped or altered a copied table (lake_state.sql): the columns are the same.
-- variables: from_snapshot (the index's snapshot + 1), snapshot_id (the lake's latest)
update search.indexed_snapshot
set snapshot_id = snapshots.snapshot_id,
    snapshot_time = snapshots.snapshot_time
from lake.snapshots() as snapshots
where snapshots.snapshot_id = getvariable('snapshot_id');

delete from dim_article
where lake_rowid in (
    select changes.rowid
    from lake.table_changes('dim_article', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
);
insert into dim_article
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes('dim_article', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');

delete from dim_date
where lake_rowid in (
    select changes.rowid
    from lake.table_changes('dim_date', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
);
insert into dim_date
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes('dim_date', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');

delete from dim_source
where lake_rowid in (
    select changes.rowid
    from lake.table_changes('dim_source', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
);
insert into dim_source
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes('dim_source', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');

delete from dim_entity
where lake_rowid in (
    select changes.rowid
    from lake.table_changes('dim_entity', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
);
insert into dim_entity
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes('dim_entity', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');

delete from fact_quote
where lake_rowid in (
    select changes.rowid
    from lake.table_changes('fact_quote', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
);
insert into fact_quote
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes('fact_quote', getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');
