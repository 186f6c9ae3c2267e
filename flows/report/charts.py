"""Charts for the HTML report page: one Vega-Lite spec (built with Altair) per report that reads well as a picture."""
from __future__ import annotations

import altair as alt

TOP = 15  # bars in a ranking chart; the table beside it has every row
WIDTH = 640


def _base(records: list[dict], title: str) -> alt.Chart:
    """Return a chart over inline rows (the page must render with no network, so data is never a URL)."""
    return alt.Chart(alt.Data(values=records), title=title).properties(width=WIDTH)


def top_entities(records: list[dict]) -> alt.Chart:
    """Return bars of articles per entity, coloured by type."""
    return _base(records, "Articles naming each entity").mark_bar().encode(
        x=alt.X("articles:Q", title="articles"),
        y=alt.Y("canonical_name:N", sort="-x", title=None),
        color=alt.Color("entity_type:N", title="type"),
        tooltip=["canonical_name:N", "entity_type:N", "articles:Q", "mentions:Q"])


def events_timeline(records: list[dict]) -> alt.Chart:
    """Return a timeline: one point per dated event, a row per event type."""
    dated = [r for r in records if r["event_date"]]
    return _base(dated, "Events over time").mark_circle(size=120, opacity=0.7).encode(
        x=alt.X("event_date:T", title="date"),
        y=alt.Y("event_type:N", title=None),
        color=alt.Color("event_type:N", legend=None),
        tooltip=["event_date:T", "event_type:N", "actor_1:N", "actor_2:N", "trigger_text:N", "article:N"])


def articles_by_source_month(records: list[dict]) -> alt.Chart:
    """Return stacked bars of articles per month, one colour per source."""
    return _base(records, "Articles per month and source").mark_bar().encode(
        x=alt.X("month:O", title="month"),
        y=alt.Y("articles:Q", title="articles"),
        color=alt.Color("source:N"),
        tooltip=["source:N", "month:O", "articles:Q", "words:Q"])


def entity_pairs(records: list[dict]) -> alt.Chart:
    """Return bars of the pairs named together most often."""
    rows = [{**r, "pair": f"{r['entity_1']} + {r['entity_2']}"} for r in records[:TOP]]
    return _base(rows, f"Top {TOP} pairs named in the same articles").mark_bar().encode(
        x=alt.X("articles:Q"), y=alt.Y("pair:N", sort="-x", title=None),
        tooltip=["entity_1:N", "entity_2:N", "articles:Q", "sentences:Q"])


def metrics_by_entity(records: list[dict]) -> alt.Chart:
    """Return stacked bars of quantities stated per entity, coloured by kind."""
    return _base(records[:TOP], f"Quantities stated per entity (top {TOP} rows)").mark_bar().encode(
        x=alt.X("sum(metrics):Q", title="quantities"),
        y=alt.Y("entity:N", sort="-x", title=None),
        color=alt.Color("metric_kind:N", title="kind"),
        tooltip=["entity:N", "metric_kind:N", "unit:N", "metrics:Q", "min_value:Q", "max_value:Q"])


def quotes_by_speaker(records: list[dict]) -> alt.Chart:
    """Return bars of quotes per speaker."""
    return _base(records[:TOP], "Quotes per speaker").mark_bar().encode(
        x=alt.X("quotes:Q"), y=alt.Y("speaker:N", sort="-x", title=None), tooltip=["speaker:N", "quotes:Q"])


def stories(records: list[dict]) -> alt.Chart:
    """Return bars of articles per story, the largest first, shaded by how many sources ran it."""
    def label(r: dict) -> str:
        headline = r["headline"] or "(no headline)"
        return f"{headline[:60]}{'…' if len(headline) > 60 else ''} [{r['story_key']}]"

    rows = [{**r, "story": label(r)} for r in records[:TOP]]
    return _base(rows, f"The {TOP} largest stories").mark_bar().encode(
        x=alt.X("articles:Q", title="articles"),
        y=alt.Y("story:N", sort="-x", title=None),
        color=alt.Color("sources:Q", title="sources"),
        tooltip=["headline:N", "first_published:T", "articles:Q", "sources:Q", "source_names:N"])


def tone_by_week(records: list[dict]) -> alt.Chart:
    """Return the mean tone of all sources by week as a line, each source's weeks as points around it."""
    everyone = _base([r for r in records if r["source"] == "all"], "Tone by week (positive minus negative "
                     "words per 100)").mark_line(point=True, color="#444").encode(
        x=alt.X("week:T", title="week"), y=alt.Y("mean_tone:Q", title="mean tone"),
        tooltip=["week:T", "articles:Q", "mean_tone:Q", "positive_pct:Q", "negative_pct:Q"])
    sources = _base([r for r in records if r["source"] != "all"], "").mark_circle(size=60, opacity=0.6).encode(
        x="week:T", y="mean_tone:Q", color=alt.Color("source:N", title="source"),
        tooltip=["week:T", "source:N", "articles:Q", "mean_tone:Q"])
    zero = _base([{"zero": 0}], "").mark_rule(color="#bbb").encode(y="zero:Q")
    return alt.layer(zero, sources, everyone, title="Tone by week (positive minus negative words per 100)")


def places_on_map(records: list[dict]) -> alt.Chart:
    """Return the places as points on a world outline drawn from Vega's generated sphere and graticule (no base
    map ships in a package the page can use offline), sized by the articles that name them."""
    projection = {"type": "equalEarth"}
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#eef4f8", stroke="#999").project(**projection)
    grid = alt.Chart(alt.graticule(step=[30, 30])).mark_geoshape(stroke="#ccc", strokeWidth=0.5).project(**projection)
    points = alt.Chart(alt.Data(values=records)).mark_circle(opacity=0.7, color="#c0392b").encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("articles:Q", title="articles", scale=alt.Scale(range=[30, 600])),
        tooltip=["place:N", "country_code:N", "admin1_code:N", "articles:Q", "mentions:Q", "mean_tone:Q"],
    ).project(**projection)
    return alt.layer(sphere, grid, points, title="Places named (points by latitude and longitude)").properties(
        width=WIDTH, height=WIDTH // 2)


def entity_profile(records: list[dict]) -> alt.Chart:
    """Return the profiled entity's mentions by week as bars, the bars shaded by the week's mean tone."""
    name = next((r["item"] for r in records if r["section"] == "entity"), "")
    weeks = [r for r in records if r["section"] == "week" and r["day"]]
    return _base(weeks, f"Mentions by week: {name}").mark_bar().encode(
        x=alt.X("yearmonthdate(day):O", title="week"), y=alt.Y("mentions:Q", title="mentions"),
        color=alt.Color("tone:Q", title="mean tone", scale=alt.Scale(scheme="blues")),
        tooltip=["day:T", "articles:Q", "mentions:Q", "tone:Q"])


def data_quality(records: list[dict]) -> alt.Chart:
    """Return grouped bars per run: files and rows set aside, expectations failed."""
    measures = ["files_set_aside", "rows_set_aside", "expectations_failed"]
    return _base(records, "What each run set aside or failed").transform_fold(measures, as_=["measure", "count"]) \
        .mark_bar().encode(
            x=alt.X("run_id:O", title="run"), xOffset="measure:N", y=alt.Y("count:Q", title="count"),
            color=alt.Color("measure:N", title=None), tooltip=["run_id:O", "measure:N", "count:Q"])


CHARTS = {"top_entities": top_entities, "events_timeline": events_timeline,
          "articles_by_source_month": articles_by_source_month, "entity_pairs": entity_pairs,
          "metrics_by_entity": metrics_by_entity, "quotes_by_speaker": quotes_by_speaker,
          "stories": stories, "data_quality": data_quality, "tone_by_week": tone_by_week,
          "places_on_map": places_on_map, "entity_profile": entity_profile}


def chart_spec(name: str, records: list[dict]) -> dict | None:
    """Return the Vega-Lite spec of a report's chart (validated by Altair), or None for a table-only report or no rows."""
    if name not in CHARTS or not records:
        return None
    return CHARTS[name](records).to_dict()


def vegalite_version() -> str:
    """Return the Vega-Lite release Altair writes specs for, as 'MAJOR.MINOR'."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
