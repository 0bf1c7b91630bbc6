# Tasks: make run | test | lint | fix | validate | schema | bench | screenshots
# Every task sets up .venv from the pinned requirements first, so each is one command on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Where the dashboard listens: this machine only. `make run ADDRESS=0.0.0.0` shares it on the
# network, announced under this machine's name (HOSTNAME=...), which also keeps Streamlit from
# asking an outside host for the machine's public address.
ADDRESS ?= localhost
# Shared on a network, viewers on other machines look but do not load: no upload and no drawn
# export (slides, images) unless ALLOW_UPLOADS=1. Viewers on this machine keep every feature.
ALLOW_UPLOADS ?=
HOSTNAME ?= $(shell hostname)
LOCAL_ADDRESSES := localhost 127.0.0.1 ::1

.PHONY: run test lint fix validate stats schema bench screenshots lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	TIMELINE_ALLOW_NETWORK_UPLOADS=$(ALLOW_UPLOADS) $(BIN)/python -m streamlit run serve.py --server.address $(ADDRESS) \
	  $(if $(filter-out $(LOCAL_ADDRESSES),$(ADDRESS)),--browser.serverAddress $(HOSTNAME))

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# mypy type-checks timeline/, ui/, pages/ and dashboard.py; its settings are in pyproject.toml.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fix: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: $(VENV)/.runtime
	$(BIN)/python -m timeline validate events --seeds seeds

stats: $(VENV)/.runtime
	$(BIN)/python -m timeline stats events --seeds seeds

schema: $(VENV)/.runtime
	$(BIN)/python -m timeline schema --taxonomy events/taxonomy.yaml -o events/schema.json

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/load.py --results benchmarks/load-results.md
	$(BIN)/python benchmarks/dashboard.py --sizes 10000 100000 --repeats 3 --page-loads 2 \
	  --data .cache/benchmarks --results benchmarks/results.md
	$(BIN)/python benchmarks/hostile.py
	$(BIN)/python benchmarks/hostile_server.py --results benchmarks/hostile-results.md
	$(BIN)/python benchmarks/export.py --markdown benchmarks/export-results.md
	$(BIN)/python benchmarks/clicker.py --results benchmarks/clicker-results.md

# Retake the pictures in docs/: every page at 1366x768 and 1920x1080 from a freshly started
# dashboard, the briefing's presenter view, and four slides of its deck as LibreOffice renders them.
screenshots: $(VENV)/.dev
	$(BIN)/python docs/screenshots.py

# Rebuild constraints.txt from a fresh environment of the pinned requirements.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	{ sed -n '1,3p' constraints.txt; .venv-lock/bin/python -m pip freeze | sort -f; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .venv-lock
