"""Ingestion: every landed row is loaded or quarantined for the contract's reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from janox_dagster.contract import load_contract
from janox_dagster.ingestion import ingest_load
from janox_dagster.landing import scan_load_folder
from janox_dagster.warehouse import connect, create_raw_tables
from tests.landing_builder import ACCOUNT, USER, write_table

CONTRACTS = load_contract()


@pytest.fixture
def con():
    connection = connect(":memory:")
    create_raw_tables(connection, CONTRACTS)
    yield connection
    connection.close()


def ingest(con, root: Path, load_date: str = "2026-11-01", limit: float = 1.0):
    load = scan_load_folder(root / load_date, CONTRACTS)
    return ingest_load(con, load, CONTRACTS, limit, progress=lambda _: None)


def quarantine(con) -> list[tuple]:
    return con.execute(
        "select table_name, line_number, reason, column_name from raw.janox__quarantine "
        "order by table_name, line_number"
    ).fetchall()


def test_good_rows_are_loaded_typed_with_lineage(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(tmp_path, "2026-11-01", "crm/accounts", [ACCOUNT])
    report = ingest(con, tmp_path)
    assert report.gate_passed
    row = con.execute(
        "select name, employees, is_deleted, created_at, _load_date, _source_file, _line_number "
        "from raw.crm__accounts"
    ).fetchone()
    assert row[0] == 'Hansen, "Berg" & Co'
    assert row[1] == 40 and row[2] is False
    assert str(row[3]) == "2026-01-02 09:00:00"
    assert str(row[4]) == "2026-11-01"
    assert row[5] == "2026-11-01/crm/accounts.csv" and row[6] == 2


def test_offsets_are_applied_and_timestamps_without_offset_are_utc(con, tmp_path):
    users = [
        {**USER, "user_id": "U1", "updated_at": "2026-03-01T10:00:00+02:00"},
        {**USER, "user_id": "U2", "updated_at": "2026-03-01T10:00:00"},
    ]
    write_table(tmp_path, "2026-11-01", "crm/users", users)
    ingest(con, tmp_path)
    got = dict(
        con.execute("select user_id, cast(updated_at as varchar) from raw.crm__users").fetchall()
    )
    assert got == {"U1": "2026-03-01 08:00:00", "U2": "2026-03-01 10:00:00"}


@pytest.mark.parametrize(
    ("change", "reason", "column"),
    [
        ({"role": "boss"}, "not_in_enum", "role"),
        ({"created_at": "2026-13-45"}, "unparseable_timestamp", "created_at"),
        ({"created_at": "yesterday"}, "unparseable_timestamp", "created_at"),
        ({"is_active": "yes"}, "unparseable_boolean", "is_active"),
        ({"user_id": ""}, "missing_key", "user_id"),
    ],
)
def test_a_row_breaking_the_contract_is_quarantined_with_its_reason(
    con, tmp_path, change, reason, column
):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER, {**USER, "user_id": "U2", **change}])
    report = ingest(con, tmp_path)
    assert quarantine(con) == [("users", 3, reason, column)]
    (users,) = report.files
    assert (users.rows_landed, users.rows_loaded, users.rows_quarantined) == (2, 1, 1)


def test_unparseable_date_and_integer(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(tmp_path, "2026-11-01", "crm/accounts", [{**ACCOUNT, "employees": "12a"}])
    write_table(
        tmp_path,
        "2026-11-01",
        "marketing/campaigns",
        [
            {
                "campaign_id": "C1",
                "name": "Vår",
                "channel": "email",
                "started_on": "2026-02-30",
                "budget": "1000.50",
                "currency": "SEK",
                "updated_at": "2026-01-01T00:00:00Z",
            }
        ],
    )
    ingest(con, tmp_path)
    assert quarantine(con) == [
        ("accounts", 2, "unparseable_integer", "employees"),
        ("campaigns", 2, "unparseable_date", "started_on"),
    ]


def test_reference_to_an_unknown_key_is_quarantined_and_cascades(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(tmp_path, "2026-11-01", "crm/accounts", [{**ACCOUNT, "owner_user_id": "U9"}])
    contact = {
        "contact_id": "K1",
        "account_id": "A1",
        "first_name": "Åsa",
        "last_name": "Öberg",
        "created_at": "2026-01-03T00:00:00Z",
        "updated_at": "2026-01-03T00:00:00Z",
    }
    write_table(tmp_path, "2026-11-01", "crm/contacts", [contact])
    ingest(con, tmp_path)
    assert quarantine(con) == [
        ("accounts", 2, "unknown_reference", "owner_user_id"),
        ("contacts", 2, "unknown_reference", "account_id"),
    ]


def test_references_resolve_against_earlier_loads_and_soft_deleted_keys(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(tmp_path, "2026-11-01", "crm/accounts", [{**ACCOUNT, "is_deleted": "true"}])
    ingest(con, tmp_path, "2026-11-01")
    contact = {
        "contact_id": "K1",
        "account_id": "A1",
        "created_at": "2026-01-03T00:00:00Z",
        "updated_at": "2026-01-03T00:00:00Z",
    }
    write_table(tmp_path, "2026-11-02", "crm/contacts", [contact])
    report = ingest(con, tmp_path, "2026-11-02")
    assert report.gate_passed and quarantine(con) == []


def test_duplicate_key_with_same_updated_at_quarantines_both_rows(con, tmp_path):
    same_instant = {**USER, "full_name": "Other", "updated_at": "2026-01-01T09:00:00+01:00"}
    newer = {**USER, "full_name": "Newer", "updated_at": "2026-01-02T08:00:00Z"}
    write_table(tmp_path, "2026-11-01", "crm/users", [USER, same_instant, newer])
    ingest(con, tmp_path)
    assert quarantine(con) == [
        ("users", 2, "duplicate_key", None),
        ("users", 3, "duplicate_key", None),
    ]
    assert con.execute("select full_name from raw.crm__users").fetchall() == [("Newer",)]


def test_event_table_identical_repeats_load_but_conflicting_repeats_are_quarantined(con, tmp_path):
    rate = {"rate_date": "2026-01-01", "currency": "SEK", "rate_to_reporting": "0.087"}
    other = {"rate_date": "2026-01-02", "currency": "SEK", "rate_to_reporting": "0.088"}
    conflicting = {**other, "rate_to_reporting": "0.099"}
    write_table(tmp_path, "2026-11-01", "billing/fx_rates", [rate, rate, other, conflicting])
    report = ingest(con, tmp_path)
    (fx,) = report.files
    assert (fx.rows_landed, fx.rows_loaded, fx.rows_quarantined) == (4, 2, 2)
    assert [r[2] for r in quarantine(con)] == ["duplicate_key", "duplicate_key"]


def test_missing_required_column_fails_the_gate(con, tmp_path):
    columns = [c for c in CONTRACTS["crm/users"].columns if c != "role"]
    write_table(tmp_path, "2026-11-01", "crm/users", [USER], columns=columns)
    report = ingest(con, tmp_path)
    assert not report.gate_passed
    assert report.failures() == [
        "load 2026-11-01, table crm/users: missing_column: users.csv lacks required column(s) role"
    ]


def test_extra_columns_are_ignored_with_a_warning(con, tmp_path):
    columns = [*CONTRACTS["crm/users"].columns, "favourite_colour"]
    write_table(tmp_path, "2026-11-01", "crm/users", [USER], columns=columns)
    report = ingest(con, tmp_path)
    assert report.gate_passed
    assert report.files[0].warnings == ["extra column(s) ignored: favourite_colour"]


def test_latin1_file_is_refused_naming_the_encoding(con, tmp_path):
    path = write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    report = ingest(con, tmp_path)
    (failure,) = report.failures()
    assert "unreadable file" in failure and "not valid UTF-8 (line 2)" in failure


def test_semicolon_file_is_refused_naming_the_separator(con, tmp_path):
    path = tmp_path / "2026-11-01" / "crm" / "users.csv"
    path.parent.mkdir(parents=True)
    path.write_text(";".join(CONTRACTS["crm/users"].columns) + "\n", encoding="utf-8")
    (failure,) = ingest(con, tmp_path).failures()
    assert "separated by semicolons" in failure


def test_empty_file_fails_but_header_only_file_is_zero_rows(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [])
    report = ingest(con, tmp_path)
    assert report.gate_passed and report.files[0].rows_landed == 0
    (tmp_path / "2026-11-02" / "crm").mkdir(parents=True)
    (tmp_path / "2026-11-02" / "crm" / "users.csv").write_bytes(b"")
    (failure,) = ingest(con, tmp_path, "2026-11-02").failures()
    assert "is empty" in failure


def test_byte_order_mark_is_accepted(con, tmp_path):
    path = write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert ingest(con, tmp_path).gate_passed
    assert con.execute("select count(*) from raw.crm__users").fetchone() == (1,)


def test_quarantine_share_above_the_limit_fails_the_gate(con, tmp_path):
    users = [{**USER, "user_id": f"U{i}"} for i in range(9)] + [
        {**USER, "user_id": "U9", "role": "x"}
    ]
    write_table(tmp_path, "2026-11-01", "crm/users", users)
    assert ingest(con, tmp_path, limit=0.10).gate_passed  # exactly 10% is allowed
    write_table(
        tmp_path, "2026-11-02", "crm/users", users[:8] + [users[9], {**users[9], "user_id": "U8"}]
    )
    (failure,) = ingest(con, tmp_path, "2026-11-02", limit=0.10).failures()
    assert "quarantine_limit: 2 of 10 rows quarantined (20.0%, limit 10%)" in failure


def test_parquet_files_follow_the_same_rules(con, tmp_path):
    import duckdb

    path = tmp_path / "2026-11-01" / "crm" / "users.parquet"
    path.parent.mkdir(parents=True)
    duckdb.sql(
        "select 'U1' as user_id, 'Ödön Ősz' as full_name, 'o@x.hu' as email, 'Dél' as team, "
        "'manager' as role, true as is_active, timestamptz '2026-01-01 10:00:00+00' as created_at, "
        "timestamptz '2026-01-01 10:00:00+00' as updated_at "
        "union all select 'U2', 'X', null, null, 'boss', false, null, null"
    ).write_parquet(str(path))
    report = ingest(con, tmp_path)
    assert (report.files[0].rows_loaded, report.files[0].rows_quarantined) == (1, 1)
    assert quarantine(con) == [("users", 2, "not_in_enum", "role")]


def test_a_held_back_load_names_its_load_table_check_and_top_reasons(con, tmp_path):
    """What `janox run` prints for a load over the quarantine limit (the CLI prints
    LoadReport.failures() as they are)."""
    users = [
        {**USER, "user_id": f"U-NEW-{i}", "role": "boss" if i < 3 else "seller"} for i in range(10)
    ]
    write_table(tmp_path, "2099-01-01", "crm/users", users)
    assert ingest(con, tmp_path, "2099-01-01", limit=0.10).failures() == [
        "load 2099-01-01, table crm/users: quarantine_limit: 3 of 10 rows quarantined "
        "(30.0%, limit 10%): not_in_enum:role (3)"
    ]


def test_a_key_twice_with_the_same_version_is_held_back_with_both_rows_quarantined(con, tmp_path):
    user = {**USER, "user_id": "U-NEW"}
    write_table(tmp_path, "2099-01-01", "crm/users", [user, {**user, "full_name": "Other"}])
    assert ingest(con, tmp_path, "2099-01-01", limit=0.10).failures() == [
        "load 2099-01-01, table crm/users: quarantine_limit: 2 of 2 rows quarantined "
        "(100.0%, limit 10%): duplicate_key (2)"
    ]
