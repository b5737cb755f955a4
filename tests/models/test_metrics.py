"""The semantic layer (``dbt_project/models/semantic/``) through MetricFlow's own CLI: on the
sales fixture (``tests/models/test_sales_marts.py`` describes it), ``mf query`` gives the
marts' numbers, and its shares re-aggregate as Σ numerator / Σ denominator, never as an
average of the marts' shares.

mf reads the semantic manifest from ``<project>/target/semantic_manifest.json`` whatever
DBT_TARGET_PATH says, and that manifest names every table by the database it was parsed for
(a DuckDB file's stem). So the module parses the project once for the built warehouse, in a
workspace whose project folder is a view of ``dbt_project`` (symlinks) with its own
``target/``, and runs mf in that workspace.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest
from pytest import approx

from janox_dagster.dbt_workspace import DbtWorkspace
from janox_dagster.settings import DBT_PROJECT_DIR
from tests.harness import build_fixture_warehouse, query_floats

# Only the marts the metrics below read, and the time spine: the module stays under a minute.
MARTS = (
    "+lead_mix_monthly +seller_waste_monthly +funnel_monthly "
    "+closing_per_phase +closing_elements_effect int_days"
)
# mf asks PyPI for a newer version of itself on every call (update_checker); a proxy on a
# closed local port makes that fail at once, so the tests never leave the machine.
NO_UPDATE_CHECK = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}

Query = Callable[[Sequence[str], Sequence[str]], list[dict]]


def metricflow_workspace(warehouse: Path, folder: Path) -> DbtWorkspace:
    """A workspace for mf over ``warehouse``: ``folder/dbt_project`` links to every file of
    the dbt project but its target, so the target folder is the workspace's own."""
    project = folder / "dbt_project"
    project.mkdir()
    for entry in DBT_PROJECT_DIR.iterdir():
        if entry.name not in ("target", "logs", "dbt_packages"):
            (project / entry.name).symlink_to(entry)
    return DbtWorkspace(
        build_database=warehouse, target_dir=project / "target", project_dir=project
    )


def mf_query(ws: DbtWorkspace, metrics: Sequence[str], group_by: Sequence[str]) -> list[dict]:
    """The rows of ``mf query`` in ``ws``: metric_time columns as dates, metrics as floats,
    other dimensions as text, empty values as None."""
    out = ws.target_dir / "mf_query.csv"
    out.unlink(missing_ok=True)
    mf = Path(sys.executable).parent / "mf"
    args = ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
    process = subprocess.run(
        [str(mf), *args, "--csv", str(out), "--quiet"],
        env={
            **ws.env(),
            **NO_UPDATE_CHECK,
            "DBT_PROJECT_DIR": str(ws.project_dir),
            "DBT_PROFILES_DIR": str(ws.profiles_dir),
        },
        cwd=ws.project_dir,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert process.returncode == 0, (
        f"mf {' '.join(args)} failed:\n{process.stdout}\n{process.stderr}"
    )
    if not out.exists():  # mf writes no file for an empty result
        return []
    with out.open(newline="", encoding="utf-8") as handle:
        return [
            {name: _value(name, text, metrics) for name, text in row.items()}
            for row in csv.DictReader(handle)
        ]


def _value(name: str, text: str, metrics: Sequence[str]) -> object:
    if text == "":
        return None
    if name.startswith("metric_time"):
        return date.fromisoformat(text[:10])
    return float(text) if name in metrics else text


def by_key(rows: list[dict], keys: Sequence[str], metric: str) -> dict[tuple, float]:
    """``metric`` per key of ``mf_query`` rows, leaving out nulls (slices without data)."""
    return {tuple(row[key] for key in keys): row[metric] for row in rows if row[metric] is not None}


def from_mart(warehouse: Path, sql: str) -> dict[tuple, float]:
    """A mart query's last column per the other columns, leaving out nulls."""
    return {tuple(row[:-1]): row[-1] for row in query_floats(warehouse, sql) if row[-1] is not None}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("metrics")
    return build_fixture_warehouse("sales", folder, select=MARTS, churn_model=False)


@pytest.fixture(scope="module")
def metricflow(warehouse) -> DbtWorkspace:
    """The project parsed for the built warehouse, where mf looks for it."""
    ws = metricflow_workspace(warehouse, warehouse.parent)
    ws.run(["parse", "--no-use-colors"], log=None)
    return ws


@pytest.fixture(scope="module")
def mf(metricflow) -> Query:
    return lambda metrics, group_by: mf_query(metricflow, metrics, group_by)


def test_parse_writes_a_semantic_manifest_with_the_time_spine_and_everything_described(
    metricflow,
):
    manifest = json.loads((metricflow.target_dir / "semantic_manifest.json").read_text())
    assert manifest["semantic_models"] and manifest["metrics"]
    spines = manifest["project_configuration"]["time_spines"]
    assert [s["node_relation"]["alias"] for s in spines] == ["int_days"]
    undescribed = [
        f"{kind} {item['name']}"
        for kind, items in [
            ("semantic model", manifest["semantic_models"]),
            ("measure", [m for sm in manifest["semantic_models"] for m in sm["measures"]]),
            ("metric", manifest["metrics"]),
        ]
        for item in items
        if not (item.get("description") or "").strip()
    ]
    assert undescribed == []
    headline = {
        "qualified_share", "type2_share", "waste_share", "phase_win_rate", "type2_win_rate",
        "win_rate", "introductions_per_finished_sale", "empty_handed_rate",
        "weighted_introduction_value", "campaign_roi_first_touch", "campaign_roi_last_touch",
        "cost_per_won_deal_first_touch_eur", "cost_per_won_deal_last_touch_eur",
        "sal_acceptance_rate", "median_speed_to_lead_minutes", "rc_score", "churn_rate",
        "at_risk_accounts",
    }  # fmt: skip
    assert headline <= {m["name"] for m in manifest["metrics"]}


def test_qualified_and_type2_share_by_month_and_channel_are_the_lead_mix_sums(mf, warehouse):
    rows = mf(["qualified_share", "type2_share"], ["metric_time__month", "channel"])
    keys = ["metric_time__month", "channel"]
    assert by_key(rows, keys, "qualified_share") == approx(
        from_mart(
            warehouse,
            "select month, channel, sum(qualified_leads) / sum(typed_leads) "
            "from marts.lead_mix_monthly group by all",
        )
    )
    assert by_key(rows, keys, "type2_share") == approx(
        from_mart(
            warehouse,
            "select month, channel, sum(type2_leads) / sum(typed_leads) "
            "from marts.lead_mix_monthly group by all",
        )
    )
    # the fixture's slices, by hand: August email 3 of 3 qualified (2 of them Type 2),
    # August paid_search 0 of 1, September paid_search 2 of 3 (1 Type 2)
    assert by_key(rows, keys, "qualified_share") == {
        (date(2026, 8, 1), "email"): 1.0,
        (date(2026, 8, 1), "paid_search"): 0.0,
        (date(2026, 9, 1), "paid_search"): approx(2 / 3),
    }


def test_shares_of_a_month_are_sums_over_its_slices_not_an_average_of_their_shares(mf, warehouse):
    rows = mf(["qualified_share", "waste_share", "type2_win_rate"], ["metric_time__month"])
    month = ["metric_time__month"]
    # August: (3 + 0) / (3 + 1) = 0.75, where the mean of the two slices' shares is 0.5
    assert by_key(rows, month, "qualified_share")[(date(2026, 8, 1),)] == approx(0.75)
    assert by_key(rows, month, "qualified_share") == approx(
        from_mart(
            warehouse,
            "select month, sum(qualified_leads) / sum(typed_leads) "
            "from marts.lead_mix_monthly group by all",
        )
    )
    assert by_key(rows, month, "waste_share") == approx(
        from_mart(
            warehouse,
            "select month, sum(waste_minutes) / sum(activity_minutes) "
            "from marts.seller_waste_monthly where month is not null group by all",
        )
    )
    assert by_key(rows, month, "type2_win_rate") == approx(
        from_mart(
            warehouse,
            "select closed_month, avg(case when outcome = 'won' then 1.0 else 0.0 end) "
            "from marts.fct_opportunities where is_finished and lead_type = 2 group by all",
        )
    )


def test_win_rate_by_elements_lined_up_is_closing_elements_effect(mf, warehouse):
    rows = mf(
        ["win_rate", "finished_opportunities"],
        ["opportunity__process", "opportunity__elements_lined_up"],
    )
    # open opportunities have no close to count: their slices have no finished opportunity
    finished = [row for row in rows if row["finished_opportunities"]]
    key = [
        (row["opportunity__process"], int(row["opportunity__elements_lined_up"]))
        for row in finished
    ]
    mart = query_floats(
        warehouse,
        "select process, elements_lined_up, opportunities, win_rate "
        "from marts.closing_elements_effect",
    )
    assert dict(zip(key, [row["finished_opportunities"] for row in finished], strict=True)) == {
        (process, elements): opportunities for process, elements, opportunities, _ in mart
    }
    assert dict(zip(key, [row["win_rate"] for row in finished], strict=True)) == approx(
        {(process, elements): win_rate for process, elements, _, win_rate in mart}
    )
    assert len(mart) >= 3


def test_win_rate_per_phase_is_closing_per_phase(mf, warehouse):
    slice_ = ["process", "lead_type", "phase_number"]
    rows = mf(["phase_win_rate"], [f"closing_phase_slice__{d}" for d in slice_])
    got = {
        (
            row["closing_phase_slice__process"],
            int(row["closing_phase_slice__lead_type"]),
            int(row["closing_phase_slice__phase_number"]),
        ): row["phase_win_rate"]
        for row in rows
    }
    assert got == approx(
        from_mart(
            warehouse,
            "select process, lead_type, phase_number, win_rate from marts.closing_per_phase",
        )
    )
    assert got[("new", 2, 1)] == approx(0.5)  # O2 lost, O7 won: both entered phase 1


def test_median_speed_to_lead_at_the_funnels_grain_is_the_marts_median(mf, warehouse):
    rows = mf(
        ["median_speed_to_lead_minutes", "sal_acceptance_rate"], ["metric_time__month", "channel"]
    )
    keys = ["metric_time__month", "channel"]
    assert by_key(rows, keys, "median_speed_to_lead_minutes") == approx(
        from_mart(
            warehouse,
            "select month, channel, median_speed_to_lead_minutes from marts.funnel_monthly",
        )
    )
    assert by_key(rows, keys, "sal_acceptance_rate") == approx(
        from_mart(warehouse, "select month, channel, sal_acceptance_rate from marts.funnel_monthly")
    )
