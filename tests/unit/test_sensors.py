"""The landing sensor, evaluated with Dagster's own test context over a temporary landing
root: no run while a new load folder is incomplete, one run once it is complete."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.defs.sensors import is_complete, landing_sensor
from tests.landing_builder import USER, write_table


@pytest.fixture
def janox(tmp_path, monkeypatch) -> JanoxWarehouse:
    monkeypatch.setenv("JANOX_LANDING_QUIET_SECONDS", "600")
    (tmp_path / "landing").mkdir()
    return JanoxWarehouse(
        landing_dir=str(tmp_path / "landing"), warehouse_path=str(tmp_path / "warehouse.duckdb")
    )


def evaluate(janox: JanoxWarehouse):
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, resources={"janox": janox})
        return landing_sensor(context)


def test_no_run_while_a_new_load_folder_has_no_success_marker_and_is_still_changing(janox):
    write_table(Path(janox.landing_dir), "2026-11-21", "crm/users", [USER])
    result = evaluate(janox)
    assert isinstance(result, dg.SkipReason)


def test_one_run_once_the_success_marker_is_there(janox):
    landing = Path(janox.landing_dir)
    write_table(landing, "2026-11-21", "crm/users", [USER])
    (landing / "2026-11-21" / "_SUCCESS").touch()
    request = evaluate(janox)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key.startswith("2026-11-21@")
    assert request.tags["janox/loads"] == "2026-11-21"


def test_a_folder_quiet_for_the_quiet_period_is_complete_without_a_marker(tmp_path):
    folder = tmp_path / "2026-11-21"
    path = write_table(tmp_path, "2026-11-21", "crm/users", [USER])
    now = time.time()
    assert not is_complete(folder, quiet_seconds=600, now=now)
    os.utime(path, (now - 601, now - 601))
    assert is_complete(folder, quiet_seconds=600, now=now)


def test_an_empty_folder_is_never_complete(tmp_path):
    (tmp_path / "2026-11-21").mkdir()
    assert not is_complete(tmp_path / "2026-11-21", quiet_seconds=0, now=time.time())


def test_no_run_for_loads_the_raw_store_already_holds(janox):
    landing = Path(janox.landing_dir)
    write_table(landing, "2026-11-21", "crm/users", [USER])
    (landing / "2026-11-21" / "_SUCCESS").touch()
    janox.raw_store.root.mkdir(parents=True)
    janox.raw_store.commit([date(2026, 11, 21)])
    assert isinstance(evaluate(janox), dg.SkipReason)


def test_the_sensor_targets_the_nightly_job():
    assert landing_sensor.job_name == "nightly"
