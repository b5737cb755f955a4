"""Everything Dagster loads: assets from landing to published marts, the job and its schedule."""

import dagster as dg

from janox_dagster.defs.dbt import dbt_resource, janox_dbt_models, janox_dbt_risk_marts
from janox_dagster.defs.ingestion import ingest_landing, landing_specs
from janox_dagster.defs.ml import churn_model
from janox_dagster.defs.publishing import published_warehouse
from janox_dagster.defs.resources import JanoxWarehouse, default_warehouse
from janox_dagster.defs.schedules import nightly_job, nightly_schedule


def build_defs(janox: JanoxWarehouse) -> dg.Definitions:
    """The definitions with the given landing tree and warehouse."""
    return dg.Definitions(
        assets=[
            *landing_specs,
            ingest_landing,
            janox_dbt_models,
            churn_model,
            janox_dbt_risk_marts,
            published_warehouse,
        ],
        jobs=[nightly_job],
        schedules=[nightly_schedule],
        resources={"janox": janox, "dbt": dbt_resource()},
    )


defs = build_defs(default_warehouse())
