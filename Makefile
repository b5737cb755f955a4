# The two commands: `make demo` (generate demo data, run the nightly job into
# data/warehouse.duckdb) and `make test` (the whole test suite). Each creates the
# virtual environment it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LANDING ?= data/landing
WAREHOUSE ?= data/warehouse.duckdb
SCALE ?= 10
DAYS ?= 3

.PHONY: demo test test-fast lint dagster bench docs clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed
	@test -d $(LANDING) || $(BIN)/janox generate --out $(LANDING) --scale $(SCALE) --days $(DAYS)
	$(BIN)/janox run --landing $(LANDING) --warehouse $(WAREHOUSE)

test: $(VENV)/.installed
	$(BIN)/ruff check janox_dagster tests benchmarks
	$(BIN)/python -m pytest

# The loop to run after each change: pure functions and every dbt unit test (under 2 minutes).
test-fast: $(VENV)/.installed
	$(BIN)/ruff check janox_dagster tests benchmarks
	$(BIN)/python -m pytest tests/unit tests/models/test_dbt_unit_tests.py

dagster: $(VENV)/.installed
	DAGSTER_HOME=$(abspath data/dagster_home) JANOX_LANDING_DIR=$(LANDING) JANOX_WAREHOUSE_PATH=$(WAREHOUSE) \
		$(BIN)/dagster dev

# Nights against the read floor at scale 1 and 10; `make bench BENCH_SCALES="1 10 100"` adds
# scale 100 (21 M landed rows, ~20 min here).
BENCH_SCALES ?= 1 10
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py --scales $(BENCH_SCALES)

# The dbt docs site as one static page (docs/site/index.html), with the catalog of the demo's
# build database read from a copy: the warehouse itself is never opened for writing.
docs: $(VENV)/.installed
	$(BIN)/python -m janox_dagster.docs --warehouse $(WAREHOUSE) --out docs/site

clean:
	rm -rf data dbt_project/target dbt_project/logs
