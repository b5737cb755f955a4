"""The e2e layer's one generated warehouse: demo exports through the real nightly job
(the `janox run` command, Dagster and all), built once per session and shared by the
nightly-run and fault tests. A test that changes it works on a copy (``night``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from janox_dagster.cli import main
from janox_dagster.generate import generate
from janox_dagster.layout import WarehouseLayout


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    """(landing tree, published warehouse) of three generated nightly loads."""
    root = tmp_path_factory.mktemp("e2e")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    generate(landing, seed=7, scale=0.05, days=3)
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    return landing, warehouse


@pytest.fixture
def night(demo, tmp_path) -> tuple[Path, Path]:
    """A copy of the demo's landing tree and warehouse (the published file and its state
    folder: raw store, build database, dbt target) for one test to change."""
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    shutil.copytree(demo[0], landing)
    shutil.copyfile(demo[1], warehouse)
    shutil.copytree(build_state(demo[1]), build_state(warehouse))
    return landing, warehouse


def build_state(warehouse: Path) -> Path:
    """The state folder of a warehouse (``<name>.janox``)."""
    return WarehouseLayout.of(warehouse).state_dir


def build_database(warehouse: Path) -> Path:
    """The database a warehouse's nights build in (staging and intermediate live there)."""
    return WarehouseLayout.of(warehouse).build_database
