"""Running the nightly job in this process and turning its result into a run report."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from janox_dagster.alerts.notify import ALERTED_IN_PROCESS, ALERTS_TAG, alert_after_run
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.publishing import remove_stale_copies
from janox_dagster.run_events import summarise_run_events
from janox_dagster.run_report import read_ingestion_report


@dataclass
class RunOutcome:
    """What a nightly run did: published or held back, why, and what it loaded."""

    published: bool
    run_id: str
    failures: list[str] = field(default_factory=list)
    ingestion: dict | None = None
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    checks_warned: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


def _sqlite_synchronous_normal(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()


def commit_run_history_without_fsync() -> None:
    """Dagster keeps its run history in SQLite (WAL mode) and commits once per event: a
    night writes thousands (every dbt test is an asset-check event), and an fsync each cost
    about a minute per run on this project's disks. With ``synchronous = NORMAL`` a commit
    survives a crash of the process, and only a power cut can lose the last events of the
    run history; the warehouse itself is untouched by this."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _sqlite_synchronous_normal):
        event.listen(Engine, "connect", _sqlite_synchronous_normal)


def dagster_instance(warehouse: Path) -> dg.DagsterInstance:
    """A persistent instance (``DAGSTER_HOME``, else ``<warehouse folder>/dagster_home``), so
    runs and check history show in ``dagster dev`` pointed at the same home."""
    home = Path(os.environ.get("DAGSTER_HOME") or warehouse.parent / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


def run_nightly(
    janox: JanoxWarehouse, log_level: str = "INFO", full_refresh: bool = False
) -> RunOutcome:
    """Execute the nightly job once, in process, and report on it."""
    from janox_dagster.definitions import build_defs

    defs = build_defs(janox)
    job = defs.resolve_job_def("nightly")
    commit_run_history_without_fsync()
    with dagster_instance(janox.published) as instance:
        try:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config={
                    "loggers": {"console": {"config": {"log_level": log_level}}},
                    "ops": {"janox_dbt_models": {"config": {"full_refresh": full_refresh}}},
                },
                # this process sends the run's alert; the alert sensors skip the run
                tags={ALERTS_TAG: ALERTED_IN_PROCESS},
            )
        finally:
            # a published run renamed its new file in; a failed one leaves nothing behind
            remove_stale_copies(janox.published)
        events = summarise_run_events(result.all_events)
        outcome = RunOutcome(
            published=result.success,
            run_id=result.run_id,
            failures=events.failures,
            ingestion=read_ingestion_report(janox.reports_dir, result.run_id),
            checks_passed=events.checks_passed,
            checks_failed=events.checks_failed,
            checks_warned=events.checks_warned,
        )
        deliveries = alert_after_run(
            janox, instance, result.run_id, result.success, events.failures, events.checks_failed
        )
        outcome.alerts = [str(d) for d in deliveries]
    return outcome
