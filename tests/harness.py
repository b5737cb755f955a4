"""Building a warehouse from a landing tree through the real nightly job, for tests."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb

from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.nightly import RunOutcome, run_nightly
from tests.landing_builder import append_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_job(landing: Path, warehouse: Path, quarantine_limit: float = 0.10) -> RunOutcome:
    """Run the nightly job (ingest, gates, dbt build, publish) in this process."""
    janox = JanoxWarehouse(
        landing_dir=str(landing), warehouse_path=str(warehouse), quarantine_limit=quarantine_limit
    )
    return run_nightly(janox, log_level="WARNING")


def run_fixture(
    name: str,
    tmp_dir: Path,
    added_rows: dict[str, list[dict]] | None = None,
    into_load: str | None = None,
) -> tuple[RunOutcome, Path]:
    """Copy ``tests/fixtures/<name>`` (a landing tree) into ``tmp_dir``, add ``added_rows``
    (per table, e.g. ``"crm/introductions"``) to load ``into_load``, run the job on it.
    Returns the run's outcome and the warehouse file."""
    landing = tmp_dir / "landing"
    shutil.copytree(FIXTURES / name, landing)
    for table, rows in (added_rows or {}).items():
        append_rows(landing, into_load, table, rows)
    warehouse = tmp_dir / "warehouse.duckdb"
    return run_job(landing, warehouse), warehouse


def build_fixture_warehouse(
    name: str,
    tmp_dir: Path,
    added_rows: dict[str, list[dict]] | None = None,
    into_load: str | None = None,
) -> Path:
    """``run_fixture``, failing the test with the run's own messages unless it published."""
    outcome, warehouse = run_fixture(name, tmp_dir, added_rows, into_load)
    assert outcome.published, "\n".join(outcome.failures + outcome.checks_failed)
    return warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the published warehouse (opened read-only)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def query_floats(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """``query``, with DECIMAL values as floats so they compare with ``pytest.approx``."""
    return [
        tuple(float(v) if isinstance(v, Decimal) else v for v in row)
        for row in query(warehouse, sql, params)
    ]
