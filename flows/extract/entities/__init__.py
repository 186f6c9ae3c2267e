"""Entities: the named things of an article, from spaCy's spans to one canonical entity per real thing.

`spans.py` cleans the model's spans into mentions, `mentions.py` drops what names nothing and adds what the model
missed, `typing.py` corrects their types in one ordered list of steps (the rules of the words
around one name in `cues.py`), `canonical.py` groups them into entities;
`gazetteer.py` knows places, `persons.py` and `companies.py` what the text says about a name.
"""
