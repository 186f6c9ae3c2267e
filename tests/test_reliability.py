"""No file can block the pipeline: hostile inputs in one run, kills and interrupts, concurrent runs.

Every input is generated here at test time; none is committed.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from samples import query
from test_flow import STORY

from flows.pipeline import run
from flows.settings import PROJECT_ROOT

ARTICLE = (PROJECT_ROOT / "seeds" / "articles" / "001_327f6d7f038ad76b.txt").read_text()
WIREHOUSE = [sys.executable, "-m", "flows.cli"]
# file name -> (content, expected outcome: 'loaded' or a piece of the quarantine reason)
HOSTILE = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t \r\n ", "empty file"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary content"),
    "archive.md": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "binary content"),
    "nul.txt": (STORY.encode() + b"\x00\x00 more", "binary content"),
    "utf16.txt": (("Zenith buys Omega\n\n" + STORY.replace("Acme", "Zenith")).encode("utf-16"), "loaded"),
    "cp1252.txt": ("Omega’s “deal” closes\n\n".encode("cp1252") + STORY.replace("Acme", "Omega").encode("cp1252"),
                   "loaded"),
    "endings.txt": (b"Line endings mixed\r\n\r\n" + STORY.replace("Acme", "Delta").encode().replace(b". ", b".\r")
                    + b"\nLast line.\r\n", "loaded"),
    "scripts.html": (b"<html><head><script>var a=1;</script><style>p{}</style></head><body><nav>Home | News</nav>"
                     b"<script>track()</script></body></html>", "(word_count)"),
    "broken.json": (b'{"title": "x", "text": "unterminated', "invalid JSON"),
    "notext.json": (json.dumps({"title": "Only a title"}).encode(), "no 'text' or 'body'"),
    "surrogate.json": (json.dumps({"title": "Emoji \ud83d deal", "text": "Sigma said \ud83d it " + STORY.replace(
        "Acme", "Sigma")}).encode(), "loaded"),
    "chinese.txt": ("阿里巴巴集团今天宣布，公司第三季度收入增长了百分之三十，超过了市场预期。".encode() * 5, "not English"),
    "german.txt": (("Der Bundestag hat am Dienstag ein Gesetz beschlossen, das die Steuern für Unternehmen senkt. "
                    "Die Regierung erwartet Wachstum, und die Opposition ist nicht zufrieden mit dem Plan.").encode(),
                   "not English"),
    "unclosed.txt": (("Quote never closes\n\n“This quote runs on and never ends, " + STORY).encode(), "loaded"),
    "huge.txt": (b"word " * 5000, "file too large"),
    "long.txt": (ARTICLE.encode(), "loaded"),
    os.fsdecode(b"caf\xe9.txt"): (("Cafe chain deal\n\n" + STORY.replace("Acme", "Kappa")).encode(), "loaded"),
}


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory):
    """Return (settings, summary) of one run over every hostile file beside a good one."""
    from conftest import temp_settings

    settings = replace(temp_settings(tmp_path_factory.mktemp("hostile")), max_file_bytes=20_000, nlp_chunk_chars=1500)
    for name, (content, _) in HOSTILE.items():
        (settings.inbox / name).write_bytes(content)
    (settings.inbox / "good.txt").write_text("Acme agrees Widget deal\n\n" + STORY)
    return settings, run(settings)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_loads_or_is_quarantined_with_its_reason_and_kept(hostile_run, name):
    settings, _ = hostile_run
    expected = HOSTILE[name][1]
    shown = os.fsencode(name).decode("utf-8", "replace")
    quarantined = query(settings.warehouse, "select reason from quarantine where file_name = ? and table_name is null",
                        [shown])  # a whole file; single rows of a loaded file may be set aside by validation
    stored = query(settings.warehouse, "select stored_as from dim_article where file_name = ?", [shown])
    if expected == "loaded":
        assert quarantined == [] and len(stored) == 1
        assert Path(stored[0][0]).read_bytes() == HOSTILE[name][0]  # archived as recorded, bytes unchanged
    else:
        assert stored == [] and len(quarantined) == 1 and expected in quarantined[0][0]
        assert (settings.quarantine_dir / shown).read_bytes() == HOSTILE[name][0]
        assert expected in (settings.quarantine_dir / (shown + ".reason.txt")).read_text()


def test_the_hostile_run_loads_the_rest_and_every_offset_round_trips(hostile_run):
    settings, summary = hostile_run
    loading = sum(outcome == "loaded" for _, outcome in HOSTILE.values()) + 1
    assert (summary.loaded, summary.quarantined, summary.files_seen) == (loading, len(HOSTILE) + 1 - loading,
                                                                        len(HOSTILE) + 1)
    assert list(settings.inbox.iterdir()) == []
    for table, text in (("fact_entity_mention", "mention_text"), ("fact_quote", "quote_text")):
        assert query(settings.warehouse, f"""
            select count(*) from {table} f join dim_article a using (article_key)
            where substr(a.body, f.char_start + 1, f.char_end - f.char_start) <> f.{text}""") == [(0,)]
    assert query(settings.warehouse, "select title from dim_article where file_name = 'surrogate.json'") == [
        ("Emoji \ufffd deal",)]
    assert query(settings.warehouse, """select count(*) from fact_entity_mention join dim_article using (article_key)
                                        where file_name = 'long.txt'""")[0][0] > 40  # parsed in pieces of 1,500


def test_the_same_name_dropped_twice_keeps_both_files_apart(prefect_harness, settings):
    for company in ("Acme", "Zenith"):
        (settings.inbox / "report.txt").write_text(STORY.replace("Acme", company))
        assert run(settings).loaded == 1
    day = settings.archive_dir / date.today().isoformat()
    assert query(settings.warehouse, "select file_name, stored_as from dim_article where article_key <> -1 "
                                     "order by article_key") == [
        ("report.txt", str(day / "report.txt")), ("report.txt", str(day / "report.1.txt"))]
    assert "Zenith" in (day / "report.1.txt").read_text()


def start(settings, *extra: str, env: dict | None = None, sigint: bool = False) -> subprocess.Popen:
    """Return a `wirehouse run` process on the settings' folders, in its own process group."""
    reset = (lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if sigint else None  # a shell may ignore it
    return subprocess.Popen(
        [*WIREHOUSE, "run", "--inbox", str(settings.inbox), "--seeds", str(settings.seeds),
         "--warehouse", str(settings.warehouse), *extra],
        env={**os.environ, "WIREHOUSE_SETTLE_SECONDS": "0", **(env or {})}, cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=reset)


def children(pid: int) -> list[int]:
    """Return the processes whose parent is pid (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Return True while a process exists and is not a zombie (dead, waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def gone(pids: list[int], timeout: float = 10) -> bool:
    """Return True once none of the processes is alive (waiting up to timeout seconds)."""
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def wait_for(marker: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    """Return once the run has paused inside its load transaction (it created the marker)."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached its load"
        time.sleep(0.1)


def drop_text(name: str) -> str:
    """Return the text of the dropped article of this name (story-<i>.txt)."""
    i = name.removeprefix("story-").removesuffix(".txt")
    return f"Story {i}\n\n" + STORY.replace("Acme", f"Acme{i}")


def drop(settings, n: int) -> None:
    """Drop n distinct articles into the inbox."""
    for i in range(n):
        (settings.inbox / f"story-{i}.txt").write_text(drop_text(f"story-{i}.txt"))


@pytest.mark.slow
def test_a_kill_inside_the_load_leaves_nothing_half_done_and_no_server_behind(settings, tmp_path):
    drop(settings, 4)
    marker = tmp_path / "paused"
    process = start(settings, "--batch-size", "2", env={"WIREHOUSE_TEST_PAUSE_IN_LOAD": str(marker)})
    wait_for(marker, process)
    servers = children(process.pid)
    process.kill()
    process.wait()
    assert servers and gone(servers)  # the Prefect server died with the run
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(0,)]
    assert query(settings.warehouse, "select count(*) from fact_entity_mention") == [(0,)]
    assert sorted(p.name for p in settings.inbox.iterdir()) == [f"story-{i}.txt" for i in range(4)]
    again = start(settings)
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    assert "run 2: 4 files seen, 4 articles loaded" in out
    assert query(settings.warehouse, "select run_id, status from etl_run order by run_id") == [
        (1, "abandoned"), (2, "success")]
    stored = query(settings.warehouse, "select file_name, stored_as from dim_article where article_key <> -1")
    assert len(stored) == 4 and all(Path(path).read_text() == drop_text(name) for name, path in stored)


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["Ctrl-C to the terminal's process group", "SIGTERM to the run (kill, systemd)"])
def test_ctrl_c_or_sigterm_rolls_back_the_batch_marks_the_run_and_exits_130(settings, tmp_path, stop):
    drop(settings, 2)
    marker = tmp_path / "paused"
    process = start(settings, env={"WIREHOUSE_TEST_PAUSE_IN_LOAD": str(marker)}, sigint=True)
    wait_for(marker, process)
    servers = children(process.pid)
    began = time.monotonic()
    if stop.startswith("Ctrl-C"):
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and time.monotonic() - began < 10
    assert "stopped: a batch in progress was rolled back" in err and "Traceback" not in err
    assert servers and gone(servers)
    assert query(settings.warehouse, "select status, error from etl_run") == [("interrupted", "interrupted by the user")]
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(0,)]
    assert len(list(settings.inbox.iterdir())) == 2
    assert not settings.archive_dir.exists() or not any(settings.archive_dir.rglob("*.txt"))  # copies rolled back


@pytest.mark.slow
def test_two_runs_at_once_give_one_runs_totals(settings):
    drop(settings, 3)
    first, second = start(settings), start(settings)
    results = [p.communicate(timeout=240) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(3,)]
    assert query(settings.warehouse, "select files_loaded, files_skipped from etl_run order by run_id") == [(3, 0), (0, 0)]


@pytest.mark.slow
def test_runs_starting_together_on_a_new_prefect_home_both_get_a_server(tmp_path):
    # each run's private server creates the Prefect database on first use; the second finds it locked, exits,
    # and is started again
    home = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "WIREHOUSE_SETTLE_SECONDS": "0"}
    (tmp_path / "seeds").mkdir()
    processes = []
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        processes.append(subprocess.Popen(
            [*WIREHOUSE, "run", "--inbox", str(tmp_path / name), "--seeds", str(tmp_path / "seeds"),
             "--warehouse", str(tmp_path / f"wh-{name}" / "news.duckdb")],
            env=home, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [p.communicate(timeout=240) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], results
    assert all(out.startswith("run 1: 0 files seen") for out, _ in results)
