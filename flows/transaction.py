"""One DuckDB transaction around a block, ended cleanly even when the commit itself fails (a lost lake race)."""
from __future__ import annotations

from contextlib import contextmanager

import duckdb


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the connection's transaction, if one is still open: a failed commit has already ended it."""
    try:
        con.execute("rollback")
    except duckdb.TransactionException as exc:
        if "no transaction is active" not in str(exc):
            raise


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """Yield the connection inside one transaction: committed after the block, rolled back on any error."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        rollback(con)
        raise
