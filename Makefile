# Scripts to rule them all: install, run, test, check, bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC ?= specs/petstore.yaml
PORT ?= 4010

.PHONY: install run test test-fast check format bench bench-profile clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/pymockapi from-spec $(SPEC) --port $(PORT) --scenarios scenarios

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not corpus and not e2e"

check: install
	$(BIN)/ruff format --check pymockapi tests bench
	$(BIN)/ruff check pymockapi tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format pymockapi tests bench
	$(BIN)/ruff check --fix pymockapi tests bench

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/chaos.py

bench-profile: install
	$(BIN)/python bench/profiling.py

clean:
	rm -rf $(VENV) .pymockapi .cache
