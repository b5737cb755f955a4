"""dbt assets: seeds, staging, intermediate and marts, built in the run's build database.

The assets are made by :func:`dbt_model_assets` from a prepared manifest (see
``janox_dagster.dbt_workspace``); importing this module parses nothing and changes nothing.
"""

import json
import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from janox_dagster import publishing
from janox_dagster.contract import load_contract
from janox_dagster.dbt_workspace import BUILD_DATABASE_ENV, dbt_executable
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.settings import DBT_PROJECT_DIR
from janox_dagster.warehouse import RAW_SCHEMA, connect

# Models that read what the churn model asset writes: built in a second dbt step after it.
CHURN_MODEL_OUTPUT = "tag:churn_model_output"


class JanoxDbtTranslator(DagsterDbtTranslator):
    """Asset keys and groups follow the layers: config (seeds), staging, intermediate, marts.

    The staging models over the churn model's output sit in the ``ml`` group beside the
    model that writes them, so the lineage reads left to right.
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return None
        fqn = dbt_resource_props.get("fqn", [])
        if fqn[1:3] == ["staging", "ml"]:
            return "ml"
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(props: Mapping[str, Any]) -> str:
        if props["resource_type"] == "seed":
            return "config"
        fqn = props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource: the project, its profile, and the dbt beside this Python."""
    return DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )


@cache
def dbt_model_assets(
    manifest_path: Path, target_dir: Path
) -> tuple[dg.AssetsDefinition, dg.AssetsDefinition]:
    """The two dbt steps of a night, from a prepared manifest.

    ``janox_dbt_models`` builds and tests everything but what reads the churn model's
    output; ``janox_dbt_risk_marts`` builds that after the model ran.
    """
    project = DbtProject(
        project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=target_dir
    )

    @dbt_assets(
        manifest=manifest_path,
        project=project,
        dagster_dbt_translator=JanoxDbtTranslator(),
        exclude=CHURN_MODEL_OUTPUT,
        name="janox_dbt_models",
    )
    def janox_dbt_models(
        context: dg.AssetExecutionContext,
        config: DbtBuildConfig,
        dbt: DbtCliResource,
        janox: JanoxWarehouse,
    ):
        """`dbt build` (seeds, models and their tests, layer by layer) in the warehouse's
        build database. A failing error-severity test stops every model downstream of it
        and fails this step, so nothing of the run is published."""
        rebuild = prepare_build_database(janox)
        if rebuild and not config.full_refresh:
            context.log.warning(
                "the last night did not publish: rebuilding every model from the raw store"
            )
        yield from build_in_workspace(context, dbt, janox, config.full_refresh or rebuild)

    @dbt_assets(
        manifest=manifest_path,
        project=project,
        dagster_dbt_translator=JanoxDbtTranslator(),
        select=CHURN_MODEL_OUTPUT,
        name="janox_dbt_risk_marts",
    )
    def janox_dbt_risk_marts(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, janox: JanoxWarehouse
    ):
        """`dbt build` of the marts that read the churn model's output, after it ran."""
        yield from build_in_workspace(context, dbt, janox)

    return janox_dbt_models, janox_dbt_risk_marts


class DbtBuildConfig(dg.Config):
    """How a night's dbt build runs."""

    full_refresh: bool = False
    """Rebuild every incremental model from the raw store (``janox run --full-refresh``)."""


def prepare_build_database(janox: JanoxWarehouse) -> bool:
    """Point the build database's ``raw`` views at the raw store and mark the build dirty
    until the run publishes. Returns True when a failed night left the build dirty, so
    this one must rebuild every incremental model."""
    was_dirty = publishing.build_is_dirty(janox.state_dir)
    janox.raw_store.ensure(load_contract())
    con = connect(janox.build_database)
    try:
        janox.raw_store.attach_views(con, load_contract(), RAW_SCHEMA)
    finally:
        con.close()
    publishing.mark_build_dirty(janox.state_dir)
    return was_dirty


def build_in_workspace(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    janox: JanoxWarehouse,
    full_refresh: bool = False,
):
    """Stream `dbt build` into the warehouse's build database.

    dbt writes into the warehouse's own target folder (not a new folder per step), so its
    partial parse carries over from step to step and from night to night.
    """
    workspace = janox.dbt_workspace()
    # the dbt process (and dagster-dbt's adapter handle) read the build database from here
    os.environ[BUILD_DATABASE_ENV] = str(workspace.build_database)
    # dbt unit tests prove the SQL on hand-made rows: the test suite runs them, not a night
    args = ["build", "--exclude-resource-type", "unit_test"]
    if full_refresh:
        args.append("--full-refresh")
    if not sys.stdout.isatty():
        args.append("--no-use-colors")
    # the run's whole dbt log goes to its reports folder
    args += ["--log-path", str(janox.reports_dir / context.run.run_id)]
    invocation = dbt.cli(args, context=context, target_path=workspace.target_dir)
    yield from invocation.stream()
    context.log.info("slowest dbt nodes: " + ", ".join(slowest_nodes(workspace.target_dir)))


def slowest_nodes(target_dir: Path, count: int = 5) -> list[str]:
    """The ``count`` slowest nodes of the last dbt invocation, with their seconds."""
    results_path = target_dir / "run_results.json"
    if not results_path.exists():
        return []
    results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:count]
    # unique ids are <type>.<project>.<name>[.<hash>]
    return [f"{r['unique_id'].split('.')[2]} {r['execution_time']:.1f}s" for r in ranked]
