"""Quotes: direct quotations and who said them.

`spans.py` finds the quoted passages; `clauses.py` reads the reporting clause (`after.py` the clause after the
closing mark, `grammar.py` what the readings share); `speakers.py` turns its subject into a speaker,
`genders.py` narrows whom a gendered pronoun can stand for, and `rows.py` (`extract_quotes`) makes the rows.
"""
