"""Events: which loaded event mentions (fact_event rows) report the same happening, as one dim_event row each.

GDELT reports each event once with how many mentions, articles and sources it had; here too. Assigned inside
the load transaction of a run's last batch, after the stories (events.assign, called by stories.assign), by the
SQL in sql/events/ and then dim_event's load.sql:

1. mentions.sql  every mention with its type, its actors as an unordered pair, its day, story and source;
2. links.sql     two mentions are one event when type and actors agree (one actor at least known) and they are
                 in one story, or their days are at most `window_days` apart;
3. groups.sql    events as connected groups of linked mentions, and their keys (an event keeps its key while its
                 mentions stay together; a merge keeps the older key);
4. sql/tables/dim_event/load.sql  the rows that change: dim_event and fact_event.event_key.

Like stories, mentions are relinked over the whole warehouse at each linking load, so the grouping depends on what is
loaded, not on how it was batched, and a reprocessed article's mentions count at once. docs/stories.md says why
the rule is what it is.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from flows.db import run_script
from flows.tables import DIM_EVENT
from flows.warehouse.handle import Warehouse

STEPS = ("ops/connected_groups.sql", "events/mentions.sql", "events/links.sql", "events/groups.sql")
WORK_TABLES = ("event_mention", "event_pair", "event_group", "event_assignment", "event_row")  # temporary, per load


@dataclass(frozen=True)
class EventRule:
    """The numbers event linking runs on (each a DuckDB variable of the same name in sql/events/)."""

    window_days: int = 7   # mentions of one type and pair of actors further apart than this, in two stories, are two events


def assign(warehouse: Warehouse, con: duckdb.DuckDBPyConnection, rule: EventRule = EventRule()) -> None:
    """Give every loaded event mention its event_key, and write dim_event, on the caller's open transaction
    (after the stories: a story's articles are the strongest evidence that two mentions are one event)."""
    for step in STEPS:
        warehouse.script(con, step, **asdict(rule))
    run_script(con, DIM_EVENT.sql(warehouse.sql_dir, "load"))
    for name in WORK_TABLES:
        con.execute(f"drop table if exists {name}")


def unassigned(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when some loaded mention has no event yet (a warehouse loaded before events existed)."""
    return bool(warehouse.script(con, "events/unassigned.sql").fetchone()[0])
