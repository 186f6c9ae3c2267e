"""Old flow runs off a service's private Prefect server, so that its database, and the memory it takes, stay flat.

`watch` makes one flow run per burst of files, thousands over a long watch, on a server nobody else reads. Each
run leaves its flow run, task runs and their states in the server's SQLite database, and the server keeps what it
touches of that file in memory (Prefect sets SQLite's page cache to 20,000 pages, about 80 MB): the server grew by
about 0.05 MB a drop. After each run the watcher deletes, through Prefect's own API, the flow runs beyond the
newest `keep` (their task runs and states go with them); Prefect's event feed, the other table that grows with
every run, is not stored by a private server at all (server.start). Never done against a configured
PREFECT_API_URL: a shared server's runs are not the watcher's to delete.
"""
from __future__ import annotations


def old_flow_runs(keep: int, limit: int = 200) -> int:
    """Delete the current Prefect API's flow runs beyond the newest `keep` (by expected start), at most `limit` at
    a time, and return how many were deleted."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        old = client.read_flow_runs(sort=FlowRunSort.EXPECTED_START_TIME_DESC, offset=keep, limit=limit)
        for run in old:
            client.delete_flow_run(run.id)
    return len(old)
