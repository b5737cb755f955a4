"""The Dagster definitions load and the asset graph runs from landing to published marts."""

from __future__ import annotations

import dagster as dg

from janox_dagster.contract import load_contract
from janox_dagster.definitions import defs


def graph():
    return defs.resolve_asset_graph()


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("nightly") is not None


def test_every_contract_table_flows_from_landing_through_raw_to_staging():
    asset_graph = graph()
    for contract in load_contract().values():
        raw = dg.AssetKey(["raw", contract.source, contract.table])
        staging = dg.AssetKey(["staging", f"stg_{contract.source}__{contract.table}"])
        assert asset_graph.get(raw).parent_keys == {
            dg.AssetKey(["landing", contract.source, contract.table])
        }
        assert raw in asset_graph.get(staging).parent_keys


def test_publish_waits_for_every_mart():
    asset_graph = graph()
    marts = {k for k in asset_graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert dg.AssetKey(["marts", "load_report"]) in marts
    assert asset_graph.get(dg.AssetKey(["published", "warehouse"])).parent_keys == marts


def test_raw_tables_carry_a_blocking_contract_check():
    checks = {key for key in graph().asset_check_keys if key.name == "landing_contract"}
    assert len(checks) == len(load_contract())


def test_the_nightly_schedule_targets_the_nightly_job():
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.job_name == "nightly"
    assert schedule.cron_schedule == "0 2 * * *"


def test_the_nightly_job_materialises_every_materialisable_asset():
    job = defs.resolve_job_def("nightly")
    in_job = set(job.asset_layer.selected_asset_keys)
    materialisable = {
        key for key in graph().get_all_asset_keys() if graph().get(key).is_materializable
    }
    assert in_job == materialisable
