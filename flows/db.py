"""The warehouse connection: a DuckDB file held only as long as needed, and .sql files run on it."""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import duckdb


class WarehouseLocked(RuntimeError):
    """The warehouse file stayed locked by another process for longer than the configured timeout."""


@contextmanager
def connect(path: Path, read_only: bool = False, timeout: float = 60.0):
    """Yield a DuckDB connection, retrying with back-off while another process holds the file lock.

    This back-off is the only retry around the warehouse: any other error is raised at once.
    """
    if read_only and not path.exists():
        con = duckdb.connect(":memory:")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline, delay = time.monotonic() + timeout, 0.2
        while True:
            try:
                con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise WarehouseLocked(
                        f"{path} is locked by another process (a DuckDB shell or another run?) "
                        f"for more than {timeout:.0f}s: close it and run again") from exc
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
    try:
        yield con
    finally:
        con.close()


def run_script(con: duckdb.DuckDBPyConnection, path: Path, **variables) -> duckdb.DuckDBPyConnection:
    """Execute every statement of one .sql file after setting its getvariable() inputs; return the connection,
    holding the last statement's result."""
    set_variables(con, **variables)
    return con.execute(path.read_text(encoding="utf-8"))


def set_variables(con: duckdb.DuckDBPyConnection, **values) -> None:
    """Set DuckDB session variables read by the .sql files through getvariable()."""
    for name, value in values.items():
        con.execute(f"set variable {name} = ?", [value])


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Return True when the connected database has the table (an old or missing warehouse may not)."""
    return con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchone()[0] > 0


def query(con: duckdb.DuckDBPyConnection, path: Path, **variables) -> list[dict]:
    """Return the rows of one .sql file as dicts (column name -> value)."""
    cursor = run_script(con, path, **variables)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
