# The README's two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
HOST ?= 127.0.0.1
PORT ?= 8000
# Two xdist workers on a 2-core machine; PYTEST_ARGS adds or overrides (e.g. PYTEST_ARGS="-n 0 -x").
PYTEST_ARGS ?=

.PHONY: install run test migrate

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 13))' || \
		{ echo "Python 3.13 is needed: '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Use pyenv (.python-version) or PYTHON=python3.13."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)
