"""Reprocessing loaded articles, stale stamps, and sending fixed files back from quarantine."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from samples import query
from test_flow import STORY

from flows.cli import main
from flows.extract.stamp import current_stamp
from flows.ingest.inbox import requeue
from flows.pipeline import reprocess_articles, run
from flows.warehouse import ledger
from flows.warehouse.reprocess import stale_count

pytestmark = pytest.mark.usefixtures("prefect_harness")


def facts(settings) -> list[tuple]:
    """Return every fact row's article, text and entity, in a stable order."""
    return query(settings.warehouse, """
        select a.file_name, m.mention_text, e.canonical_name from fact_entity_mention m
        join dim_article a using (article_key) join dim_entity e using (entity_key) order by 1, m.char_start""")


def test_reprocess_replaces_rows_once_and_follows_the_alias_table(settings, tmp_path):
    for n in range(2):
        (settings.inbox / f"s{n}.txt").write_text(f"Deal number {n}\n\n" + STORY.replace("Acme", f"Acme{n}"))
    run(settings)
    stamp = current_stamp(settings.spacy_model, settings.alias_table)
    assert stale_count(settings.store, stamp) == 0
    before, totals = facts(settings), ledger.table_counts(settings.store)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(settings.alias_table.read_text() + "Widget Ltd,Widget Holdings International,ORG\n")
    edited = replace(settings, alias_table=aliases)
    assert stale_count(settings.store, current_stamp(edited.spacy_model, aliases)) == 2
    summary = reprocess_articles(edited, "stale")
    assert (summary.files_seen, summary.loaded, summary.quarantined) == (2, 2, 0)
    after = facts(settings)
    assert len(after) == len(before)  # replaced, not added
    assert {name for _, text, name in after if text == "Widget Ltd"} == {"Widget Holdings International"}
    assert ledger.table_counts(settings.store)["fact_quote"] == totals["fact_quote"]
    assert stale_count(settings.store, current_stamp(edited.spacy_model, aliases)) == 0
    assert reprocess_articles(edited, "stale").files_seen == 0
    one = query(settings.warehouse, "select article_id from dim_article where file_name = 's1.txt'")[0][0]
    assert reprocess_articles(settings, "ids", [one[:10]]).loaded == 1


def test_requeue_moves_files_back_and_keeps_the_reasons(tmp_path):
    quarantine, inbox, archive = tmp_path / "q", tmp_path / "in", tmp_path / "archive"
    quarantine.mkdir()
    inbox.mkdir()
    for name in ("a.json", "b.txt"):
        (quarantine / name).write_text("x")
        (quarantine / f"{name}.reason.txt").write_text("stage: read\nreason: invalid JSON\n")
    with pytest.raises(FileNotFoundError, match="not in .*: c.txt"):
        requeue(["c.txt"], quarantine, inbox, archive)
    assert requeue(["a.json"], quarantine, inbox, archive) == [inbox / "a.json"]
    assert requeue([], quarantine, inbox, archive) == [inbox / "b.txt"]
    assert sorted(p.name for p in inbox.iterdir()) == ["a.json", "b.txt"] and list(quarantine.iterdir()) == []
    assert sorted(p.name for p in (archive / "requeued" / date.today().isoformat()).iterdir()) == [
        "a.json.reason.txt", "b.txt.reason.txt"]


def test_a_fixed_file_requeued_from_quarantine_loads(settings, capsys):
    (settings.inbox / "wire.json").write_text('{"title": "Deal", "text": ' + json.dumps(STORY))  # no closing brace
    assert run(settings).quarantined == 1
    (settings.quarantine_dir / "wire.json").write_text(json.dumps({"title": "Deal", "text": STORY}))
    where = ["--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse)]
    assert main(["requeue", "wire.json", *where]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 file(s) back in the inbox: the next run reads them"
    assert run(settings).loaded == 1
    assert main(["requeue", "--all", *where]) == 0 and main(["requeue", "nope.txt", *where]) == 2
