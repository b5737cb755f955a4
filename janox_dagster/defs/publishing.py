"""The publish asset: switch the run's working copy in as the published warehouse."""

import dagster as dg

from janox_dagster import publishing
from janox_dagster.defs.dbt import janox_dbt_models, janox_dbt_risk_marts
from janox_dagster.defs.resources import JanoxWarehouse

MART_KEYS = [
    key
    for assets in (janox_dbt_models, janox_dbt_risk_marts)
    for key in assets.keys
    if key.path[0] == "marts"
]


@dg.asset(
    key=["published", "warehouse"],
    deps=MART_KEYS,
    group_name="published",
    kinds={"duckdb"},
    description="The published warehouse BI tools read: replaced atomically, only when every "
    "gate of the run passed.",
)
def published_warehouse(context: dg.AssetExecutionContext, janox: JanoxWarehouse):
    """Publish the run's working copy in one atomic rename."""
    working = publishing.working_copy_path(janox.published)
    publishing.publish(working, janox.published)
    context.log.info(f"published {janox.published}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(janox.published))})
