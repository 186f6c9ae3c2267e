"""Settings: each declared once with its variable, read from the environment, and refused out of range by name."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from flows.cli import main
from flows.settings import SettingError, Settings


@pytest.mark.parametrize("env, message", [
    ({"WIREHOUSE_BATCH_SIZE": "abc"}, "WIREHOUSE_BATCH_SIZE must be a whole number, got 'abc'"),
    ({"WIREHOUSE_BATCH_SIZE": "0"}, "WIREHOUSE_BATCH_SIZE must be at least 1, got 0"),
    ({"WIREHOUSE_LOCK_TIMEOUT": "nan"}, "WIREHOUSE_LOCK_TIMEOUT must be a finite number, got nan"),
    ({"WIREHOUSE_LOCK_TIMEOUT": "soon"}, "WIREHOUSE_LOCK_TIMEOUT must be a number, got 'soon'"),
    ({"WIREHOUSE_NLP_CHUNK_CHARS": "0"}, "WIREHOUSE_NLP_CHUNK_CHARS must be at least 1000, got 0"),
    ({"WIREHOUSE_NLP_CHUNK_CHARS": "-1"}, "WIREHOUSE_NLP_CHUNK_CHARS must be at least 1000, got -1"),
    ({"WIREHOUSE_WORKERS": "-1"}, "WIREHOUSE_WORKERS must be at least 1, got -1"),
    ({"WIREHOUSE_MAX_FILE_BYTES": "0"}, "WIREHOUSE_MAX_FILE_BYTES must be at least 1, got 0"),
    ({"WIREHOUSE_SETTLE_SECONDS": "inf"}, "WIREHOUSE_SETTLE_SECONDS must be a finite number, got inf"),
    ({"WIREHOUSE_DUCKDB_MEMORY_MB": "-1"}, "WIREHOUSE_DUCKDB_MEMORY_MB must be at least 0, got -1"),
    ({"WIREHOUSE_DUCKDB_THREADS": "one"}, "WIREHOUSE_DUCKDB_THREADS must be a whole number, got 'one'"),
])
def test_a_bad_variable_is_named_in_one_line(env, message):
    with pytest.raises(SettingError) as refused:
        Settings.from_env(env)
    assert str(refused.value) == message


def test_every_command_refuses_a_bad_variable_with_exit_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("WIREHOUSE_DASK_WORKERS", "two")
    assert main(["status", "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert capsys.readouterr().err == "wirehouse: WIREHOUSE_DASK_WORKERS must be a whole number, got 'two'\n"


def test_variables_are_read_and_written_back_the_same(tmp_path):
    env = {"WIREHOUSE_WAREHOUSE": str(tmp_path / "w.duckdb"), "WIREHOUSE_BATCH_SIZE": "7",
           "WIREHOUSE_LOCK_TIMEOUT": "2.5", "WIREHOUSE_SPACY_MODEL": "en_other", "WIREHOUSE_LAKE": "sqlite:/x/c.sqlite"}
    settings = Settings.from_env(env)
    assert (settings.warehouse, settings.batch_size, settings.lock_timeout_seconds, settings.spacy_model,
            settings.lake) == (tmp_path / "w.duckdb", 7, 2.5, "en_other", "sqlite:/x/c.sqlite")
    assert Settings.from_env(settings.to_env()) == settings
    assert Settings.from_env({"WIREHOUSE_ARCHIVE": ""}).archive is None  # empty means unset


def test_every_variable_is_documented_in_the_readme():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    docs = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "docs").glob("*.md"))
    missing = [f.metadata["env"] for f in fields(Settings) if f.metadata.get("env") and f.metadata["env"] not in readme + docs]
    assert missing == []
