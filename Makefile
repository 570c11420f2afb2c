# Two entry points for a fresh machine with Python 3.11:
#   make run   - set up .venv, ingest seeds/ into the embedded store and serve
#   make test  - set up .venv with the dev extras, then lint, type-check and run the suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# constraints.txt pins every package version the suite was last run with
# (regenerate: .venv/bin/pip freeze --exclude-editable > constraints.txt).

.PHONY: run test lint typecheck pytest browser clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# Ingest the seed articles into the embedded store (idempotent), then serve the API and
# the explorer page on GEOKG_HOST:GEOKG_PORT (default http://127.0.0.1:8000).
run: $(VENV)/.installed
	$(BIN)/geokg ingest seeds/
	$(BIN)/geokg serve

browser:
	bash scripts/install-browser.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check graph api tests bench
	$(BIN)/ruff format --check graph api tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

test: $(VENV)/.installed-dev browser lint typecheck pytest

clean:
	rm -rf $(VENV) geokg-data test-output
