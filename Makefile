# Floor: `make run` serves the station app with demo data; `make test` runs everything the CI runs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DATA   ?= data
WORKERS ?= 2

.PHONY: run test test-fast bench i18n lint clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

## Install, migrate the SQLite file in $(DATA)/, load demo data when empty, serve on :8550
run: venv
	FLOOR_DATA_DIR=$(DATA) $(BIN)/floor serve --demo

## Install system and Python packages, then run the whole suite on SQLite and PostgreSQL
test: venv
	./scripts/install-system-deps.sh
	$(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider --durations=15 -m "not bench" tests

test-fast: venv
	$(BIN)/python -m pytest -n $(WORKERS) -m "not bench and not browser" tests

## Benchmarks (tests/bench): figures go to tests/bench/results and the README
bench: venv
	$(BIN)/pip install -q -e '.[test,bench]'
	./scripts/install-system-deps.sh
	$(BIN)/python -m pytest -m bench -s -p no:cacheprovider tests/bench

## Re-extract translatable texts into the gettext catalogs and compile them
i18n: venv
	$(BIN)/python -m app.i18n.catalog

lint: venv
	$(BIN)/ruff check app printing tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
