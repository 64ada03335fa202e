# The two commands the README promises:
#   make site   install what the build needs and build the site from site_src/dumps into site/
#   make test   install what the tests need (Chromium included) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: site serve test install install-test chromium axe catalog record lock clean golden evaluate

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/activate
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .

site: install
	$(BIN)/paper-digest build

serve: install
	$(BIN)/paper-digest serve

catalog: install
	$(BIN)/paper-digest catalog -o catalog.json

# Bring the record of published URLs (site_src/urls.txt) up to date with the dumps; commit it with them.
record: install
	$(BIN)/paper-digest record

# CHROMIUM_PATH names another Chromium or Chrome (CI sets it to the runner's Google Chrome).
chromium:
	@if [ -n "$$CHROMIUM_PATH" ]; then \
	  echo "Browser tests use $$CHROMIUM_PATH"; \
	elif ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# axe-core for the accessibility browser tests, from npm at the version and hash that
# tests/browser/package-lock.json pins, into .venv/axe (nothing of it is committed). Debian's
# nodejs and npm are installed when npm is missing.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/browser/package.json tests/browser/package-lock.json | $(BIN)/activate
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "Installing Debian's nodejs and npm for axe-core"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	mkdir -p $(VENV)/axe
	cp tests/browser/package.json tests/browser/package-lock.json $(VENV)/axe/
	npm ci --prefix $(VENV)/axe --no-audit --no-fund --loglevel=error
	touch $@

install-test: install chromium axe

test: install-test evaluate
	$(BIN)/pytest

# Quality figures: tags and similar-paper links against blind judgments (the hf2k halves, from
# ../shared/data, and the seeds), the seed links against judged.yml, search relevance.
evaluate: install
	$(BIN)/python tests/eval/figures.py
	$(BIN)/python tests/eval/evaluate.py
	$(BIN)/python tests/search_relevance/evaluate.py

# Rewrite the golden files after an intended change to the reader or the renderer (the reader's
# output per dump, and whole pages of the seed site with its papers.json).
golden: install
	$(BIN)/pytest tests -k golden --update-golden -q

# Re-pin every dependency (after editing pyproject.toml).
lock: $(BIN)/activate
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf site build .pytest_cache
