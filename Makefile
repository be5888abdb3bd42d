# Two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv and install the pinned dependencies (requirements.lock) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest pytest-postgres install clean voorbeeldwijk bench system

install: $(STAMP)

# WeasyPrint (PDF reports) needs Pango from Debian; the browser tests drive Debian's Chromium.
# Installed only when missing.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core chromium

system:
	@dpkg -s $(SYSTEM_LIBS) >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends $(SYSTEM_LIBS))

$(STAMP): pyproject.toml requirements.lock | system
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(BIN)/wijkaanpak wijk
	$(BIN)/wijkaanpak compare all-none all-repair all-renew examples/plans/mix-voorbeeldwijk.yaml
	$(BIN)/wijkaanpak sweep --plan all-renew --step 0.1
	$(BIN)/wijkaanpak risk --plan mix --draws 300
	$(BIN)/wijkaanpak report --plan all-none --plan all-repair --plan all-renew --plan examples/plans/mix-voorbeeldwijk.yaml --xlsx --out out/rapport
	@echo "Webapp: http://127.0.0.1:8000/  inloggen als team / voorbeeldwijk (stoppen: Ctrl+C)"
	$(BIN)/wijkaanpak serve --host 127.0.0.1 --port 8000

test: install lint typecheck pytest pytest-postgres

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy --strict src/wijkaanpak

# Both cores (pytest-xdist; one test file stays on one worker, so module fixtures are shared).
# pytest exits 5 when it collected no tests: make fails on that as on any other error.
XDIST := -n 2 --dist loadfile

pytest: install
	$(BIN)/pytest -q $(XDIST)

# The web app's tests once more on PostgreSQL (127.0.0.1:5432, trust auth; pytest-django makes a
# test database per worker). Left out there: the browser tests and the production-server start
# (SQLite of its own), which test the pages and the server rather than the database.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
pytest-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q $(XDIST) -m "not browser and not slow" tests/web

# Maintainers: regenerate the committed reference neighbourhood (deterministic).
voorbeeldwijk: install
	$(BIN)/wijkaanpak generate-voorbeeldwijk --out src/wijkaanpak/data/voorbeeldwijk

bench: install
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_risk.py
	$(BIN)/python benchmarks/bench_optimise.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
