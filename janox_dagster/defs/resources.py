"""The resource every Janox step shares: where the landing tree and the warehouse are."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from janox_dagster import publishing, settings


class JanoxWarehouse(dg.ConfigurableResource):
    """The landing tree a run reads and the DuckDB file it publishes."""

    landing_dir: str = settings.DEFAULT_LANDING_DIR
    warehouse_path: str = settings.DEFAULT_WAREHOUSE_PATH
    quarantine_limit: float = settings.DEFAULT_QUARANTINE_LIMIT

    @property
    def published(self) -> Path:
        """The published warehouse file."""
        return Path(self.warehouse_path).resolve()

    @property
    def reports_dir(self) -> Path:
        """Where each run writes its report (beside the warehouse)."""
        return self.published.parent / "reports"

    def working_copy(self) -> Path:
        """The run's working copy (started from the published file if need be)."""
        return publishing.ensure_working_copy(self.published)


def default_warehouse() -> JanoxWarehouse:
    """The resource as configured by the environment (see ``janox_dagster.settings``)."""
    return JanoxWarehouse(
        landing_dir=settings.landing_dir(),
        warehouse_path=settings.warehouse_path(),
        quarantine_limit=settings.quarantine_limit(),
    )
