# Rownaq: `make demo` runs the demo on SQLite; `make test` runs the whole suite (DATABASE_URL picks the database).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install chromium vendor lint clean

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
