"""The resource every Janox step shares: where the landing tree and the warehouse are."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from janox_dagster import publishing, settings
from janox_dagster.dbt_workspace import DbtWorkspace


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

    @property
    def state_dir(self) -> Path:
        """What the warehouse keeps between nights beside the published file
        (``<warehouse>.janox/``: dbt's target folder)."""
        return self.published.with_name(f"{self.published.stem}.janox")

    def dbt_workspace(self) -> DbtWorkspace:
        """Where dbt builds for this warehouse: the run's working copy, and a target folder
        of its own, so dbt's partial parse holds from night to night."""
        return DbtWorkspace(
            build_database=publishing.working_copy_path(self.published),
            target_dir=self.state_dir / "dbt",
        )

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
