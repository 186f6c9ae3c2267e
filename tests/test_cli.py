"""The `wirehouse` command through its entry point: exit codes and what each command prints."""
from __future__ import annotations

import re

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
    totals = ledger.table_counts(settings.warehouse, settings.sql_dir)
    assert lines[9:] == ["warehouse: " + ", ".join(f"{t} {n}" for t, n in totals.items()),
                         f"inbox: 0 files waiting in {settings.inbox}", "stale articles: 0"]
    expected = sum(len(suites.load_suite_json(p)["expectations"]) for p in suites.suite_files(settings.expectations_dir))
    assert main(["audit", *wh]) == 0
    assert capsys.readouterr().out == f"{expected} expectations in 8 suites: 0 failed\n"
    assert main(["docs", *wh, "--out", str(tmp_path / "site")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'site' / 'index.html'}\n"


def test_commands_on_a_new_warehouse_answer_in_a_sentence(tmp_path, capsys):
    wh = ["--warehouse", str(tmp_path / "new.duckdb")]
    assert main(["status", *wh]) == 0
    assert capsys.readouterr().out == f"no runs yet in {tmp_path / 'new.duckdb'}: start one with `wirehouse run`\n"
    assert main(["audit", *wh]) == 1
    assert "has no warehouse tables yet" in capsys.readouterr().err
