-- the tables the search SQL reads, copied from the lake as of one snapshot into the index's own DuckDB file (run
-- with that file in use): DuckLake cannot hold DuckDB's FTS index. fact_quote and dim_entity feed search.quote
-- (quote_table.sql). search.indexed_snapshot records which lake and snapshot the copy is (lake_state.sql). Each row
-- keeps its lake row id (lake_rowid, which DuckLake never changes), so later inserts and deletes can be applied to the
-- copy instead of copying everything again (lake_update.sql).
-- variables: lake (the lake's catalog and data path), snapshot_id (from lake_snapshot.sql)
create schema if not exists search;

create table search.indexed_snapshot as
select
    getvariable('lake') as lake,
    snapshots.snapshot_id,
    snapshots.snapshot_time
from lake.snapshots() as snapshots
where snapshots.snapshot_id = getvariable('snapshot_id');

create table dim_article as select rowid as lake_rowid, * from lake.main.dim_article at (version => getvariable('snapshot_id'));
create table dim_date as select rowid as lake_rowid, * from lake.main.dim_date at (version => getvariable('snapshot_id'));
create table dim_source as select rowid as lake_rowid, * from lake.main.dim_source at (version => getvariable('snapshot_id'));
create table dim_entity as select rowid as lake_rowid, * from lake.main.dim_entity at (version => getvariable('snapshot_id'));
create table fact_quote as select rowid as lake_rowid, * from lake.main.fact_quote at (version => getvariable('snapshot_id'));
