"""The whole nightly job on generated demo data, checked against counts computed
independently from the generated CSV files."""

from __future__ import annotations

import csv
import hashlib
import math
import shutil
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from janox_dagster.cli import main
from janox_dagster.contract import load_contract
from janox_dagster.layout import WarehouseLayout
from janox_dagster.status import read_last_run
from tests.e2e.conftest import build_database, build_state
from tests.harness import query
from tests.landing_builder import USER, write_table

CONTRACTS = load_contract()
pytestmark = pytest.mark.e2e


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("z", "Z"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _key_value(contract_type: str, text: str):
    """A key part as comparable Python value: instants in UTC, everything else as text."""
    if contract_type == "timestamp":
        return _instant(text).astimezone(UTC).replace(tzinfo=None)
    if contract_type == "integer":
        return str(int(text))
    return text


def landed_rows(landing: Path) -> dict[tuple[str, str], list[dict]]:
    """Rows per (load date, source/table), read with the csv module."""
    rows = {}
    for path in sorted(landing.glob("*/*/*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows[(path.parts[-3], f"{path.parent.name}/{path.stem}")] = list(csv.DictReader(handle))
    return rows


def live_keys(landing: Path) -> dict[str, set[tuple]]:
    """Per table, the keys staging must hold: newest version per key (updated_at as an
    instant, ties to the later load), minus those whose newest version is deleted."""
    newest: dict[str, dict[tuple, tuple]] = {name: {} for name in CONTRACTS}
    for (load_date, name), rows in sorted(landed_rows(landing).items()):
        contract = CONTRACTS[name]
        for row in rows:
            key = tuple(_key_value(contract.columns[c], row[c]) for c in contract.key)
            version = _instant(row[contract.version_column]) if contract.version_column else None
            rank = (version or datetime.min.replace(tzinfo=UTC), load_date)
            deleted = (row.get(contract.soft_delete_column or "", "") or "").lower() in (
                "true",
                "1",
            )
            if key not in newest[name] or rank >= newest[name][key][0]:
                newest[name][key] = (rank, deleted)
    return {
        name: {k for k, (_, deleted) in keys.items() if not deleted}
        for name, keys in newest.items()
    }


def staging_keys(warehouse: Path, name: str) -> set[tuple]:
    contract = CONTRACTS[name]
    columns = ", ".join(
        c if contract.columns[c] == "timestamp" else f"cast({c} as varchar)" for c in contract.key
    )
    table = f"staging.stg_{contract.source}__{contract.table}"
    return set(query(build_database(warehouse), f"select {columns} from {table}"))


def snapshot(warehouse: Path, schema: str, exclude: tuple[str, ...] = ()) -> dict[str, list]:
    """Every table of a schema, sorted, without the given columns."""
    tables = query(
        warehouse,
        "select table_name from information_schema.tables where table_schema = ?",
        [schema],
    )
    out = {}
    for (table,) in tables:
        columns = [
            c
            for (c,) in query(
                warehouse,
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            )
            if c not in exclude
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        out[table] = query(warehouse, f"select {select} from {schema}.{table} order by all")
    return out


def same_rows(before: list[tuple], after: list[tuple] | None) -> bool:
    """Equal rows, floats compared to a relative 1e-9: DuckDB's parallel sums may differ in
    the last bit from run to run; anything larger is a real change."""
    if after is None or len(before) != len(after):
        return False
    for row_before, row_after in zip(before, after, strict=True):
        for a, b in zip(row_before, row_after, strict=True):
            if isinstance(a, float) and isinstance(b, float):
                if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
                    return False
            elif a != b:
                return False
    return True


def test_every_landed_row_is_loaded_or_quarantined(demo):
    landing, warehouse = demo
    landed = {k: len(v) for k, v in landed_rows(landing).items()}
    report = {
        (str(load_date), f"{source}/{table}"): (landed_n, loaded, quarantined)
        for load_date, source, table, landed_n, loaded, quarantined in query(
            warehouse,
            "select load_date, source, table_name, rows_landed, rows_loaded, rows_quarantined "
            "from marts.load_report",
        )
    }
    assert {k: v[0] for k, v in report.items()} == landed
    assert all(n == loaded + quarantined for n, loaded, quarantined in report.values())
    # the generator writes only rows that keep the contract
    assert sum(q for _, _, q in report.values()) == 0


def test_staging_holds_exactly_the_live_keys(demo):
    landing, warehouse = demo
    expected = live_keys(landing)
    for name in CONTRACTS:
        assert staging_keys(warehouse, name) == expected[name], name


def test_deleted_rows_are_gone_from_the_marts(demo):
    landing, warehouse = demo
    deleted = {
        row["opportunity_id"]
        for (_, name), rows in landed_rows(landing).items()
        if name == "crm/opportunities"
        for row in rows
    } - {k[0] for k in live_keys(landing)["crm/opportunities"]}
    assert deleted, "the demo data should soft-delete some opportunities"
    in_mart = {r[0] for r in query(warehouse, "select opportunity_id from marts.fct_opportunities")}
    assert not deleted & in_mart


def test_a_night_with_nothing_new_leaves_the_published_file_byte_identical(demo, capsys):
    landing, warehouse = demo
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    started = time.monotonic()
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    elapsed = time.monotonic() - started
    assert "nothing new" in capsys.readouterr().out
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert elapsed < 30, "a night with nothing to do must not build (measured in make bench)"


def test_full_refresh_rebuilds_the_same_marts(night):
    landing, warehouse = night
    schemas = ("staging", "intermediate", "marts")
    before = {s: snapshot(build_database(warehouse), s) for s in schemas}
    args = ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--full-refresh"]
    assert main(args) == 0
    after = {s: snapshot(build_database(warehouse), s) for s in schemas}
    assert {s: set(after[s]) for s in schemas} == {s: set(before[s]) for s in schemas}
    changed = [
        f"{schema}.{table}"
        for schema in schemas
        for table in before[schema]
        if not same_rows(before[schema][table], after[schema][table])
    ]
    assert changed == []


def test_a_load_delivered_again_under_a_new_date_changes_no_staging_row(night):
    landing, warehouse = night
    last = sorted(p for p in landing.iterdir() if p.is_dir())[-1]
    shutil.copytree(last, landing / "2099-01-01")
    lineage = ("_load_date", "_source_file", "_line_number")

    def business_staging():
        tables = snapshot(build_database(warehouse), "staging", exclude=lineage)
        # the contract's tables (the pipeline's bookkeeping and the model's output move on)
        return {
            name: rows
            for name, rows in tables.items()
            if name.startswith(("stg_crm__", "stg_marketing__", "stg_billing__"))
        }

    before = business_staging()
    dbt_target = build_state(warehouse) / "dbt"
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    assert business_staging() == before
    loads = Counter(r[0] for r in query(warehouse, "select load_date from marts.load_report"))
    assert str(max(loads)) == "2099-01-01"

    # the next night parses dbt only partially (the first night of the copy could not: its
    # build database moved with it, and the path is part of dbt's profile)
    write_table(landing, "2099-01-02", "crm/users", [{**USER, "user_id": "U-NEXT-NIGHT"}])
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    # the night's whole dbt log is in its reports folder
    reports = Path(read_last_run(WarehouseLayout.of(warehouse)).reports_dir)
    log = (reports / "dbt.log").read_text(encoding="utf-8")
    assert "Partial parsing enabled" in log
    assert "Unable to do partial parsing" not in log
    # dbt writes into the warehouse's one target folder, not a new folder per step
    assert sorted(p.name for p in dbt_target.iterdir() if p.is_dir()) == ["compiled", "run"]


def test_marts_carry_no_personal_contact_details(demo):
    """E-mail addresses and phone numbers stay in staging: no mart has such a column, and
    no text value in any mart looks like an e-mail address."""
    _, warehouse = demo
    columns = query(
        warehouse,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts'",
    )
    personal = ("email", "phone", "first_name", "last_name", "introduced_name")
    assert not [
        (t, c)
        for t, c, data_type in columns
        if data_type == "VARCHAR" and any(p in c for p in personal)
    ]
    for table, column, data_type in columns:
        if data_type == "VARCHAR":
            hits = query(
                warehouse,
                f'select count(*) from marts.{table} where regexp_matches("{column}", '
                "'[^@ ]+@[^@ ]+[.][a-z]+')",
            )
            assert hits == [(0,)], f"{table}.{column} holds e-mail addresses"
