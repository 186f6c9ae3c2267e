"""Benchmark of `wirehouse run` against the spaCy floor on the same cores: `make bench` (N=5000) or `make bench N=1000`;
A/B comparisons of two variants: `python -m bench.ab`."""
