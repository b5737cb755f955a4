"""Publishing the marts, and the run lock.

A night builds in the warehouse's own build database (``<state>/build.duckdb``), which BI
tools never open. Publishing copies the ``marts`` schema (tables, with their table and
column descriptions) into a new file beside the published one, written in DuckDB's v1.1.0
storage format so that DuckDB 1.1 and newer (the drivers BI tools bundle) can read it, and
switches it in with one ``os.replace``: a reader sees the old marts or the new ones, never
half of either, and may keep the published file open while a night runs. Only the marts
are copied, so publishing costs what the marts weigh, not what history weighs.

One run at a time: a run holds an exclusive lock on the state folder itself (no lock file).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

PUBLISHING_SUFFIX = ".publishing"
# The storage format of the published file: readable by DuckDB 1.1 and newer.
PUBLISHED_STORAGE_VERSION = "v1.1.0"
MARTS_SCHEMA = "marts"
# Written when a dbt build starts, removed when its run published: a night that finds it
# rebuilds every incremental model from the raw store (a failed night may have left them
# half-updated).
DIRTY_MARKER = "build.dirty"
PUBLISHED_RECORD = "published.json"


class RunInProgress(RuntimeError):
    """Another run holds the warehouse's lock."""


@contextmanager
def run_lock(state_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the state folder for the length of a run; raise
    RunInProgress if another run has it. The operating system releases the lock when a
    run dies, even by SIGKILL, and nothing is left on disk."""
    state_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(state_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(f"another run is loading this warehouse ({state_dir})") from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def mark_build_dirty(state_dir: Path) -> None:
    """Record that the build database is being changed by a run not yet published."""
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / DIRTY_MARKER).touch()


def build_is_dirty(state_dir: Path) -> bool:
    """True when a run changed the build database and did not publish."""
    return (state_dir / DIRTY_MARKER).exists()


def mark_build_clean(state_dir: Path) -> None:
    """The build database matches the published marts again."""
    (state_dir / DIRTY_MARKER).unlink(missing_ok=True)


def read_published_record(state_dir: Path) -> dict | None:
    """What the last published run recorded (run id, loads, project fingerprint), if any."""
    path = state_dir / PUBLISHED_RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write_published_record(state_dir: Path, record: dict) -> None:
    """Replace the published run's record atomically."""
    path = state_dir / PUBLISHED_RECORD
    partial = path.with_name(f"{PUBLISHED_RECORD}.partial")
    partial.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
    os.replace(partial, path)


def remove_stale_copies(published: Path) -> list[Path]:
    """Delete what a failed or killed publish left behind (its file and write-ahead log)."""
    removed = []
    for path in published.parent.glob(f"{published.name}{PUBLISHING_SUFFIX}*"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def publish_marts(build_database: Path, published: Path, record: dict) -> int:
    """Copy the build database's marts into a new file, add ``marts.warehouse_status`` (from
    the run's ``record``: run id, published_at, as-of and loads), and switch it in atomically.

    Returns the number of tables published.
    """
    from janox_dagster.status import (
        STATUS_COLUMNS,
        STATUS_DESCRIPTION,
        STATUS_TABLE,
        status_table_sql,
    )

    published.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(published)
    target = published.with_name(f"{published.name}{PUBLISHING_SUFFIX}")
    con = duckdb.connect()
    try:
        con.execute(f"attach {_lit(str(build_database))} as build (read_only)")
        con.execute(
            f"attach {_lit(str(target))} as publishing "
            f"(storage_version {_lit(PUBLISHED_STORAGE_VERSION)})"
        )
        con.execute(f"create schema publishing.{MARTS_SCHEMA}")
        tables = con.execute(
            "select table_name, comment from duckdb_tables() "
            "where database_name = 'build' and schema_name = ? order by table_name",
            [MARTS_SCHEMA],
        ).fetchall()
        for table, comment in tables:
            name = f"{MARTS_SCHEMA}.{_q(table)}"
            con.execute(f"create table publishing.{name} as select * from build.{name}")
            if comment:
                con.execute(f"comment on table publishing.{name} is {_lit(comment)}")
            columns = con.execute(
                "select column_name, comment from duckdb_columns() where database_name = "
                "'build' and schema_name = ? and table_name = ? and comment is not null",
                [MARTS_SCHEMA, table],
            ).fetchall()
            for column, column_comment in columns:
                con.execute(
                    f"comment on column publishing.{name}.{_q(column)} is {_lit(column_comment)}"
                )
        status = f"publishing.{MARTS_SCHEMA}.{STATUS_TABLE}"
        con.execute(f"create table {status} as {status_table_sql(record)}")
        con.execute(f"comment on table {status} is {_lit(STATUS_DESCRIPTION)}")
        for column, (_, description) in STATUS_COLUMNS.items():
            con.execute(f"comment on column {status}.{column} is {_lit(description)}")
        con.execute("detach publishing")
    finally:
        con.close()
    os.replace(target, published)
    return len(tables) + 1


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
