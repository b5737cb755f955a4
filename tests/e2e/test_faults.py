"""Bad nights through the `janox run` command, one of each kind: a gate fault (a file
without a required column) and a failing dbt test hold the load back with exit code 1, a
message naming the load, table and check, and the published warehouse byte-for-byte as it
was; a quarantined row under the limit publishes with a warning; a killed run leaves the
marts and the next run recovers; a reader reads while a run goes on, and a second run is
refused. The other gate faults (encoding, empty file, duplicate keys, the quarantine
limit) are tested at the ingestion function (tests/unit/test_ingestion.py), which is what
the command prints."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from janox_dagster.cli import main
from janox_dagster.contract import load_contract
from tests.e2e.conftest import build_database, build_state
from tests.harness import query
from tests.landing_builder import USER, write_table

pytestmark = pytest.mark.e2e
CONTRACTS = load_contract()
NEW_LOAD = "2099-01-01"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_row(landing: Path, table: str) -> dict:
    path = sorted(landing.glob(f"*/{table}.csv"))[0]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.DictReader(handle))


def run(landing: Path, warehouse: Path, capsys) -> tuple[int, str]:
    code = main(["run", "--landing", str(landing), "--warehouse", str(warehouse)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_held_back(night, capsys, *expected: str) -> None:
    landing, warehouse = night
    before = sha256(warehouse)
    code, output = run(landing, warehouse, capsys)
    assert code == 1
    assert "The load was held back" in output
    for text in expected:
        assert text in output
    assert sha256(warehouse) == before
    assert not list(warehouse.parent.glob("*.publishing*"))
    # `janox status` says the last run was held back, and why
    assert main(["status", "--warehouse", str(warehouse)]) == 1
    status = capsys.readouterr().out
    assert "HELD BACK" in status
    for text in expected:
        assert text in status


def test_file_without_a_required_column(night, capsys):
    columns = [c for c in CONTRACTS["crm/users"].columns if c != "role"]
    write_table(night[0], NEW_LOAD, "crm/users", [USER], columns=columns)
    assert_held_back(night, capsys, f"load {NEW_LOAD}, table crm/users: missing_column", "role")


def test_a_failing_dbt_test_in_the_marts_layer(night, capsys):
    landing = night[0]
    opportunity = first_row(landing, "crm/opportunities")
    closed_before_created = {
        **opportunity,
        "opportunity_id": "OPP-TIME-TRAVEL",
        "outcome": "won",
        "created_at": "2026-06-10T10:00:00Z",
        "closed_at": "2026-06-01T10:00:00Z",
        "updated_at": "2026-06-10T10:00:00Z",
        "is_deleted": "false",
    }
    write_table(landing, NEW_LOAD, "crm/opportunities", [closed_before_created])
    assert_held_back(night, capsys, "fct_opportunities")


def test_a_quarantined_row_under_the_limit_is_a_warning_and_publishes(night, capsys):
    landing, warehouse = night
    users = [
        {**USER, "user_id": f"U-NEW-{i}", "role": "boss" if i == 0 else "seller"} for i in range(20)
    ]
    write_table(landing, NEW_LOAD, "crm/users", users)
    code, output = run(landing, warehouse, capsys)
    assert code == 0
    assert "warning: raw/crm/users: landing_contract" in output
    assert query(
        warehouse,
        "select rows_landed, rows_loaded, rows_quarantined from marts.load_report "
        "where load_date = ? and table_name = 'users'",
        [NEW_LOAD],
    ) == [(20, 19, 1)]


def _start_run(landing: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "janox_dagster.cli",
            "run",
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ},
    )


def _wait_for_dbt(process: subprocess.Popen, warehouse: Path, timeout: float = 180) -> None:
    """Wait until the run has ingested and dbt is building in the build database."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        building = (build_state(warehouse) / "build.dirty").exists()
        reports = list((warehouse.parent / "reports").glob("*/ingestion.json"))
        if building and reports:
            return
        time.sleep(0.2)
    raise AssertionError("the run never reached dbt")


def test_a_killed_run_leaves_the_marts_and_the_next_run_recovers(night):
    landing, warehouse = night
    users = [{**USER, "user_id": "U-AFTER-KILL"}]
    write_table(landing, NEW_LOAD, "crm/users", users)
    before = sha256(warehouse)
    process = _start_run(landing, warehouse)
    _wait_for_dbt(process, warehouse)
    time.sleep(2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert sha256(warehouse) == before
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    assert query(
        build_database(warehouse),
        "select count(*) from staging.stg_crm__users where user_id = 'U-AFTER-KILL'",
    ) == [(1,)]
    assert not list(warehouse.parent.glob("*.publishing*"))


def test_the_published_marts_can_be_read_while_a_run_is_going_on_and_a_second_is_refused(night):
    landing, warehouse = night
    write_table(landing, NEW_LOAD, "crm/users", [{**USER, "user_id": "U-CONCURRENT"}])
    expected = query(warehouse, "select count(*) from marts.load_report")
    process = _start_run(landing, warehouse)
    _wait_for_dbt(process, warehouse)
    assert main(["run", "--landing", str(landing), "--warehouse", str(warehouse)]) == 2
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print(con.execute('select count(*) from marts.load_report').fetchone()[0])",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reader.returncode == 0, reader.stderr
    assert int(reader.stdout) == expected[0][0]
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    assert query(
        build_database(warehouse),
        "select count(*) from staging.stg_crm__users where user_id = 'U-CONCURRENT'",
    ) == [(1,)]
