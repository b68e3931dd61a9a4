# The Hub: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/hub
LANGS := fr es ar hr nl

.DEFAULT_GOAL := help
.PHONY: help install run demo check browsers test test-sqlite test-postgres messages bench-import clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(BIN)/activate

install: $(BIN)/activate ## Create the virtual environment and install the Hub with its test tools

run: install ## Set up SQLite, load the demo content and serve the hub at http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) runserver 127.0.0.1:8000

demo: install ## Migrate and load the demo content (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content

check: install ## Lint, format check, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=hub.settings.test $(MANAGE) makemigrations --check --dry-run

browsers: ## Install Debian's chromium for the browser journeys (needs root)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test-sqlite: install ## Run the test suite on SQLite
	env -u DATABASE_URL $(BIN)/pytest --create-db

test-postgres: install ## Run the test suite on PostgreSQL (PG_URL, a fresh test database)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest --create-db

test: check test-sqlite ## Everything CI runs: checks, then the suite on SQLite and on PostgreSQL
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || [ "$${CI:-}" = "true" ]; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL is not reachable at 127.0.0.1:5432: skipped the PostgreSQL run (CI runs it)."; \
	fi

messages: install ## Refresh and compile the interface translations
	for lang in $(LANGS); do $(MANAGE) makemessages -l $$lang --ignore=.venv --ignore=tests --ignore=bench --no-obsolete; done
	$(MANAGE) compilemessages --ignore=.venv

bench-import: install ## Import 10,000 generated resources into a scratch SQLite database and time it
	$(BIN)/python bench/import_resources.py

clean: ## Remove the virtual environment, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 static .test-media
