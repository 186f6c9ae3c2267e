"""The benchmark: unique texts, ratios against the floor, the result line, the time breakdown, the A/B variants,
the floor's pipe batch, and (slow) a whole `bench.run` on a few articles."""
from __future__ import annotations

import gzip
import importlib
import json
import subprocess
import sys

import pytest

from bench import ab_run, breakdown, corpus, procmon, report, results, run, sampler
from flows.settings import PROJECT_ROOT


def test_tags_are_unique_lowercase_words():
    tags = [corpus.tag(i) for i in range(30_000)]
    assert len(set(tags)) == len(tags)
    assert all(t.isalpha() and t.islower() for t in tags)
    assert tags[:3] == ["a", "b", "c"] and tags[26] == "ba"


def test_texts_are_unique_even_when_the_corpus_cycles():
    texts = corpus.texts_for(["One story here.", "Another story there."], 0, 5)
    assert len(set(texts)) == 5
    assert texts[2].startswith("One story here.\n\nbench copy ")
    assert not any(ch.isdigit() for t in texts for ch in t.rsplit("\n", 1)[1])  # a digit would become a metric


def test_corpus_reading_keeps_distinct_articles_and_interleaves(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    rows = [{"text": "word " * 50}, {"text": "word " * 50}, {"text": "too short"}, {"text": "other " * 45}]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows))
    assert len(corpus.read_texts(path)) == 2
    assert corpus.interleave(["a1", "a2", "a3"], ["b1"]) == ["a1", "b1", "a2", "a3"]


def test_write_inbox_numbers_files(tmp_path):
    paths = corpus.write_inbox(["x y z", "u v w"], tmp_path / "inbox", start=7)
    assert [p.name for p in paths] == ["bench_000007.txt", "bench_000008.txt"]
    assert corpus.word_count(["x y z", "u v w"]) == 6


def test_ratios_and_result_line_round_trip():
    floor = results.Row("floor", articles=5000, words=1_000_000, wall_s=100.0, cpu_s=200.0)
    full = results.Row("full", articles=5000, words=1_000_000, wall_s=230.0, cpu_s=300.0)
    values = results.ratios(floor, full, noop_s=16.0, incremental_s=20.0, n_new=50)
    assert values["full/floor"] == pytest.approx(2.3)
    assert values["full/floor_cpu"] == pytest.approx(1.5)
    assert values["noop/full"] == pytest.approx(16 / 230)
    assert values["incremental/expected"] == pytest.approx(20 / 2.3)
    line = results.result_line({**values, "peak_rss_mb": 850.4})
    assert line == "full/floor=2.30 full/floor_cpu=1.50 noop/full=0.070 incremental/expected=8.70 peak_rss_mb=850"
    assert results.parse_result_line("log...\n" + line)["peak_rss_mb"] == 850
    with pytest.raises(ValueError):
        results.parse_result_line("full/floor=1.0")


def test_a_floor_over_fewer_words_is_compared_per_word():
    assert results.per_word(cost=230.0, words=1_000_000, floor_cost=20.0, floor_words=200_000) == pytest.approx(2.3)


def usage(wall_s: float, cpu_s: float, peak: float = 500.0) -> procmon.Usage:
    return procmon.Usage(wall_s=wall_s, cpu_s=cpu_s, peak_rss_mb=peak, peak_by_process={"python x [1]": peak},
                         cpu_by_process={"python x [1]": cpu_s})


def measured(workers: int = 2) -> dict:
    """Return a whole bench.run measurement with invented numbers: N = 1,000, the floor on `workers` processes."""
    floor = {"n_process": workers, "batch_size": 16, "components": ["tok2vec", "ner"], "articles": 1000,
             "load_s": 1.0, "work_s": 30.0}
    stages = {"imports": {"prefect": 2.0}, "flow_s": 20.0, "done_at": 1021.0,
              "spent": {"extract_batch": 8.0, "extract_article": 3.0, "refresh_search_index": 0.7, "wait_healthy": 4.0}}
    return {"n": 1000, "words": 250_000, "corpus": "mix", "cores": 2, "usable_cores": 2, "workers": workers,
            "single_n": 500, "single_words": 125_000, "n_new": 10, "new_words": 2_500,
            "floor": (floor, usage(30.0, 60.0, 850.0)),
            "floor1": ({**floor, "n_process": 1, "articles": 500, "work_s": 25.0}, usage(27.0, 27.0)),
            "startup": usage(7.0, 8.0), "full": usage(48.0, 96.0, 1300.0), "noop": usage(0.8, 0.9),
            "incremental": usage(9.0, 10.0), "stages": (stages, procmon.Usage(wall_s=23.0, started_at=1000.0)),
            "sampler": ({"total_s": 20.0, "by_package": {"spacy": 12.0, "prefect": 8.0}, "top": [["util.py:_pipe", 4.0]]},
                        usage(20.0, 20.0)),
            "sample_n": 200, "sample_words": 50_000, "loadavg_start": (1.0, 1.0, 1.0), "loadavg_end": (1.5, 1.2, 1.1),
            "bench_s": 300.0, "command": "python -m bench.run --articles 1000"}


def test_the_headline_floor_runs_on_the_run_workers_and_the_one_process_floor_is_the_second_row():
    table, values = run.rows(measured(workers=2))
    assert table[0].name.startswith("floor: read + nlp.pipe, 2 processes") and table[0].ratio == "1.00 (the floor)"
    assert table[1].name == "floor: read + nlp.pipe, 1 process"
    assert values["full/floor"] == pytest.approx(48 / 30) and values["full/floor_cpu"] == pytest.approx(96 / 60)
    full = next(r for r in table if r.name.startswith("full:"))
    assert "full/floor = 1.60" in full.ratio and "CPU s: **1.60**" in full.ratio
    # one process: 25 s for half the words, so the full run costs 48 / 50 = 0.96 of it per word
    assert "full/floor1 = 0.96" in table[1].ratio and "2-process floor: 1.67x its words/s" in table[1].ratio


def test_results_md_states_the_fair_headline_the_batch_and_untimed_time():
    found = measured()
    table, values = run.rows(found)
    stages = breakdown.stage_seconds(found["stages"][0], 23.0, 1000.0)
    text = report.render(found, table, values, stages)
    assert "**1.60x its wall time and 1.60x its CPU seconds**" in text and "`n_process=2`" in text
    assert "batch 16, the pipeline's own `PIPE_BATCH`" in text
    assert "| load: full-text index refresh | 0.70 |" in text and f"| {breakdown.UNTIMED} |" in text
    assert "orchestration" not in text
    assert "command: `python -m bench.run --articles 1000`" in text and "2 cores" in text


def test_a_new_results_md_keeps_the_part_written_by_hand():
    old = f"# old generated part\n\n{report.KEPT}\n\n## Earlier results\n\nfull/floor=0.96 (one-process floor)\n"
    assert report.kept_part(old) == f"\n{report.KEPT}\n\n## Earlier results\n\nfull/floor=0.96 (one-process floor)\n"
    assert report.kept_part("# no marker\n") == ""


def test_rates_and_collapse():
    row = results.Row("full", articles=100, words=30_000, wall_s=10.0)
    assert (row.articles_per_s, row.words_per_s) == (10.0, 3000.0)
    assert results.Row("noop", 0, 0, 0.0).words_per_s == 0.0
    assert results.collapse({"a": 99.0, "b": 0.4, "c": 0.6}, 0.01) == {"a": 99.0, "everything else": 1.0}


def test_stage_breakdown_adds_up_to_the_wall_time():
    found = {"imports": {"prefect": 2.0, "spacy": 1.0}, "flow_s": 20.0,
             "spent": {"wait_healthy": 5.0, "plan_files": 0.5, "extract_batch": 8.0,
                       "extract_article": 3.0, "places": 1.0, "load_nlp": 0.5, "validate_batch": 2.0,
                       "run_suite": 1.5, "_suites": 0.5, "load_batch": 1.0, "refresh_search_index": 0.5}}
    stages = breakdown.stage_seconds(found, wall_s=25.0)
    assert sum(stages.values()) == pytest.approx(25.0)
    assert stages["extract: spaCy nlp.pipe"] == pytest.approx(4.5)
    assert stages["extract: rules (entities, metrics, quotes, events)"] == pytest.approx(2.0)
    assert stages["load: full-text index refresh"] == pytest.approx(0.5)
    assert stages[breakdown.UNTIMED] == pytest.approx(3.0)  # what no timer covers is untimed, not a stage
    assert breakdown.UNTIMED.startswith("untimed:") and not any(k.startswith("prefect: flow") for k in stages)
    fam = breakdown.families(stages)
    assert fam["extract: spaCy"] == pytest.approx(5.0) and fam["extract: rules"] == pytest.approx(3.0)
    assert fam["untimed"] == pytest.approx(3.0)


def test_sampler_buckets():
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/prefect/flows.py") == "prefect"
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/thinc/api.py") == "spacy"
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/pandas/core/frame.py") is None
    assert sampler.bucket("/work/wt/flows/extract/quotes/speakers.py") == "flows.extract"
    assert sampler.bucket("/work/wt/flows/pipeline.py") == "flows (core)"


def test_stage_breakdown_splits_exit_when_start_time_is_known():
    found = {"imports": {"prefect": 2.0}, "flow_s": 10.0, "spent": {}, "done_at": 1012.5}
    stages = breakdown.stage_seconds(found, wall_s=15.0, started_at=1000.0)
    assert stages["prefect: process exit (server shutdown, flushing)"] == pytest.approx(2.5)
    assert stages["start-up: interpreter start, bench set-up"] == pytest.approx(0.5)
    assert sum(stages.values()) == pytest.approx(15.0)


def test_incremental_cost_beyond_the_start_up_is_scaled_to_the_new_share():
    assert results.marginal(incremental_s=12.0, startup_s=10.0, full_s=200.0, n=1000, n_new=10) == pytest.approx(1.0)
    assert results.marginal(incremental_s=9.0, startup_s=10.0, full_s=200.0, n=1000, n_new=10) == 0.0


def test_every_timed_function_and_every_ab_change_names_a_real_attribute():
    """A renamed pipeline function must break the benchmark loudly, not leave a stage silently untimed."""
    from bench import stages

    for module, attr in stages.TIMED:
        owner = importlib.import_module(module)
        for part in attr.split("."):
            owner = getattr(owner, part)
    for variant in ab_run.VARIANTS.values():
        for module, attr in [*variant.run, *variant.everywhere]:
            assert hasattr(importlib.import_module(module), attr), f"{module}.{attr}"


def test_the_floor_pipes_as_many_texts_per_batch_as_the_pipeline_with_its_components(tmp_path):
    from bench import floor
    from flows.extract import article
    from flows.extract.nlp import load_nlp
    from flows.settings import Settings

    corpus.write_inbox(["Acme Corp said on Monday it would buy Widget Corp for $5 million.",
                        "Jane Roe, chief executive of Widget Corp, said the deal was good news."], tmp_path)
    found = floor.floor(tmp_path, n_process=1)
    settings = Settings.from_env()
    assert found["batch_size"] == article.PIPE_BATCH
    assert found["components"] == load_nlp(settings.spacy_model, str(settings.alias_table)).pipe_names
    assert found["articles"] == 2 and found["tokens"] > 20


@pytest.mark.slow
def test_bench_run_on_a_few_articles_prints_the_fair_headline(tmp_path):
    results_md = tmp_path / "RESULTS.md"
    results_md.write_text(f"# old\n\n{report.KEPT}\n\n## Earlier results\n")
    env = run.environment()
    done = subprocess.run([sys.executable, "-m", "bench.run", "--articles", "4", "--single-articles", "2",
                           "--profile-articles", "2", "--results", str(results_md), "--workdir", str(tmp_path / "w")],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    line = results.parse_result_line(done.stdout.strip().splitlines()[-1])
    assert line["full/floor"] > 0 and line["full/floor_cpu"] > 0
    text = results_md.read_text()
    assert f"| floor: read + nlp.pipe, {run.run_workers()} processes (the run's workers) | 4 |" in text
    assert "| floor: read + nlp.pipe, 1 process | 2 |" in text
    assert "| load: full-text index refresh |" in text and "| untimed |" in text
    assert text.endswith(f"{report.KEPT}\n\n## Earlier results\n")


def test_ab_medians_and_ratio_of_b_to_a():
    from bench import ab

    worker = "python -B -c from multiprocessing.spawn import spawn_main; s [7]"
    runs = {"default": [procmon.Usage(wall_s=w, cpu_s=20.0, peak_rss_mb=900.0, peak_by_process={worker: 300.0})
                        for w in (10.0, 12.0, 30.0)],
            "pipe-batch-32": [procmon.Usage(wall_s=w, cpu_s=19.0, peak_rss_mb=1000.0, peak_by_process={worker: 360.0})
                              for w in (11.0, 11.0, 9.0)]}
    medians = ab.summary(runs)
    assert medians["default"]["wall_s"] == 12.0 and medians["pipe-batch-32"]["worker_peak_mb"] == 360.0
    text = ab.markdown("default", "pipe-batch-32", medians, runs, "### A/B")
    assert "| **pipe-batch-32 / default** | 0.917 | 0.950 | 1.111 | 1.200 | |" in text


def test_bench_rules_prints_spacy_and_the_rules_per_article_by_family(tmp_path, capsys):
    from bench import rules
    from flows.extract import article, tone

    story = ("Acme Corp said on Monday it would buy Widget Corp of Oslo for $5 million, its chief executive Jane Roe "
             "told reporters. \"This is a good day for both companies,\" Roe said, adding that sales rose 12% last "
             "year and that the deal would close in March. Widget Corp shares rose 3% in Oslo.")
    for name in corpus.SOURCES.values():  # a corpus of invented stories in the shared corpus's format
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as f:
            f.write("\n".join(json.dumps({"text": f"{story} Story {n}."}) for n in ("one", "two")))
    originals = article.find_mentions, tone.score
    assert rules.main(["--articles", "3", "--corpus-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    found = json.loads(lines[-1])
    assert found["articles"] == 3 and found["spacy_ms"] > 0 and found["rules_ms"] > 0
    assert list(found["families_ms"]) == [*rules.FAMILIES, "other"]
    assert sum(found["families_ms"].values()) == pytest.approx(found["rules_ms"], abs=0.1)
    assert lines[0].startswith("CPU per article") and any(line.startswith("  events") for line in lines)
    assert (article.find_mentions, tone.score) == originals  # the timers are taken off again


def test_memline_books_samples_to_their_batch_and_the_run_end(tmp_path):
    from bench import memline

    log = tmp_path / "run.log"
    log.write_text("[###...] 200/400 files\nsome warning\n[######] 400/400 files\n")
    assert memline.batches_done(log) == 2
    samples = [{"t": 0.5, "batch": 1, "run": 300.0, "workers": 500.0, "server": 200.0, "tree": 1000.0},
               {"t": 1.0, "batch": 1, "run": 350.0, "workers": 450.0, "server": 200.0, "tree": 1000.0},
               {"t": 1.5, "batch": 2, "run": 320.0, "workers": 520.0, "server": 210.0, "tree": 1050.0},
               {"t": 2.0, "batch": 3, "run": 400.0, "server": 210.0, "tree": 610.0}]
    assert memline.by_batch(samples, 2) == [
        ("1", {"run": 350.0, "server": 200.0, "workers": 500.0, "tree": 1000.0}),
        ("2", {"run": 320.0, "server": 210.0, "workers": 520.0, "tree": 1050.0}),
        ("end", {"run": 400.0, "server": 210.0, "workers": 0.0, "tree": 610.0})]
    assert "tree peak 1,050 MB at 1.5 s (batch 2" in memline.report(samples, 2, 2.0, 3.0)


def test_memline_books_cpu_to_the_batch_an_interval_ends_in_and_counts_idle_cores():
    from bench import memline

    samples = [{"t": 1.0, "batch": 1, "cpu": 1.0}, {"t": 2.0, "batch": 1, "cpu": 3.0},  # 2 s, 3 CPU s
               {"t": 3.0, "batch": 2, "cpu": 5.0}, {"t": 5.0, "batch": 3, "cpu": 6.0}]  # the end: 2 s, 1 CPU s
    assert memline.busy_by_batch(samples, 2, cores=2) == [("1", 2.0, 1.5, 1.0), ("2", 1.0, 2.0, 0.0),
                                                          ("end", 2.0, 0.5, 3.0)]
    rows = [{**s, "run": 100.0, "tree": 100.0} for s in samples]
    text = memline.report(rows, 2, 5.0, 6.0, cores=2)
    assert "| end | 100 | 0 | 0 | 100 | 2.0 | 0.50 | 3.0 |" in text and "idle core-seconds 4.0 of 2 cores" in text


def test_fixed_measures_each_step_in_order_in_a_fresh_process():
    from bench import fixed

    found = fixed.steps_in_fresh_process([("start", ""), ("64 MB held", "held = bytearray(64 * 2**20)\n"
                                                                      "held[::4096] = b'x' * len(held[::4096])")])
    assert [s["step"] for s in found] == ["start", "64 MB held"]
    assert found[1]["rss_mb"] - found[0]["rss_mb"] >= 60  # the pages are touched, so they are resident
    assert found[1]["cpu_s"] >= found[0]["cpu_s"] >= 0


def test_fixed_budget_sums_the_run_the_server_and_each_worker():
    from bench import fixed

    found = {"run": [{"step": "interpreter", "rss_mb": 10.0, "cpu_s": 0.1},
                     {"step": "Great Expectations", "rss_mb": 300.0, "cpu_s": 3.0}],
             "server": {"step": "Prefect server, answering", "rss_mb": 200.0, "cpu_s": 4.0},
             "worker": {"step": "an extraction worker, ready", "rss_mb": 150.0, "cpu_s": 1.5}, "workers": 2}
    assert fixed.fixed_mb(found) == 800.0
    text = fixed.render(found, 1200)
    assert "| run: Great Expectations | 300 | +290 | 3.00 |" in text
    assert "= **800 MB**" in text and "leaves **400 MB**" in text


@pytest.mark.slow
def test_bench_fixed_measures_the_real_parts_and_records_them(tmp_path, capsys):
    from bench import fixed

    record = tmp_path / "RESULTS.md"
    assert fixed.main(["--workers", "1", "--record", str(record)]) == 0
    out = capsys.readouterr().out
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out.splitlines() if line.startswith("| ")}
    assert {"run: Great Expectations", "Prefect server, answering", "an extraction worker, ready"} <= set(rows)
    assert "Fixed memory of a run with 1 worker:" in out and "### Fixed parts" in record.read_text()
