# Floor: `make run` serves the station app with demo data; `make test` runs everything the CI runs.
# Needs Python >= 3.11 (python3 -m venv) on Debian 12 / Ubuntu 22.04 or newer (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DATA   ?= data
WORKERS ?= 4
CONSTRAINTS = packaging/constraints.txt

.PHONY: run test test-fast bench i18n lint clean venv python-check

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "Floor needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)."; \
	  echo "On Debian 12 / Ubuntu 24.04: apt-get install python3 python3-venv (or make PYTHON=python3.12 ...)"; \
	  exit 1; }

$(BIN)/python: | python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# running needs the pinned runtime dependencies only; the tests add their extras on top
$(VENV)/.installed-run: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e '.[test]'
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed

## Install (runtime packages only), migrate the SQLite file in $(DATA)/, load demo data when empty, serve on :8550
run: $(VENV)/.installed-run
	FLOOR_DATA_DIR=$(DATA) $(BIN)/floor serve --demo

## Install system and Python packages (karrio in its own venv), then run the whole suite on SQLite and PostgreSQL
test: venv
	./scripts/install-karrio.sh && $(BIN)/python -m tests.support.karrio > .karrio-template.log 2>&1 & k=$$!; \
	  ./scripts/install-system-deps.sh; s=$$?; wait $$k || { cat .karrio-template.log; exit 1; }; exit $$s
	$(BIN)/python -m pytest -n $(WORKERS) -p no:cacheprovider --durations=25 -m "not bench" tests

test-fast: venv
	$(BIN)/python -m pytest -n $(WORKERS) -m "not bench and not browser" tests

## Benchmarks (tests/bench): figures go to tests/bench/results and the README
bench: venv
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e '.[test,bench]'
	./scripts/install-system-deps.sh
	./scripts/install-karrio.sh
	$(BIN)/python -m pytest -m bench -s -p no:cacheprovider tests/bench

## Re-extract translatable texts into the gettext catalogs and compile them
i18n: venv
	$(BIN)/python -m app.i18n.catalog

lint: venv
	$(BIN)/ruff check app printing tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
