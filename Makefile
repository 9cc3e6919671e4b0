# finder: `make run` serves the app, `make test` runs the whole suite.
# Both set up everything they need on a fresh Debian machine (as root).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
# gevent workers serve each kept-alive connection in a greenlet that reads its next
# request itself: no hand-off between threads, and a search's wait on the database lets
# the process serve other requests (psycopg waits cooperatively under gevent).
# --reuse-port gives each worker a listening socket of its own, so the kernel spreads
# connections over the workers; with one shared socket, whichever worker woke first
# accepted every kept-alive connection and the others sat idle.
# WORKER_CONNECTIONS caps the clients one process serves at once. gunicorn.conf.py: no
# forwarded header believed by gunicorn (PROXY_COUNT decides, in the app), request limits
# answered in the API's JSON error shape.
WORKERS ?= 3
WORKER_CONNECTIONS ?= 200
DB_URL = $$($(PY) -c 'from finder.config import load_config as c; print(c()["DATABASE_URL"])')
TEST_DB_URL = $$($(PY) -c 'from finder.config import load_config as c; print(c()["TEST_DATABASE_URL"])')
# Not named SAMHSA_DIR: a make variable of that name would replace the environment's.
SAMHSA_MH_CSV = $$($(PY) -c 'from finder.config import load_config as c; \
	print(c()["SAMHSA_DIR"] + "/national-directory-mh-facilities-2022.csv")')

.PHONY: run test setup venv postgres data test-data assets translations messages browser gis-client bench bench-compare fuzz replica replica-stop

run: setup data assets translations
	@# With SO_REUSEPORT a second server would share the port silently: refuse instead.
	@$(PY) -c 'import socket; s = socket.socket(); \
		s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' \
		2>/dev/null || \
		(echo "port $(PORT) is in use: stop what serves it, or make run PORT=5001"; exit 1)
	@echo "finder on http://127.0.0.1:$(PORT)"
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --reuse-port \
		--workers $(WORKERS) --worker-class gevent --worker-connections $(WORKER_CONNECTIONS) \
		--access-logfile - --logger-class finder.accesslog.Logger wsgi:app

test: venv postgres test-data assets translations browser gis-client
	$(VENV)/bin/pytest

setup: venv postgres
	$(PY) scripts/create_database.py "$(DB_URL)"
	$(FLASK) db upgrade

# Loads only what is missing, so a second `make run` starts at once.
data:
	$(FLASK) postcodes load --missing-only
	$(FLASK) access load
	$(FLASK) demo seed
	@# Real facilities when the directory is there; a re-run only finds rows unchanged.
	@f="$(SAMHSA_MH_CSV)"; if [ -f "$$f" ]; then $(FLASK) providers import-samhsa "$$f"; \
		else echo "no SAMHSA directory at $$f: skipped"; fi

test-data: venv
	$(PY) scripts/create_database.py "$(TEST_DB_URL)"
	DATABASE_URL="$(TEST_DB_URL)" $(FLASK) db upgrade
	DATABASE_URL="$(TEST_DB_URL)" $(FLASK) postcodes load --missing-only
	DATABASE_URL="$(TEST_DB_URL)" $(FLASK) access load

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@command -v python3 >/dev/null || (apt-get update -qq && apt-get install -y -qq python3)
	test -x $(PY) || python3 -m venv $(VENV) || \
		(apt-get update -qq && apt-get install -y -qq python3-venv && python3 -m venv $(VENV))
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

postgres:
	bash scripts/ensure-postgres.sh

# The Spanish catalog (finder/translations/es/LC_MESSAGES/messages.po) compiled for gettext.
translations: venv
	$(VENV)/bin/pybabel compile --statistics -d finder/translations

# After marking new messages: extract them and add them to each catalog, to be translated.
messages: venv
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k ngettext:1,2 \
		--project=finder --no-wrap -o finder/translations/messages.pot .
	$(VENV)/bin/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i finder/translations/messages.pot \
		-d finder/translations

# Leaflet (served by the app from node_modules) and axe-core (injected by the accessibility
# tests), at the versions package-lock.json pins; reinstalled only when the lock changes.
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's chromium through Playwright; no browser is downloaded.
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# A GIS client (Debian's gdal-bin: ogrinfo) opens the GeoJSON export by URL in the tests.
gis-client:
	@command -v ogrinfo >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin)

# Benchmarks search on a separate database of 1,000,000 demo providers (not part of `make test`):
# prints each figure against its target and writes bench/results/<date>-<machine>.json.
# BENCH_REPLICA=1 measures the same on `make replica`'s pair instead: the data on its primary,
# searches read from its hot standby.
BENCH_DATABASE_URL ?= postgresql+psycopg://finder:finder@127.0.0.1:5432/finder_bench
ifeq ($(BENCH_REPLICA),1)
BENCH_DATABASE_URL = $(REPLICA_PRIMARY_URL)
BENCH_REPLICA_URL = $(REPLICA_URL)
endif

bench: setup
	@command -v wrk >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@if [ "$(BENCH_REPLICA)" = 1 ]; then \
		$(PY) -m scripts.replica start $(REPLICA_PRIMARY_PORT) $(REPLICA_PORT); \
	else $(PY) scripts/create_database.py "$(BENCH_DATABASE_URL)"; fi
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(FLASK) db upgrade
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(FLASK) postcodes load --missing-only
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(FLASK) access load
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" BENCH_REPLICA_URL="$(BENCH_REPLICA_URL)" \
		$(PY) -m bench.run

# The same searches against an earlier commit (REF=...) and this checkout, interleaved, each
# through its own run target's gunicorn on the bench database (seeded by `make bench`):
# before and after, on the same machine at the same moment.
REF ?=
bench-compare: setup
	$(PY) -m bench.compare $(REF)

# Mixed traffic against gunicorn with nothing lost: 90 % searches, 5 % listings, 5 % moderation
# decisions, on a database of its own (finder_load). `make test` runs 15 s of the same.
LOAD_SECONDS ?= 60
LOAD_CONNECTIONS ?= 16
.PHONY: load
load: venv postgres
	$(PY) -m bench.traffic --seconds $(LOAD_SECONDS) --connections $(LOAD_CONNECTIONS) \
		--workers $(WORKERS)

# Fuzzes the JSON API from its own OpenAPI document (schemathesis, in-process), like
# `make test` but with FUZZ_EXAMPLES random cases per operation instead of 25; prints the
# cases, statuses and failures per operation at the end.
FUZZ_EXAMPLES ?= 1000

fuzz: venv postgres test-data
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -p no:cacheprovider tests/fuzz

# A primary and a hot standby streaming from it (initdb, pg_basebackup -R) on local ports,
# with finder's schema and data on the primary (replicated to the standby). Then:
#   DATABASE_URL=<primary> DATABASE_REPLICA_URL=<replica> make run
REPLICA_PRIMARY_PORT ?= 55433
REPLICA_PORT ?= 55434
REPLICA_PRIMARY_URL = postgresql+psycopg://finder@127.0.0.1:$(REPLICA_PRIMARY_PORT)/finder
REPLICA_URL = postgresql+psycopg://finder@127.0.0.1:$(REPLICA_PORT)/finder

replica: venv
	$(PY) -m scripts.replica start $(REPLICA_PRIMARY_PORT) $(REPLICA_PORT)
	DATABASE_URL="$(REPLICA_PRIMARY_URL)" $(FLASK) db upgrade
	DATABASE_URL="$(REPLICA_PRIMARY_URL)" $(FLASK) postcodes load --missing-only
	DATABASE_URL="$(REPLICA_PRIMARY_URL)" $(FLASK) access load
	DATABASE_URL="$(REPLICA_PRIMARY_URL)" $(FLASK) demo seed
	@echo "DATABASE_URL=$(REPLICA_PRIMARY_URL) DATABASE_REPLICA_URL=$(REPLICA_URL) make run"

replica-stop: venv
	$(PY) -m scripts.replica stop
