"""The run's wall time by package: `wirehouse run` in-process while a thread samples the main thread's stack.

Each sample's elapsed time goes to the innermost frame in a package we can act on (flows.*, prefect, spacy,
great_expectations, duckdb): numpy or pandas work done for GX counts as GX, token reads in the rules as rules,
a sleep or socket wait inside Prefect as Prefect. Anything under the import machinery is start-up. Unlike
cProfile, sampling does not slow pure Python more than compiled code, and waits are seen.
Run as a subprocess by bench.run; writes JSON to --out.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

# site-packages top-level name -> bucket; frames elsewhere are generic and the next frame out decides
BUCKETS = {"prefect": "prefect", "spacy": "spacy", "thinc": "spacy", "great_expectations": "great_expectations",
           "duckdb": "duckdb", "_duckdb": "duckdb"}
IMPORTS = "imports (module loading)"


def bucket(filename: str) -> str | None:
    """Return the bucket of a frame's source file, or None for generic code."""
    path = filename.replace("\\", "/")
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/", 1)[0].split(".", 1)[0]
        return BUCKETS.get(top)
    if "/flows/" in path:
        parts = path.rsplit("/flows/", 1)[1].split("/")
        return "flows." + parts[0] if len(parts) > 1 else "flows (core)"
    return None


def classify(frame) -> tuple[str, str]:
    """Return (bucket, innermost function) of a stack: module loading anywhere wins, else the innermost bucket."""
    inner = f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}" if frame else "(idle)"
    found = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib"):
            return IMPORTS, inner
        found = found or bucket(name)
        frame = frame.f_back
    return found or "other (standard library, bench)", inner


class Sampler(threading.Thread):
    """Samples one thread's stack every `interval` seconds until stopped."""

    def __init__(self, target_id: int, interval: float = 0.005):
        super().__init__(daemon=True)
        self.target_id, self.interval, self.stop = target_id, interval, threading.Event()
        self.by_bucket: Counter = Counter()
        self.by_function: Counter = Counter()

    def run(self) -> None:
        """Add the time since the previous sample to the bucket and function of the current stack."""
        last = time.perf_counter()
        while not self.stop.wait(self.interval):
            now = time.perf_counter()
            where, inner = classify(sys._current_frames().get(self.target_id))
            self.by_bucket[where] += now - last
            self.by_function[inner] += now - last
            last = now


def main(argv: list[str] | None = None) -> int:
    """Sample `wirehouse run` in-process, write seconds by package and top functions to --out; return its status."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("args", nargs=argparse.REMAINDER, help="the `wirehouse` arguments, e.g. run --inbox DIR ...")
    ns = ap.parse_args(argv)
    sampler = Sampler(threading.get_ident())
    sampler.start()
    from flows import cli  # imports count: start-up is part of what a run costs

    status = cli.main(ns.args)
    sampler.stop.set()
    sampler.join()
    ns.out.write_text(json.dumps({"status": status, "total_s": sum(sampler.by_bucket.values()),
                                  "by_package": dict(sampler.by_bucket.most_common()),
                                  "top": sampler.by_function.most_common(15)}, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
