"""Stage 2, extract: spaCy plus rules turn an article into entities, quantities, quotes and events.

`article.extract_batch` is the entry point; each rule family has its own module, the word lists are in
`lexicon.py`, the spaCy patterns in `patterns.py`.
"""
