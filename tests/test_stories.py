"""Stories and copies: near copies link to their original, reports of one news share a story, whatever the batches."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from samples import at, query

from flows.frames import to_frames
from flows.quality import audit
from flows.records import ArticleMeta, ArticleRows, Checked, article_id
from flows.report import reports
from flows.settings import Settings
from flows.warehouse import ledger, loader

DAY = date(2024, 5, 14)

# an invented wire story, as a paper runs it and as another outlet rewrites it
WIRE = ("Acme Corp said on Tuesday it would recall 40,000 Widget toasters sold in Riverton and Lakeside after reports "
        "that their heating coils could overheat. The recall covers the Widget T200 and T250 models made between "
        "January and June, the company said in a statement. Jane Holloway, head of product safety at Acme, said no "
        "injuries had been reported. Customers can return the toasters to any Acme store for a refund or a free repair. "
        "Shares of Acme Corp fell 3.2 percent in early trading in Riverton.\n\n"
        "The Riverton Consumer Board said it had opened an inquiry into the coils, which are supplied by Brightline "
        "Components of Lakeside. Brightline declined to comment on the recall.")
REWRITE = ("Toaster maker Acme Corp is calling back 40,000 of its Widget T200 and T250 toasters after owners in Riverton "
           "and Lakeside found the heating coils overheating. Jane Holloway, who runs product safety at Acme, told "
           "reporters nobody had been hurt, and owners will get a refund or a free repair. The Riverton Consumer Board "
           "is looking into the coils, made by Brightline Components. Acme shares dropped 3.2 percent.")
# other news of the same days: a fair, a match, a library, a bridge
OTHERS = {
    "fair.txt": "The Lakeside Harvest Fair opened on Saturday with a record 212 stalls selling cider, pumpkins and "
                "honey. Organisers expect 30,000 visitors over the weekend, and a brass band from Old Mill will play "
                "each evening on the village green. Parking is free at the school.",
    "match.txt": "Riverton Rovers beat Harbour Town 3-1 on Sunday to climb to second place in the county league. "
                 "Striker Tom Abara scored twice before half time, and goalkeeper Lena Marsh saved a penalty late in "
                 "the game in front of a crowd of 4,100.",
    "library.txt": "The Old Mill public library will stay open until 9 p.m. on weekdays from June, after the town "
                   "council approved an extra 85,000 in funding. Head librarian Priya Nandi said evening readers had "
                   "asked for the change for years, and a new children's corner opens in July.",
    "bridge.txt": "Repairs to the Harbour Town bridge will close one lane for six weeks from Monday, the roads "
                  "department said. Drivers are asked to use the coast road, and buses will run every 20 minutes "
                  "instead of every 15 while engineers replace the bridge's worn joints.",
}


def article(body: str, file_name: str, source: str | None = None, published: date | None = DAY,
            title: str | None = None) -> ArticleRows:
    """Return an article with its text and metadata only (stories need no extracted facts)."""
    meta = ArticleMeta(title, published, None, source, None, "en", len(body.split()))
    return ArticleRows(article_id=article_id(body), path=Path(file_name), origin="inbox", body=body, meta=meta)


def others() -> list[ArticleRows]:
    """Return the unrelated articles, each from its own paper."""
    return [article(body, name, source=f"{name[:-4].title()} Post") for name, body in OTHERS.items()]


def load(wh: Path, *batches: list[ArticleRows], replace_loaded: bool = False) -> None:
    """Load each batch in its own transaction, as one run."""
    run_id = ledger.start_run(at(wh))
    for number, batch in enumerate(batches, start=1):
        checked = Checked(number, batch, to_frames(batch))
        loader.load_batch(at(wh), loader.ToLoad(run_id, checked, replace_loaded=replace_loaded))


def grouping(wh: Path) -> dict[str, tuple[str, ...]]:
    """Return each file's story as the sorted files of that story."""
    rows = query(wh, "select file_name, story_key from dim_article where article_key > 0")
    members: dict[int, list[str]] = {}
    for name, key in rows:
        members.setdefault(key, []).append(name)
    return {name: tuple(sorted(members[key])) for name, key in rows}


def stories(wh: Path) -> list[tuple]:
    """Return dim_story as (headline, first day, articles, sources, its files), largest first."""
    return query(wh, """
        select s.headline, s.first_published_date_key, s.article_count, s.source_count,
               list(a.file_name order by a.file_name)
        from dim_story s join dim_article a using (story_key)
        where s.story_key > 0
        group by s.story_key, s.headline, s.first_published_date_key, s.article_count, s.source_count
        order by s.article_count desc, s.headline, s.story_key""")


def test_the_same_article_dropped_twice_with_another_header_and_trimmed_is_one_copy(tmp_path):
    wh = tmp_path / "w.duckdb"
    original = article(WIRE, "acme-recall.txt", source="Acme Wire", title="Acme recalls toasters")
    again = article("UPDATED 14:05 - RIVERTON\n\n" + WIRE.split("\n\n")[0], "acme-recall (1).txt", source="Acme Wire",
                    title="Acme recalls 40,000 toasters")
    load(wh, [original, *others()], [again])
    assert query(wh, """
        select a.file_name, coalesce(o.file_name, '-') from dim_article a
        left join dim_article o on o.article_key = a.copy_of_key and o.article_key <> -1
        where a.article_key > 0 order by a.article_key""") == [
        ("acme-recall.txt", "-"), ("fair.txt", "-"), ("match.txt", "-"), ("library.txt", "-"), ("bridge.txt", "-"),
        ("acme-recall (1).txt", "acme-recall.txt")]
    assert stories(wh)[0] == ("Acme recalls toasters", 20240514, 2, 1, ["acme-recall (1).txt", "acme-recall.txt"])


def test_two_outlets_copies_of_one_wire_story_are_one_story_and_unrelated_news_stays_alone(tmp_path):
    wh = tmp_path / "w.duckdb"
    planet = article("By Staff Reporter, Daily Planet\n\n" + WIRE, "planet.txt", source="Daily Planet",
                     title="Acme toaster recall")
    gazette = article(WIRE + "\n\nCopyright Gotham Gazette. All rights reserved.", "gazette.txt",
                      source="Gotham Gazette", published=DAY + timedelta(days=1), title="Acme recalls 40,000 toasters")
    load(wh, [planet, gazette, *others()])
    assert stories(wh) == [
        ("Acme toaster recall", 20240514, 2, 2, ["gazette.txt", "planet.txt"]),
        *[(None, 20240514, 1, 1, [name]) for name in OTHERS]]
    assert query(wh, "select count(*) from dim_article where copy_of_key <> -1") == [(1,)]
    assert reports.run_report(at(wh), "stories", {"min_articles": "2"}).rows == [
        ("Acme toaster recall", DAY, 2, 2, "Daily Planet, Gotham Gazette", 1)]


def test_a_rewritten_report_of_the_same_news_joins_the_story_in_a_later_run_and_its_counts_update(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [article(WIRE, "wire.txt", source="Acme Wire", title="Acme recalls toasters"), *others()])
    (key, *_), = query(wh, "select story_key, article_count, source_count from dim_story where headline = 'Acme recalls toasters'")
    assert query(wh, "select article_count, source_count from dim_story where story_key = ?", [key]) == [(1, 1)]
    load(wh, [article(REWRITE, "rewrite.txt", source="Riverton Herald", published=DAY + timedelta(days=2))])
    assert query(wh, "select article_count, source_count, first_published_date_key, headline from dim_story "
                     "where story_key = ?", [key]) == [(2, 2, 20240514, "Acme recalls toasters")]
    assert grouping(wh)["rewrite.txt"] == ("rewrite.txt", "wire.txt")
    assert query(wh, "select count(*) from dim_article where copy_of_key <> -1") == [(0,)]  # a rewrite is no copy
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_the_same_news_far_apart_in_time_is_two_stories(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [article(WIRE, "wire.txt"), article(REWRITE, "rewrite.txt", published=DAY + timedelta(days=40)),
              *others()])
    assert grouping(wh)["rewrite.txt"] == ("rewrite.txt",)


def test_an_article_that_links_two_stories_merges_them_under_the_older_key(tmp_path):
    wh = tmp_path / "w.duckdb"
    first_half, second_half = WIRE.split("\n\n")
    load(wh, [article(first_half, "first.txt"), article(second_half, "second.txt"), *others()])
    keys = dict(query(wh, "select file_name, story_key from dim_article where file_name in ('first.txt', 'second.txt')"))
    assert keys["first.txt"] != keys["second.txt"]
    load(wh, [article(WIRE, "whole.txt")])  # the whole text nearly repeats each half
    assert grouping(wh)["whole.txt"] == ("first.txt", "second.txt", "whole.txt")
    assert query(wh, "select story_key, article_count from dim_story where story_key in (?, ?)",
                 [keys["first.txt"], keys["second.txt"]]) == [(min(keys.values()), 3)]


@pytest.mark.parametrize("split", [1, 2, 7], ids=["one by one", "in pairs", "one batch"])
def test_loading_the_same_articles_in_other_batches_gives_the_same_stories_and_keys(tmp_path, split):
    articles = [article(WIRE, "wire.txt", source="Acme Wire"), *others(),
                article(REWRITE, "rewrite.txt", source="Riverton Herald"),
                article("RIVERTON (Acme Wire) -\n" + WIRE, "wire-again.txt", source="Harbour Times")]
    wh = tmp_path / "w.duckdb"
    load(wh, *[articles[i:i + split] for i in range(0, len(articles), split)])
    assert grouping(wh) == {**{name: (name,) for name in OTHERS},
                            **{name: ("rewrite.txt", "wire-again.txt", "wire.txt")
                               for name in ("wire.txt", "rewrite.txt", "wire-again.txt")}}
    assert query(wh, "select a.file_name, a.story_key, a.copy_of_key, s.article_count, s.source_count "
                     "from dim_article a join dim_story s using (story_key) where a.article_key > 0 order by a.article_key") == [
        ("wire.txt", 1, -1, 3, 3), ("fair.txt", 2, -1, 1, 1), ("match.txt", 3, -1, 1, 1), ("library.txt", 4, -1, 1, 1),
        ("bridge.txt", 5, -1, 1, 1), ("rewrite.txt", 1, -1, 3, 3), ("wire-again.txt", 1, 1, 3, 3)]


def test_a_run_of_many_batches_links_once_in_its_last_batch_as_if_it_were_one(tmp_path):
    articles = [article(WIRE, "wire.txt", source="Acme Wire"), *others(),
                article(REWRITE, "rewrite.txt", source="Riverton Herald")]
    one, many = tmp_path / "one.duckdb", tmp_path / "many.duckdb"
    load(one, articles)
    run_id = ledger.start_run(at(many))
    for number, (batch, last) in enumerate([(articles[:3], False), (articles[3:], True)], start=1):
        loader.load_batch(at(many), loader.ToLoad(run_id, Checked(number, batch, to_frames(batch)), link=last))
        if not last:  # the earlier batch's articles are there and sketched, their story not yet
            assert query(many, "select count(*), max(story_key) from dim_article where article_key > 0") == [(3, -1)]
            assert query(many, "select count(*) from article_sketch") == [(3,)]
    assert query(many, "select file_name, story_key, copy_of_key from dim_article order by article_key") == \
        query(one, "select file_name, story_key, copy_of_key from dim_article order by article_key")
    assert audit.audit(at(many), Settings().expectations_dir).clean


def test_a_run_whose_last_batch_did_not_link_links_at_its_end(tmp_path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(at(wh))
    batch = [article(WIRE, "wire.txt"), article("RIVERTON -\n" + WIRE, "again.txt"), *others()]
    loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(1, batch, to_frames(batch)), link=False))
    assert query(wh, "select max(story_key) from dim_article") == [(-1,)]
    counts = {"files_seen": 6, "files_loaded": 6, "files_skipped": 0, "files_quarantined": 0}
    ledger.finish_run(at(wh), run_id, ledger.RunEnd("success", counts, {}))
    assert grouping(wh)["again.txt"] == ("again.txt", "wire.txt")
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_reprocessing_keeps_every_article_in_its_story(tmp_path):
    wh = tmp_path / "w.duckdb"
    articles = [article(WIRE, "wire.txt"), article(REWRITE, "rewrite.txt"), *others()]
    load(wh, articles)
    before = grouping(wh)
    load(wh, articles[:2], replace_loaded=True)
    assert grouping(wh) == before
    assert query(wh, "select count(*), sum(article_count) from dim_story where story_key > 0") == [(5, 6)]
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_a_warehouse_loaded_before_stories_gets_them_at_its_next_run(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [article(WIRE, "wire.txt"), article("RIVERTON -\n" + WIRE, "again.txt"), *others()])
    with at(wh).connect() as con:  # what the schema's migration leaves: every article without a story
        con.execute("update dim_article set story_key = -1, copy_of_key = -1")
        con.execute("delete from dim_story where story_key > 0")
    assert not audit.audit(at(wh), Settings().expectations_dir).clean
    ledger.start_run(at(wh))  # a run with nothing new to load
    assert grouping(wh)["again.txt"] == ("again.txt", "wire.txt")
    assert audit.audit(at(wh), Settings().expectations_dir).clean
