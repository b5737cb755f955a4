"""The e2e layer's one generated warehouse: demo exports through the real nightly job
(the `janox run` command, Dagster and all), built once per session and shared by the
nightly-run and fault tests. A test that changes it works on a copy (``night``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from janox_dagster.cli import main
from janox_dagster.generate import generate


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
    """A copy of the demo's landing tree and published warehouse for one test to change."""
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    shutil.copytree(demo[0], landing)
    shutil.copyfile(demo[1], warehouse)
    return landing, warehouse
