"""Opening a DuckDB file (waiting, bounded, for another process's lock) and running .sql files on a connection;
the warehouse handle (flows/warehouse/handle.py) builds on these."""
from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path

import duckdb

from flows import interrupts

log = logging.getLogger("wirehouse")


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened; the message says why in plain words."""


class WarehouseLocked(WarehouseError):
    """The warehouse file stayed locked by another process for longer than the configured timeout."""


class WarehouseDamaged(WarehouseError):
    """The warehouse file is damaged: a block fails its checksum, or the file is cut short."""


# What DuckDB says when a block does not read back as written (checksums) or the file ends early (truncated).
DAMAGE = re.compile(r"Corrupt database file|Could not read enough bytes from file")
REBUILD = "rebuild it from the archived articles with `wirehouse reprocess --rebuild`"


def lock_holder(message: str) -> str:
    """Return who holds a DuckDB lock, from DuckDB's error text: 'PID 123, python3.11', or 'another process'."""
    found = re.search(r"held in (\S+) \(PID (\d+)\)", message)
    return f"PID {found.group(2)}, {Path(found.group(1)).name}" if found else "another process"


def a_folder(path: Path) -> WarehouseError:
    """Return the error for a warehouse path that is a folder."""
    return WarehouseError(f"warehouse {path} is a directory, not a DuckDB file: give a file path such as "
                          f"{path / 'news.duckdb'}")


def not_duckdb(path: Path) -> WarehouseError:
    """Return the error for a warehouse path that holds a file of another kind."""
    return WarehouseError(f"{path} is not a DuckDB database file: it holds something else, choose another path "
                          f"(if it was the warehouse, {REBUILD})")


def is_damage(exc: BaseException) -> bool:
    """Return True when a DuckDB error says the file is damaged."""
    return isinstance(exc, duckdb.Error) and bool(DAMAGE.search(str(exc)))


def damaged(path: Path, exc: BaseException) -> WarehouseDamaged:
    """Return the error for a damaged warehouse file: which file, what DuckDB found, what to do."""
    found = str(exc).removeprefix("IO Error: ").split(": attempted", 1)[0]
    return WarehouseDamaged(f"{path} is damaged ({found}): nothing was written to it; {REBUILD} "
                            "(which keeps the damaged file aside)")


def verify(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise WarehouseDamaged unless every block of every table reads back as DuckDB wrote it: each column of each
    table is hashed, which loads (and checksums) every block it is stored in. Blocks no table uses are not read,
    and nothing in them is ever read either."""
    tables = con.execute("select schema_name, table_name from duckdb_tables() "
                         "where database_name = current_database() and not temporary").fetchall()
    try:
        for schema, table in tables:
            con.execute(f'select bit_xor(hash(columns(*))) from "{schema}"."{table}"').fetchall()
    except duckdb.Error as exc:
        if is_damage(exc):
            raise damaged(path, exc) from exc
        raise


def diagnose(path: Path, exc: Exception, read_only: bool) -> WarehouseError:
    """Return the error to show for a warehouse that cannot be opened, telling the common causes apart."""
    text = str(exc)
    if path.is_dir() or "Is a directory" in text:
        return a_folder(path)
    if "not a valid DuckDB database file" in text:
        return not_duckdb(path)
    if is_damage(exc):
        return damaged(path, exc)
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        action = "read" if read_only else "write"
        return WarehouseError(f"permission denied: cannot {action} {path} (check the folder's permissions)")
    if isinstance(exc, OSError) and exc.strerror:
        return WarehouseError(f"cannot open {path}: {exc.strerror} ({exc.filename})")
    return WarehouseError(f"cannot open {path}: {text}")


def open_file(path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Return a connection to the file, waiting (once, bounded, saying so at once) while another process holds it."""
    deadline, delay, told = time.monotonic() + timeout, 0.2, False
    while True:
        try:
            if not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, OSError) as exc:
            if "lock" not in str(exc).lower():
                raise diagnose(path, exc, read_only) from exc
            holder = lock_holder(str(exc))
            if time.monotonic() > deadline:
                raise WarehouseLocked(f"{path} is locked by {holder} (a DuckDB shell or another run?) for more "
                                      f"than {timeout:.0f}s: close it and run again") from exc
            if not told:
                log.warning("waiting for %s: %s holds it (giving up after %.0fs)", path, holder, timeout)
                told = True
            with interrupts.interruptible():  # no connection yet: a stop may end the wait
                time.sleep(delay)
            delay = min(delay * 2, 2.0)


def bound(con: duckdb.DuckDBPyConnection, memory_mb: int = 0, threads: int = 0) -> None:
    """Limit the connection's database to memory_mb of memory and `threads` threads (0: leave DuckDB's default).
    Past the limit DuckDB spills joins and aggregates to its temporary folder (beside the file) instead of growing."""
    if memory_mb:
        con.execute(f"set memory_limit = '{int(memory_mb)}MiB'")
    if threads:
        con.execute(f"set threads = {int(threads)}")


def copy_atomically(source: Path, target: Path) -> None:
    """Replace target with a copy of source: written beside it, flushed, renamed over it, the folder flushed; a
    process that has the old target open keeps its old file."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    with partial.open("rb") as copied:
        os.fsync(copied.fileno())
    os.replace(partial, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


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
