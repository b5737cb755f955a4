"""The published file, as BI tools and people meet it: readable by DuckDB 1.1 (the release
the DuckDB drivers of Metabase, Superset, Evidence and Power BI bundle), with the freshness
row a dashboard shows, and what `janox status` says about it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from janox_dagster.cli import main
from tests.harness import query

pytestmark = pytest.mark.e2e
OLD_DUCKDB = "duckdb==1.1.3"


@pytest.fixture(scope="module")
def old_duckdb_python(tmp_path_factory) -> Path:
    """A Python of its own with DuckDB 1.1 installed (not the project's DuckDB 2)."""
    venv = tmp_path_factory.mktemp("duckdb11") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--only-binary=:all:", OLD_DUCKDB],
        check=True,
    )
    return python


def test_duckdb_1_1_opens_the_published_marts_read_only(demo, old_duckdb_python):
    _, warehouse = demo
    script = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "print(con.execute('select count(*) from marts.load_report').fetchone()[0])\n"
        "print(con.execute(\"select count(*) from information_schema.tables "
        "where table_schema = 'marts'\").fetchone()[0])\n"
    )
    result = subprocess.run(
        [str(old_duckdb_python), "-c", script, str(warehouse)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    version, load_rows, tables = result.stdout.split()
    assert version.startswith("1.1.")
    assert int(load_rows) == query(warehouse, "select count(*) from marts.load_report")[0][0]
    assert int(tables) >= 30


def test_warehouse_status_says_how_fresh_the_marts_are(demo):
    landing, warehouse = demo
    newest = max(p.name for p in landing.iterdir() if p.is_dir())
    ((as_of, run_id, loads),) = query(
        warehouse, "select as_of, run_id, loads_published from marts.warehouse_status"
    )
    assert str(as_of) == newest
    assert loads == len([p for p in landing.iterdir() if p.is_dir()])
    assert (warehouse.parent / "reports" / run_id).is_dir()


def test_janox_status_prints_the_as_of_date_and_the_last_run(demo, capsys):
    _, warehouse = demo
    assert main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    ((as_of, run_id),) = query(warehouse, "select as_of, run_id from marts.warehouse_status")
    assert f"as of: {as_of}" in out
    assert run_id in out
    assert "reports:" in out


def test_make_docs_writes_one_static_page_without_touching_the_warehouse(demo, tmp_path):
    import hashlib

    from janox_dagster.docs import build_docs
    from tests.e2e.conftest import build_database

    _, warehouse = demo
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (warehouse,)}
    build_mtime = build_database(warehouse).stat().st_mtime
    page = build_docs(warehouse, tmp_path / "site")
    html = page.read_text(encoding="utf-8")
    assert "Where each KPI lives" in html  # the overview page
    assert "lead_mix_monthly" in html and "qualified_share" in html  # the catalog
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before} == before
    assert build_database(warehouse).stat().st_mtime == build_mtime
