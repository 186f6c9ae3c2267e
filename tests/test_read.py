"""Reading files: encodings detected, formats turned into one normalized text, bad files refused with a reason."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.ingest.discover import discover, is_candidate
from flows.ingest.read import ReadError, decode, normalize, read_document

EXT = (".txt", ".md", ".html", ".htm", ".json")
TEXT = "Café owners in Zürich said “prices rose 5%” on Monday."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("cp1252"),
])
def test_decode_detects_encoding(data):
    assert normalize(decode(data)) == TEXT


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary content"),
])
def test_decode_refuses_non_text(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_normalize_is_nfc_with_unix_line_ends():
    assert normalize("\ufeffCafe\u0301\r\nline two\rthree  \n") == "Café\nline two\nthree"


def test_json_article_fields(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "Deal done", "text": "Acme bought Widget Co on Monday.",
                                "date": "2020-02-03", "authors": ["Ann Lee"], "source_domain": "example.com"}))
    doc = read_document(path, "inbox", EXT)
    assert (doc.text, doc.hints) == ("Acme bought Widget Co on Monday.", {
        "title": "Deal done", "date": "2020-02-03", "author": "Ann Lee", "source": "example.com"})


@pytest.mark.parametrize("content, reason", [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "must be an object"),
    ('{"title": "x"}', "no 'text' or 'body'"),
])
def test_bad_json_is_refused(tmp_path: Path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ReadError, match=reason):
        read_document(path, "inbox", EXT)


def test_html_main_text_and_title(tmp_path: Path):
    body = " ".join(["Acme Corp said on Tuesday it would buy Widget Ltd for $5 million in cash."] * 4)
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Acme buys Widget</title></head><body><nav>Home | News</nav>"
                    f"<article><h1>Acme buys Widget</h1><p>{body}</p><p>{body}</p></article></body></html>")
    doc = read_document(path, "inbox", EXT)
    assert doc.hints["title"] == "Acme buys Widget"
    assert "Acme Corp said on Tuesday" in doc.text and "Home | News" not in doc.text


def test_unsupported_extension_is_refused(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReadError, match="unsupported file type '.pdf'"):
        read_document(path, "inbox", EXT)


def test_discover_skips_hidden_temporary_and_growing_files(tmp_path: Path):
    for name in ("a.txt", ".hidden.txt", "b.txt.tmp", "c.part", "~$d.txt", "e.md"):
        (tmp_path / name).write_text("some words here")
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "e.md"]
    assert not is_candidate(tmp_path / "missing.txt")
