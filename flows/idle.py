"""A run with nothing new to do, recognised and recorded without starting Prefect.

Most scheduled or hand-started runs find an empty inbox and seeds that are already loaded. Importing Prefect and
starting its API server costs about 6 s, against well under a second to see that nothing is new, so `wirehouse
run` checks first: when the inbox holds no file and every seed file is already in the warehouse, the run is
recorded in etl_run (every seed counted as skipped, as the flow would) and no flow runs. Anything else (a file
in the inbox, even one already loaded, which still has to be archived; a seed that is new, changed or
unreadable; another run holding the run lock) goes through the flow as usual.
"""
from __future__ import annotations

from flows.ingest import discover, read
from flows.records import article_id
from flows.report.summary import Summary
from flows.settings import Settings
from flows.warehouse import ledger, loader, runlock


def seeds_if_nothing_new(settings: Settings) -> int | None:
    """Return how many seed files there are when the inbox is empty and every seed is loaded already, else None."""
    if discover.discover(settings.inbox) or not settings.store.exists():
        return None
    seeds = [(path, "seed") for path in discover.discover(settings.seeds)]
    docs, unreadable = read.read_batch(seeds, settings.extensions, settings.max_file_bytes, settings.max_text_chars)
    if unreadable:
        return None
    ids = {article_id(doc.text) for doc in docs}
    known = loader.known_article_ids(settings.store, sorted(ids))
    return len(seeds) if ids <= known else None


def record_if_idle(settings: Settings) -> Summary | None:
    """Return the summary of a run recorded without Prefect because nothing is new, or None when the flow must run
    (something is new, or another run holds the run lock and this one has to queue behind it)."""
    try:
        warehouse = settings.store
        with runlock.exclusive_run(warehouse.run_lock_at, timeout=0):
            summary = Summary()
            seen = seeds_if_nothing_new(settings)
            if seen is None:
                return None
            discover.tell_refused(settings.seeds, settings.inbox)
            summary.run_id = ledger.start_run(warehouse)
            summary.files_seen = summary.skipped = seen
            ledger.finish_run(warehouse, summary.run_id, ledger.RunEnd("success", summary.counts, {}))
            summary.totals = ledger.table_counts(warehouse)
            return summary
    except runlock.RunInProgress:
        return None
