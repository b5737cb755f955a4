"""The working copy a run builds in, and the atomic switch that publishes it.

A run never writes the published file. It copies it to ``<file>.<run>.building``, ingests
and builds there, and publishes with one ``os.replace``: a reader sees the old warehouse or
the new one, never half of either, and a BI tool can keep the published file open (read
only) while a run is going on. A failed or killed run leaves only its working copy behind,
which the next run removes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

BUILDING_SUFFIX = ".building"


def working_copy_path(published: Path, run_id: str) -> Path:
    """Where run ``run_id`` builds: beside the published file, so the rename is atomic."""
    return published.with_name(f"{published.name}.{run_id[:8]}{BUILDING_SUFFIX}")


def remove_stale_copies(published: Path, keep: Path | None = None) -> list[Path]:
    """Delete working copies that failed or killed runs left behind."""
    removed = []
    for path in published.parent.glob(f"{published.name}.*{BUILDING_SUFFIX}*"):
        if keep is not None and path.name.startswith(keep.name):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def start_working_copy(published: Path, run_id: str) -> Path:
    """A fresh working copy for this run: the published warehouse, or an empty file."""
    published.parent.mkdir(parents=True, exist_ok=True)
    working = working_copy_path(published, run_id)
    remove_stale_copies(published)
    if published.exists():
        shutil.copyfile(published, working)
    return working


def ensure_working_copy(published: Path, run_id: str) -> Path:
    """The run's working copy, started if a step runs without the ingestion step."""
    working = working_copy_path(published, run_id)
    if not working.exists():
        published.parent.mkdir(parents=True, exist_ok=True)
        if published.exists():
            shutil.copyfile(published, working)
    return working


def publish(working: Path, published: Path) -> None:
    """Checkpoint the working copy and switch it in place of the published file atomically."""
    if not working.exists():
        raise FileNotFoundError(f"no working copy {working} to publish: run the whole nightly job")
    con = duckdb.connect(str(working))
    con.execute("checkpoint")
    con.close()
    os.replace(working, published)
    Path(f"{working}.wal").unlink(missing_ok=True)
