"""Ingestion: every landed row is loaded or quarantined for the contract's reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from janox_dagster.contract import ValueRule, _parse_suite, load_contract
from janox_dagster.ingestion import ingest_load, row_reasons
from janox_dagster.landing import scan_load_folder
from janox_dagster.warehouse import connect, create_raw_tables
from tests.landing_builder import ACCOUNT, TARGET, USER, write_table

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


# --- planning/targets: the optional source and its value rules -------------------------------


@pytest.mark.parametrize(
    ("change", "reason", "column"),
    [
        ({"kpi": "calls_made"}, "not_in_enum", "kpi"),
        ({"target": "-1"}, "below_minimum", "target"),
        ({"target": "-0.01"}, "below_minimum", "target"),
        ({"month": "2026-11-15"}, "not_first_of_month", "month"),
        ({"month": "2026-11-31"}, "unparseable_date", "month"),
        ({"target": "lots"}, "unparseable_decimal", "target"),
        ({"user_id": "U9"}, "unknown_reference", "user_id"),
        ({"kpi": ""}, "missing_key", "kpi"),
    ],
)
def test_a_target_breaking_the_contract_is_quarantined_with_its_reason(
    con, tmp_path, change, reason, column
):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(
        tmp_path,
        "2026-11-01",
        "planning/targets",
        [TARGET, {**TARGET, "kpi": "finished_sales", **change}],
    )
    report = ingest(con, tmp_path)
    assert quarantine(con) == [("targets", 3, reason, column)]
    targets = next(f for f in report.files if f.table_name == "targets")
    assert (targets.rows_landed, targets.rows_loaded, targets.rows_quarantined) == (2, 1, 1)


def test_targets_of_zero_on_the_first_of_a_month_are_loaded(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    zero = {**TARGET, "kpi": "introductions", "target": "0", "month": "2026-12-01"}
    write_table(tmp_path, "2026-11-01", "planning/targets", [TARGET, zero])
    assert ingest(con, tmp_path).gate_passed and quarantine(con) == []
    assert con.execute(
        "select cast(month as varchar), kpi, cast(target as double) from raw.planning__targets "
        "order by month"
    ).fetchall() == [("2026-11-01", "won_sales", 12.0), ("2026-12-01", "introductions", 0.0)]


def test_a_negative_revision_is_quarantined_and_never_replaces_the_good_target(con, tmp_path):
    write_table(tmp_path, "2026-11-01", "crm/users", [USER])
    write_table(tmp_path, "2026-11-01", "planning/targets", [TARGET])
    ingest(con, tmp_path, "2026-11-01")
    revised = {**TARGET, "target": "-3", "updated_at": "2026-11-15T09:00:00Z"}
    write_table(tmp_path, "2026-11-16", "planning/targets", [revised])
    ingest(con, tmp_path, "2026-11-16")
    assert quarantine(con) == [("targets", 2, "below_minimum", "target")]
    assert con.execute("select cast(target as double) from raw.planning__targets").fetchall() == [
        (12.0,)
    ]


def test_value_rules_come_from_the_suites_regex_without_a_type_and_between():
    contract = load_contract()["planning/targets"]
    assert contract.value_rules == (
        ValueRule("not_first_of_month", "month", regex=r"^\d{4}-\d{2}-01$"),
        ValueRule("below_minimum", "target", min_value=0),
    )
    assert contract.columns["month"] == "date"  # the type regex still types the column


def test_between_bounds_become_a_row_reason_honouring_strict_flags(con):
    suite = {
        "name": "x__scores",
        "expectations": [
            {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["k", "v"]}},
            {
                "type": "expect_column_values_to_match_regex",
                "kwargs": {"column": "v", "regex": "^[+-]?\\d+$"},
                "meta": {"rule": "unparseable_integer", "type": "integer"},
            },
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "v", "min_value": 1, "max_value": 10, "strict_max": True},
                "meta": {"rule": "out_of_range"},
            },
        ],
        "meta": {"janox": {"source": "x", "table": "scores", "key": ["k"]}},
    }
    contract = _parse_suite(suite)
    (reason, condition), *_ = [r for r in row_reasons(contract) if r[0].startswith("out_of")]
    assert reason == "out_of_range:v"
    got = con.execute(
        f"""select v, {condition} from (values ('0'), ('1'), ('9'), ('10'), (null), ('x'))
        as t(v), lateral (select try_cast(v as bigint) as t_v) order by v"""
    ).fetchall()
    # 10 is out (strict_max); a null or unparseable value breaks no value rule (its type rule
    # reports an unparseable one)
    assert got == [
        ("0", True),
        ("1", False),
        ("10", True),
        ("9", False),
        ("x", False),
        (None, False),
    ]
