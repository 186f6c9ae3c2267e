"""Pure helpers of the benchmark: the ratios, the machine-readable result line, the Markdown tables."""
from __future__ import annotations

import re
from dataclasses import dataclass

# full/floor and full/floor_cpu: the full run against the floor on as many processes as the run has workers
LINE_FORMATS = {"full/floor": "{:.2f}", "full/floor_cpu": "{:.2f}", "noop/full": "{:.3f}",
                "incremental/expected": "{:.2f}", "peak_rss_mb": "{:.0f}"}


@dataclass
class Row:
    """One measured run: what it processed and what it cost."""

    name: str
    articles: int
    words: int
    wall_s: float
    peak_rss_mb: float | None = None
    cpu_s: float | None = None
    ratio: str = ""

    @property
    def articles_per_s(self) -> float:
        """Return articles per second of wall time (0 for a run with nothing to process)."""
        return self.articles / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        """Return words per second of wall time (0 for a run with nothing to process)."""
        return self.words / self.wall_s if self.wall_s > 0 else 0.0


def per_word(cost: float, words: int, floor_cost: float, floor_words: int) -> float:
    """Return cost per word against the floor's cost per word (the plain ratio when both ran the same words)."""
    return (cost / words) / (floor_cost / floor_words)


def ratios(floor: Row, full: Row, noop_s: float, incremental_s: float, n_new: int) -> dict[str, float]:
    """Return full/floor per word in wall time and in CPU seconds, noop/full, and incremental/expected, where expected
    is the full run's time scaled to the new articles' share (full × n_new / N)."""
    return {"full/floor": per_word(full.wall_s, full.words, floor.wall_s, floor.words),
            "full/floor_cpu": per_word(full.cpu_s, full.words, floor.cpu_s, floor.words),
            "noop/full": noop_s / full.wall_s, "incremental/expected": incremental_s / (full.wall_s * n_new / full.articles)}


def marginal(incremental_s: float, startup_s: float, full_s: float, n: int, n_new: int) -> float:
    """Return what the incremental run cost beyond a run's fixed start-up (imports, Prefect, model), against the
    full run scaled to the new articles' share: near 1 when the work itself is proportional to what is new."""
    return max(incremental_s - startup_s, 0.0) / (full_s * n_new / n)


def result_line(values: dict[str, float]) -> str:
    """Return the one machine-readable line, e.g. 'full/floor=1.23 full/floor_cpu=1.30 noop/full=0.012 ...'."""
    return " ".join(f"{key}={LINE_FORMATS[key].format(values[key])}" for key in LINE_FORMATS)


def parse_result_line(line: str) -> dict[str, float]:
    """Return the values of a result line (the inverse of result_line); raise ValueError when a key is missing."""
    found = {k: float(v) for k, v in re.findall(r"([\w/]+)=([-+0-9.eE]+)", line)}
    missing = [k for k in LINE_FORMATS if k not in found]
    if missing:
        raise ValueError(f"result line lacks {', '.join(missing)}: {line!r}")
    return found


def _num(value: float | None, digits: int = 1) -> str:
    """Return a number formatted with thousands separators, or '–' when there is none."""
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown_table(rows: list[Row]) -> str:
    """Return the measured runs as a Markdown table."""
    lines = ["| run | articles | words | wall s | articles/s | words/s | peak RSS MB (tree) | CPU s | ratio |",
             "|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.articles:,} | {r.words:,} | {_num(r.wall_s)} | {_num(r.articles_per_s)} | "
                     f"{_num(r.words_per_s, 0)} | {_num(r.peak_rss_mb, 0)} | {_num(r.cpu_s)} | {r.ratio} |")
    return "\n".join(lines)


def share_table(title: str, seconds: dict[str, float], total: float) -> str:
    """Return a two-column Markdown table of seconds and their share of total, largest first."""
    lines = [f"| {title} | s | share |", "|---|--:|--:|"]
    for name, value in sorted(seconds.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {value:.2f} | {100 * value / total:.1f}% |")
    lines.append(f"| **total** | {total:.2f} | 100% |")
    return "\n".join(lines)


def collapse(seconds: dict[str, float], min_share: float = 0.005, rest: str = "everything else") -> dict[str, float]:
    """Return the entries of at least min_share of the total, the smaller ones summed under `rest`."""
    total = sum(seconds.values()) or 1.0
    kept = {k: v for k, v in seconds.items() if v >= min_share * total}
    small = sum(v for k, v in seconds.items() if k not in kept)
    return {**kept, rest: small} if small > 0 else kept
