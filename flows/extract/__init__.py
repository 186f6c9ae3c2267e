"""Stage 2, extract: spaCy plus rules turn an article into entities, quantities, quotes and events.

`article.py` is the driver (`extract_batch`, `extract_article`); `workers.py` runs it on every core, `nlp.py` loads
the spaCy pipeline with the EntityRuler patterns of `patterns.py`, `stamp.py` says what produced the rows.
One sub-package per subject: `entities/` (mentions, their types in one ordered list of steps, canonical entities),
`events/` and `quotes/`; quantities are `metrics.py`. What the subjects share sits below them: the word lists in
`lexicon.py` (each list once), sentences and referents in `context.py`, reference tables in `lookup.py`.
Data flows one way: the driver imports the subjects, events import entities, nothing imports the driver.
"""
