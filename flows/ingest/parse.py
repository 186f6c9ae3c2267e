"""Ingest, parse: article metadata (headline, date, byline, source, dateline) from the text as printed."""
from __future__ import annotations

import re
from datetime import date

from flows.dates import find_date
from flows.ingest.language import language_of
from flows.records import ArticleMeta, Document, Quarantined

# Wire services and agencies that a story names alone on a header line ("Reuters" under the headline).
WIRE_SERVICES = {"reuters", "reuter", "ap", "associated press", "the associated press", "afp", "agence france-presse",
                 "bloomberg", "pti", "press trust of india", "ani", "ians", "upi", "xinhua", "bernama", "kyodo",
                 "yonhap", "dpa", "efe", "ansa", "tass", "anadolu", "pa", "press association", "aap", "cna"}
DATE_LABEL = re.compile(r"\b(?:updated|published|posted|date|dated|first published|last modified)\b\s*:?\s*", re.I)
BYLINE = re.compile(
    r"^[ \t•·*\-–]*(?i:by|author|written by|words by)[ \t]*[:\-]?[ \t]+"
    r"(?P<name>[A-Z][\w'’.\-]+(?:[ \t]+(?:[A-Z][\w'’.\-]+|van|von|de|da|del|bin|binti)){0,4}"
    r"(?:[ \t]+(?:and|&)[ \t]+[A-Z][\w'’.\-]+(?:[ \t]+[A-Z][\w'’.\-]+){0,3})?)(?:[ \t]+@\w+)?[ \t]*"
    r"(?:[|,][ \t]*(?P<after>[^\n]*?))?[ \t]*$", re.M)
# A name alone on a header line, perhaps with ', <publisher or role>' or '@handle' after it ("Dara Vell,
# Daily Ledger"); taken as the byline only next to the printed date line.
NAME_LINE = re.compile(
    r"^(?P<name>[A-Z][a-z'’\-]+(?:\s+(?:[A-Z][a-z'’.\-]*|de|van|von|da|del|bin|al|le|la)){1,3})"
    r"\s*(?:,\s*(?P<after>[A-Z][\w&.' ]{1,40})|@\w+)?$")
ROLE_WORDS = re.compile(r"\b(?:reporter|editor|correspondent|writer|staff|contributor|columnist|producer|"
                        r"analyst|journalist|desk|team)\b", re.I)
SOURCE_LABEL = re.compile(r"\bSource[ \t]*:[ \t]*(?P<source>[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3})")
# Words that make a byline name a publication ("by Harbor Post News Weekly"), and header words that are dates.
PUBLICATION = re.compile(r"\b(?:News|Post|Times|Weekly|Daily|Press|Agency|Media|Herald|Journal|Tribune|Gazette|"
                         r"Wire|Network|Magazine)\b")
CALENDAR = re.compile(r"^(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                      r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Mon(?:day)?|Tue(?:s|sday)?|"
                      r"Wed(?:nesday)?|Thu(?:rs|rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\b\.?")
NOT_SOURCES = {"disclaimer", "advertisement", "comments", "related", "share", "subscribe", "newsletter", "tags",
               "topics", "read more", "more", "trending", "recommended", "sponsored", "follow us"}
SOURCE_BAR = re.compile(r"^\s*(?P<source>[A-Z][\w&.'’ ]{1,60}?)\s*\|\s*(?:updated|published|posted|\d)", re.I | re.M)
SOURCE_PAREN = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Za-z]+\.?\s+\d{1,2}|,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
                          r"\s*\((?P<source>[A-Z][A-Za-z&. ]{1,30})\)\s*[—–-]", re.M)
SOURCE_TAIL = re.compile(r"\s[—–]{1,2}\s*(?P<source>[A-Z][A-Za-z&.]+(?:\s+[A-Z][A-Za-z&.]+){0,3})\s*$")
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})"
    r"(?:\s*,\s*[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}|\s*,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*\())?"
    r"\s*(?:\([A-Za-z .&]+\))?\s*(?:[—–-]{1,2}|:)\s", re.M)
# A dateline in title case must end in a dash, and may carry a state or country ("Springfield –",
# "Dayton, OH –", "Hong Kong (CNN Business) —").
DATELINE_TITLE = re.compile(
    r"^\s*(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})(?:,\s*[A-Z][A-Za-z.]{1,12})?"
    r"\s*(?:\((?P<source>[A-Za-z .&]+)\))?\s*[—–]\s")
# A dateline alone on its line, in capitals ("ZUG, SWITZERLAND").
DATELINE_LINE = re.compile(r"^(?P<place>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,2}),\s*[A-Z][A-Z .'\-]+$")
CAPTION = re.compile(r"\[photo|photo/|\bphoto\s*(?:credit)?:|\bpic\b|\bfile photo\b|\|\s*$|getty images|\(photo", re.I)




# A header date in numbers, the day first with dots ('19.11.2019') or the month first with slashes ('11/19/2019');
# only on a header line, where it is the page's date (in running text such numbers may be anything).
NUMERIC_DATE = re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d./])")
# 'by NAME' closing a header date line ('5:45 AM PST 11/19/2019 by Jane Roe').
BYLINE_TAIL = re.compile(r"\s[Bb]y\s+(?P<name>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3})\s*$")
# A name in capitals alone on a header line ('JANE ROE'), taken as the byline only next to the date line.
# A name, then a dash and the date itself (no label: 'Updated ...') on the same header line ('Jane Roe - Nov 19, 2019, 8:15 pm CST').
NAME_DATED = re.compile(r"^(?P<name>[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’.\-]*){1,3})\s+[-–—]\s+(?P<rest>.+)$")
CAPS_NAME_LINE = re.compile(r"^(?P<name>[A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’.\-]*){1,3})$")


def numeric_date(line: str) -> date | None:
    """Return the date a header line prints in numbers: '19.11.2019' (day first), '11/19/2019' (month first, or
    the day when the first number cannot be a month), else None."""
    m = NUMERIC_DATE.search(line)
    if m is None:
        return None
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if m["sep"] == "." or a > 12 else (b, a)
    try:
        return date(int(m["year"]), month, day)
    except ValueError:
        return None


def head_lines(text: str, limit: int = 12) -> list[str]:
    """Return the first non-empty lines of a text, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()][:limit]



def parse_date(lines: list[str]) -> date | None:
    """Return the publication date: a labelled date ('Updated: …') or a short line that is mostly a date."""
    for line in lines:
        label = DATE_LABEL.search(line)
        if label and (found := find_date(line[label.start():])):
            return found
    for line in lines[:4]:
        if len(printed_date(line).split()) <= 8 and (found := find_date(printed_date(line)) or
                                                     numeric_date(BYLINE_TAIL.sub("", line))):
            return found
    return None


def printed_date(line: str) -> str:
    """Return a header date line without times and separators ('March 3 | 09:41 | 2021' -> 'March 3 2021')."""
    return re.sub(r"\s+", " ", re.sub(r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\|", " ", line)).strip()


def is_date_line(line: str) -> bool:
    """Return True for a short header line that prints a date."""
    printed = printed_date(line)
    return len(line.split()) <= 20 and (find_date(printed) or numeric_date(printed)) is not None


def name_line(lines: list[str]) -> re.Match | None:
    """Return the match of a bare byline: a name alone on a header line (in title case or capitals) next to the
    printed date line, or before a dash and the date ('Jane Roe - Nov 19, 2019'), else 'by NAME' closing the date
    line."""
    for i, line in enumerate(lines[1:6], start=1):
        m = NAME_LINE.match(line) or (CAPS_NAME_LINE.match(line) if line.lower() not in WIRE_SERVICES else None)
        near = lines[i - 1:i] + lines[i + 1:i + 2]
        if m and any(is_date_line(n) for n in near) and not is_date_line(line):
            return m
        if (dated := NAME_DATED.match(line)) and CALENDAR.match(dated.group("rest")) and is_date_line(dated.group("rest")):
            return dated
    for line in lines[1:6]:
        if is_date_line(line) and (m := BYLINE_TAIL.search(line)):
            return m  # '5:45 AM PST 11/19/2019 by Jane Roe'
    return None


def is_headline(line: str) -> bool:
    """Return True when a first line reads as a headline (not a caption, breadcrumb, date or sentence)."""
    words = line.split()
    return (2 <= len(words) <= 25 and not CAPTION.search(line) and " / " not in line
            and not line.endswith((".", ":", ";", ",")) and not DATE_LABEL.match(line)
            and not BYLINE.match(line) and not DATELINE.match(line) and find_date(line) is None)


def parse_title(lines: list[str]) -> str | None:
    """Return the headline: the first line that is not navigation, when it reads as a headline."""
    for line in lines[:3]:
        if " / " in line and len(line.split()) <= 12:  # breadcrumb such as "Home / China / Business"
            continue
        return line if is_headline(line) else None
    return None


def parse_source(text: str, lines: list[str]) -> str | None:
    """Return the publisher or wire service as printed: header 'X | Updated', '(Reuters)', a closing '— X' or sign-off line."""
    head = "\n".join(lines)
    for pattern in (SOURCE_LABEL, SOURCE_BAR, SOURCE_PAREN):
        for m in pattern.finditer(head):
            if not CALENDAR.match(m.group("source")):  # 'March 3 | 09:41' is a date, not a publisher
                return m.group("source").strip()
    for pattern in (BYLINE, NAME_LINE):
        for line in lines[1:6]:
            m = pattern.match(line)
            after = (m.group("after") or "").strip() if m else ""
            if after and not ROLE_WORDS.search(after) and not is_date_line(after) and after[:1].isupper():
                return after  # 'By Storm Hale | Daily Ledger', 'Dara Vell, Harbor Press'
            if m and PUBLICATION.search(m.group("name")):
                return m.group("name").strip()  # 'by Harbor Post News Weekly'
    for line in lines[1:4]:
        if line.lower().strip(" .") in WIRE_SERVICES:
            return line.strip(" .").title() if line.isupper() else line.strip(" .")  # 'Reuters' under the headline
        if (m := DATELINE_TITLE.match(line)) and m.group("source"):
            return m.group("source").strip()
    tail = [line.strip() for line in text.split("\n") if line.strip()][-2:]
    for line in reversed(tail):
        if m := SOURCE_TAIL.search(line):
            return m.group("source")
    for line in reversed(tail):
        words = line.split()
        if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and re.fullmatch(r"[A-Za-z .&]+", line) \
                and line.lower().strip(" .") not in NOT_SOURCES:
            return line.title() if line.isupper() else line
    return None


def parse_dateline(text: str) -> str | None:
    """Return the place of a wire dateline ('KUALA LUMPUR, Oct 31 —') in the opening paragraphs, else None."""
    for i, para in enumerate([p for p in text.split("\n") if p.strip()][:6]):
        alone = i > 0 and len(para.split()) <= 4 and DATELINE_LINE.match(para.strip())  # not the headline
        m = DATELINE.match(para) or DATELINE_TITLE.match(para) or alone
        if m and len(m.group("place")) >= 3 and not DATE_LABEL.fullmatch(m.group("place")):  # 'UPDATED: <date>'
            return m.group("place").strip()
    return None


def parse_meta(doc: Document) -> ArticleMeta:
    """Return the metadata of a document: format hints (HTML/JSON) first, then what the text prints."""
    text, hints = doc.text, doc.hints
    lines = head_lines(text)
    byline = BYLINE.search("\n".join(lines)) or name_line(lines)
    hinted_date = find_date(hints["date"]) if hints.get("date") else None
    return ArticleMeta(
        title=hints.get("title") or parse_title(lines),
        published_date=hinted_date or parse_date(lines),
        author=hints.get("author") or (byline.group("name").strip() if byline else None),
        source=hints.get("source") or parse_source(text, lines),
        dateline=parse_dateline(text),
        language="en",
        word_count=len(re.findall(r"\w+(?:['’]\w+)?", text)),
    )


def parse_batch(docs: list[Document]) -> tuple[list[tuple[Document, ArticleMeta]], list[Quarantined]]:
    """Return each English document paired with its parsed metadata, and a quarantine record for each document
    that is not English (see language.py) or whose metadata could not be parsed."""
    parsed, rejected = [], []
    for doc in docs:
        if language_of(doc.text) != "en":
            rejected.append(Quarantined.file(doc.path, doc.origin, "parse", "not English: the spaCy model and the "
                                             "rules read English text only (see 'Failure handling' in docs/operations.md)"))
            continue
        try:
            parsed.append((doc, parse_meta(doc)))
        except Exception as exc:  # one odd header must not stop the batch
            rejected.append(Quarantined.file(doc.path, doc.origin, "parse", f"{type(exc).__name__}: {exc}"))
    return parsed, rejected
