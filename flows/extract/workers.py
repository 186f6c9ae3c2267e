"""Extraction on every core: a pool of worker processes, each with its own spaCy pipeline, kept for the run.

spaCy and the rules are pure Python per article, so one process uses one core. A batch big enough to pay
for it is cut into contiguous parts (at least one per worker, at most PART_ARTICLES each); each worker parses
and extracts a part at a time and sends its rows back (the single DuckDB writer stays in the main process).
The pool starts on first use (a worker loads the model once: about 2 s) and lasts until shutdown(); its
workers die with their parent.

A service (`watch`, `serve`) keeps the pool warm between runs (`kept`): its workers are started before the first
file lands, every extraction goes to them (even of one article, so the service's own process never loads spaCy),
and they are replaced only when the settings, the model or the alias table change, or when a worker died.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from flows.records import ArticleMeta, ArticleRows, Document, Quarantined
from flows.settings import Settings

# A batch goes to the workers in parts of at most PART_ARTICLES: a worker's memory peaks while it holds a part's Docs
# and rows and sends the rows back, so smaller parts mean lower peaks (and the parts still keep every worker busy).
# The pool is replaced by a fresh one once it has run PARTS_PER_WORKER parts per worker (about 5,000 articles each),
# so that a long run's string store and allocator fragmentation cannot grow without bound (about 0.4-0.5 MB per part
# on newswire: bench/RESULTS.md, "Pipe batches cut by characters"); a fresh worker costs one model load, about 2 s of
# CPU, and a pause of the cores while the pool is replaced. The pool is replaced whole, between parts, when no
# extraction uses it: Python 3.11's own per-worker limit (max_tasks_per_child) can leave queued parts with no worker
# at all, and the run then waits forever (CPython gh-115634, fixed in 3.13).
PART_ARTICLES = 50
PARTS_PER_WORKER = 100

log = logging.getLogger("wirehouse")
_pool: ProcessPoolExecutor | None = None
_pool_key: tuple | None = None
_parts_run = 0  # parts given to the current pool
_in_use = 0  # extractions under way on it (two batches can be: pipeline.in_flight)
_turn = threading.Condition()
_kept = False  # a service keeps the pool between runs and sends it every extraction


def die_with_parent() -> None:
    """End this worker as soon as its parent process is gone (a SIGKILL included): a daemon thread waits on the
    parent's sentinel, which multiprocessing gives a spawned child, and costs nothing meanwhile. Not the kernel's
    parent-death signal (server.die_with_parent): it follows the *thread* that started the child, and a pool
    replaced during a run is started by a task thread, which ends with the run and would take the fresh workers
    with it (a service would then start cold workers for every run after a worker died once)."""
    import os
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=wait, name="wirehouse-parent", daemon=True).start()


def _start_worker(model: str, alias_table: str) -> None:
    """Prepare a worker: die with the parent, leave Ctrl-C to it, load the spaCy pipeline and the gazetteer once."""
    import signal

    from flows.extract.entities.gazetteer import places
    from flows.extract.nlp import load_nlp

    die_with_parent()
    # Ctrl-C in a terminal reaches the whole process group: the parent stops the run and then the pool, and a
    # worker interrupted on its own would only print a traceback and break the pool under a service
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import flows.extract.article  # noqa: F401  (the rules' modules: the first part need not import them)

        load_nlp(model, alias_table)
        places()
    except Exception:  # the same error comes back, as a plain exception, from the first part this worker extracts
        pass


def _extract_part(part: list[tuple[Document, ArticleMeta]], model: str, alias_table: str,
                  chunk_chars: int) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return extract_batch of one part, in a worker."""
    from flows.extract.article import extract_batch

    return extract_batch(part, model, Path(alias_table), chunk_chars)


def _ready() -> int:
    """Return this worker's process id (a no-op that makes the pool start a worker and load its model)."""
    import os

    return os.getpid()


def pool_key(workers: int, model: str, alias_table: str) -> tuple:
    """Return what a pool's workers were started with: the settings and what the model and alias table are now
    (a reinstalled model or an edited alias table gives another key, so a kept pool is replaced)."""
    from flows.extract.stamp import current_stamp

    return workers, model, alias_table, current_stamp(model, Path(alias_table))


def pool(workers: int, model: str, alias_table: str) -> ProcessPoolExecutor:
    """Return the run's worker pool, started (or restarted for another model or alias table) on demand."""
    global _pool, _pool_key
    key = pool_key(workers, model, alias_table)
    if _pool is None or _pool_key != key:
        if _pool is not None:
            log.info("extraction settings, model or aliases changed: starting fresh workers")
        shutdown()
        # spawn, not fork: the parent runs Prefect's threads, and a forked child could inherit a held lock
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_start_worker, initargs=(model, alias_table))
        _pool_key = key
    return _pool


@contextmanager
def using_pool(workers: int, model: str, alias_table: str, parts: int):
    """Yield the pool for an extraction of `parts` parts; a pool that has run its share of parts is first replaced
    by a fresh one, once no other extraction uses it (its parts would be lost with its workers)."""
    global _parts_run, _in_use
    with _turn:
        while _pool is not None and _parts_run >= PARTS_PER_WORKER * workers and _in_use:
            _turn.wait()
        if _pool is not None and _parts_run >= PARTS_PER_WORKER * workers:
            log.debug("extraction workers ran %d parts: starting fresh ones", _parts_run)
            shutdown()
        executor = pool(workers, model, alias_table)
        _parts_run, _in_use = _parts_run + parts, _in_use + 1
    try:
        yield executor
    finally:
        with _turn:
            _in_use -= 1
            _turn.notify_all()


def start_workers(workers: int, model: str, alias_table: str) -> list[Future]:
    """Start the pool's workers (each loads its model) and return the futures of their process ids, without
    waiting for them. Submitted together, so that each goes to a worker of its own."""
    executor = pool(workers, model, alias_table)
    return [executor.submit(_ready) for _ in range(workers)]


def warm_up(workers: int, model: str, alias_table: str) -> list[int]:
    """Start the pool's workers now and return their process ids once each has loaded its model: the first files
    then meet warm workers."""
    return sorted({f.result() for f in start_workers(workers, model, alias_table)})


def start_early(settings: Settings, files: int) -> bool:
    """Start the pool's workers without waiting for them, when a run is about to read this many files, enough for
    its first batch to go to the pool: each worker loads its model while the run starts Prefect, instead of after.
    Return True when it did (never for Dask, whose workers are not these)."""
    first_batch = min(files, settings.batch_size)
    if settings.dask or not uses_pool(first_batch, settings.workers, settings.parallel_min_articles):
        return False
    start_workers(settings.workers, settings.spacy_model, str(settings.alias_table))
    return True


@contextmanager
def kept(settings: Settings):
    """Keep a warm worker pool for the block (a service's lifetime) and send it every extraction; stop it after."""
    global _kept
    _kept = True
    try:
        warm_up(settings.workers, settings.spacy_model, str(settings.alias_table))
        yield
    finally:
        _kept = False
        shutdown()


def shutdown() -> None:
    """Stop the pool's workers, if any, at once: a worker holds nothing but its model and the part it extracts
    (which nobody waits for any more), and an orderly exit of a process with spaCy loaded takes seconds. SIGKILL,
    not SIGTERM: a worker that hangs or is stopped (SIGSTOP) would not act on SIGTERM."""
    global _pool, _pool_key, _parts_run
    if _pool is not None:
        processes = list((_pool._processes or {}).values())  # the pool lists them nowhere public
        _pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        for process in processes:
            process.join(10)
    _pool, _pool_key, _parts_run = None, None, 0


def release() -> None:
    """Stop the pool at the end of a run, unless a service keeps it warm for the next one."""
    if not _kept:
        shutdown()


def parts(items: list, count: int) -> list[list]:
    """Return the items cut into `count` contiguous parts of near-equal size (empty parts left out)."""
    size, extra = divmod(len(items), count)
    cuts, start = [], 0
    for i in range(count):
        end = start + size + (i < extra)
        cuts.append(items[start:end])
        start = end
    return [c for c in cuts if c]


def uses_pool(articles: int, workers: int, min_articles: int) -> bool:
    """Return True when a batch of this many articles goes to the worker pool (else it stays in this process):
    always in a service that keeps its pool warm, else for a batch big enough to pay for starting workers."""
    return articles > 0 and (_kept or workers > 1 and articles >= max(min_articles, 2))


def on_pool(items: list, settings: Settings) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return extract_batch of the items on the pool, the rows in the items' order. A pool found broken (a worker
    died since the last batch, or during this one) is replaced by a fresh one, and the batch tried once more."""
    model, alias_table = settings.spacy_model, str(settings.alias_table)
    cut = parts(items, max(settings.workers, -(-len(items) // PART_ARTICLES)))
    for attempt in (1, 2):
        try:
            with using_pool(settings.workers, model, alias_table, len(cut)) as executor:
                extracted, rejected = [], []
                for rows, refused in executor.map(_extract_part, cut, [model] * len(cut), [alias_table] * len(cut),
                                                  [settings.nlp_chunk_chars] * len(cut)):
                    extracted += rows
                    rejected += refused
                return extracted, rejected
        except BrokenProcessPool:
            if _pool is not executor or attempt == 2:  # stopped on purpose (the run or service is stopping)
                raise
            shutdown()
            log.warning("an extraction worker died: starting fresh workers and extracting the batch again")
    raise AssertionError("unreachable")


def extract_parallel(items: list[tuple[Document, ArticleMeta]], settings: Settings) -> tuple[list[ArticleRows],
                                                                                           list[Quarantined]]:
    """Return extract_batch of the items, on settings.workers processes when there are at least
    parallel_min_articles of them (in this process otherwise), the rows in the items' order."""
    model, alias_table, chunk_chars, workers = (settings.spacy_model, settings.alias_table, settings.nlp_chunk_chars,
                                                settings.workers)
    if not uses_pool(len(items), workers, settings.parallel_min_articles):
        from flows.extract.article import extract_batch

        return extract_batch(items, model, alias_table, chunk_chars)
    return on_pool(items, settings)
