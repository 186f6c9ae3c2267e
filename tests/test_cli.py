"""The `wirehouse` command through its entry point: exit codes and what each command prints."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import nullcontext

import pytest
from test_flow import STORY

from flows.cli import main
from flows.quality import suites
from flows.warehouse import ledger

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_run_loads_the_inbox_and_prints_the_summary(settings, monkeypatch, capsys):
    (settings.inbox / "story.txt").write_text("Acme agrees Widget deal\n\n" + STORY)
    monkeypatch.setenv("WIREHOUSE_SETTLE_SECONDS", "0")
    code = main(["run", "--inbox", str(settings.inbox), "--seeds", str(settings.seeds),
                 "--warehouse", str(settings.warehouse)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert re.fullmatch(r"run 1: 1 files seen, 1 articles loaded, 0 skipped \(already loaded\), 0 quarantined "
                        r"\(\d+\.\ds\)", out[0])
    assert out[1].startswith("rows loaded: dim_article 1, fact_entity_mention ")
    assert out[-1] == f"warehouse: {settings.warehouse}"


def test_status_audit_and_docs_on_the_seed_warehouse(seed_runs, tmp_path, capsys):
    settings, _, _ = seed_runs
    wh = ["--warehouse", str(settings.warehouse)]
    assert main(["status", *wh, "--inbox", str(settings.inbox)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"run 2: success \(started .+, took \d+\.\ds\)", lines[0])
    assert lines[1:6] == ["files: 5 seen, 0 loaded, 5 skipped (already loaded), 0 quarantined",
                          "rows loaded: dim_article 0, fact_entity_mention 0, fact_metric 0, fact_quote 0, fact_event 0",
                          "failed expectations: none", "quarantined: nothing", "recent runs:"]
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+\.\ds"
    assert re.fullmatch(rf" +2  {when}  success +5 +0 +5 +0", lines[7])
    assert re.fullmatch(rf" +1  {when}  success +5 +5 +0 +0", lines[8])
    totals = ledger.table_counts(settings.store)
    assert lines[9:] == ["warehouse: " + ", ".join(f"{t} {n}" for t, n in totals.items()),
                         f"inbox: 0 files waiting in {settings.inbox}", "stale articles: 0"]
    expected = sum(len(suites.load_suite_json(p)["expectations"]) for p in suites.suite_files(settings.expectations_dir))
    assert main(["audit", *wh]) == 0
    assert capsys.readouterr().out == f"{expected} expectations in 10 suites: 0 failed\n"
    assert main(["docs", *wh, "--out", str(tmp_path / "site")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'site' / 'index.html'}\n"


def test_commands_on_a_new_warehouse_answer_in_a_sentence(tmp_path, capsys):
    wh = ["--warehouse", str(tmp_path / "new.duckdb")]
    assert main(["status", *wh]) == 0
    assert capsys.readouterr().out == f"no runs yet in {tmp_path / 'new.duckdb'}: start one with `wirehouse run`\n"
    assert main(["audit", *wh]) == 1
    assert "has no warehouse tables yet" in capsys.readouterr().err


@pytest.mark.parametrize("argv, code, message", [
    (["run", "--batch-size", "-3"], 2, "argument --batch-size: must be at least 1, got -3"),
    (["run", "--batch-size", "x"], 2, "argument --batch-size: expected a whole number, got 'x'"),
    (["run", "--inbox", "{tmp}/missing"], 2, "wirehouse: inbox folder {tmp}/missing does not exist"),
    (["run", "--seeds", "{tmp}/note.txt"], 2, "wirehouse: seeds {tmp}/note.txt is not a folder"),
    (["run", "--warehouse", "{tmp}"], 2, "wirehouse: warehouse {tmp} is a directory, not a DuckDB file: give a "
                                         "file path such as {tmp}/news.duckdb"),
    (["status", "--warehouse", "{tmp}/note.txt"], 2, "wirehouse: {tmp}/note.txt is not a DuckDB database file: "
                                                     "it holds something else, choose another path (if it was the "
                                                     "warehouse, rebuild it from the archived articles with "
                                                     "`wirehouse reprocess --rebuild`)\n"),
    (["run", "--warehouse", "{tmp}/note.txt"], 2, "wirehouse: {tmp}/note.txt is not a DuckDB database file"),
    (["explain", ""], 2, "wirehouse: '' is not an article id: give at least its first 6 characters"),
    (["explain", "2"], 2, "wirehouse: '2' is not an article id"),
    (["reprocess", "abcdef", "--warehouse", "{tmp}/none.duckdb"], 2,
     "wirehouse: no article in {tmp}/none.duckdb has an id starting with abcdef"),
    (["--version"], 0, ""),
    (["docs", "--warehouse", "{tmp}/none.duckdb", "--out", "/proc/wirehouse-docs"], 1,
     "docs failed: [Errno 2] No such file or directory: '/proc/wirehouse-docs'"),
    (["audit", "--warehouse", "{tmp}"], 2, "wirehouse: warehouse {tmp} is a directory, not a DuckDB file"),
])
def test_bad_input_gets_one_clear_line_and_no_traceback(tmp_path, capsys, argv, code, message):
    (tmp_path / "note.txt").write_text("not a database")
    argparse_exits = argv[0] == "--version" or argv[1:2] == ["--batch-size"]
    with pytest.raises(SystemExit) if argparse_exits else nullcontext() as exited:
        assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == code
    if exited is not None:
        assert exited.value.code == code
    err = capsys.readouterr().err
    assert message.replace("{tmp}", str(tmp_path)) in err and "Traceback" not in err


def test_a_missing_spacy_model_fails_the_run_in_one_line(settings, monkeypatch, capsys):
    (settings.inbox / "story.txt").write_text(STORY)
    monkeypatch.setenv("WIREHOUSE_SPACY_MODEL", "no_such_model_xx")
    code = main(["run", "--inbox", str(settings.inbox), "--seeds", str(settings.seeds),
                 "--warehouse", str(settings.warehouse)])
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]  # progress bar
    assert code == 1 and err == [
        "run failed: spaCy model 'no_such_model_xx' is not installed: pip install it or set WIREHOUSE_SPACY_MODEL",
        "see: wirehouse status (or run again with --debug for the traceback)"]
    assert [p.name for p in settings.inbox.iterdir()] == ["story.txt"]  # left for the next run


def test_explain_shows_each_row_with_its_sentence(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Acme agrees Widget deal\n\n" + STORY)
    assert main(["explain", str(story), "--warehouse", str(tmp_path / "none.duckdb")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("story.txt  (article ") and "title: Acme agrees Widget deal" in out
    assert "'$5 million' = 5e+06 USD (money), about Widget Ltd" in out  # the last company named before it
    assert "acquisition: Acme Corp -> Widget Ltd  'buy'" in out and "rule verb:buy (confidence " in out
    assert "in: Acme Corp said on Tuesday it had agreed to buy Widget Ltd for $5 million in cash." in out
    assert main(["explain", "0123456789ab", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "has an id starting with 0123456789ab" in capsys.readouterr().err


def test_an_alias_table_that_is_not_there_stops_the_run_before_it_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIREHOUSE_ALIAS_TABLE", str(tmp_path / "missing.csv"))
    assert main(["run", "--inbox", str(tmp_path), "--seeds", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert capsys.readouterr().err == f"wirehouse: alias table {tmp_path / 'missing.csv'} is not a file (WIREHOUSE_ALIAS_TABLE)\n"
    assert not (tmp_path / "w.duckdb").exists()


def test_a_reader_that_goes_away_ends_the_command_quietly():
    read, write = os.pipe()
    os.close(read)  # `wirehouse report --list | head -0`: the first write finds no reader
    done = subprocess.run([sys.executable, "-m", "flows.cli", "report", "--list"], stdout=write, stderr=subprocess.PIPE,
                          text=True)
    os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_a_file_that_is_not_a_warehouse_is_left_without_a_lock_beside_it(tmp_path, capsys):
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n")
    assert main(["run", "--warehouse", str(notes), "--inbox", str(tmp_path), "--seeds", str(tmp_path)]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"] and notes.read_text() == "# my notes\n"
