"""DuckDB connections and the raw layer's tables (created from the contract)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from janox_dagster.contract import SQL_TYPES, TableContract

RAW_SCHEMA = "raw"
LOADS_TABLE = f"{RAW_SCHEMA}.janox__loads"
FILES_TABLE = f"{RAW_SCHEMA}.janox__load_files"
QUARANTINE_TABLE = f"{RAW_SCHEMA}.janox__quarantine"

# Lineage columns every raw row carries.
LINEAGE_COLUMNS = {
    "_load_date": "date",
    "_source_file": "varchar",
    "_line_number": "bigint",
}


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection whose session time zone is UTC (the contract's time zone)."""
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con


# The load bookkeeping tables of the raw layer, with their columns.
BOOKKEEPING_COLUMNS: dict[str, dict[str, str]] = {
    "janox__loads": {"load_date": "date", "files": "integer", "warnings": "varchar"},
    "janox__load_files": {
        "load_date": "date",
        "source": "varchar",
        "table_name": "varchar",
        "source_file": "varchar",
        "rows_landed": "bigint",
        "rows_loaded": "bigint",
        "rows_quarantined": "bigint",
        "gate_passed": "boolean",
        "warnings": "varchar",
    },
    "janox__quarantine": {
        "load_date": "date",
        "source": "varchar",
        "table_name": "varchar",
        "source_file": "varchar",
        "line_number": "bigint",
        "reason": "varchar",
        "column_name": "varchar",
        "all_reasons": "varchar",
        "record": "varchar",
    },
}


def raw_columns(contract: TableContract) -> dict[str, str]:
    """A raw table's columns and SQL types: the contract's, then the lineage columns."""
    return {
        **{c: SQL_TYPES[t] for c, t in contract.columns.items()},
        **LINEAGE_COLUMNS,
    }


def create_raw_tables(con: duckdb.DuckDBPyConnection, contracts: dict[str, TableContract]) -> None:
    """Create the raw schema, one table per contract table, and the load bookkeeping tables."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    tables = {c.raw_table: raw_columns(c) for c in contracts.values()} | BOOKKEEPING_COLUMNS
    for name, columns in tables.items():
        sql_columns = ", ".join(f"{_q(c)} {t}" for c, t in columns.items())
        con.execute(f"create table if not exists {RAW_SCHEMA}.{name} ({sql_columns})")


def ingested_load_dates(con: duckdb.DuckDBPyConnection) -> set:
    """Load dates already in the raw layer."""
    return {row[0] for row in con.execute(f"select load_date from {LOADS_TABLE}").fetchall()}


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
