"""Events: mentions of one happening (same type, same actors, one story or days within the window) are one
dim_event row with their counts, whatever the batches; reprocessing keeps each event and its key."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from samples import at
from test_lake import lake_settings

from flows.frames import to_frames
from flows.quality import audit
from flows.records import ArticleMeta, ArticleRows, Checked, Entity, article_id
from flows.report import reports
from flows.settings import Settings
from flows.warehouse import ledger, loader
from flows.warehouse.handle import Warehouse

DAY = date(2024, 5, 14)
ACME = Entity("acme", "ORG", "Acme Corp", None, ["Acme Corp"])
WIDGET = Entity("widget", "ORG", "Widget Ltd", None, ["Widget Ltd"])
BRIGHT = Entity("brightline", "ORG", "Brightline", None, ["Brightline"])

# an invented wire story about a takeover, and other news naming the same companies
WIRE = ("Acme Corp agreed to buy Widget Ltd, the maker of garden pumps, for 40 million dollars, the two companies said "
        "on Tuesday. The deal needs the approval of regulators in Riverton and should close by the autumn. Mara Quinn, "
        "who founded Widget in a Lakeside garage, will join the board of Acme and keep running the pump factory. "
        "Acme also launched a solar lantern.")
BODIES = {
    "market.txt": "Shares of Widget Ltd jumped 18 percent on Thursday in Riverton trading after Acme Corp said it would "
                  "take over the pump maker. Analysts at Harbour Capital called the price generous and expect no rival "
                  "bid before the vote of shareholders next month.",
    "partners.txt": "Widget Ltd and Acme Corp will also work together on a new irrigation controller for farms, the "
                    "firms told a trade fair in Old Mill, with the first units due in the spring.",
    "later.txt": "Acme Corp has bought Widget Ltd again, six weeks after selling it, in a twist that puzzled the pump "
                 "trade; a spokesman gave no reason and the price was not disclosed.",
    "rival.txt": "Brightline, the Lakeside pump company, said on Wednesday that Acme Corp would acquire it too, making "
                 "Acme the largest pump maker in the county.",
    "fair.txt": "The Lakeside Harvest Fair opened on Saturday with a record 212 stalls selling cider, pumpkins and honey. "
                "Organisers expect 30,000 visitors over the weekend.",
}


def event(body: str, trigger: str, kind: str, *actors_and_day) -> dict:
    """Return one event row of the body: its trigger's offsets, type, actors (actor1, actor2) and stated day."""
    actor1, actor2, day = (*actors_and_day, None)[:3]
    start = body.index(trigger)
    return {"event_type": kind, "actor1": actor1.ref if actor1 else None, "actor2": actor2.ref if actor2 else None,
            "event_date": day, "event_date_source": "stated" if day else None, "trigger_text": trigger,
            "char_start": start, "char_end": start + len(trigger), "rule": "verb:test", "confidence": 0.8}


def article(body: str, file_name: str, source: str | None, published: date | None, *events: tuple) -> ArticleRows:
    """Return an article with its entities and the events given as (trigger, type, actor1, actor2[, day])."""
    meta = ArticleMeta(file_name[:-4].title(), published, None, source, None, "en", len(body.split()))
    return ArticleRows(article_id=article_id(body), path=Path(file_name), origin="inbox", body=body, meta=meta,
                       entities=[ACME, WIDGET, BRIGHT], events=[event(body, *e) for e in events])


def wire(file_name: str, source: str, published: date = DAY, header: str = "", stated: date | None = None):
    """Return one outlet's copy of the wire story: the takeover, and a launch with one actor."""
    body = header + WIRE
    return article(body, file_name, source, published, ("agreed to buy", "acquisition", ACME, WIDGET, stated),
                   ("launched", "launch", ACME, None))


def others() -> list[ArticleRows]:
    """Return the other news: the takeover seen from the market (two days on, actors named the other way round),
    a partnership of the same two firms, the same pair in a takeover six weeks on, a rival's takeover, a fair."""
    b = BODIES
    return [article(b["market.txt"], "market.txt", "Harbour Times", DAY + timedelta(days=2),
                    ("take over", "acquisition", WIDGET, ACME)),
            article(b["partners.txt"], "partners.txt", "Farm Weekly", DAY + timedelta(days=1),
                    ("work together", "partnership", WIDGET, ACME)),
            article(b["later.txt"], "later.txt", "Pump Trade", DAY + timedelta(days=42),
                    ("bought", "acquisition", ACME, WIDGET)),
            article(b["rival.txt"], "rival.txt", "Lakeside Post", DAY + timedelta(days=1),
                    ("acquire", "acquisition", ACME, BRIGHT)),
            article(b["fair.txt"], "fair.txt", "Lakeside Post", DAY)]


def store(wh: Path | Warehouse) -> Warehouse:
    """Return the handle of a warehouse given as a DuckDB file path or a handle (a lake)."""
    return wh if isinstance(wh, Warehouse) else at(wh)


def query(wh: Path | Warehouse, sql: str, params: list | None = None) -> list[tuple]:
    """Return the rows of one query on the warehouse, opened read-only."""
    with store(wh).connect(read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def load(wh: Path | Warehouse, *batches: list[ArticleRows], replace_loaded: bool = False) -> None:
    """Load each batch in its own transaction, as one run."""
    run_id = ledger.start_run(store(wh))
    for number, batch in enumerate(batches, start=1):
        checked = Checked(number, batch, to_frames(batch))
        loader.load_batch(store(wh), loader.ToLoad(run_id, checked, replace_loaded=replace_loaded))


def events(wh: Path | Warehouse) -> list[tuple]:
    """Return each event as (type, actors, first day, mentions, articles, sources, the files of its mentions)."""
    return query(wh, """
        select d.event_type, a1.canonical_name || ' / ' || coalesce(a2.canonical_name, '-'), d.first_date_key,
               d.mention_count, d.article_count, d.source_count,
               list(distinct a.file_name order by a.file_name)
        from dim_event d
        join fact_event f using (event_key)
        join dim_article a on a.article_key = f.article_key
        join dim_entity a1 on a1.entity_key = d.actor1_entity_key
        left join dim_entity a2 on a2.entity_key = d.actor2_entity_key and a2.entity_key <> -1
        where d.event_key > 0
        group by all
        order by d.event_type, list(distinct a.file_name order by a.file_name)""")


def keys(wh: Path | Warehouse) -> dict[tuple[str, str], int]:
    """Return each mention's event_key by (file, trigger)."""
    return {(f, t): k for f, t, k in query(wh, """
        select a.file_name, f.trigger_text, f.event_key from fact_event f join dim_article a using (article_key)""")}


EXPECTED = [
    # the takeover: both copies of the wire (one story), and the market report two days on (within the window)
    ("acquisition", "Acme Corp / Widget Ltd", 20240514, 3, 3, 3, ["gazette.txt", "market.txt", "planet.txt"]),
    ("acquisition", "Acme Corp / Widget Ltd", 20240625, 1, 1, 1, ["later.txt"]),     # six weeks on, another story
    ("acquisition", "Acme Corp / Brightline", 20240515, 1, 1, 1, ["rival.txt"]),     # other actors
    ("launch", "Acme Corp / -", 20240514, 2, 2, 2, ["gazette.txt", "planet.txt"]),
    ("partnership", "Widget Ltd / Acme Corp", 20240515, 1, 1, 1, ["partners.txt"]),  # the same actors, another type
]


def test_mentions_of_one_happening_are_one_event_with_its_counts(tmp_path):
    wh = tmp_path / "w.duckdb"
    # the second outlet's copy gives a stated day three weeks off (a misread date): its story still says one event
    load(wh, [wire("planet.txt", "Daily Planet"),
              wire("gazette.txt", "Gotham Gazette", DAY + timedelta(days=1), "By Staff Reporter\n\n",
                   stated=DAY - timedelta(days=21)),
              *others()])
    stories = dict(query(wh, "select file_name, story_key from dim_article where article_key > 0"))
    assert stories["planet.txt"] == stories["gazette.txt"]
    assert len({stories[name] for name in ("planet.txt", "market.txt", "later.txt", "partners.txt")}) == 4
    assert events(wh) == [(*e[:2], 20240423, *e[3:]) if e[6] == ["gazette.txt", "market.txt", "planet.txt"] else e
                          for e in EXPECTED]
    assert query(wh, "select count(*) from fact_event where event_key = -1") == [(0,)]
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_the_timeline_lists_each_event_once_with_its_counts(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [wire("planet.txt", "Daily Planet"), wire("gazette.txt", "Gotham Gazette", DAY + timedelta(days=1),
                                                         "By Staff Reporter\n\n"), *others()])
    timeline = reports.run_report(at(wh), "events_timeline", {"event_type": "acquisition"})
    assert [(r[0], r[1], r[3], r[4], r[5], r[8], *r[9:12]) for r in timeline.rows] == [
        (DAY, "published", "Acme Corp", "Widget Ltd", "agreed to buy", "Planet", 3, 3, 3),
        (DAY + timedelta(days=1), "published", "Acme Corp", "Brightline", "acquire", "Rival", 1, 1, 1),
        (DAY + timedelta(days=42), "published", "Acme Corp", "Widget Ltd", "bought", "Later", 1, 1, 1)]
    # a mention left out by min_confidence does not hide its event while another mention passes
    with at(wh).connect() as con:
        con.execute("update fact_event set confidence = 0.3 from dim_article "
                    "where dim_article.article_key = fact_event.article_key and dim_article.file_name = 'planet.txt'")
    first = reports.run_report(at(wh), "events_timeline", {"event_type": "acquisition"}).rows[0]
    assert (first[0], first[5], first[8], *first[9:12]) == (DAY + timedelta(days=1), "agreed to buy", "Gazette", 3, 3, 3)


@pytest.mark.parametrize("split", [1, 3, 7], ids=["one by one", "in threes", "one batch"])
def test_loading_in_other_batches_gives_the_same_events_and_keys(tmp_path, split):
    articles = [wire("planet.txt", "Daily Planet"),
                wire("gazette.txt", "Gotham Gazette", DAY + timedelta(days=1), "By Staff Reporter\n\n"), *others()]
    wh = tmp_path / "w.duckdb"
    load(wh, *[articles[i:i + split] for i in range(0, len(articles), split)])
    assert events(wh) == EXPECTED
    assert keys(wh) == {("planet.txt", "agreed to buy"): 1, ("planet.txt", "launched"): 2,
                        ("gazette.txt", "agreed to buy"): 1, ("gazette.txt", "launched"): 2,
                        ("market.txt", "take over"): 1, ("partners.txt", "work together"): 3,
                        ("later.txt", "bought"): 4, ("rival.txt", "acquire"): 5}


def test_a_mention_between_two_events_merges_them_under_the_older_key(tmp_path):
    wh = tmp_path / "w.duckdb"
    early = article(BODIES["market.txt"], "market.txt", "Harbour Times", DAY, ("take over", "acquisition", WIDGET, ACME))
    late = article(BODIES["later.txt"], "later.txt", "Pump Trade", DAY + timedelta(days=12),
                   ("bought", "acquisition", ACME, WIDGET))
    load(wh, [early, late])
    before = keys(wh)
    assert before[("market.txt", "take over")] != before[("later.txt", "bought")]
    load(wh, [wire("planet.txt", "Daily Planet", DAY + timedelta(days=6))])  # within a week of both
    assert set(keys(wh).values()) - {keys(wh)[("planet.txt", "launched")]} == {min(before.values())}
    assert query(wh, "select mention_count, article_count, source_count from dim_event where event_key = ?",
                 [min(before.values())]) == [(3, 3, 3)]
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_reprocessing_keeps_each_event_and_its_key(tmp_path):
    wh = tmp_path / "w.duckdb"
    articles = [wire("planet.txt", "Daily Planet"), *others()]
    load(wh, articles)
    before, rows = keys(wh), events(wh)
    load(wh, articles, replace_loaded=True)
    assert keys(wh) == before and events(wh) == rows
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_a_reprocess_that_failed_after_an_unlinked_batch_is_linked_at_the_next_run(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [wire("planet.txt", "Daily Planet"), *others()])

    def takeover() -> tuple:  # the takeover's mentions, articles, sources and files
        return next(e[3:] for e in events(wh) if e[0] == "acquisition" and "planet.txt" in e[6])

    assert takeover() == (2, 2, 2, ["market.txt", "planet.txt"])
    # a reprocess finds no event in the market report any more; its batch commits without linking (the run links
    # in its last batch, which then fails): every mention keeps an event and every article a story all the same
    run_id = ledger.start_run(at(wh))
    quiet = article(BODIES["market.txt"], "market.txt", "Harbour Times", DAY + timedelta(days=2))
    loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(1, [quiet], to_frames([quiet])), replace_loaded=True,
                                            link=False))
    ledger.finish_run(at(wh), run_id, ledger.RunEnd("failed", {}, {}, "OSError: no space left on device"))
    assert takeover() == (2, 2, 2, ["planet.txt"])  # one mention left, and the event still counts two
    ledger.start_run(at(wh))  # the next run, with nothing new to load
    assert takeover() == (1, 1, 1, ["planet.txt"])
    assert query(wh, "select count(*) from links_pending") == [(0,)]
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_a_warehouse_loaded_before_events_gets_them_at_its_next_run(tmp_path):
    wh = tmp_path / "w.duckdb"
    load(wh, [wire("planet.txt", "Daily Planet"), *others()])
    rows = events(wh)
    with at(wh).connect() as con:  # what the schema's migration leaves: every mention without an event
        con.execute("update fact_event set event_key = -1")
        con.execute("delete from dim_event where event_key > 0")
    assert not audit.audit(at(wh), Settings().expectations_dir).clean
    ledger.start_run(at(wh))  # a run with nothing new to load
    assert events(wh) == rows
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def test_a_lake_links_the_same_events_as_a_file(tmp_path):
    articles = [wire("planet.txt", "Daily Planet"),
                wire("gazette.txt", "Gotham Gazette", DAY + timedelta(days=1), "By Staff Reporter\n\n"), *others()]
    lake = lake_settings(tmp_path).store
    load(lake, articles[:3], articles[3:])
    load(lake, articles[:1], replace_loaded=True)
    assert events(lake) == EXPECTED
    assert keys(lake) == keys_loaded_at_once(tmp_path / "w.duckdb", articles)
    assert audit.audit(lake, Settings().expectations_dir).clean


def keys_loaded_at_once(wh: Path, articles: list[ArticleRows]) -> dict[tuple[str, str], int]:
    """Return the event keys of the articles loaded into a DuckDB file in one batch."""
    load(wh, articles)
    return keys(wh)
