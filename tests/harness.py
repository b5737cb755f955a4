"""Building fixture warehouses for tests, without Dagster.

A fixture warehouse goes through the same functions as a night (``ingest_pending_loads``,
one ``dbt build``, ``train_in_warehouse``, the second ``dbt build``) but not through the
Dagster job, which the e2e layer tests on its own. Every build of a test session happens in
one fixed build database and dbt target folder, so dbt parses the project once and then
only partially; the finished file is moved to the fixture's own path.
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from janox_dagster.contract import load_contract
from janox_dagster.dbt_workspace import DbtWorkspace
from janox_dagster.defs.ml import ChurnModelConfig, train_in_warehouse, write_report
from janox_dagster.ingestion import ingest_pending_loads
from janox_dagster.raw_store import RawStore
from janox_dagster.warehouse import RAW_SCHEMA, connect, create_raw_tables
from tests.landing_builder import append_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHURN_MODEL_OUTPUT = "tag:churn_model_output"

_build_root: Path | None = None
_lock = threading.Lock()


def set_build_root(path: Path) -> None:
    """Where this session's fixture builds happen (set once by conftest)."""
    global _build_root
    _build_root = path


def workspace() -> DbtWorkspace:
    """The session's one build database and target folder."""
    assert _build_root is not None, "conftest sets the build root"
    return DbtWorkspace(
        build_database=_build_root / "build" / "fixture.duckdb",
        target_dir=_build_root / "dbt_target",
    )


@dataclass
class FixtureBuild:
    """What a fixture build did: whether its gates and tests passed, and what warned."""

    published: bool
    warehouse: Path
    failures: list[str] = field(default_factory=list)
    warned_tests: list[str] = field(default_factory=list)
    reports_dir: Path | None = None


def build_warehouse(
    landing: Path,
    warehouse: Path,
    quarantine_limit: float = 0.10,
    select: str | None = None,
    churn_model: bool = True,
) -> FixtureBuild:
    """Ingest ``landing``, build and test the dbt models (``select``, default all), train
    the churn model and build its marts; move the result to ``warehouse``."""
    with _lock:
        ws = workspace()
        build_db = ws.build_database
        build_db.parent.mkdir(parents=True, exist_ok=True)
        for stale in build_db.parent.glob(f"{build_db.name}*"):
            stale.unlink()
        # the fixture's own raw store, beside its warehouse: the build database's raw views
        # point at it, so they stay valid after the database is moved there
        store = RawStore(warehouse.parent / "raw")
        reports = ingest_pending_loads(
            store, landing, load_contract(), quarantine_limit, progress=_quiet, warn=_quiet
        )
        store.commit(store.partition_load_dates())
        con = connect(build_db)
        try:
            store.attach_views(con, load_contract(), RAW_SCHEMA)
        finally:
            con.close()
        outcome = FixtureBuild(published=False, warehouse=warehouse)
        outcome.failures = [failure for report in reports for failure in report.failures()]
        if outcome.failures:
            return outcome
        # unit tests run once per session (tests/models/test_dbt_unit_tests.py), not per build
        selection = ["--exclude-resource-type", "unit_test"]
        # a part of the project: only the tests of what it builds (a test of a model that
        # is not built, such as a relationship from it to a selected one, cannot run)
        selection += ["--select", select, "--indirect-selection", "cautious"] if select else []
        if not _dbt_build(ws, [*selection, "--exclude", CHURN_MODEL_OUTPUT], outcome):
            return outcome
        if churn_model:
            con = connect(build_db)
            try:
                result = train_in_warehouse(con, ChurnModelConfig())
            finally:
                con.close()
            outcome.reports_dir = warehouse.parent / "reports"
            write_report(outcome.reports_dir, "fixture", result)
            no_unit_tests = ["--exclude-resource-type", "unit_test"]
            if not _dbt_build(ws, [*no_unit_tests, "--select", CHURN_MODEL_OUTPUT], outcome):
                return outcome
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(build_db, warehouse)
        outcome.published = True
        return outcome


def build_empty_warehouse(ws: DbtWorkspace) -> None:
    """Make ``ws``'s build database an empty warehouse: a new file with the raw tables, the
    seeds loaded and every model built with ``--empty`` (real tables and column types, no
    rows). Raises DbtFailed with dbt's output when a step fails."""
    build_db = ws.build_database
    build_db.parent.mkdir(parents=True, exist_ok=True)
    for stale in build_db.parent.glob(f"{build_db.name}*"):
        stale.unlink()
    con = connect(build_db)
    try:
        create_raw_tables(con, load_contract())
    finally:
        con.close()
    ws.run(["seed", "--no-use-colors"], log=None)
    ws.run(["run", "--empty", "--no-use-colors", "--exclude", CHURN_MODEL_OUTPUT], log=None)
    con = connect(build_db)
    try:
        train_in_warehouse(con, ChurnModelConfig())
    finally:
        con.close()
    ws.run(["run", "--empty", "--no-use-colors", "--select", CHURN_MODEL_OUTPUT], log=None)


def run_dbt_unit_tests() -> dict[str, dict]:
    """Run every dbt unit test once (``dbt test --select test_type:unit``) against an empty
    warehouse (``build_empty_warehouse``: dbt reads the column types of a unit test's inputs
    from the database). Returns run_results by test name."""
    with _lock:
        ws = workspace()
        build_empty_warehouse(ws)
        results_path = ws.target_dir / "run_results.json"
        results_path.unlink(missing_ok=True)
        process = ws.run(
            ["test", "--no-use-colors", "--select", "test_type:unit"], log=None, check=False
        )
        if not results_path.exists():
            raise AssertionError(process.stdout[-5000:])
        results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
        return {r["unique_id"].split(".")[-1]: r for r in results}


def _dbt_build(ws: DbtWorkspace, args: list[str], outcome: FixtureBuild) -> bool:
    """One ``dbt build``; its failed nodes go to ``outcome.failures``, warned tests to
    ``outcome.warned_tests``. True when it passed."""
    results_path = ws.target_dir / "run_results.json"
    results_path.unlink(missing_ok=True)
    process = ws.run(["build", "--no-use-colors", *args], log=None, check=False)
    results = (
        json.loads(results_path.read_text(encoding="utf-8"))["results"]
        if results_path.exists()
        else []
    )
    for result in results:
        if result["status"] == "warn":
            outcome.warned_tests.append(result["unique_id"])
        elif result["status"] in ("error", "fail"):
            outcome.failures.append(f"{result['unique_id']}: {result.get('message')}")
    if process.returncode != 0 and not outcome.failures:
        outcome.failures.append(process.stdout[-5000:])
    return process.returncode == 0


def _quiet(_: str) -> None:
    pass


def run_fixture(
    name: str,
    tmp_dir: Path,
    added_rows: dict[str, list[dict]] | None = None,
    into_load: str | None = None,
    **build_options,
) -> FixtureBuild:
    """Copy ``tests/fixtures/<name>`` (a landing tree) into ``tmp_dir``, add ``added_rows``
    (per table, e.g. ``"crm/introductions"``) to load ``into_load``, build it."""
    landing = tmp_dir / "landing"
    shutil.copytree(FIXTURES / name, landing)
    for table, rows in (added_rows or {}).items():
        append_rows(landing, into_load, table, rows)
    return build_warehouse(landing, tmp_dir / "warehouse.duckdb", **build_options)


def build_fixture_warehouse(
    name: str,
    tmp_dir: Path,
    added_rows: dict[str, list[dict]] | None = None,
    into_load: str | None = None,
    **build_options,
) -> Path:
    """``run_fixture``, failing the test with the build's own messages unless it passed."""
    outcome = run_fixture(name, tmp_dir, added_rows, into_load, **build_options)
    assert outcome.published, "\n".join(outcome.failures)
    return outcome.warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on a warehouse (opened read-only)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def query_floats(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """``query``, with DECIMAL values as floats so they compare with ``pytest.approx``."""
    return [
        tuple(float(v) if isinstance(v, Decimal) else v for v in row)
        for row in query(warehouse, sql, params)
    ]
