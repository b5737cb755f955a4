"""Building a warehouse from a landing tree through the real nightly job, for tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.nightly import RunOutcome, run_nightly

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_job(landing: Path, warehouse: Path, quarantine_limit: float = 0.10) -> RunOutcome:
    """Run the nightly job (ingest, gates, dbt build, publish) in this process."""
    janox = JanoxWarehouse(
        landing_dir=str(landing), warehouse_path=str(warehouse), quarantine_limit=quarantine_limit
    )
    return run_nightly(janox, log_level="WARNING")


def build_fixture_warehouse(name: str, tmp_dir: Path) -> Path:
    """Copy ``tests/fixtures/<name>`` (a landing tree), run the job on it, return the file.

    Fails the test with the run's own messages if the job did not publish.
    """
    landing = tmp_dir / "landing"
    shutil.copytree(FIXTURES / name, landing)
    warehouse = tmp_dir / "warehouse.duckdb"
    outcome = run_job(landing, warehouse)
    assert outcome.published, "\n".join(outcome.failures + outcome.checks_failed)
    return warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the published warehouse (opened read-only)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
