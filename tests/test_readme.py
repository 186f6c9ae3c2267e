"""The README and docs/ agree with the code: the samples that carry numbers (the seed run's row counts, the suites'
expectation count) are what the code gives, the CLI table lists exactly the commands the parser knows, and every
link leads to a page that exists. The row counts come from the session's seed run (conftest.seed_runs)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flows.cli import main
from flows.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCS = PROJECT_ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
TABLE_COUNT = re.compile(r"\b((?:dim|fact)_\w+) (\d+)\b")
RUN_LINE = re.compile(r"^run (\d+): (\d+) files seen, (\d+) articles loaded, (\d+) skipped \(already loaded\), "
                      r"(\d+) quarantined")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def lines_of(pages: list[Path], *prefixes: str) -> list[tuple[str, str]]:
    """Return (page name, line) for every line of the pages that starts with one of the prefixes."""
    return [(page.name, line) for page in pages for line in page.read_text(encoding="utf-8").splitlines()
            if line.startswith(prefixes)]


def table_counts(line: str) -> dict[str, int]:
    """Return the `table n` pairs of a sample line ('warehouse now: dim_date 3, ...')."""
    return {table: int(n) for table, n in TABLE_COUNT.findall(line)}


def test_row_counts_in_the_samples_are_what_the_seed_run_loads(seed_runs):
    _, first, second = seed_runs
    totals = [(page, line) for page, line in lines_of(PAGES, "warehouse now: ", "warehouse: ") if table_counts(line)]
    assert any(page == README.name for page, _ in totals), "the README shows the seed warehouse's row counts"
    for page, line in totals:
        assert table_counts(line) == first.totals, f"{page}: {line}"
    loaded = lines_of(PAGES, "rows loaded: ")
    assert any(page == README.name for page, _ in loaded)
    for page, line in loaded:   # a first load or reprocess of the seeds, or a run that loaded nothing new
        assert table_counts(line) in (first.rows, second.rows), f"{page}: {line}"


def test_the_readme_runs_are_the_seed_runs(seed_runs):
    _, first, second = seed_runs
    runs = [RUN_LINE.match(line).groups() for _, line in lines_of([README], "run ")]
    expected = [(str(n), *map(str, (s.files_seen, s.loaded, s.skipped, s.quarantined)))
                for n, s in ((1, first), (2, second))]
    assert runs == expected


def test_expectation_counts_in_the_samples_are_the_suites():
    suites = sorted((PROJECT_ROOT / "expectations").glob("*.json"))
    expectations = sum(len(json.loads(p.read_text(encoding="utf-8"))["expectations"]) for p in suites)
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    stated = re.findall(r"(\d+) expectations in (\d+) suites", text)
    assert stated and set(stated) == {(str(expectations), str(len(suites)))}
    assert set(re.findall(r"\((\d+) expectations in\s+all\)", text)) <= {str(expectations)}


def parser_commands(capsys) -> set[str]:
    """Return the commands `wirehouse --help` lists: argparse's `{run,serve,...}`, or a 'Commands:' section."""
    try:
        code = main(["--help"])
    except SystemExit as exc:
        code = exc.code
    assert code in (0, None)
    out = capsys.readouterr().out
    choices = re.search(r"\{([\w,-]+)\}", out)
    if choices:
        return set(choices.group(1).split(","))
    section = re.search(r"^Commands:\n((?:[ \t]+\S.*\n?)+)", out, re.M)
    assert section, f"no commands found in the help:\n{out}"
    return {line.split()[0] for line in section.group(1).splitlines()}


def readme_commands() -> list[str]:
    """Return the commands of the README's CLI table, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## The CLI\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `wirehouse ([\w-]+)`", section, re.M)


def test_the_cli_table_lists_exactly_the_commands_the_parser_knows(capsys):
    listed = readme_commands()
    assert len(listed) == len(set(listed))
    assert set(listed) == parser_commands(capsys)


def slug(heading: str) -> str:
    """Return GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Return the anchors of a page's headings (outside code blocks)."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(m) for m in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_leads_to_a_file_and_heading_that_exist(page):
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue   # a web address
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked), f"{page.name} links to {target}: no such heading"


def test_the_readme_fits_and_links_every_docs_page():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 250
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in LINK.findall(text)}
    assert DOCS.is_dir() and {p.resolve() for p in DOCS.glob("*.md")} <= linked
