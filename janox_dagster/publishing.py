"""The working copy a run builds in, and the atomic switch that publishes it.

A run never writes the published file. It copies it to ``<file>.building``, ingests and
builds there, and publishes with one ``os.replace``: a reader sees the old warehouse or the
new one, never half of either, and a BI tool can keep the published file open (read only)
while a run is going on. A failed or killed run leaves only its working copy behind, which
the next run replaces. One run at a time holds ``<file>.lock``.

The working copy's name does not change from night to night, so dbt's profile (which
names the file) stays the same and dbt can parse the project partially.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

BUILDING_SUFFIX = ".building"


class RunInProgress(RuntimeError):
    """Another run holds the warehouse's lock."""


def working_copy_path(published: Path) -> Path:
    """Where a run builds: beside the published file, so the rename is atomic."""
    return published.with_name(f"{published.name}{BUILDING_SUFFIX}")


def remove_stale_copies(published: Path) -> list[Path]:
    """Delete what a failed or killed run left behind (its copy and its write-ahead log)."""
    removed = []
    for path in published.parent.glob(f"{published.name}{BUILDING_SUFFIX}*"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def start_working_copy(published: Path) -> Path:
    """A fresh working copy for a run: the published warehouse, or an empty file."""
    published.parent.mkdir(parents=True, exist_ok=True)
    working = working_copy_path(published)
    remove_stale_copies(published)
    if published.exists():
        shutil.copyfile(published, working)
    return working


def ensure_working_copy(published: Path) -> Path:
    """The run's working copy, started if a step runs without the ingestion step."""
    working = working_copy_path(published)
    if not working.exists():
        published.parent.mkdir(parents=True, exist_ok=True)
        if published.exists():
            shutil.copyfile(published, working)
    return working


@contextmanager
def run_lock(published: Path) -> Iterator[None]:
    """Hold ``<file>.lock`` for the length of a run; raise RunInProgress if another has it.

    The operating system releases the lock when a run dies, even by SIGKILL.
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    lock_path = published.with_name(f"{published.name}.lock")
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(
                f"another run is loading {published} (it holds {lock_path})"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(working: Path, published: Path) -> None:
    """Checkpoint the working copy and switch it in place of the published file atomically."""
    if not working.exists():
        raise FileNotFoundError(f"no working copy {working} to publish: run the whole nightly job")
    con = duckdb.connect(str(working))
    con.execute("checkpoint")
    con.close()
    os.replace(working, published)
    Path(f"{working}.wal").unlink(missing_ok=True)
