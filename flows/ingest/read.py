"""Ingest, read: decode article files and turn every format into one normalized text."""
from __future__ import annotations

import codecs
import errno
import json
import os
import stat
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from charset_normalizer import from_bytes

from flows.ingest.discover import refusal
from flows.records import Document, Quarantined

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ReadError(Exception):
    """A file that cannot become article text; the message is the quarantine reason."""


class NotRegular(ReadError):
    """A path that is not a regular file (a link, a FIFO...) when it is opened: refused and left where it is."""


# Never follow a link, never wait: a FIFO put in the place of a listed file opens at once (and is refused) instead
# of blocking the run in open() until a writer comes.
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@contextmanager
def open_regular(path: Path):
    """Yield a binary handle on a regular file and its size, opened without following a link or blocking; raise
    NotRegular for anything else (a FIFO swapped in after the listing is refused, not waited on)."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegular(refusal(stat.S_IFLNK, path)) from None
        if exc.errno == errno.ENXIO:  # a socket: open() says "no such device or address"
            raise NotRegular(refusal(stat.S_IFSOCK, path)) from None
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(refusal(info.st_mode, path))
        yield handle, info.st_size


def read_limited(handle, size: int, max_bytes: int) -> bytes:
    """Return the bytes of an open file of the given size; raise ReadError over max_bytes or on a read error."""
    limit = f"over the limit of {max_bytes:,} (WIREHOUSE_MAX_FILE_BYTES)"
    if size > max_bytes:
        raise ReadError(f"file too large: {size:,} bytes, {limit}")
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # it grew since it was opened
        raise ReadError(f"file too large: {limit}")
    return data


def clean(text: str) -> str:
    """Return text with lone surrogates (from JSON escapes like "\\ud83d") replaced by U+FFFD; pairs are joined."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def normalize(text: str) -> str:
    """Return text in the one form every offset points into: no lone surrogates, NFC, '\\n' line ends, no BOM,
    trimmed."""
    text = unicodedata.normalize("NFC", clean(text).replace("\ufeff", ""))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _looks_utf16(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when BOM-less bytes have the NUL pattern of UTF-16 text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """Return the text of raw bytes with the encoding detected (BOM, UTF-8, UTF-16, then cp1252/latin-1)."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="strict")
    utf16 = _looks_utf16(data)
    if utf16:
        return data.decode(utf16)
    if b"\x00" in data:
        raise ReadError("binary content (NUL bytes): not a text, HTML or JSON article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_8", "cp1250", "iso8859_15"]).best()
    text = str(best) if best is not None else data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise ReadError("binary content (control characters): not a text, HTML or JSON article")
    return text


def from_html(markup: str) -> tuple[str, dict]:
    """Return the main text of an HTML page and its metadata, using trafilatura's extractor."""
    import trafilatura  # slow import, only paid when HTML arrives

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise ReadError("HTML page has no extractable article text")
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    hints = {"title": found.get("title"), "date": found.get("date"),
             "author": found.get("author"), "source": found.get("sitename")}
    return found.get("text") or "", {k: v for k, v in hints.items() if v}


def from_json(raw: str) -> tuple[str, dict]:
    """Return the body of a JSON article object (text/body/maintext) and its title/date/author/source."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise ReadError("JSON article must be an object with a 'text' or 'body' field")
    body = next((obj[k] for k in ("text", "body", "maintext", "content") if isinstance(obj.get(k), str)), None)
    if body is None:
        raise ReadError("JSON article has no 'text' or 'body' string field")
    author = obj.get("author") or obj.get("authors")
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if a) or None
    hints = {"title": obj.get("title"), "date": obj.get("date") or obj.get("date_publish"),
             "author": author, "source": obj.get("source") or obj.get("source_domain")}
    return body, {k: clean(str(v)) for k, v in hints.items() if v}


def read_document(path: Path, origin: str, extensions: tuple[str, ...], max_bytes: int = 20_000_000,
                  max_chars: int = 5_000_000) -> Document:
    """Return the normalized Document of one file; raise ReadError with a readable reason when it can't be read."""
    suffix = path.suffix.lower()
    with open_regular(path) as (handle, size):
        if suffix not in extensions:
            raise ReadError(f"unsupported file type '{suffix or '(none)'}': expected one of {', '.join(extensions)}")
        raw = decode(read_limited(handle, size, max_bytes))
    hints: dict = {}
    if suffix in (".html", ".htm"):
        raw, hints = from_html(raw)
    elif suffix == ".json":
        raw, hints = from_json(raw)
    text = normalize(raw)
    if len(text.split()) < 3 and len(text) < 40:  # (a script without spaces has long "words": see language.py)
        raise ReadError("no article text (fewer than 3 words after extraction)")
    if len(text) > max_chars:
        raise ReadError(f"text too long: {len(text):,} characters, over the limit of {max_chars:,} "
                        "(WIREHOUSE_MAX_TEXT_CHARS)")
    return Document(path=path, origin=origin, text=text, hints=hints)


def read_batch(paths: list[tuple[Path, str]], extensions: tuple[str, ...], max_bytes: int = 20_000_000,
               max_chars: int = 5_000_000) -> tuple[list[Document], list[Quarantined]]:
    """Return the documents that could be read and a quarantine record for each file that could not (one that
    is not a regular file when opened is left where it is)."""
    docs, rejected = [], []
    for path, origin in paths:
        try:
            docs.append(read_document(path, origin, extensions, max_bytes, max_chars))
        except NotRegular as exc:
            rejected.append(Quarantined.file(path, origin, "read", f"{exc} (left where it is)", left_in_place=True))
        except (ReadError, UnicodeError) as exc:
            rejected.append(Quarantined.file(path, origin, "read", str(exc)))
        except Exception as exc:  # any other surprise in one file must not stop the batch
            rejected.append(Quarantined.file(path, origin, "read", f"unexpected {type(exc).__name__}: {exc}"))
    return docs, rejected
