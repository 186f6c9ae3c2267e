"""Turn bench.stages' inclusive timings into exclusive, named shares of one run's wall time.

Every name says what measured it: a timer around a stage function, the imports, the process's start and exit
timestamps. The rest of the flow's time, which no timer covers, is booked as UNTIMED, never to a stage.
"""
from __future__ import annotations

TOP_LEVEL = ["plan_files", "read_batch", "parse_batch", "split_known", "extract_batch", "validate_batch",
             "with_targets", "keep_batch", "load_batch", "dispose", "start_run", "finish_run", "table_counts",
             "refresh_search_index"]
SERVER = "wait_healthy"
UNTIMED = "untimed: the flow's time outside every timer (Prefect's flow and task engine among it)"


def stage_seconds(found: dict, wall_s: float, started_at: float | None = None) -> dict[str, float]:
    """Return stage -> seconds for a timed run whose process took wall_s; the parts add up to wall_s.
    With the process's start time, interpreter start-up and exit are told apart."""
    spent, imports = found["spent"], sum(found["imports"].values())
    outside = wall_s - imports - found["flow_s"]
    exit_s = wall_s - (found["done_at"] - started_at) if started_at and "done_at" in found else None

    def s(*names: str) -> float:
        return sum(spent.get(n, 0.0) for n in names)

    top = s(*TOP_LEVEL)
    return {
        **({"start-up: interpreter start and exit (incl. server shutdown)": outside} if exit_s is None else {
            "start-up: interpreter start, bench set-up": outside - exit_s,
            "prefect: process exit (server shutdown, flushing)": exit_s}),
        "start-up: imports (prefect, spaCy, GX, flows)": imports,
        "prefect: local server start-up": s(SERVER),
        UNTIMED: found["flow_s"] - top - s(SERVER),
        "ingest: find files (incl. 0.5 s settle wait)": s("plan_files"),
        "ingest: read + parse": s("read_batch", "parse_batch"),
        "ingest: de-duplicate (DuckDB read)": s("split_known"),
        "extract: spaCy model load": s("load_nlp"),
        "extract: spaCy nlp.pipe": s("extract_batch") - s("extract_article", "load_nlp"),
        "extract: place gazetteer open (once per process)": s("places"),
        "extract: rules (entities, metrics, quotes, events)": s("extract_article") - s("places"),
        "validate: rows to frames": s("to_frames"),
        "validate: check columns (in-memory DuckDB)": s("Staged.check_frame"),
        "validate: GX context + suites (once per process)": s("_suites"),
        "validate: GX validate": s("run_suite") - s("_suites"),
        "validate: taking failed rows out": s("validate_batch") - s("to_frames", "Staged.check_frame", "run_suite"),
        "load: DuckDB load (one transaction per batch)": s("load_batch"),
        "load: run ledger (start, finish, table counts)": s("start_run", "finish_run", "table_counts"),
        "load: keep inbox files in the archive (copy, verify, remove)": s("with_targets", "keep_batch", "dispose"),
        "load: full-text index refresh": s("refresh_search_index"),
    }


def families(stages: dict[str, float]) -> dict[str, float]:
    """Return the stage seconds summed by family, the part of each name before ':' (with spaCy and rules apart)."""
    out: dict[str, float] = {}
    for name, seconds in stages.items():
        family = name.split(":")[0]
        if family == "extract":
            family = "extract: spaCy" if "spaCy" in name else "extract: rules"
        out[family] = out.get(family, 0.0) + seconds
    return out
