"""Quotes: direct quotations and who said them.

`spans.py` finds the quoted passages, `speakers.py` reads the reporting clause, `genders.py` narrows whom a
gendered pronoun can stand for, and `rows.py` (`extract_quotes`) makes the rows.
"""
