"""The extraction rules' CPU beside spaCy's, per article, in one process, interleaved as an extraction worker runs
them: the next Doc of one nlp.pipe stream (spaCy), then extract_article over it (the rules).

The texts are the bench corpus's (bench.corpus), written to a temporary inbox and read and parsed with the
pipeline's own reader, so the rules see what a run gives them. Times are process CPU seconds, not wall time: the
machine is shared. The rules' families are timed by wrapping the functions extract_article calls (only the
outermost timed call counts, so a family calling another's function is not counted twice); "other" is the rest of
extract_article (the article's hash, the rows).

    python -m bench.rules --articles 300
    python -m bench.rules --articles 300 --checkout OTHER   # another checkout's flows/, this process's venv (A/B)
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from bench.corpus import CORPUS_DIR, load_corpus, texts_for, write_inbox

# family -> the (module, function) extract_article reaches it through
FAMILIES = {
    "mentions+typing": [("flows.extract.article", "find_mentions"), ("flows.extract.article", "type_mentions")],
    "canonical": [("flows.extract.article", "resolve")],
    "quotes": [("flows.extract.article", "extract_quotes"), ("flows.extract.article", "speaker_entities")],
    "events": [("flows.extract.article", "extract_events")],
    "metrics": [("flows.extract.article", "extract_metrics")],
    "tone": [("flows.extract.tone", "entity_spans"), ("flows.extract.tone", "with_tone"), ("flows.extract.tone", "score")],
    "places+listings": [("flows.extract.places", "place_of"), ("flows.extract.listings", "listing_of")],
}


@contextmanager
def family_timers(spent: dict[str, float]) -> Iterator[None]:
    """Wrap every FAMILIES function to add its CPU seconds to spent[family] while the block runs; put the
    originals back after. A call made inside another timed call is the outer one's time."""
    depth = [0]
    originals = []

    def timed(fn, family: str):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            if depth[0]:
                return fn(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[family] += time.process_time() - start
                depth[0] -= 1
        return wrapper

    for family, functions in FAMILIES.items():
        for module_name, name in functions:
            module = importlib.import_module(module_name)
            originals.append((module, name, getattr(module, name)))
            setattr(module, name, timed(getattr(module, name), family))
    try:
        yield
    finally:
        for module, name, fn in reversed(originals):
            setattr(module, name, fn)


def parsed_items(texts: list[str], inbox: Path, extensions: tuple[str, ...]) -> list:
    """Return the (document, metadata) pairs of the texts, written to inbox and read as a run reads them."""
    from flows.ingest.parse import parse_batch
    from flows.ingest.read import read_batch

    docs, _ = read_batch([(p, "inbox") for p in write_inbox(texts, inbox)], extensions)
    items, _ = parse_batch(docs)
    return items


def measure(texts: list[str], inbox: Path) -> dict:
    """Return spaCy's and the rules' CPU seconds over the texts, and the rules' by family."""
    from flows.extract.article import extract_article, pipe
    from flows.extract.nlp import alias_lookup, load_nlp
    from flows.settings import Settings

    settings = Settings.from_env()
    nlp = load_nlp(settings.spacy_model, str(settings.alias_table))
    aliases = alias_lookup(str(settings.alias_table))
    items = parsed_items(texts, inbox, settings.extensions)
    spacy_s = rules_s = 0.0
    spent: dict[str, float] = defaultdict(float)
    docs = pipe(nlp, [source.text for source, _ in items])
    with family_timers(spent):
        for source, meta in items:
            started = time.process_time()
            doc = next(docs)
            parsed = time.process_time()
            extract_article(doc, source, meta, aliases)
            rules_s += time.process_time() - parsed
            spacy_s += parsed - started
    families = {name: spent[name] for name in FAMILIES}
    families["other"] = rules_s - sum(families.values())
    return {"articles": len(items), "spacy_s": spacy_s, "rules_s": rules_s, "families_s": families}


def report(found: dict) -> dict:
    """Return the figures per article (ms), the rules' share of spaCy's time, and the load average."""
    n = max(found["articles"], 1)
    return {"articles": found["articles"], "spacy_ms": round(1000 * found["spacy_s"] / n, 2),
            "rules_ms": round(1000 * found["rules_s"] / n, 2),
            "rules_per_spacy": round(found["rules_s"] / found["spacy_s"], 3) if found["spacy_s"] else None,
            "families_ms": {k: round(1000 * v / n, 2) for k, v in found["families_s"].items()},
            "load_average": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    """Print a table of spaCy's and the rules' CPU per article and a JSON line with the same figures."""
    ap = argparse.ArgumentParser(prog="bench.rules", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300, help="articles of the corpus (300)")
    ap.add_argument("--corpus", default="mix", help="mix, bbc or reuters (mix)")
    ap.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR, help="where the corpus files are (../shared/corpus)")
    ap.add_argument("--checkout", type=Path, help="time this checkout's flows/ instead of this one's")
    args = ap.parse_args(argv)
    if args.checkout:
        sys.path.insert(0, str(args.checkout.resolve()))
    import flows  # noqa: F401  (the project's quiet, offline environment)

    texts = texts_for(load_corpus(args.corpus, args.corpus_dir), 0, args.articles)
    with tempfile.TemporaryDirectory(prefix="wirehouse-rules-") as tmp:
        figures = report(measure(texts, Path(tmp) / "inbox"))
    print(f"{'CPU per article':<20}{'ms':>8}")
    for name, value in [("spaCy", figures["spacy_ms"]), ("rules", figures["rules_ms"]),
                        *((f"  {k}", v) for k, v in figures["families_ms"].items())]:
        print(f"{name:<20}{value:>8.2f}")
    print(f"rules / spaCy {figures['rules_per_spacy']}, {figures['articles']} articles, "
          f"load average {figures['load_average']}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
