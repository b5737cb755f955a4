"""The landing sensor: start the nightly job when a new, complete load folder has landed.

A load folder is complete when it holds a ``_SUCCESS`` marker file (what Spark, Hadoop and
most EL tools write when they finish a folder), or when nothing in it has changed for the
quiet period ``JANOX_LANDING_QUIET_SECONDS`` (default 600 s) for tools that write no
marker. The sensor asks for one run per set of new complete folders (the run key names
them, so Dagster never starts the same set twice); the run ingests every folder not yet in
the raw store. The schedule stays as the nightly backstop.
"""

from __future__ import annotations

import time
from pathlib import Path

import dagster as dg

from janox_dagster import settings
from janox_dagster.defs.resources import JanoxWarehouse
from janox_dagster.defs.schedules import nightly_job
from janox_dagster.landing import SUCCESS_MARKER, list_load_folders


def is_complete(folder: Path, quiet_seconds: float, now: float) -> bool:
    """True when the folder has its ``_SUCCESS`` marker, or no file in it changed for
    ``quiet_seconds`` (an empty folder is never complete)."""
    if (folder / SUCCESS_MARKER).exists():
        return True
    files = [p for p in folder.rglob("*") if p.is_file()]
    if not files:
        return False
    return now - max(p.stat().st_mtime for p in files) >= quiet_seconds


def new_complete_loads(janox: JanoxWarehouse, quiet_seconds: float, now: float) -> list[Path]:
    """Load folders of the landing tree that are complete and not yet in the raw store."""
    landing = Path(janox.landing_dir)
    if not landing.is_dir():
        return []
    folders, _ = list_load_folders(landing)
    committed = {d.isoformat() for d in janox.raw_store.committed_load_dates()}
    return [f for f in folders if f.name not in committed and is_complete(f, quiet_seconds, now)]


def run_key(folders: list[Path]) -> str:
    """The folders' names and the time their newest file changed: a folder fixed after a
    held-back run gets a new key, so the sensor tries it again."""
    newest = max(p.stat().st_mtime for f in folders for p in f.rglob("*") if p.is_file())
    return ",".join(f.name for f in folders) + f"@{newest:.0f}"


@dg.sensor(
    job=nightly_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts the nightly job when a new load folder is complete (a _SUCCESS "
    "marker, or JANOX_LANDING_QUIET_SECONDS without a change).",
)
def landing_sensor(context: dg.SensorEvaluationContext, janox: JanoxWarehouse):
    """One run per new set of complete load folders."""
    folders = new_complete_loads(janox, settings.landing_quiet_seconds(), time.time())
    if not folders:
        return dg.SkipReason(f"no new complete load folder in {janox.landing_dir}")
    names = ",".join(f.name for f in folders)
    context.log.info(f"new complete load folder(s): {names}")
    return dg.RunRequest(run_key=run_key(folders), tags={"janox/loads": names})
