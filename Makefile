# The two set-up commands of the README: each installs what it needs, then runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: serve test bench mutation clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Leaflet and its clustering plugin, pinned in package-lock.json, served by Ruhrkarte itself.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# Debian's Chromium for the browser tests (Playwright drives it through its executable path).
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruhrkarte serve

# Debian's PostgreSQL 15 and PostGIS for tests/store (the tests start their own throw-away cluster).
PG_INITDB ?= /usr/lib/postgresql/15/bin/initdb
POSTGIS ?= /usr/share/postgresql/15/extension/postgis.control
$(PG_INITDB) $(POSTGIS):
	apt-get update -qq && apt-get install -y -qq postgresql postgresql-15-postgis-3

# Debian's GDAL for tests/e2e/test_gdal_filter.py: ogrinfo -where must reach the server as a CQL2 filter.
OGRINFO ?= /usr/bin/ogrinfo
$(OGRINFO):
	apt-get update -qq && apt-get install -y -qq gdal-bin

# Two processes (the machines have two cores); a file's tests stay together, so module fixtures
# such as a real server process start once.
test: $(STAMP) $(NODE_STAMP) $(CHROMIUM) $(PG_INITDB) $(POSTGIS) $(OGRINFO)
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The page texts (maps/i18n.py): collect every marked text into the template and merge it into the
# English catalogue; then translate the new entries in maps/locale/en/LC_MESSAGES/messages.po. The
# pages compile the .po in memory, so nothing else is built.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k N_ --no-location --sort-output --omit-header -o maps/locale/messages.pot .
	$(BIN)/pybabel update -i maps/locale/messages.pot -d maps/locale -l en --no-fuzzy-matching --ignore-obsolete --omit-header

# tipg, the PostGIS-based peer of bench/api.py, pins another FastAPI: it gets a virtual environment of its own.
TIPG_VENV := .venv-tipg
$(TIPG_VENV)/.installed:
	$(PYTHON) -m venv $(TIPG_VENV)
	$(TIPG_VENV)/bin/python -m pip install --quiet 'tipg==1.6.1' uvicorn
	touch $@

bench: $(STAMP) $(NODE_STAMP) $(PG_INITDB) $(POSTGIS) $(TIPG_VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/geocode.py
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.pages

# Mutation testing with mutmut (the `dev` extra) over geo/ and the request parsing of service/, with
# the fast in-process tests; prints the score per module and the survivors. Not part of `test`.
# One module: make mutation MUTANTS='geo.portfolio.*'
MUTANTS ?=
NODE_MODULES ?= $(CURDIR)/node_modules
mutation: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	RUHRKARTE_NODE_MODULES=$(NODE_MODULES) $(BIN)/python tools/mutation.py $(foreach m,$(MUTANTS),'$(m)')

clean:
	rm -rf $(VENV) $(TIPG_VENV) node_modules .pytest_cache .hypothesis test-artifacts
