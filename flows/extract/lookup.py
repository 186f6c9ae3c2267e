"""Reference tables built from installed packages into SQLite files in the user's cache, read with look-ups.

A reference table (place names, first names) is built once per machine from a package's data, which is slow
and takes hundreds of MB while it runs; each extracting process then opens the file read-only and looks names
up one at a time, which costs microseconds and a few MB instead of holding the whole table in every process.
The build runs in a short-lived child process, so its memory goes back to the system when it ends, and under a
file lock, so worker processes that start together build it once.

    python -m flows.extract.lookup flows.extract.quotes.genders    (builds that module's table; the pipeline does it)
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path


@dataclass(frozen=True)
class Reference:
    """A reference table: name, columns ('name type'), key, the packages it is built from, the module whose
    REFERENCE it is and whose rows() yields its rows, and other modules its rows depend on (word lists)."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    packages: tuple[str, ...]
    module: str
    depends: tuple[str, ...] = ()

    def path(self) -> Path:
        """Return where the table is kept: the user's cache folder, under a name that changes with the code of its
        module and of the modules it depends on, and the versions of the packages it is built from."""
        code = b"".join(Path(importlib.util.find_spec(m).origin).read_bytes() for m in (self.module, *self.depends))
        parts = [hashlib.sha256(code).hexdigest(), *(version(p) for p in self.packages)]
        key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "wirehouse" / f"{self.table}-{key}.sqlite"


def fill(con: sqlite3.Connection, ref: Reference, rows: Iterable[tuple]) -> sqlite3.Connection:
    """Return the connection after creating the reference table in it and inserting the rows."""
    con.execute(f"create table {ref.table} ({', '.join(ref.columns)}, primary key ({', '.join(ref.key)})) "
                "without rowid")
    con.executemany(f"insert or replace into {ref.table} values ({', '.join('?' * len(ref.columns))})", rows)
    con.commit()
    return con


def rows_of(ref: Reference) -> Iterable[tuple]:
    """Return the rows of a reference table, from its module's rows()."""
    return importlib.import_module(ref.module).rows()


def write(ref: Reference) -> Path:
    """Return the table's path after building it there (into a temporary name, then renamed: a concurrent
    reader sees no file or all of it)."""
    path = ref.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as con:
        fill(con, ref, rows_of(ref))
    partial.replace(path)
    return path


def connect(ref: Reference) -> sqlite3.Connection:
    """Return a read-only connection to the reference table, built first (once, in a child process) when it is
    missing; a table in this process's memory when the cache folder cannot be written."""
    path = ref.path()
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.with_suffix(".lock").open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # the first process builds; the others wait, then read
                if not path.exists():
                    subprocess.run([sys.executable, "-m", __name__, ref.module], check=False,
                                   stdout=subprocess.DEVNULL)
        except OSError:
            pass
    if path.exists():
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return fill(sqlite3.connect(":memory:", check_same_thread=False), ref, rows_of(ref))


if __name__ == "__main__":
    write(importlib.import_module(sys.argv[1]).REFERENCE)
