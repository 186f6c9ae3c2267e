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

-- the lake row ids of a table that the snapshots in between touched
create or replace temp macro touched_rows(table_name) as table
select changes.rowid as lake_rowid
from lake.table_changes(table_name, getvariable('from_snapshot'), getvariable('snapshot_id')) as changes;

-- a table's rows as the last of those snapshots left them: lake_rowid first, then the table's columns
create or replace temp macro current_rows(table_name) as table
select * exclude (change_type)
from (
    select changes.rowid as lake_rowid, changes.change_type, changes.* exclude (snapshot_id, rowid, change_type)
    from lake.table_changes(table_name, getvariable('from_snapshot'), getvariable('snapshot_id')) as changes
    qualify row_number() over (partition by changes.rowid
                               order by changes.snapshot_id desc, changes.change_type = 'update_preimage') = 1
) as last_changes
where last_changes.change_type in ('insert', 'update_postimage');

delete from dim_article where lake_rowid in (select lake_rowid from touched_rows('dim_article'));
insert into dim_article select * from current_rows('dim_article');

delete from dim_date where lake_rowid in (select lake_rowid from touched_rows('dim_date'));
insert into dim_date select * from current_rows('dim_date');

delete from dim_source where lake_rowid in (select lake_rowid from touched_rows('dim_source'));
insert into dim_source select * from current_rows('dim_source');

delete from dim_entity where lake_rowid in (select lake_rowid from touched_rows('dim_entity'));
insert into dim_entity select * from current_rows('dim_entity');

delete from fact_quote where lake_rowid in (select lake_rowid from touched_rows('fact_quote'));
insert into fact_quote select * from current_rows('fact_quote');
