"""The warehouse file itself: a folder the loader cannot write, a damaged file, and rebuilding it from the archive.

The unwritable folder is a read-only bind mount in a user and mount namespace of the test's own (root would
write through any chmod); the damaged files are real warehouses with real bytes overwritten or cut off.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from samples import query
from test_archive import namespaces_allowed
from test_flow import STORY

from flows.cli import main
from flows.settings import PROJECT_ROOT

READ_ONLY = r"""
mount --bind "$FOLDER" "$FOLDER" && mount -o remount,ro,bind "$FOLDER" || exit 91
"$PYTHON" -c 'import sys; from flows.cli import main; sys.exit(main(sys.argv[1:]))' "$@"
"""


def in_read_only(folder: Path, *argv: str) -> subprocess.CompletedProcess:
    """Return the result of main(argv) run while `folder` is mounted read-only (for that process only)."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", READ_ONLY, "sh", *argv], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "FOLDER": str(folder), "PYTHON": sys.executable},
                          cwd=PROJECT_ROOT, timeout=120)


@pytest.mark.skipif(not namespaces_allowed(), reason="no user and mount namespaces here to make a read-only folder")
@pytest.mark.parametrize("command", [["run"], ["reprocess", "--all"], ["watch"]])
def test_an_unwritable_warehouse_folder_stops_a_writing_command_at_once_with_one_line(settings, command):
    folder = settings.warehouse.parent
    folder.mkdir()
    folders = [] if command[0] == "reprocess" else ["--inbox", str(settings.inbox), "--seeds", str(settings.seeds)]
    done = in_read_only(folder, *command, "--warehouse", str(settings.warehouse), *folders)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"wirehouse: cannot write the warehouse {settings.warehouse}: its folder {folder} is not "
                           "writable (Read-only file system); fix the folder's permissions or give another "
                           "--warehouse\n")
    assert list(folder.iterdir()) == []  # no run lock, no logs: nothing was started


BLOCK, HEADERS = 262_144, 3 * 4096  # DuckDB 1.5's block size, and its file header plus two database headers


def unreadable(path: Path) -> bool:
    """Return True when the file opens but some star-schema table's rows do not read back (plain DuckDB, every row
    fetched): a block `audit` reads, as a run need not."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        for (table,) in con.execute("select table_name from duckdb_tables() where schema_name = 'main' "
                                    "and (table_name like 'dim%' or table_name like 'fact%')").fetchall():
            con.execute(f"select * from {table}").fetchall()
        return False
    except duckdb.IOException:
        return True
    finally:
        con.close()


def damage(path: Path, how: str) -> None:
    """Damage the file as a disk or a careless copy would: one block of table rows overwritten, or every one (the
    file still opens), the file cut in half, or every byte garbage."""
    if how == "truncated":
        os.truncate(path, path.stat().st_size // 2)
        return
    if how == "garbage":
        path.write_bytes(os.urandom(path.stat().st_size))
        return
    probe, rows = path.with_name("probe.duckdb"), []
    for start in range(HEADERS, path.stat().st_size, BLOCK):
        shutil.copyfile(path, probe)
        overwrite(probe, start)
        if unreadable(probe):
            rows.append(start)
    assert rows, "no block of the warehouse holds table rows"
    for start in rows if how == "every block" else rows[:1]:  # every block: any reader of the star schema meets it
        overwrite(path, start)
    probe.unlink()


def overwrite(path: Path, start: int) -> None:
    """Overwrite the block at `start` with 0xff bytes."""
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(b"\xff" * BLOCK)


def drop(settings, name: str) -> None:
    """Drop one article named after its company into the inbox."""
    (settings.inbox / f"{name}.txt").write_text(f"{name} agrees Widget deal\n\n" + STORY.replace("Acme", name))


@pytest.fixture(scope="module")
def loaded(prefect_harness, tmp_path_factory):
    """Return the settings of a warehouse that loaded two inbox files (now in its archive), and its articles."""
    from conftest import temp_settings

    settings = temp_settings(tmp_path_factory.mktemp("loaded"))
    drop(settings, "Acme")
    drop(settings, "Zenith")
    os.environ["WIREHOUSE_SETTLE_SECONDS"] = "0"
    try:
        assert main(["run", "--inbox", str(settings.inbox), "--seeds", str(settings.seeds),
                     "--warehouse", str(settings.warehouse)]) == 0
    finally:
        del os.environ["WIREHOUSE_SETTLE_SECONDS"]
    return settings, articles(settings.warehouse)


def articles(warehouse: Path) -> list[tuple]:
    """Return what a rebuild must give back: each article's id, title and body, and its rows per fact table."""
    return query(warehouse, """
        select a.article_id, a.title, a.body,
               (select count(*) from fact_entity_mention f where f.article_key = a.article_key),
               (select count(*) from fact_metric f where f.article_key = a.article_key),
               (select count(*) from fact_quote f where f.article_key = a.article_key),
               (select count(*) from fact_event f where f.article_key = a.article_key)
        from dim_article a where a.article_key <> -1 order by a.article_id""")


def copy_of(loaded, tmp_path: Path):
    """Return settings for a copy of the loaded folders (warehouse, archive and inbox) under tmp_path."""
    settings, _ = loaded
    root = tmp_path / "copy"
    shutil.copytree(settings.warehouse.parent.parent, root, symlinks=True)
    return replace(settings, warehouse=root / "wh" / "news.duckdb", inbox=root / "inbox", seeds=root / "seeds")


def sha256(path: Path) -> str:
    """Return the file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["one block", "every block", pytest.param("truncated", marks=pytest.mark.slow),
                                 pytest.param("garbage", marks=pytest.mark.slow)])
def test_a_damaged_warehouse_is_refused_not_extended_and_rebuilt_from_the_archive(loaded, tmp_path, monkeypatch,
                                                                                   capsys, how):
    monkeypatch.setenv("WIREHOUSE_SETTLE_SECONDS", "0")
    settings = copy_of(loaded, tmp_path)
    wh = ["--warehouse", str(settings.warehouse)]
    folders = ["--inbox", str(settings.inbox), "--seeds", str(settings.seeds), *wh]
    damage(settings.warehouse, how)
    damaged = sha256(settings.warehouse)
    drop(settings, "Kappa")
    code = main(["run", *folders])
    err = capsys.readouterr().err.splitlines()
    said = {"one block": "is damaged (Corrupt database file: computed checksum",
            "every block": "is damaged (Corrupt database file: computed checksum",
            "truncated": "is damaged (Could not read enough bytes from file",
            "garbage": "is not a DuckDB database file: it holds something else"}[how]
    assert code in (1, 2) and err[0].startswith(f"{'run failed' if code == 1 else 'wirehouse'}: {settings.warehouse} {said}")
    assert err[0].endswith("`wirehouse reprocess --rebuild`" + (")" if how == "garbage" else
                                                                   " (which keeps the damaged file aside)"))
    assert sha256(settings.warehouse) == damaged  # nothing was written into the damaged file
    assert [p.name for p in settings.inbox.iterdir()] == ["Kappa.txt"]  # and the new file waits
    if how == "every block":  # a reader that meets the damage (no read copy to read instead) says the same
        settings.warehouse.with_name("news.read.duckdb").unlink()
        assert main(["audit", *wh]) == 1
        assert capsys.readouterr().err.startswith(f"audit failed: {settings.warehouse} {said}")

    assert main(["reprocess", "--rebuild", "--seeds", str(settings.seeds), *wh]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("run 1: 2 archived and seed files read, 2 articles loaded")
    [aside] = settings.warehouse.parent.glob("news.duckdb.before-rebuild-*")
    assert out[-1] == f"rebuilt {settings.warehouse}; the old file is kept as {aside}"
    assert sha256(aside) == damaged
    assert articles(settings.warehouse) == loaded[1]
    assert main(["run", *folders]) == 0  # the rebuilt warehouse takes new files again
    assert len(articles(settings.warehouse)) == 3 and not any(settings.inbox.iterdir())
    capsys.readouterr()
    assert main(["status", *wh]) == 0 and capsys.readouterr().out.startswith("run 2: success")


def limits(con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    """Return the connection's DuckDB memory limit and thread count."""
    return con.execute("select current_setting('memory_limit'), current_setting('threads')").fetchone()


def test_the_writing_connection_takes_the_memory_and_thread_settings_and_readers_do_not(settings):
    bounded = replace(settings, duckdb_memory_mb=100, duckdb_threads=1)
    with bounded.store.connect() as con:
        assert limits(con) == ("100.0 MiB", 1)
    with bounded.store.connect(read_only=True) as con:
        assert limits(con)[0] != "100.0 MiB"  # an analyst's report is not held to the loader's budget
    with replace(settings, duckdb_memory_mb=0, duckdb_threads=0).store.connect() as con:
        assert limits(con)[0] != "100.0 MiB"  # 0: DuckDB's own default


def test_work_past_the_memory_setting_is_done_again_without_it(settings, caplog):
    bounded = replace(settings, duckdb_memory_mb=8, duckdb_threads=1)
    seen = []

    def work() -> int:
        with bounded.store.connect() as con:
            seen.append(limits(con)[0])
            return len(con.execute("select list(range) from range(5000000)").fetchone()[0])  # a list cannot spill

    with caplog.at_level("WARNING", logger="wirehouse"):
        assert bounded.store.retry(work) == 5_000_000
    assert seen[0] == "8.0 MiB" and seen[1] != "8.0 MiB" and len(seen) == 2
    assert "DuckDB needed more than WIREHOUSE_DUCKDB_MEMORY_MB (8 MiB)" in caplog.text
    with bounded.store.connect() as con:
        assert limits(con)[0] == "8.0 MiB"  # the next transaction has the limit again


def test_the_writer_keeps_one_thread_while_workers_extract_and_has_every_core_for_the_last_load(prefect_harness,
                                                                                                settings, monkeypatch):
    from flows.pipeline import run
    from flows.warehouse import loader

    threads, load = [], loader.load_batch

    def spied(warehouse, batch, **kwargs):
        threads.append(warehouse.writer_threads)
        return load(warehouse, batch, **kwargs)

    monkeypatch.setattr(loader, "load_batch", spied)
    for name in ("Acme", "Gadget", "Sprocket", "Cogworth"):
        drop(settings, name)
    assert run(replace(settings, batch_size=2, duckdb_threads=1)).loaded == 4
    assert threads == [1, 0]  # 0: DuckDB's default, every core
