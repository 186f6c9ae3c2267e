"""Benchmark of `wirehouse run` against the spaCy floor: `make bench` (N=5000) or `make bench N=1000`."""
