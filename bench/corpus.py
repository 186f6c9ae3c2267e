"""Benchmark corpus: real newswire read from ../shared/corpus at run time, written as unique inbox files.

The corpus texts are licensed for research only: they are read from the shared folder when the benchmark
runs and written to a temporary inbox, never into the repository.
"""
from __future__ import annotations

import gzip
import itertools
import json
import string
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SOURCES = {"bbc": "bbc_news_2225.jsonl.gz", "reuters": "reuters21578.jsonl.gz"}
MIN_WORDS = 40  # Reuters has thousands of one-line tables and headline-only items: not articles


def read_texts(path: Path, min_words: int = MIN_WORDS) -> list[str]:
    """Return the distinct article texts of one corpus file, in file order, with at least min_words words."""
    seen, texts = set(), []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            text = (json.loads(line).get("text") or "").strip()
            if len(text.split()) >= min_words and text not in seen:
                seen.add(text)
                texts.append(text)
    return texts


def interleave(*sources: list[str]) -> list[str]:
    """Return the texts of the sources taken in turn (a, b, a, b, ...), the longer one's rest at the end."""
    mixed = itertools.chain.from_iterable(itertools.zip_longest(*sources))
    return [t for t in mixed if t is not None]


def load_corpus(kind: str = "mix", corpus_dir: Path = CORPUS_DIR) -> list[str]:
    """Return the benchmark's texts: 'bbc', 'reuters', or 'mix' (BBC and Reuters in turn, the same mix at any N)."""
    if kind in SOURCES:
        return read_texts(corpus_dir / SOURCES[kind])
    if kind != "mix":
        raise ValueError(f"unknown corpus {kind!r}: expected mix, bbc or reuters")
    return interleave(read_texts(corpus_dir / SOURCES["bbc"]), read_texts(corpus_dir / SOURCES["reuters"]))


def tag(counter: int) -> str:
    """Return the counter spelled in lowercase letters ('a', 'b', ..., 'ba', ...)."""
    letters = string.ascii_lowercase
    word = letters[counter % 26]
    while counter >= 26:
        counter //= 26
        word = letters[counter % 26] + word
    return word


def make_unique(text: str, counter: int) -> str:
    """Return the text with a closing line that makes it unique, so de-duplication never skips work.

    The tag is lowercase letters, not digits: a number would become a metric row and a capitalised
    word a source or entity, changing what the pipeline extracts from the real text.
    """
    return f"{text}\n\nbench copy {tag(counter)}"


def texts_for(corpus: list[str], start: int, count: int) -> list[str]:
    """Return `count` unique texts numbered from `start`, cycling through the corpus when N exceeds it."""
    return [make_unique(corpus[i % len(corpus)], i) for i in range(start, start + count)]


def write_inbox(texts: list[str], inbox: Path, start: int = 0) -> list[Path]:
    """Return the paths of the texts written as .txt files into inbox (created if missing)."""
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(texts, start=start):
        path = inbox / f"bench_{number:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def word_count(texts: list[str]) -> int:
    """Return the whitespace-separated words of the texts (the unit of every words/s figure)."""
    return sum(len(t.split()) for t in texts)
