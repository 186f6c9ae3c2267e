"""The floor: read the inbox files as the pipeline does and run the pipeline's own spaCy pipeline over them.

The same reader, the same components (flows.extract.nlp.load_nlp) and the same texts per pipe batch
(flows.extract.article.PIPE_BATCH) as a run; only the rules, validation, loading and Prefect are left out.
Run as a subprocess by bench.run (so its memory and CPU are measured alone); prints one JSON object on stdout.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import flows  # noqa: F401  (the project's quiet, offline environment)
from flows.extract.article import PIPE_BATCH  # one pipe batch size for the run and the floor
from flows.settings import Settings


def read_texts(inbox: Path, extensions: tuple[str, ...]) -> list[str]:
    """Return the normalized texts of the inbox files, read with the pipeline's own reader."""
    from flows.ingest.read import read_batch

    docs, rejected = read_batch([(p, "inbox") for p in sorted(inbox.iterdir())], extensions)
    if rejected:
        raise SystemExit(f"floor: {len(rejected)} files could not be read, e.g. {rejected[0].reason}")
    return [d.text for d in docs]


def floor(inbox: Path, n_process: int) -> dict:
    """Return the floor's timings: model load, then reading + nlp.pipe over every file of the inbox."""
    settings = Settings.from_env()
    started = time.perf_counter()
    from flows.extract.nlp import load_nlp

    nlp = load_nlp(settings.spacy_model, str(settings.alias_table))
    loaded = time.perf_counter()
    texts = read_texts(inbox, settings.extensions)
    read = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=PIPE_BATCH, n_process=n_process))
    done = time.perf_counter()
    return {"n_process": n_process, "batch_size": PIPE_BATCH, "components": nlp.pipe_names,
            "articles": len(texts), "tokens": tokens,
            "load_s": loaded - started, "read_s": read - loaded, "pipe_s": done - read, "work_s": done - loaded}


def main(argv: list[str] | None = None) -> int:
    """Print the floor's timings as JSON and return 0."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inbox", type=Path, required=True)
    ap.add_argument("--n-process", type=int, default=1, help="spaCy processes (bench.run: 1, and the run's workers)")
    args = ap.parse_args(argv)
    print(json.dumps(floor(args.inbox, args.n_process)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
