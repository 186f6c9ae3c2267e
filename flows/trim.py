"""Old flow runs off a service's private Prefect server, so that its database, and the memory it takes, stay flat.

`watch` makes one flow run per burst of files, thousands over a long watch, on a server nobody else reads. Each
run leaves its flow run, task runs and their states in the server's SQLite database, and the server keeps what it
touches of that file in memory (Prefect sets SQLite's page cache to 20,000 pages, about 80 MB): the server grew by
about 0.05 MB a drop. The watcher deletes, through Prefect's own API, the flow runs beyond the newest `keep`
(their task runs and states go with them): when the server goes idle, just before it is paused, or, in a burst
that never lets it rest, once `keep` runs have been made since the last time. Not after every run: right after
a run the server is still recording its task runs, and a delete then waited up to 2.5 s for SQLite (Prefect's
client retries a busy answer), which the next drop would have waited too. Prefect's event feed, the other table
that grows with every run, is not stored by a private server at all (server.start). Never done against a
configured PREFECT_API_URL: a shared server's runs are not the watcher's to delete.
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


class Trim:
    """When to delete old flow runs: `due()` after each run (deletes once `keep` runs were made since the last
    time), `now()` when the server goes idle; inactive (no private server) it never calls Prefect."""

    def __init__(self, keep: int, active: bool) -> None:
        self.keep, self.active, self.runs = keep, active, 0

    def due(self) -> None:
        """Count a run; delete the old ones when `keep` runs have been made since the last deletion."""
        self.runs += 1
        if self.runs >= self.keep:
            self.now()

    def now(self) -> None:
        """Delete the old flow runs, if a run was made since the last deletion."""
        if self.active and self.runs:
            old_flow_runs(self.keep)
            self.runs = 0
