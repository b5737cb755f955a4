"""The resource every Janox step shares: where the landing tree and the warehouse are."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from janox_dagster import settings
from janox_dagster.dbt_workspace import DbtWorkspace
from janox_dagster.layout import WarehouseLayout
from janox_dagster.raw_store import RawStore


class JanoxWarehouse(dg.ConfigurableResource):
    """The landing tree a run reads and the DuckDB file it publishes (its other files:
    ``janox_dagster.layout``)."""

    landing_dir: str = settings.DEFAULT_LANDING_DIR
    warehouse_path: str = settings.DEFAULT_WAREHOUSE_PATH
    quarantine_limit: float = settings.DEFAULT_QUARANTINE_LIMIT

    @property
    def layout(self) -> WarehouseLayout:
        """Where this warehouse keeps its files."""
        return WarehouseLayout.of(self.warehouse_path)

    @property
    def published(self) -> Path:
        """The published warehouse file (the marts BI tools read)."""
        return self.layout.published

    @property
    def reports_dir(self) -> Path:
        """Where each run writes its report (beside the warehouse)."""
        return self.layout.reports_dir

    @property
    def state_dir(self) -> Path:
        """What the warehouse keeps between nights beside the published file."""
        return self.layout.state_dir

    @property
    def raw_store(self) -> RawStore:
        """The Parquet raw store."""
        return self.layout.raw_store

    @property
    def build_database(self) -> Path:
        """The DuckDB file dbt builds in."""
        return self.layout.build_database

    def dbt_workspace(self) -> DbtWorkspace:
        """Where dbt builds for this warehouse."""
        return self.layout.dbt_workspace()


# Transient failures (a file briefly locked, a full disk freed) are retried twice, a minute
# apart; a gate that held the load back is not (its failure says allow_retries=False), and
# neither is dbt (a failed build marks the build dirty and the next night rebuilds).
TRANSIENT_RETRIES = dg.RetryPolicy(max_retries=2, delay=60)


def default_warehouse() -> JanoxWarehouse:
    """The resource as configured by the environment (see ``janox_dagster.settings``)."""
    return JanoxWarehouse(
        landing_dir=settings.landing_dir(),
        warehouse_path=settings.warehouse_path(),
        quarantine_limit=settings.quarantine_limit(),
    )
