"""The alert sensors: a digest after each nightly run a Dagster daemon started.

``nightly_published_alert`` (a run status sensor on SUCCESS) sends what needs action in
the published marts; ``nightly_held_back_alert`` (a run failure sensor) sends why the
night was held back, read from the run's events. Both are on by default and do nothing
while no alert channel is configured (``janox_dagster.alerts.config``).

``janox run`` alerts for its own in-process runs (``janox_dagster.nightly``): Dagster's run
status sensors only match runs launched from their own code location, and those runs
carry the tag ``janox/alerts=in_process`` besides, which the sensors skip. So every
night alerts once, whichever way it ran.
"""

from __future__ import annotations

import dagster as dg

from janox_dagster.alerts.notify import (
    ALERTED_IN_PROCESS,
    ALERTS_TAG,
    alert_held_back,
    alert_published,
    configured_settings,
)
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.defs.schedules import nightly_job
from janox_dagster.run_events import summarise_run_events


def _alerted_in_process(context: dg.RunStatusSensorContext) -> bool:
    if context.dagster_run.tags.get(ALERTS_TAG) == ALERTED_IN_PROCESS:
        context.log.info(f"run {context.dagster_run.run_id[:8]} alerted from its own process")
        return True
    return False


@dg.run_status_sensor(
    name="nightly_published_alert",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="After a published night: accounts newly at risk, stuck leads and new "
    "opt-out violations, to JANOX_ALERT_WEBHOOK_URL and/or JANOX_ALERT_SMTP_* (off when "
    "neither is set).",
)
def nightly_published_alert(context: dg.RunStatusSensorContext, janox: JanoxWarehouse):
    """Send the published night's digest."""
    if _alerted_in_process(context):
        return
    settings = configured_settings(context.log)
    if settings is None:
        return
    alert_published(janox, context.instance, context.dagster_run.run_id, settings, context.log)


@dg.run_failure_sensor(
    name="nightly_held_back_alert",
    monitored_jobs=[nightly_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="After a held-back night: its failure (load, table and check) and failed "
    "checks, to JANOX_ALERT_WEBHOOK_URL and/or JANOX_ALERT_SMTP_* (off when neither is set).",
)
def nightly_held_back_alert(context: dg.RunFailureSensorContext, janox: JanoxWarehouse):
    """Send why the night was held back."""
    if _alerted_in_process(context):
        return
    settings = configured_settings(context.log)
    if settings is None:
        return
    run_id = context.dagster_run.run_id
    entries = context.instance.all_logs(run_id)
    events = summarise_run_events(e.dagster_event for e in entries if e.dagster_event)
    failures = events.failures or [context.failure_event.message or "the run failed"]
    alert_held_back(janox, run_id, failures, events.checks_failed, settings, context.log)
