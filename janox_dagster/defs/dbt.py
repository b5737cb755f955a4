"""dbt assets: seeds, staging, intermediate and marts, built in the run's working copy."""

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.settings import DBT_PROJECT_DIR

# dagster-dbt calls `dbt` by name: make the one installed beside this Python findable.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

# The environment variable profiles.yml reads for the DuckDB file dbt builds into.
DUCKDB_PATH_ENV = "JANOX_DBT_DUCKDB_PATH"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _newest_source_mtime(project_dir: Path) -> float:
    paths = [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        paths += [p for p in (project_dir / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def ensure_manifest(project: DbtProject = dbt_project) -> Path:
    """Parse the dbt project when its manifest is missing or older than its files.

    ``prepare_if_dev`` only acts under ``dagster dev``; ``janox run``, tests and CI come here.
    """
    project.prepare_if_dev()
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(
        project.project_dir
    ):
        project.preparer.prepare(project)
    return manifest


class JanoxDbtTranslator(DagsterDbtTranslator):
    """Asset keys and groups follow the layers: config (seeds), staging, intermediate, marts."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return None
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(props: Mapping[str, Any]) -> str:
        if props["resource_type"] == "seed":
            return "config"
        fqn = props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


# Models that read what the churn model asset writes: built in a second dbt step after it.
CHURN_MODEL_OUTPUT = "tag:churn_model_output"
MANIFEST = ensure_manifest()


@dbt_assets(
    manifest=MANIFEST,
    project=dbt_project,
    dagster_dbt_translator=JanoxDbtTranslator(),
    exclude=CHURN_MODEL_OUTPUT,
    name="janox_dbt_models",
)
def janox_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, janox: JanoxWarehouse):
    """`dbt build` (seeds, models and their tests, layer by layer) in the run's working copy.

    A failing error-severity test stops every model downstream of it and fails this step,
    so nothing of the run is published.
    """
    yield from _build_in_working_copy(context, dbt, janox)


@dbt_assets(
    manifest=MANIFEST,
    project=dbt_project,
    dagster_dbt_translator=JanoxDbtTranslator(),
    select=CHURN_MODEL_OUTPUT,
    name="janox_dbt_risk_marts",
)
def janox_dbt_risk_marts(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, janox: JanoxWarehouse
):
    """`dbt build` of the marts that read the churn model's output, after it ran."""
    yield from _build_in_working_copy(context, dbt, janox)


def _build_in_working_copy(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, janox: JanoxWarehouse
):
    """Stream `dbt build` into the run's working copy, then remove the invocation's own target
    folder (dagster-dbt makes one per step and run, about 35 MB at scale 10): a nightly
    schedule would otherwise fill the disk. Errors reach Dagster's event log first."""
    os.environ[DUCKDB_PATH_ENV] = str(janox.working_copy())
    invocation = dbt.cli(["build"], context=context)
    try:
        yield from invocation.stream()
    finally:
        shutil.rmtree(invocation.target_path, ignore_errors=True)


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource for this project."""
    return DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR))
