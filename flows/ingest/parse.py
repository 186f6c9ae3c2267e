"""Ingest, parse: article metadata (headline, date, byline, source, dateline) from the text as printed."""
from __future__ import annotations

import re
from datetime import date

from flows.dates import find_date
from flows.ingest.language import language_of
from flows.records import ArticleMeta, Document, Quarantined

DATE_LABEL = re.compile(r"\b(?:updated|published|posted|date|dated|first published|last modified)\b\s*:?\s*", re.I)
BYLINE = re.compile(
    r"^[ \t•·*\-–]*(?i:by|author|written by|words by)[ \t]*[:\-]?[ \t]+"
    r"(?P<name>[A-Z][\w'’.\-]+(?:[ \t]+(?:[A-Z][\w'’.\-]+|van|von|de|da|del|bin|binti)){0,4}"
    r"(?:[ \t]+(?:and|&)[ \t]+[A-Z][\w'’.\-]+(?:[ \t]+[A-Z][\w'’.\-]+){0,3})?)[ \t]*$", re.M)
SOURCE_BAR = re.compile(r"^\s*(?P<source>[A-Z][\w&.'’ ]{1,60}?)\s*\|\s*(?:updated|published|posted|\d)", re.I | re.M)
SOURCE_PAREN = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Za-z]+\.?\s+\d{1,2})?\s*\((?P<source>[A-Z][A-Za-z&. ]{1,30})\)\s*[—–-]", re.M)
SOURCE_TAIL = re.compile(r"\s[—–]{1,2}\s*(?P<source>[A-Z][A-Za-z&.]+(?:\s+[A-Z][A-Za-z&.]+){0,3})\s*$")
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})"
    r"(?:\s*,\s*[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .&]+\))?\s*[—–-]{1,2}\s", re.M)
CAPTION = re.compile(r"\[photo|photo/|\bphoto\s*(?:credit)?:|\bpic\b|\bfile photo\b|\|\s*$|getty images|\(photo", re.I)




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
        if len(line.split()) <= 8 and (found := find_date(line)):
            return found
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
    for pattern in (SOURCE_BAR, SOURCE_PAREN):
        if m := pattern.search(head):
            return m.group("source").strip()
    tail = [line.strip() for line in text.split("\n") if line.strip()][-2:]
    for line in reversed(tail):
        if m := SOURCE_TAIL.search(line):
            return m.group("source")
    for line in reversed(tail):
        words = line.split()
        if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and re.fullmatch(r"[A-Za-z .&]+", line):
            return line.title() if line.isupper() else line
    return None


def parse_dateline(text: str) -> str | None:
    """Return the place of a wire dateline ('KUALA LUMPUR, Oct 31 —') in the opening paragraphs, else None."""
    for para in [p for p in text.split("\n") if p.strip()][:4]:
        m = DATELINE.match(para)
        if m and len(m.group("place")) >= 3:
            return m.group("place").strip()
    return None


def parse_meta(doc: Document) -> ArticleMeta:
    """Return the metadata of a document: format hints (HTML/JSON) first, then what the text prints."""
    text, hints = doc.text, doc.hints
    lines = head_lines(text)
    byline = BYLINE.search("\n".join(lines))
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
                                             "rules read English text only (see 'Failure handling' in the README)"))
            continue
        try:
            parsed.append((doc, parse_meta(doc)))
        except Exception as exc:  # one odd header must not stop the batch
            rejected.append(Quarantined.file(doc.path, doc.origin, "parse", f"{type(exc).__name__}: {exc}"))
    return parsed, rejected
