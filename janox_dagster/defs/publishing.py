"""The publish asset: switch the run's working copy in as the published warehouse."""

from collections.abc import Iterable

import dagster as dg

from janox_dagster import publishing
from janox_dagster.defs.resources import JanoxWarehouse


def published_warehouse_asset(mart_keys: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publish step, downstream of every mart."""

    @dg.asset(
        key=["published", "warehouse"],
        deps=sorted(mart_keys, key=lambda k: k.to_user_string()),
        group_name="published",
        kinds={"duckdb"},
        description="The published warehouse BI tools read: replaced atomically, only when "
        "every gate of the run passed.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, janox: JanoxWarehouse):
        """Publish the run's working copy in one atomic rename."""
        working = publishing.working_copy_path(janox.published)
        publishing.publish(working, janox.published)
        context.log.info(f"published {janox.published}")
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(janox.published))})

    return published_warehouse
