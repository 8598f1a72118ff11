# Rownaq: `make demo` runs the demo on SQLite; `make test` runs the whole suite (DATABASE_URL picks the database).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# the package lives in src/ (pytest adds it itself; the benchmark and audit modules need it too)
export PYTHONPATH := $(CURDIR)/src$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: demo test install chromium vendor lint clean audit

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py demo --addrport $(HOST):$(PORT)

chromium:
	@bash scripts/ensure-chromium.sh

test: install chromium
	$(PY) -m pytest -n 2 --dist loadfile -q

# Dependency audit of requirements.lock (PyPI's advisories where reachable, else the kept PyPA extract)
audit: install
	$(PY) -m rownaq.core.depaudit $(ARGS)

vendor:
	bash scripts/vendor-static.sh

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

# Benchmarks: targets, not tests; results go to BENCHMARKS.md with the command, data size and machine.
.PHONY: bench-roster bench-matcher bench-stats
bench-roster: install
	$(PY) -m rownaq.shifts.bench $(ARGS)

bench-matcher: install
	$(PY) -m rownaq.sourcing.bench $(ARGS)

# Live statistics at national scale, on PostgreSQL (BENCH_DATABASE_URL; a database of its own, created if missing).
bench-stats: install
	$(PY) -m rownaq.reporting.bench $(ARGS)

# Month-end load: 200 locust users against gunicorn (deploy/gunicorn.conf.py, DEBUG=0) on PostgreSQL
# (LOAD_DATABASE_URL: a database of its own, dropped and recreated on every run); --restart-db-at SECONDS restarts
# PostgreSQL (a private cluster) during the run. Not part of `make test`.
.PHONY: bench-load
bench-load: install
	$(PY) -m rownaq.core.loadbench $(ARGS)
