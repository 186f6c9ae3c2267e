"""What spaCy's pipe batch costs an extraction worker: its peak memory and CPU, per `nlp.pipe` batch size.

    python -m bench.pipemem [--articles 400] [--sizes 16,8,4,1] [--rounds 2]

A size is a number of texts, or TEXTS:CHARS for batches that also stop at CHARS characters (the pipeline's
`pipe_batches`; a size without CHARS has no such limit).

Each measurement is a fresh process, like a worker: it loads the pipeline (`load_nlp`, the components of a run),
then pipes the first N texts of the benchmark corpus with one batch size, and prints its CPU seconds, its peak
RSS (getrusage) and its RSS after the pipe, next to the RSS with the model loaded. Sizes are alternated over the
rounds, so that a change in the machine's load falls on every size alike. The pipeline's own size is
`PIPE_BATCH` texts and `PIPE_CHARS` characters in flows/extract/article.py.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.procmon import rss_mb


def measure(articles: int, size: str) -> dict:
    """Return one batch size's figures, measured in this process (which must be fresh)."""
    from bench.corpus import load_corpus, texts_for
    from bench.rules import parsed_items
    from flows.extract.article import pipe_batches
    from flows.extract.nlp import load_nlp
    from flows.settings import Settings

    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as work:
        items = parsed_items(texts_for(load_corpus("mix"), 0, articles), Path(work) / "inbox", settings.extensions)
    nlp = load_nlp(settings.spacy_model, str(settings.alias_table))
    texts = [doc.text for doc, _ in items]
    loaded = round(rss_mb(os.getpid()))
    began = time.process_time()
    texts_per_batch, _, chars = size.partition(":")
    for group in pipe_batches(texts, int(texts_per_batch), int(chars or sum(map(len, texts)))):
        for _ in nlp.pipe(group, batch_size=len(group)):
            pass
    return {"size": size, "cpu_s": round(time.process_time() - began, 2), "loaded_mb": loaded,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "after_mb": round(rss_mb(os.getpid()))}


def main(argv: list[str] | None = None) -> int:
    """Measure each size in its own process, alternated over the rounds, and print a table."""
    ap = argparse.ArgumentParser(prog="bench.pipemem", description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--sizes", default="16,8,4,1", help="pipe batch sizes, TEXTS or TEXTS:CHARS, comma-separated")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # the child: measure this size and print JSON
    args = ap.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.articles, args.one)))
        return 0
    sizes = args.sizes.split(",")
    print(f"| pipe batch | CPU s ({args.articles} articles) | RSS with the model, MB | peak RSS, MB | after, MB |")
    print("|--:|--:|--:|--:|--:|")
    for _ in range(args.rounds):
        for size in sizes:
            out = subprocess.run([sys.executable, "-m", "bench.pipemem", "--articles", str(args.articles),
                                  "--one", size], capture_output=True, text=True, check=True).stdout
            found = json.loads(out.strip().splitlines()[-1])
            print(f"| {size} | {found['cpu_s']:.2f} | {found['loaded_mb']} | {found['peak_mb']} | {found['after_mb']} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
