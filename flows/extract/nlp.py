"""The spaCy pipeline: the configured model with an EntityRuler fed by the alias table, loaded once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flows.extract.entities.gazetteer import fold
from flows.extract.patterns import alias_patterns, alias_rows, org_designator_patterns


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Return the doc with a sentence starting after every blank line or indented line break: a headline or a
    paragraph never runs into the next one (a single hard-wrapped line break of wire copy stays inside)."""
    for tok in doc[:-1]:
        if tok.is_space and ("\n\n" in tok.text or "\n " in tok.text or "\n\t" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


class ModelNotFound(RuntimeError):
    """The configured spaCy model is not installed."""


@lru_cache(maxsize=2)
def load_nlp(model: str, alias_table: str) -> Language:
    """Return the spaCy pipeline with an EntityRuler (alias table + designator rules) ahead of the statistical NER."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(f"spaCy model '{model}' is not installed: pip install it or set WIREHOUSE_SPACY_MODEL") from exc
    nlp.add_pipe("paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(alias_patterns(alias_rows(Path(alias_table))) + org_designator_patterns())
    return nlp


@lru_cache(maxsize=2)
def alias_lookup(alias_table: str) -> dict[str, tuple[str, str]]:
    """Return folded alias -> (canonical name, entity type) from the alias table."""
    lookup = {}
    for row in alias_rows(Path(alias_table)):
        for text in (row["alias"], row["canonical_name"]):
            lookup[fold(text)] = (row["canonical_name"], row["entity_type"])
    return lookup
