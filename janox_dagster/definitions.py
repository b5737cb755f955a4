"""Everything Dagster loads: assets from landing to published marts, the job, its schedule
and its sensors (new landings; alerts after each night).

Importing this module does nothing: Dagster calls :func:`defs` when it loads the code
location, and ``janox run`` calls :func:`build_defs` after preparing dbt's manifest.
"""

from __future__ import annotations

import dagster as dg

from janox_dagster.defs.alerts import nightly_held_back_alert, nightly_published_alert
from janox_dagster.defs.dbt import dbt_model_assets, dbt_resource
from janox_dagster.defs.ingestion import ingest_landing_asset, landing_specs
from janox_dagster.defs.ml import churn_model
from janox_dagster.defs.publishing import published_warehouse_asset
from janox_dagster.defs.resources import JanoxWarehouse, default_warehouse
from janox_dagster.defs.schedules import nightly_job, nightly_schedule
from janox_dagster.defs.sensors import landing_sensor


def build_defs(janox: JanoxWarehouse) -> dg.Definitions:
    """The definitions for the given landing tree and warehouse (parses dbt if its manifest
    is missing or stale)."""
    workspace = janox.dbt_workspace()
    manifest = workspace.prepare()
    dbt_models, dbt_risk_marts = dbt_model_assets(manifest, workspace.target_dir)
    mart_keys = [
        key
        for assets in (dbt_models, dbt_risk_marts)
        for key in assets.keys
        if key.path[0] == "marts"
    ]
    return dg.Definitions(
        assets=[
            *landing_specs(),
            ingest_landing_asset(),
            dbt_models,
            churn_model,
            dbt_risk_marts,
            published_warehouse_asset(mart_keys),
        ],
        jobs=[nightly_job],
        schedules=[nightly_schedule()],
        sensors=[landing_sensor, nightly_published_alert, nightly_held_back_alert],
        resources={"janox": janox, "dbt": dbt_resource()},
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location ``janox_warehouse``: the warehouse the environment names."""
    return build_defs(default_warehouse())
