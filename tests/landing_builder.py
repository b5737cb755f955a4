"""Writing small, readable landing trees for tests."""

from __future__ import annotations

import csv
from pathlib import Path

from janox_dagster.contract import load_contract


def write_table(
    root: Path, load_date: str, table: str, rows: list[dict], columns: list[str] | None = None
) -> Path:
    """Write ``<root>/<load_date>/<table>.csv`` with the contract's columns (or ``columns``).

    Missing values are written empty (null); ``rows`` may be empty (a header-only file).
    """
    contract = load_contract()[table]
    header = columns or list(contract.columns)
    path = root / load_date / f"{table}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=header, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in header})
    return path


def append_rows(root: Path, load_date: str, table: str, rows: list[dict]) -> Path:
    """Add ``rows`` to ``<root>/<load_date>/<table>.csv``, keeping its rows and header (a
    missing file is written with the contract's columns)."""
    path = root / load_date / f"{table}.csv"
    kept, header = [], None
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            kept, header = list(reader), reader.fieldnames
    return write_table(root, load_date, table, kept + rows, columns=header)


USER = {
    "user_id": "U1",
    "full_name": "Søren Ærø",
    "email": "s@example.dk",
    "team": "Nord",
    "role": "seller",
    "is_active": "true",
    "created_at": "2026-01-01T08:00:00Z",
    "updated_at": "2026-01-01T08:00:00Z",
}
ACCOUNT = {
    "account_id": "A1",
    "name": 'Hansen, "Berg" & Co',
    "industry": "Retail",
    "country": "DK",
    "employees": "40",
    "owner_user_id": "U1",
    "created_at": "2026-01-02T09:00:00Z",
    "updated_at": "2026-01-02T09:00:00Z",
    "is_deleted": "false",
}
TARGET = {
    "month": "2026-11-01",
    "user_id": "U1",
    "kpi": "won_sales",
    "target": "12",
    "updated_at": "2026-10-28T09:00:00Z",
    "is_deleted": "false",
}
