-- the lake's latest snapshot: the index copies the searched tables as of it (lake_copy.sql)
select snapshots.snapshot_id
from lake.snapshots() as snapshots
where snapshots.snapshot_id = (select current_snapshot.id from lake.current_snapshot() as current_snapshot);
