"""Where one warehouse keeps its files (no Dagster needed to know it).

Beside the published file ``<name>.duckdb`` (the marts BI tools read) the warehouse keeps
its state folder ``<name>.janox/``:

    raw/            the Parquet raw store (every accepted landed row, once)
    build.duckdb    the database dbt builds in (staging, intermediate and marts)
    dbt/            dbt's target folder (manifest, partial parse, logs)
    published.json  what the last published run was built from

and ``reports/<run id>/`` beside the published file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from janox_dagster.dbt_workspace import DbtWorkspace
from janox_dagster.raw_store import RawStore


@dataclass(frozen=True)
class WarehouseLayout:
    """The paths of one warehouse, from its published file."""

    published: Path

    @classmethod
    def of(cls, warehouse_path: str | Path) -> WarehouseLayout:
        """The layout of the warehouse published at ``warehouse_path``."""
        return cls(Path(warehouse_path).resolve())

    @property
    def state_dir(self) -> Path:
        """What the warehouse keeps between nights beside the published file."""
        return self.published.with_name(f"{self.published.stem}.janox")

    @property
    def reports_dir(self) -> Path:
        """Where each run writes its report (beside the warehouse)."""
        return self.published.parent / "reports"

    @property
    def raw_store(self) -> RawStore:
        """The Parquet raw store: every accepted landed row, once."""
        return RawStore(self.state_dir / "raw")

    @property
    def build_database(self) -> Path:
        """The DuckDB file dbt builds in (never read by BI tools)."""
        return self.state_dir / "build.duckdb"

    def dbt_workspace(self) -> DbtWorkspace:
        """Where dbt builds for this warehouse: its build database and a target folder of
        its own, both at paths that never change, so dbt's partial parse holds night to
        night."""
        return DbtWorkspace(build_database=self.build_database, target_dir=self.state_dir / "dbt")
