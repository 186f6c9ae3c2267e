"""DuckDB extensions from their pip packages (duckdb-extension-<name>), loaded by path: `install` needs the network."""
from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

import duckdb


class ExtensionMissing(RuntimeError):
    """A DuckDB extension's pip package is not installed for this DuckDB release."""


# Entry points that differ from the file name the pip package ships (DuckDB loads `<entry>_init` from the file name).
ENTRY_POINTS = {"sqlite": "sqlite_scanner"}


def extension_path(name: str) -> Path:
    """Return the extension file that the duckdb-extension-<name> package ships for this DuckDB release."""
    version = duckdb.__version__
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    path = (Path(spec.origin).parent / "extensions" / f"v{version}" / f"{name}.duckdb_extension"
            if spec and spec.origin else None)
    if path is None or not path.exists():
        raise ExtensionMissing(f"the DuckDB extension {name!r} is missing: pip install duckdb-extension-{name}=={version}")
    return path


def load_extension(con: duckdb.DuckDBPyConnection, name: str, cache: Path | None = None) -> Path:
    """Return the file loaded after loading a pip-packaged extension by path (`install` would need the network);
    an extension whose entry point differs from its file name is loaded from a copy under that name in `cache`."""
    path = extension_path(name)
    entry = ENTRY_POINTS.get(name, name)
    if entry != name:
        if cache is None:
            raise ValueError(f"the {name} extension must be copied to {entry}.duckdb_extension: give a cache folder")
        copy = cache / f"v{duckdb.__version__}" / f"{entry}.duckdb_extension"
        if not copy.exists() or copy.stat().st_size != path.stat().st_size:
            copy.parent.mkdir(parents=True, exist_ok=True)
            partial = copy.with_suffix(f".{random.getrandbits(32):08x}.part")  # another process may copy too
            shutil.copyfile(path, partial)
            partial.replace(copy)
        path = copy
    con.execute("load '{}'".format(str(path).replace("'", "''")))
    return path
