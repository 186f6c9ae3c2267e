"""When an event happened: a date the sentence states, one it gives relative to the article's day, or that day."""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span

from flows.dates import MONTHS, find_date

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_YEAR = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>(?:19|20)\d\d)\b")
YEAR = re.compile(r"^(?:in\s+|during\s+)?(?P<year>(?:19|20)\d\d)$", re.I)


def month_start(day: date, back: int = 0) -> date:
    """Return the first day of the month 'back' months before the given day's month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def relative_date(text: str, published: date) -> date | None:
    """Return the day a relative expression names, counted from the publication day.

    'yesterday' -> the day before; 'on Friday' -> the latest Friday up to that day; 'last week' -> seven days
    before; 'last month' -> the first of the previous month; 'last year' -> 1 January of the previous year;
    'in March' -> 1 March of the latest March up to that day; 'this week', 'today' -> the day itself.
    """
    t = text.lower().strip()
    if re.search(r"\b(?:today|this week|this morning|tonight|earlier today)\b", t):
        return published
    if "yesterday" in t or "last night" in t:
        return published - timedelta(days=1)
    if "tomorrow" in t:
        return published + timedelta(days=1)
    if "last week" in t:
        return published - timedelta(days=7)
    if "last month" in t:
        return month_start(published, 1)
    if "last year" in t:
        return date(published.year - 1, 1, 1)
    if re.search(r"\b(?:this|earlier this) month\b", t):
        return month_start(published)
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", t):
            return published - timedelta(days=(published.weekday() - i) % 7)
    for name, number in MONTHS.items():
        if re.fullmatch(rf"(?:in\s+|last\s+)?{name}\.?", t):
            year = published.year if number <= published.month else published.year - 1
            return date(year, number, 1)
    return None


def stated_date(text: str, after_in: bool) -> date | None:
    """Return the day a date expression states: a full date, or (after 'in') the first day of a stated month
    or year ('in March 2019' -> 1 March 2019, 'in 2018' -> 1 January 2018; not 'through 2028')."""
    if found := find_date(text):
        return found
    if not after_in:
        return None
    if (m := MONTH_YEAR.search(text)) and m["month"].lower() in MONTHS:
        return date(int(m["year"]), MONTHS[m["month"].lower()], 1)
    if m := YEAR.match(text.strip()):
        return date(int(m["year"]), 1, 1)
    return None


def event_date(sent: Span, published: date | None) -> tuple[date | None, str | None]:
    """Return (day, source) of an event reported in a sentence: 'stated', 'relative' (resolved against the
    publication day) or 'published' (the article's day, when the sentence gives none); (None, None) when
    nothing dates it."""
    latest = min(published or date.max, date.today()) + timedelta(days=1)  # a plan's date is not the event's
    for ent in (e for e in sent.ents if e.label_ == "DATE"):
        after_in = ent.start > 0 and ent.doc[ent.start - 1].lower_ == "in" or ent.text.lower().startswith("in ")
        if (found := stated_date(ent.text, after_in)) and found <= latest:
            return found, "stated"
        if published is not None and (found := relative_date(ent.text, published)) and found <= latest:
            return found, "relative"
    return (published, "published") if published is not None else (None, None)
