# Rownaq: `make demo` runs the demo on SQLite; `make test` runs the whole suite (DATABASE_URL picks the database).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# the package lives in src/ (pytest adds it itself; bench/ and tools/, run from the root, import it)
export PYTHONPATH := $(CURDIR)/src$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: demo test install install-dev lock chromium vendor clean audit screenshots lint

# Two locks, both generated from pyproject.toml by `make lock`: requirements.lock is what production runs,
# requirements-dev.lock adds the test suite, benchmarks and tools. Installed with --no-deps (scripts/install-lock.sh).
$(VENV)/.runtime: requirements.lock pyproject.toml
	bash scripts/install-lock.sh $(PYTHON) $(VENV) requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock pyproject.toml
	bash scripts/install-lock.sh $(PYTHON) $(VENV) requirements-dev.lock
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Regenerate both locks from pyproject.toml; pins already in the locks are kept unless pyproject.toml rules them out
# (UPGRADE=1 takes the newest releases). Universal: markers keep them valid on every platform and Python >= 3.11.
# It needs only uv from the dev venv, not a venv that matches pyproject.toml (a newly added package is not locked yet).
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet
$(VENV)/bin/uv:
	$(MAKE) install-dev

lock: $(VENV)/bin/uv
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) --extra test --extra dev -o requirements-dev.lock
	$(UV_COMPILE) -c requirements-dev.lock -o requirements.lock

demo: install
	$(PY) manage.py demo --addrport $(HOST):$(PORT)

chromium:
	@bash scripts/ensure-chromium.sh

test: install-dev chromium
	$(PY) -m pytest -n 2 --dist loadfile -q

# Lint (ruff: pyproject.toml's [tool.ruff]), the formatter's check, and mypy on the pure modules ([tool.mypy]).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Dependency audit of requirements.lock (PyPI's advisories where reachable, else the kept PyPA extract)
audit: install-dev
	$(PY) -m tools.depaudit $(ARGS)

vendor:
	bash scripts/vendor-static.sh

# README's screenshots (docs/screenshots): the demo in a database of its own, Chromium at 1366 and 390 px.
screenshots: install-dev chromium
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

# Benchmarks: targets, not tests; results go to BENCHMARKS.md with the command, data size and machine.
.PHONY: bench-roster bench-matcher bench-stats
bench-roster: install-dev
	$(PY) -m bench.roster $(ARGS)

bench-matcher: install-dev
	$(PY) -m bench.matcher $(ARGS)

# Live statistics at national scale, on PostgreSQL (BENCH_DATABASE_URL; a database of its own, created if missing).
bench-stats: install-dev
	$(PY) -m bench.stats $(ARGS)

# Month-end load: 200 locust users against gunicorn (deploy/gunicorn.conf.py, DEBUG=0) on PostgreSQL
# (LOAD_DATABASE_URL: a database of its own, dropped and recreated on every run); --restart-db-at SECONDS restarts
# PostgreSQL (a private cluster) during the run. Not part of `make test`.
.PHONY: bench-load
bench-load: install-dev
	$(PY) -m bench.load $(ARGS)
