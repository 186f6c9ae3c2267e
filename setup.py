"""Packaging hook: sql/, expectations/ and the alias table stay at the top of the checkout (where people edit them)
and are copied into the wheel as flows/bundled/, so a non-editable install finds them (flows/settings.py: bundled)."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = {"sql": "sql", "expectations": "expectations", "seeds/entity_aliases.csv": "seeds/entity_aliases.csv"}


class BuildWithData(build_py):
    """build_py, then the top-level data folders under flows/bundled/ in the build."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "flows" / "bundled"
        for source, name in BUNDLED.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            if Path(source).is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target / name)


setup(cmdclass={"build_py": BuildWithData})
