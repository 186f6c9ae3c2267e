"""The inbox is a boundary, nothing is overwritten, names always fit (issue 22, round 3 of hostile inputs).

Every input is made here at test time: links, FIFOs, sockets, odd and long names, files named like reasons.
"""
from __future__ import annotations

import os
import socket
import threading
from datetime import date
from pathlib import Path

import pytest
from samples import query
from test_flow import STORY

from flows.cli import main
from flows.ingest import discover as listing
from flows.ingest.discover import discover, plan_files
from flows.ingest.read import read_batch
from flows.pipeline import run

EXT = (".txt", ".md", ".html", ".htm", ".json")
NAME_MAX = 255  # bytes in a file name, on nearly every file system


def article(company: str) -> str:
    """Return a loadable article about an invented company."""
    return f"{company} agrees deal\n\n" + STORY.replace("Acme", company)


def bodies(settings) -> list[str]:
    """Return every loaded article's body."""
    return [b for (b,) in query(settings.warehouse, "select body from dim_article where article_key <> -1")]


@pytest.mark.parametrize("kind", ["outside", "inside", "broken"])
def test_a_symlink_in_the_inbox_is_refused_never_followed_and_left_where_it_is(prefect_harness, settings, tmp_path,
                                                                              kind, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text(article("Secretco"))
    (settings.inbox / "real.txt").write_text(article("Realco"))
    target = {"outside": secret, "inside": settings.inbox / "real.txt", "broken": tmp_path / "gone.txt"}[kind]
    link = settings.inbox / "link.txt"
    link.symlink_to(target)
    summary = run(settings)
    assert (summary.files_seen, summary.loaded, summary.quarantined) == (1, 1, 0)
    assert not any("Secretco" in b for b in bodies(settings)) and len(bodies(settings)) == 1
    assert link.is_symlink() and os.readlink(link) == str(target)  # left as it was
    assert [p.name for p in settings.inbox.iterdir()] == ["link.txt"]
    if kind == "outside":
        assert secret.read_text() == article("Secretco")
        assert main(["explain", str(link)]) == 2  # explain says what a run would do with it
        assert "link.txt would be refused by a run: a symbolic link" in capsys.readouterr().err
    assert main(["status", "--warehouse", str(settings.warehouse), "--inbox", str(settings.inbox)]) == 0
    out = capsys.readouterr().out
    assert "inbox: 0 files waiting" in out and "inbox: 1 refused, never read" in out
    broken = "broken " if kind != "outside" else ""  # the file it pointed to in the inbox is archived now
    assert f"  link.txt: a {broken}symbolic link: links are not followed" in out


def test_fifos_sockets_and_folders_are_refused_with_their_reason_and_counted_by_status(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.mkfifo(inbox / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "sock.txt"))
    (inbox / "folder.txt").mkdir()
    (inbox / "ok.txt").write_text("fine")
    (inbox / ".hidden-link").symlink_to("/etc/hostname")  # hidden: ignored, like any hidden file
    try:
        assert discover(inbox) == [inbox / "ok.txt"]
        assert [(p.name, why) for p, why in listing.refused(inbox)] == [
            ("folder.txt", "a folder: subfolders are not read"),
            ("pipe.txt", "a named pipe (FIFO): only regular files are read"),
            ("sock.txt", "a socket: only regular files are read")]
        assert plan_files(tmp_path / "none", inbox, 0) == [(inbox / "ok.txt", "inbox")]
    finally:
        server.close()


def test_a_file_swapped_for_a_fifo_after_the_listing_is_refused_at_once_not_waited_on(tmp_path):
    path = tmp_path / "drop.txt"
    path.write_text(article("Fifoco"))
    listed = discover(tmp_path)
    path.unlink()
    os.mkfifo(path)  # no writer will ever come: a blocking open() would wait forever
    result = []
    reader = threading.Thread(target=lambda: result.append(read_batch([(p, "inbox") for p in listed], EXT)),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # release the blocked reader before failing
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO blocked the run")
    docs, rejected = result[0]
    assert docs == [] and len(rejected) == 1 and rejected[0].left_in_place
    assert rejected[0].reason == "a named pipe (FIFO): only regular files are read (left where it is)"


def test_a_symlink_swapped_in_after_the_listing_is_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(article("Secretco"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "drop.txt").write_text(article("Dropco"))
    listed = discover(inbox)
    (inbox / "drop.txt").unlink()
    (inbox / "drop.txt").symlink_to(secret)
    docs, rejected = read_batch([(p, "inbox") for p in listed], EXT)
    assert docs == [] and rejected[0].left_in_place and "symbolic link" in rejected[0].reason


def test_two_names_that_print_alike_are_quarantined_apart_with_their_own_reasons(prefect_harness, settings):
    names = [os.fsdecode(b"a\xff.txt"), os.fsdecode(b"a\xfe.txt")]
    for n, name in enumerate(names):
        (settings.inbox / name).write_bytes(b"\x00" * (10 + n))  # binary: both unreadable
    assert run(settings).quarantined == 2
    rows = query(settings.warehouse, "select file_name, quarantined_path from quarantine order by quarantined_path")
    assert [name for name, _ in rows] == ["a\ufffd.txt", "a\ufffd.txt"]
    paths = [Path(p) for _, p in rows]
    assert paths == [settings.quarantine_dir / "a\ufffd.1.txt", settings.quarantine_dir / "a\ufffd.txt"]
    assert sorted(p.read_bytes() for p in paths) == [b"\x00" * 10, b"\x00" * 11]
    assert all("binary content" in (p.parent / (p.name + ".reason.txt")).read_text() for p in paths)


def test_a_users_file_named_like_a_reason_is_never_replaced_nor_requeued_as_one(prefect_harness, settings, capsys):
    (settings.inbox / "f.txt").write_bytes(b"")  # empty: quarantined
    (settings.inbox / "f.txt.reason.txt").write_bytes(b"\x00 the user's own file")  # binary: quarantined too
    assert run(settings).quarantined == 2
    quarantine = settings.quarantine_dir
    assert (quarantine / "f.txt.reason.txt").read_text().startswith("stage: read\nreason: empty file")
    users = [p for p in quarantine.iterdir() if p.read_bytes() == b"\x00 the user's own file"]
    assert len(users) == 1 and not users[0].name.endswith(".reason.txt")
    stored = query(settings.warehouse, "select quarantined_path from quarantine where file_name = 'f.txt.reason.txt'")
    assert stored == [(str(users[0]),)]
    where = ["--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse)]
    assert main(["requeue", "--all", *where]) == 0
    assert sorted(p.read_bytes() for p in settings.inbox.iterdir()) == [b"", b"\x00 the user's own file"]
    requeued = list((settings.archive_dir / "requeued" / date.today().isoformat()).iterdir())
    assert len(requeued) == 2 and all(p.read_text().startswith("stage: read") for p in requeued)
    assert list(quarantine.iterdir()) == []


def test_requeue_never_moves_a_file_over_one_in_the_inbox(tmp_path):
    from flows.ingest.inbox import requeue

    quarantine, inbox, archive = tmp_path / "q", tmp_path / "in", tmp_path / "archive"
    quarantine.mkdir()
    inbox.mkdir()
    (quarantine / "a.txt").write_text("fixed")
    (inbox / "a.txt").write_text("a new drop of the same name")
    assert requeue([], quarantine, inbox, archive) == [inbox / "a.1.txt"]
    assert (inbox / "a.txt").read_text() == "a new drop of the same name" and (inbox / "a.1.txt").read_text() == "fixed"


def test_report_html_never_overwrites_a_file_it_did_not_write(seed_runs, tmp_path, capsys):
    settings, _, _ = seed_runs
    warehouse = tmp_path / "news.duckdb"
    warehouse.write_bytes(settings.warehouse.read_bytes())
    before = warehouse.read_bytes()
    assert main(["report", "--html", str(warehouse), "--warehouse", str(warehouse)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err and warehouse.read_bytes() == before
    notes = tmp_path / "notes.html"
    notes.write_text("<html>my notes</html>")
    assert main(["report", "--html", str(notes), "--warehouse", str(warehouse)]) == 2
    assert notes.read_text() == "<html>my notes</html>"
    page = tmp_path / "reports.html"
    for _ in range(2):  # a page it wrote is its own to replace
        assert main(["report", "--html", str(page), "--warehouse", str(warehouse)]) == 0
    assert "top_entities" in page.read_text() and sorted(p.name for p in tmp_path.iterdir()) == [
        "news.duckdb", "notes.html", "reports.html"]  # no temporary file left


def test_docs_never_writes_into_a_folder_of_other_files(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    (out / "notes.txt").write_text("keep me")
    assert main(["docs", "--out", str(out), "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "refusing to write the Data Docs into" in capsys.readouterr().err
    assert (out / "index.html").read_text() == "my own page" and sorted(p.name for p in out.iterdir()) == [
        "index.html", "notes.txt"]


def long_name(stem_char: str, suffix: str = ".txt") -> str:
    """Return a file name of exactly NAME_MAX bytes."""
    return stem_char * (NAME_MAX - len(suffix)) + suffix


def test_a_255_byte_name_loads_and_is_kept_under_a_name_that_fits(prefect_harness, settings):
    name = long_name("n")
    for company in ("Longco", "Otherco"):  # the same long name twice: the second archive copy needs a suffix
        (settings.inbox / name).write_text(article(company))
        summary = run(settings)
        assert (summary.loaded, summary.quarantined) == (1, 0)
    (settings.inbox / name).write_bytes(b"")
    assert run(settings).quarantined == 1
    stored = query(settings.warehouse, "select file_name, stored_as from dim_article where article_key <> -1 "
                                       "order by article_key")
    assert [n for n, _ in stored] == [name, name]  # the original name is recorded
    kept = [Path(p) for _, p in stored]
    assert len(set(kept)) == 2 and all(len(os.fsencode(p.name)) <= NAME_MAX for p in kept)
    assert ["Longco" in kept[0].read_text(), "Otherco" in kept[1].read_text()] == [True, True]
    [(file_name, path)] = query(settings.warehouse, "select file_name, quarantined_path from quarantine")
    assert file_name == name and Path(path).read_bytes() == b""
    assert "empty file" in Path(path + ".reason.txt").read_text()
    assert list(settings.inbox.iterdir()) == []


def test_two_long_names_that_start_alike_are_kept_apart(tmp_path):
    from flows.ingest.keep import fitting_name

    first, second = Path(long_name("x", ".md")), Path("x" * 250 + "y.md")
    kept = {fitting_name(first), fitting_name(second)}
    assert len(kept) == 2 and all(n.endswith(".md") and len(n.encode()) < NAME_MAX - 16 for n in kept)
    undecodable = Path(os.fsdecode(b"\xff" * 250 + b".txt"))  # each byte prints as 3: still shortened to fit
    assert len(fitting_name(undecodable).encode()) < NAME_MAX - 16
