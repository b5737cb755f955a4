"""The raw store: every accepted landed row, once, as Parquet, append-only.

Layout (engine-neutral: DuckDB, PostgreSQL and Spark all read it)::

    <store>/<source>/<table>/schema.parquet                       zero rows, the typed columns
    <store>/<source>/<table>/load_date=YYYY-MM-DD/part-0.parquet  the rows of one load
    <store>/janox/{loads,load_files,quarantine}/...                the load bookkeeping, alike
    <store>/_committed.json                                        the loads published so far

A night ingests each new load folder into its partitions. Nothing is visible as committed
until the run publishes: :meth:`RawStore.commit` replaces ``_committed.json`` atomically.
A run that fails leaves partitions of uncommitted loads behind, and the next run removes
them (:meth:`RawStore.discard_uncommitted`) before it starts, so a failed night never
reaches the marts. Rows of a load are written once and never read back for copying: a
night reads history only where a rule needs it (the keys a reference resolves against).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from janox_dagster.contract import TableContract
from janox_dagster.warehouse import (
    BOOKKEEPING_COLUMNS,
    LINEAGE_COLUMNS,
    RAW_SCHEMA,
    raw_columns,
)

COMMITTED = "_committed.json"
PARTITION = "load_date="


@dataclass(frozen=True)
class RawStore:
    """The Parquet raw store of one warehouse."""

    root: Path

    # --- layout --------------------------------------------------------------------------

    def table_dir(self, raw_table: str) -> Path:
        """``<store>/<source>/<table>`` for ``<source>__<table>``."""
        source, table = raw_table.split("__", 1)
        return self.root / source / table

    def partition_dir(self, raw_table: str, load_date: date) -> Path:
        """The folder of one load's rows of one table."""
        return self.table_dir(raw_table) / f"{PARTITION}{load_date.isoformat()}"

    def table_glob(self, raw_table: str) -> str:
        """Every Parquet file of a table: its schema file and every load's partition."""
        return str(self.table_dir(raw_table) / "**" / "*.parquet")

    def raw_tables(self, contracts: dict[str, TableContract]) -> dict[str, dict[str, str]]:
        """Every table of the store (contract tables and bookkeeping) with its SQL columns."""
        tables = {c.raw_table: raw_columns(c) for c in contracts.values()}
        tables.update(BOOKKEEPING_COLUMNS)
        return tables

    # --- creating and committing ----------------------------------------------------------

    def ensure(self, contracts: dict[str, TableContract]) -> None:
        """Create the store's folders and each table's zero-row schema file."""
        con = duckdb.connect()
        try:
            for raw_table, columns in self.raw_tables(contracts).items():
                schema_file = self.table_dir(raw_table) / "schema.parquet"
                if schema_file.exists():
                    continue
                schema_file.parent.mkdir(parents=True, exist_ok=True)
                select = ", ".join(f"cast(null as {t}) as {_q(c)}" for c, t in columns.items())
                con.execute(
                    f"copy (select {select} where false) to {_lit(str(schema_file))} "
                    "(format parquet)"
                )
        finally:
            con.close()

    def committed_load_dates(self) -> list[date]:
        """The loads of every published run, oldest first."""
        path = self.root / COMMITTED
        if not path.exists():
            return []
        return [date.fromisoformat(d) for d in json.loads(path.read_text("utf-8"))["loads"]]

    def commit(self, load_dates: list[date]) -> None:
        """Make ``load_dates`` part of the committed store, in one atomic file replace."""
        loads = sorted({*self.committed_load_dates(), *load_dates})
        path = self.root / COMMITTED
        partial = path.with_name(f"{COMMITTED}.partial")
        partial.write_text(
            json.dumps({"loads": [d.isoformat() for d in loads]}, indent=1), encoding="utf-8"
        )
        os.replace(partial, path)

    def partition_load_dates(self) -> list[date]:
        """Every load with a partition in the store, committed or not (the loads of the
        running night are the uncommitted ones)."""
        dates = {
            p.name.removeprefix(PARTITION)
            for p in self.root.glob(f"janox/loads/{PARTITION}*")
        }
        return sorted(date.fromisoformat(d) for d in dates)

    def discard_uncommitted(self) -> list[Path]:
        """Remove the partitions of loads that no published run committed (a failed night's)."""
        committed = {f"{PARTITION}{d.isoformat()}" for d in self.committed_load_dates()}
        removed = []
        for partition in self.root.glob(f"*/*/{PARTITION}*"):
            if partition.name not in committed:
                shutil.rmtree(partition)
                removed.append(partition)
        return removed

    # --- reading and writing with DuckDB ---------------------------------------------------

    def attach_views(
        self, con: duckdb.DuckDBPyConnection, contracts: dict[str, TableContract], schema: str
    ) -> None:
        """Views ``<schema>.<source>__<table>`` over every file of each table of the store."""
        con.execute(f"create schema if not exists {schema}")
        for raw_table in self.raw_tables(contracts):
            con.execute(
                f"create or replace view {schema}.{raw_table} as select * from read_parquet("
                f"{_lit(self.table_glob(raw_table))}, union_by_name = true)"
            )

    def write_load(
        self,
        con: duckdb.DuckDBPyConnection,
        contracts: dict[str, TableContract],
        load_date: date,
    ) -> None:
        """Write the rows of ``load_date`` from the connection's raw tables into the store's
        partitions (replacing any earlier attempt at the same load), then drop them from the
        connection."""
        for raw_table in self.raw_tables(contracts):
            partition = self.partition_dir(raw_table, load_date)
            shutil.rmtree(partition, ignore_errors=True)
            date_column = "load_date" if raw_table.startswith("janox__") else "_load_date"
            where = f"{date_column} = {_lit(load_date.isoformat())}"
            rows = con.execute(f"select count(*) from {RAW_SCHEMA}.{raw_table} where {where}")
            if rows.fetchone()[0] == 0 and not raw_table.startswith("janox__"):
                continue
            partition.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"copy (select * from {RAW_SCHEMA}.{raw_table} where {where}) to "
                f"{_lit(str(partition / 'part-0.parquet'))} (format parquet)"
            )
            con.execute(f"delete from {RAW_SCHEMA}.{raw_table} where {where}")


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


__all__ = ["RawStore", "LINEAGE_COLUMNS"]
