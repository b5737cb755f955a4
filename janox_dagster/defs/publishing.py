"""The publish asset: commit the night's loads and switch the new marts in."""

from collections.abc import Iterable
from datetime import UTC, datetime

import dagster as dg

from janox_dagster import publishing
from janox_dagster.dbt_workspace import project_fingerprint
from janox_dagster.defs.resources import TRANSIENT_RETRIES, JanoxWarehouse


def published_warehouse_asset(mart_keys: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publish step, downstream of every mart."""

    @dg.asset(
        key=["published", "warehouse"],
        deps=sorted(mart_keys, key=lambda k: k.to_user_string()),
        group_name="published",
        retry_policy=TRANSIENT_RETRIES,
        kinds={"duckdb"},
        description="The published warehouse BI tools read: the marts, replaced atomically, "
        "only when every gate of the run passed.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, janox: JanoxWarehouse):
        """Commit the run's loads to the raw store, then publish the marts in one rename."""
        record = publish_night(janox, context.run.run_id)
        context.log.info(f"published {janox.published} ({record['tables']} marts)")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(janox.published)),
                "marts": record["tables"],
                "loads": len(record["loads"]),
                "as_of": record["as_of"] or "none",
            }
        )

    return published_warehouse


def publish_night(janox: JanoxWarehouse, run_id: str) -> dict:
    """The end of a night: the raw store commits every load the run ingested, the marts are
    switched in, the build is clean again and the record says what was published.

    The store commits first: a crash before the switch leaves the old marts published and a
    dirty build, which the next night rebuilds from the committed store.
    """
    store = janox.raw_store
    store.commit(store.partition_load_dates())
    loads = store.committed_load_dates()
    record = {
        "run_id": run_id,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "as_of": max(loads).isoformat() if loads else None,
        "loads": [d.isoformat() for d in loads],
        "project_fingerprint": project_fingerprint(),
    }
    record["tables"] = publishing.publish_marts(janox.build_database, janox.published, record)
    publishing.write_published_record(janox.state_dir, record)
    publishing.mark_build_clean(janox.state_dir)
    return record
