"""Events: business events between named actors, found by a DependencyMatcher and read off the parse.

`patterns.py` holds the matcher's pattern families, `triggers.py` reads a trigger's roles, `arguments.py` turns
argument heads into actors, `pairs.py` makes the actor pairs, `headlines.py` reads titles the parse misses,
`dates.py` dates an event and `rows.py` (`extract_events`) makes the rows.
"""
