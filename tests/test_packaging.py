"""Packaging: a wheel carries the SQL, the suites and the alias table, so an installed wirehouse runs anywhere."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_the_wheel_carries_every_sql_file_suite_and_the_alias_table(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("wirehouse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"flows/bundled/{p.relative_to(ROOT)}" for p in [*(ROOT / "sql").rglob("*.sql"),
                                                               *(ROOT / "expectations").glob("*.json")]}
    assert wanted and wanted <= names
    assert "flows/bundled/seeds/entity_aliases.csv" in names
    assert not any(n.startswith("flows/bundled/seeds/articles") for n in names)  # seed articles stay in the checkout


def test_settings_find_the_checkouts_folders():
    from flows.settings import Settings

    settings = Settings()
    assert settings.sql_dir == ROOT / "sql" and settings.expectations_dir == ROOT / "expectations"
    assert settings.alias_table == ROOT / "seeds" / "entity_aliases.csv"
