"""Reading the published warehouse without ever holding it.

Each query opens its own read-only connection and closes it at once, so a nightly run can
switch a new file in (``os.replace``) while the dashboard is open and the next query reads
the new marts. Queries take turns (one lock per process): DuckDB shares one database
instance between the open connections to a path, and a connection opened while another
still held the old file would be handed the old marts.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

_ONE_AT_A_TIME = threading.Lock()


class WarehouseMissing(FileNotFoundError):
    """No published warehouse at the path (no night has published yet)."""


def stamp(path: str | Path) -> tuple[int, int, int]:
    """The identity of the file now published at ``path``: (inode, size, modification time).

    Publishing replaces the file, so a new night gives a new stamp; cached results are
    keyed by it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise WarehouseMissing(
            f"no published warehouse at {path}: run `janox run` to publish the marts"
        ) from None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def read(path: str | Path, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run one query on the published file, read-only, and return its result."""
    if not Path(path).exists():
        raise WarehouseMissing(
            f"no published warehouse at {path}: run `janox run` to publish the marts"
        )
    with _ONE_AT_A_TIME:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute(sql, list(params)).df()
        finally:
            con.close()
