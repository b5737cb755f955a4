"""The Dagster definitions load and the asset graph runs from landing to published marts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from janox_dagster.contract import load_contract
from janox_dagster.defs.resources import JanoxWarehouse

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def defs(tmp_path_factory) -> dg.Definitions:
    from janox_dagster.definitions import build_defs

    root = tmp_path_factory.mktemp("defs")
    janox = JanoxWarehouse(
        landing_dir=str(root / "landing"), warehouse_path=str(root / "warehouse.duckdb")
    )
    return build_defs(janox)


@pytest.fixture(scope="module")
def graph(defs):
    return defs.resolve_asset_graph()


def test_importing_the_definitions_parses_nothing_and_changes_nothing(tmp_path):
    """Import every Dagster module in a fresh process whose warehouse has no manifest: no
    file is written, no environment variable or PATH changes."""
    warehouse = tmp_path / "warehouse.duckdb"
    script = (
        "import json, os, sys\n"
        "before = dict(os.environ)\n"
        "import janox_dagster.definitions, janox_dagster.defs.dbt, janox_dagster.defs.ml\n"
        "import janox_dagster.defs.ingestion, janox_dagster.defs.publishing\n"
        "changed = sorted(k for k in set(before) | set(os.environ)"
        " if before.get(k) != os.environ.get(k))\n"
        "print(json.dumps(changed))\n"
    )
    before = sorted(p for p in tmp_path.rglob("*"))
    target_before = sorted((REPO / "dbt_project").rglob("*"))
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "JANOX_WAREHOUSE_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert json.loads(result.stdout) == []
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert sorted((REPO / "dbt_project").rglob("*")) == target_before


def test_definitions_load(defs):
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("nightly") is not None


def test_the_code_location_function_builds_the_same_graph(defs, tmp_path, monkeypatch):
    from janox_dagster import definitions

    monkeypatch.setenv("JANOX_WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    loaded = definitions.defs()
    assert set(loaded.resolve_asset_graph().get_all_asset_keys()) == set(
        defs.resolve_asset_graph().get_all_asset_keys()
    )


def test_every_contract_table_flows_from_landing_through_raw_to_staging(graph):
    for contract in load_contract().values():
        raw = dg.AssetKey(["raw", contract.source, contract.table])
        staging = dg.AssetKey(["staging", f"stg_{contract.source}__{contract.table}"])
        assert graph.get(raw).parent_keys == {
            dg.AssetKey(["landing", contract.source, contract.table])
        }
        assert raw in graph.get(staging).parent_keys


def test_publish_waits_for_every_mart(graph):
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert dg.AssetKey(["marts", "load_report"]) in marts
    assert graph.get(dg.AssetKey(["published", "warehouse"])).parent_keys == marts


def test_raw_tables_carry_a_blocking_contract_check(graph):
    checks = {key for key in graph.asset_check_keys if key.name == "landing_contract"}
    assert len(checks) == len(load_contract())


def test_the_nightly_schedule_targets_the_nightly_job(defs):
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.job_name == "nightly"
    assert schedule.cron_schedule == "0 2 * * *"


def test_the_nightly_job_materialises_every_materialisable_asset(defs, graph):
    job = defs.resolve_job_def("nightly")
    in_job = set(job.asset_layer.selected_asset_keys)
    materialisable = {key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable}
    assert in_job == materialisable


def test_the_alert_sensors_are_loaded(defs):
    for name in ("nightly_published_alert", "nightly_held_back_alert"):
        assert defs.resolve_sensor_def(name) is not None


def test_transient_failures_are_retried_but_not_gates_or_dbt(defs):
    from janox_dagster.defs.ingestion import GateFailed

    job = defs.resolve_job_def("nightly")
    policies = {
        name: node.definition.retry_policy for name, node in job.graph.node_dict.items()
    }
    for step in ("ingest_landing", "churn_model", "published__warehouse"):
        assert policies[step] is not None and policies[step].max_retries == 2, step
    assert policies["janox_dbt_models"] is None
    gate = GateFailed(description="held back", allow_retries=False)
    assert gate.allow_retries is False
