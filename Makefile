# Two commands: `make run` (set up + load the seeds and inbox) and `make test` (set up + run the tests).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast install clean-warehouse bench cluster-up cluster-down cluster-test

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/wirehouse run

test: install
	$(BIN)/ruff check flows tests bench
	$(BIN)/pytest

test-fast: install   # the same without the tests that start wirehouse as a subprocess (about a minute)
	$(BIN)/ruff check flows tests bench
	$(BIN)/pytest -m "not slow"

clean-warehouse:
	rm -f warehouse/news.duckdb warehouse/news.duckdb.wal warehouse/news.duckdb.run.lock warehouse/news.read.duckdb

# Benchmark (not part of `make test`): the pipeline against the spaCy floor on as many processes as the run's
# workers, in wall time and CPU time; see bench/run.py (A/B comparisons: python -m bench.ab --help).
# Then freshness under `watch`: 20 single-article drops into a watched warehouse of FRESH_N articles, from the file
# landing to its row visible to a reader, p50 and p95 (bench/freshness.py; its section is kept in RESULTS.md).
N ?= 5000
FRESH_N ?= 100
bench: install
	PYTHONPATH=$(CURDIR) $(BIN)/python -m bench.run --articles $(N)
	PYTHONPATH=$(CURDIR) $(BIN)/python -m bench.freshness --articles $(FRESH_N) --drops 20 --results bench/RESULTS.md

# A multi-machine setup on this machine (docs/scaling.md): PostgreSQL, Prefect on PostgreSQL, an S3 endpoint and a
# Dask scheduler under cluster/; `cluster-test` runs the tests that bring such clusters up and down.
cluster-up: install
	$(BIN)/wirehouse cluster up

cluster-down: install
	$(BIN)/wirehouse cluster down

cluster-test: install
	$(BIN)/pytest tests/test_cluster*.py
