"""Where things are: the defaults and the environment variables that override them."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

DEFAULT_LANDING_DIR = "data/landing"
DEFAULT_WAREHOUSE_PATH = "data/warehouse.duckdb"
# Share of a file's rows that may be quarantined before the load is held back.
DEFAULT_QUARANTINE_LIMIT = 0.10


def landing_dir() -> str:
    """The landing tree: ``JANOX_LANDING_DIR`` or ``data/landing``."""
    return os.environ.get("JANOX_LANDING_DIR", DEFAULT_LANDING_DIR)


def warehouse_path() -> str:
    """The published DuckDB file: ``JANOX_WAREHOUSE_PATH`` or ``data/warehouse.duckdb``."""
    return os.environ.get("JANOX_WAREHOUSE_PATH", DEFAULT_WAREHOUSE_PATH)


def quarantine_limit() -> float:
    """``JANOX_QUARANTINE_LIMIT`` (a fraction, e.g. 0.1) or 10%."""
    return float(os.environ.get("JANOX_QUARANTINE_LIMIT", DEFAULT_QUARANTINE_LIMIT))


def landing_quiet_seconds() -> float:
    """How long a load folder without a ``_SUCCESS`` marker must stay unchanged before the
    landing sensor counts it complete: ``JANOX_LANDING_QUIET_SECONDS`` or 600."""
    return float(os.environ.get("JANOX_LANDING_QUIET_SECONDS", "600"))


def duckdb_memory_limit() -> str:
    """DuckDB's working memory for a night (ingestion and the dbt build alike; what does
    not fit spills to disk): ``JANOX_DUCKDB_MEMORY_LIMIT`` or 4GB."""
    return os.environ.get("JANOX_DUCKDB_MEMORY_LIMIT", "4GB")


def schedule_cron() -> str:
    """When the nightly job runs: ``JANOX_SCHEDULE_CRON`` or 02:00."""
    return os.environ.get("JANOX_SCHEDULE_CRON", "0 2 * * *")


def schedule_timezone() -> str:
    """The schedule's time zone: ``JANOX_SCHEDULE_TIMEZONE`` or UTC."""
    return os.environ.get("JANOX_SCHEDULE_TIMEZONE", "UTC")
