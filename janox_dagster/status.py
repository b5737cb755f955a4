"""How fresh the published warehouse is, for a dashboard and for a person at a terminal.

Every published night writes the table ``marts.warehouse_status`` into the published file
(one row: as_of, published_at, run_id, loads_published, newest_load) and every `janox run`
records its outcome in ``<warehouse>.janox/last_run.json``; ``janox status`` reads both.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from janox_dagster.layout import WarehouseLayout

LAST_RUN = "last_run.json"
STATUS_TABLE = "warehouse_status"
STATUS_DESCRIPTION = (
    "How fresh the published marts are: one row, written by the night that published them."
)
STATUS_COLUMNS = {
    "as_of": ("date", "The run's as-of date: the newest load date published."),
    "published_at": ("timestamp", "When the marts were published (UTC)."),
    "run_id": ("varchar", "The Dagster run that published them (its reports: reports/<run_id>/)."),
    "loads_published": ("bigint", "How many load folders the marts are built from."),
    "oldest_load": ("date", "The oldest load date published."),
}


@dataclass
class LastRun:
    """What the last `janox run` on a warehouse did."""

    run_id: str
    published: bool
    finished_at: str
    reports_dir: str
    failures: list[str] = field(default_factory=list)


def write_last_run(layout: WarehouseLayout, last_run: LastRun) -> None:
    """Record the outcome of a run beside the warehouse (replaced atomically)."""
    path = layout.state_dir / LAST_RUN
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{LAST_RUN}.partial")
    partial.write_text(json.dumps(asdict(last_run), indent=1), encoding="utf-8")
    os.replace(partial, path)


def read_last_run(layout: WarehouseLayout) -> LastRun | None:
    """The outcome of the last run, if one was recorded."""
    path = layout.state_dir / LAST_RUN
    if not path.exists():
        return None
    return LastRun(**json.loads(path.read_text(encoding="utf-8")))


def status_table_sql(record: dict) -> str:
    """A SELECT of the one ``warehouse_status`` row for a published run's record."""
    loads = record["loads"]
    values = {
        "as_of": _date(record["as_of"]),
        "published_at": f"timestamp '{record['published_at'].replace('+00:00', '')}'",
        "run_id": "'" + record["run_id"].replace("'", "''") + "'",
        "loads_published": str(len(loads)),
        "oldest_load": _date(min(loads) if loads else None),
    }
    return "select " + ", ".join(
        f"cast({values[c]} as {t}) as {c}" for c, (t, _) in STATUS_COLUMNS.items()
    )


def read_published_status(published: Path) -> dict | None:
    """The ``warehouse_status`` row of a published file (opened read-only, then closed)."""
    if not published.exists():
        return None
    con = duckdb.connect(str(published), read_only=True)
    try:
        cursor = con.execute(f"select * from marts.{STATUS_TABLE}")
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return dict(zip(names, row, strict=True)) if row else None


def format_status(published: Path, status: dict | None, last_run: LastRun | None) -> list[str]:
    """What `janox status` prints."""
    lines = [f"warehouse: {published}"]
    if status is None:
        lines.append("published: nothing yet (run `janox run`)")
    else:
        lines += [
            f"as of: {status['as_of']}",
            f"published: {status['published_at']} UTC by run {status['run_id']}",
            f"loads: {status['loads_published']} ({status['oldest_load']} .. {status['as_of']})",
        ]
    if last_run is not None:
        outcome = "published" if last_run.published else "HELD BACK"
        lines.append(f"last run: {last_run.run_id} at {last_run.finished_at}: {outcome}")
        lines += [f"  {failure}" for failure in last_run.failures]
        lines.append(f"reports: {last_run.reports_dir}")
    return lines


def _date(value: str | None) -> str:
    return f"date '{value}'" if value else "null"
