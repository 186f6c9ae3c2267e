"""Calendar dates written in English news text ('Oct. 31, 2021', '31 October 2021', '2021-10-31')."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE_FORMS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]


def to_date(match: re.Match) -> date | None:
    """Return the calendar date of a DATE_FORMS match, None when it is not a real date."""
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"].lower().rstrip("."))
    try:
        return date(int(parts["year"]), month, int(parts["day"]))
    except (TypeError, ValueError):
        return None


def find_date(line: str) -> date | None:
    """Return the first full date (day, month and year) written in a line, else None."""
    hits = [m for form in DATE_FORMS for m in form.finditer(line)]
    for m in sorted(hits, key=lambda m: m.start()):
        found = to_date(m)
        if found:
            return found
    return None
