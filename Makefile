# The product's commands. `make run` starts the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps run test lint bench messages compose-check clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: Chromium for the browser tests, HarfBuzz subsetting for fast PDFs,
# docker-compose to validate docker-compose.yml. Installed only where apt is available and needed.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing="$$missing libharfbuzz-subset0"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Not installed (no apt or not root):$$missing"; fi; \
	fi

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo "Serving http://$(HOST):$(PORT)/ with the background worker and scheduler (Ctrl-C stops all)."
	@set -m; \
	$(VENV)/bin/celery -A peerreview worker --beat --pool=solo --loglevel=INFO & worker=$$!; \
	trap 'kill -TERM -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

compose-check:
	@if command -v docker-compose >/dev/null; then \
	  docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml is valid"; \
	else echo "docker-compose not installed: docker-compose.yml not validated"; fi

test: $(STAMP) system-deps compose-check lint
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Regenerate the Dutch catalogue after changing marked strings (needs GNU gettext), then translate it.
messages: $(STAMP)
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=var --ignore=benchmarks --ignore=tests
	$(PY) manage.py compilemessages -l nl --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
