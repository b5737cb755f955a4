"""The nightly job and its schedule."""

from __future__ import annotations

import dagster as dg

from janox_dagster import settings

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.groups(
        "raw", "config", "staging", "intermediate", "marts", "ml", "published"
    ),
    description="Ingest new load folders, run the gates, build and test every dbt layer, train "
    "the churn model, publish.",
)


def nightly_schedule() -> dg.ScheduleDefinition:
    """Runs the nightly job at ``JANOX_SCHEDULE_CRON`` in ``JANOX_SCHEDULE_TIMEZONE``."""
    return dg.ScheduleDefinition(
        name="nightly_schedule",
        job=nightly_job,
        cron_schedule=settings.schedule_cron(),
        execution_timezone=settings.schedule_timezone(),
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Loads the warehouse every night (JANOX_SCHEDULE_CRON, "
        "JANOX_SCHEDULE_TIMEZONE).",
    )
