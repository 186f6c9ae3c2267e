"""Reports: one query per file in sql/reports/, listed with their header comments, run by name with bound parameters.

A report's header is its leading `--` lines: what it answers, then one `-- param NAME: what it does` line per
parameter ("(required)" in the text makes it required). Parameters reach the SQL as DuckDB variables, bound
with `set variable NAME = ?` and read with getvariable('NAME'); a value is never spliced into SQL text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from flows.db import run_script
from flows.warehouse.handle import Warehouse

PARAM_LINE = re.compile(r"param\s+([a-z_][a-z0-9_]*)\s*:\s*(.*)")
VARIABLE = re.compile(r"getvariable\(\s*'([a-z_][a-z0-9_]*)'\s*\)")
SEARCH_MARK = "match_bm25"  # a report that reads the full-text index needs the FTS extension and a fresh index


class ReportError(ValueError):
    """A report that does not exist, parameters it does not take, or a warehouse it cannot read; the message says which."""


@dataclass(frozen=True)
class Report:
    """One report file: its name, what it answers, and the parameters it documents and reads."""

    name: str
    path: Path
    description: str
    params: dict[str, str] = field(default_factory=dict)  # documented parameter -> what it does
    variables: frozenset[str] = frozenset()              # every getvariable() name the SQL reads
    uses_search: bool = False

    @property
    def required(self) -> list[str]:
        """Return the parameters the report cannot run without."""
        return [name for name, doc in self.params.items() if "(required)" in doc]


@dataclass(frozen=True)
class Result:
    """The rows a report returned, with its column names."""

    name: str
    columns: list[str]
    rows: list[tuple]
    json_columns: frozenset[str] = frozenset()  # columns of DuckDB type JSON (their values arrive as text)

    def records(self) -> list[dict]:
        """Return the rows as dicts (column -> value)."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def read_report(path: Path) -> Report:
    """Return a report as its file declares it: header comment, parameters, variables read."""
    text = path.read_text(encoding="utf-8")
    description, params = [], {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        comment = line.removeprefix("--").strip()
        if match := PARAM_LINE.fullmatch(comment):
            params[match[1]] = match[2]
        else:
            description.append(comment)
    return Report(path.stem, path, " ".join(description), params, frozenset(VARIABLE.findall(text)),
                  SEARCH_MARK in text)


def catalog(sql_dir: Path) -> dict[str, Report]:
    """Return every report in sql/reports/, by name (the file name without .sql), in name order."""
    return {path.stem: read_report(path) for path in sorted((sql_dir / "reports").glob("*.sql"))}


def find(sql_dir: Path, name: str) -> Report:
    """Return the report of that name; raise ReportError for any name that is not a file in sql/reports/."""
    reports = catalog(sql_dir)
    if name not in reports:  # the listing is the only source of names: no path is ever built from user input
        raise ReportError(f"no report named {name!r}; the reports are: {', '.join(reports)} "
                          "(`wirehouse report --list` says what each answers)")
    return reports[name]


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """Return `key=value` command-line pairs as a dict; raise ReportError for a pair without '='."""
    params = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ReportError(f"bad parameter {pair!r}: write it as name=value")
        params[key.strip()] = value
    return params


def check_params(report: Report, params: dict[str, str]) -> None:
    """Raise ReportError when a parameter is unknown to the report or a required one is missing; else return None."""
    unknown = sorted(set(params) - report.variables)
    if unknown:
        takes = ", ".join(sorted(report.params)) or "no parameters"
        raise ReportError(f"report {report.name} does not take {', '.join(unknown)}; it takes: {takes}")
    missing = [name for name in report.required if not params.get(name)]
    if missing:
        raise ReportError(f"report {report.name} needs {', '.join(missing)}: "
                          + "; ".join(f"--param {name}=... ({report.params[name].replace(' (required)', '')})" for name in missing))


def run_report(warehouse: Warehouse, name: str, params: dict[str, str] | None = None, limit: int | None = None) -> Result:
    """Return the rows of one report (at most `limit`), its parameters bound as DuckDB variables."""
    report = find(warehouse.sql_dir, name)
    params = params or {}
    check_params(report, params)
    if not warehouse.exists():
        raise ReportError(f"no warehouse at {warehouse}: load articles first with `wirehouse run`")
    if report.uses_search:  # it runs on the store holding the index (a lake's is a file of its own)
        from flows.report.search import ensure_index

        warehouse = ensure_index(warehouse)
    with warehouse.connect(read_only=True) as con:
        if report.uses_search:
            from flows.report.search import load_fts

            load_fts(con)
        try:
            cursor = run_script(con, report.path, **params)
        except duckdb.CatalogException as exc:  # an empty or older warehouse lacks a table the report reads
            raise ReportError(f"report {name} cannot read {warehouse}: {exc}") from exc
        except duckdb.ConversionException as exc:  # a parameter the SQL casts, e.g. per_type=five
            raise ReportError(f"report {name}: a parameter has the wrong type: {str(exc).splitlines()[0]}") from exc
        rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
        return Result(name, [d[0] for d in cursor.description], rows,
                      frozenset(d[0] for d in cursor.description if str(d[1]) == "JSON"))


def listing(sql_dir: Path) -> str:
    """Return the text of `wirehouse report --list`: each report's name, what it answers, and its parameters."""
    reports = catalog(sql_dir)
    width = max(map(len, reports), default=0)
    lines = []
    for report in reports.values():
        lines.append(f"{report.name.ljust(width)}  {report.description}")
        lines += [f"{''.ljust(width)}    --param {name}=...  {doc}" for name, doc in report.params.items()]
    return "\n".join(lines)
