"""Extraction on every core: a pool of worker processes, each with its own spaCy pipeline, kept for the run.

spaCy and the rules are pure Python per article, so one process uses one core. A batch big enough to pay
for it is cut into contiguous parts (at least one per worker, at most PART_ARTICLES each); each worker parses
and extracts a part at a time and sends its rows back (the single DuckDB writer stays in the main process).
The pool starts on first use (a worker loads the model once: about 2 s) and lasts until shutdown(); its
workers die with their parent.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flows.records import ArticleMeta, ArticleRows, Document, Quarantined
from flows.settings import Settings

# A batch goes to the workers in parts of at most PART_ARTICLES: a worker's memory peaks while it holds a part's
# Docs and rows and sends the rows back, so smaller parts mean lower peaks (and the parts still keep every worker
# busy). A worker is replaced by a fresh one after PARTS_PER_WORKER parts (about 2,000 articles), so that a long
# run's string store and allocator fragmentation cannot grow without bound; a fresh worker costs one model load.
PART_ARTICLES = 50
PARTS_PER_WORKER = 40

_pool: ProcessPoolExecutor | None = None
_pool_key: tuple | None = None


def _start_worker(model: str, alias_table: str) -> None:
    """Prepare a worker: die with the parent, load the spaCy pipeline and open the gazetteer once."""
    from flows import server
    from flows.extract.entities.gazetteer import places
    from flows.extract.nlp import load_nlp

    server.die_with_parent()
    try:
        load_nlp(model, alias_table)
        places()
    except Exception:  # the same error comes back, as a plain exception, from the first part this worker extracts
        pass


def _extract_part(part: list[tuple[Document, ArticleMeta]], model: str, alias_table: str,
                  chunk_chars: int) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return extract_batch of one part, in a worker."""
    from flows.extract.article import extract_batch

    return extract_batch(part, model, Path(alias_table), chunk_chars)


def pool(workers: int, model: str, alias_table: str) -> ProcessPoolExecutor:
    """Return the run's worker pool, started (or restarted for another model or alias table) on demand."""
    global _pool, _pool_key
    if _pool is None or _pool_key != (workers, model, alias_table):
        shutdown()
        # spawn, not fork: the parent runs Prefect's threads, and a forked child could inherit a held lock
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_start_worker, initargs=(model, alias_table),
                                    max_tasks_per_child=PARTS_PER_WORKER)
        _pool_key = (workers, model, alias_table)
    return _pool


def shutdown() -> None:
    """Stop the pool's workers, if any."""
    global _pool, _pool_key
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _pool_key = None, None


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
    """Return True when a batch of this many articles goes to the worker pool (else it stays in this process)."""
    return workers > 1 and articles >= max(min_articles, 2)


def extract_parallel(items: list[tuple[Document, ArticleMeta]], settings: Settings) -> tuple[list[ArticleRows],
                                                                                           list[Quarantined]]:
    """Return extract_batch of the items, on settings.workers processes when there are at least
    parallel_min_articles of them (in this process otherwise), the rows in the items' order."""
    model, alias_table, chunk_chars, workers = (settings.spacy_model, settings.alias_table, settings.nlp_chunk_chars,
                                                settings.workers)
    if not uses_pool(len(items), workers, settings.parallel_min_articles):
        from flows.extract.article import extract_batch

        return extract_batch(items, model, alias_table, chunk_chars)
    executor = pool(workers, model, str(alias_table))
    extracted, rejected = [], []
    cut = parts(items, max(workers, -(-len(items) // PART_ARTICLES)))
    for rows, refused in executor.map(_extract_part, cut, [model] * len(cut), [str(alias_table)] * len(cut),
                                      [chunk_chars] * len(cut)):
        extracted += rows
        rejected += refused
    return extracted, rejected
