"""Stories and copies: which loaded articles report the same news, and which nearly repeat an earlier text.

Assigned inside the load transaction of a run's last batch, after its rows (loader.load_together; why the last
one only: loader.ToLoad), by the SQL in sql/stories/ and then dim_story's load.sql:

1. sketch.sql   the terms and MinHash signature of each article not yet sketched (once per article);
2. links.sql    near copies (MinHash containment) and similar reports (TF-IDF cosine over words and entities,
                within a window of days), over the whole warehouse;
3. groups.sql   stories as connected groups of linked articles (the macro of sql/ops/connected_groups.sql, which
                the events share), keyed by their first-loaded article, and the
                earliest near copy of each article;
4. sql/tables/dim_story/load.sql  the rows that change: dim_story, dim_article.story_key and copy_of_key;
5. events.assign  the event mentions linked into events, with the stories as evidence (flows/warehouse/events.py).

Links are recomputed over every loaded article at each linking load, so the grouping depends on which articles the
warehouse holds, not on how they were batched, and a reprocessed article's new entities count at once. What
the numbers in StoryRule are and how they were chosen: docs/stories.md.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from flows.db import run_script
from flows.tables import DIM_STORY
from flows.warehouse import events
from flows.warehouse.handle import Warehouse

STEPS = ("ops/connected_groups.sql", "stories/sketch.sql", "stories/links.sql", "stories/groups.sql")
WORK_TABLES = ("copy_pair", "similar_pair", "story_assignment", "copy_assignment", "story_row")  # temporary, per load


@dataclass(frozen=True)
class StoryRule:
    """The numbers story assignment runs on (each a DuckDB variable of the same name in sql/stories/)."""

    minhash_size: int = 128          # hash functions per signature (the Jaccard estimate's error ~ 1/sqrt(128))
    copy_containment: float = 0.8    # share of the shorter text's shingles found in the longer: a near copy
    story_similarity: float = 0.28   # TF-IDF cosine from which two articles report one story
    max_term_articles: int = 100     # a term in more articles than this is left out of the story vectors
    window_days: int = 3             # dated articles further apart than this are never one story


def assign(warehouse: Warehouse, con: duckdb.DuckDBPyConnection, rule: StoryRule = StoryRule()) -> None:
    """Give every loaded article its story and copy_of_key, and write dim_story, on the caller's open transaction;
    then link the event mentions into events (events.assign), which reads the stories."""
    for step in STEPS:
        warehouse.script(con, step, **asdict(rule))
    run_script(con, DIM_STORY.sql(warehouse.sql_dir, "load"))
    for name in WORK_TABLES:
        con.execute(f"drop table if exists {name}")
    events.assign(warehouse, con)
    warehouse.script(con, "stories/linked.sql")


def sketch(warehouse: Warehouse, con: duckdb.DuckDBPyConnection, run_id: int, rule: StoryRule = StoryRule()) -> None:
    """Sketch the articles not sketched yet (step 1 alone), on the caller's open transaction: a batch that does not
    link still does this per-article work, while the workers extract the next batch, so that the run's last load
    only links. The links are noted as behind (links_pending) until a load or a run's start or end links them."""
    warehouse.script(con, "stories/sketch.sql", **asdict(rule))
    warehouse.script(con, "stories/mark_pending.sql", run_id=run_id)


def assign_missing(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> None:
    """Assign stories and events, on the caller's open transaction, when some loaded article has no story, some
    mention no event, or some committed batch was not linked (its run's last load failed, even a reprocess's whose
    articles all kept a story): a warehouse loaded before them gets them at its next run, even one with nothing new
    to load."""
    if warehouse.script(con, "stories/unassigned.sql").fetchone()[0] or events.unassigned(warehouse, con):
        assign(warehouse, con)
