"""The dashboard's queries on a tiny hand-made warehouse: each filter changes the result the
way it says, the file is never held between queries, and the command serves on
127.0.0.1 without usage statistics unless told otherwise."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from janox_dagster.cli import _parser
from janox_dagster.dashboard import queries, source
from janox_dagster.dashboard.filters import Filters, where
from janox_dagster.dashboard.server import streamlit_command
from janox_dagster.settings import DBT_PROJECT_DIR

OCT, NOV, DEC = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)

TINY = """
create schema marts;
create table marts.dim_sellers as select * from (values
    ('U1', 'Ada', 'North', 'seller'), ('U2', 'Bo', 'North', 'seller'),
    ('U3', 'Cy', 'South', 'seller')) t(user_id, user_name, team, role);
create table marts.dim_channels as select * from (values
    ('events', 'Events'), ('content', 'Content')) t(channel, channel_name);
create table marts.dim_months as select * from (values
    (date '2026-10-01'), (date '2026-11-01')) t(month);
create table marts.seller_scorecard_monthly as select * from (values
    (date '2026-10-01', 'U1', 1, 2, 1, 1, 0, 1, 1, 1.0, 100.0, 3, 2, 4.0, 0.5, 0.1, 60.0),
    (date '2026-11-01', 'U2', 2, 2, 2, 0, 1, 1, 0, 0.0, 0.0, 1, 1, 9.0, 0.0, 0.0, 30.0),
    (date '2026-11-01', 'U3', 0, 1, 1, 1, 0, 0, 0, null, 50.0, 0, 0, null, null, null, 0.0))
    t(month, user_id, qualified_leads, typed_leads, finished_sales, won_sales, introductions,
      type2_finished, type2_won, type2_win_rate, booked_revenue_eur, leads_assigned,
      leads_contacted, median_speed_to_lead_minutes, contacted_in_target_share, waste_share,
      activity_minutes);
create table marts.lead_mix_monthly as select * from (values
    (date '2026-10-01', 'events',  'U1', 1, 1, 0, 0, 2, 2),
    (date '2026-10-01', 'content', 'U2', 0, 2, 1, 0, 3, 2),
    (date '2026-11-01', 'events',  'U3', 4, 0, 0, 1, 5, 4),
    (date '2026-11-01', 'content', 'U1', 0, 0, 7, 0, 7, 0))
    t(month, channel, owner_user_id, type1_leads, type2_leads, type3_leads, type4_leads,
      typed_leads, qualified_leads);
create table marts.funnel_monthly as select * from (values
    (date '2026-10-01', 'events', 10, 8, 4, 1, 2, 0.5, 12.0, 9),
    (date '2026-11-01', 'events', 20, 10, 5, 2, 3, 0.5, 7.0, 18),
    (date '2026-11-01', 'content', 30, 3, 1, 0, 1, 0.33, null, 0))
    t(month, channel, leads, mqls, sals, rejected, sqls, sal_acceptance_rate,
      median_speed_to_lead_minutes, leads_contacted);
create table marts.closing_per_phase as select * from (values
    ('new', 2, 1, 'Intro', 10, 8, 2, 4, 0.8, 0.4, 3.0),
    ('upsell', 2, 1, 'Intro', 5, 5, 0, 3, 1.0, 0.6, 2.0))
    t(process, lead_type, phase_number, phase_name, entered, advanced, lost_here, won,
      advance_rate, win_rate, median_days_in_phase);
create table marts.fct_opportunities as select * from (values
    ('O1', 'new', 2, 'won'), ('O2', 'new', 2, 'lost'), ('O3', 'upsell', 1, 'won'),
    ('O4', 'new', 2, 'open')) t(opportunity_id, process, lead_type, outcome);
create table marts.load_report as select * from (values
    (date '2026-11-19', 'crm', 'leads', 5, 5, 0, true),
    (date '2026-11-20', 'crm', 'leads', 3, 2, 1, true))
    t(load_date, source, table_name, rows_landed, rows_loaded, rows_quarantined, gate_passed);
create table marts.account_risk_monthly as select * from (values
    ('A1', date '2026-10-01', 0.9, true, 'late_payments_12m', 'U1'),
    ('A1', date '2026-11-01', 0.8, true, 'late_payments_12m', 'U1'),
    ('A2', date '2026-11-01', 0.7, true, 'support_cases_3m', 'U3'),
    ('A3', date '2026-11-01', 0.1, false, 'credit_notes_12m', 'U3'))
    t(account_id, month, risk_score, at_risk, top_signals, owner_user_id);
create table marts.crm_data_health as select * from (values
    (date '2026-10-05', 'U1', 'lead', 4, 1, 1, 0, 0, 0),
    (date '2026-11-05', 'U1', 'lead', 6, 3, 1, 1, 1, 0),
    (date '2026-11-30', 'U3', 'account', 2, 0, 0, 0, 0, 0))
    t(day, owner_user_id, entity, records, critical_error_records, missing_mandatory_records,
      invalid_email_records, invalid_phone_records, duplicate_email_records);
"""


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(TINY)
    con.close()
    return path


def typed(warehouse: Path, **chosen) -> int:
    return int(queries.lead_mix(warehouse, Filters(**chosen))["typed_leads"].sum())


def test_each_lead_mix_filter_keeps_only_its_slice(warehouse):
    assert typed(warehouse) == 17
    assert typed(warehouse, first_month=NOV) == 12
    assert typed(warehouse, first_month=OCT, last_month=OCT) == 5
    assert typed(warehouse, channel="events") == 7
    assert typed(warehouse, team="North") == 12  # U1 and U2
    assert typed(warehouse, team="South") == 5
    assert typed(warehouse, seller="U1") == 9
    # a seller wins over the team (the sidebar lists only the team's sellers anyway)
    assert typed(warehouse, team="South", seller="U1") == 9
    assert typed(warehouse, seller="U1", channel="content", last_month=OCT) == 0


def test_lead_mix_names_the_channels_and_sums_per_month_and_channel(warehouse):
    frame = queries.lead_mix(warehouse, Filters(first_month=NOV))
    assert list(zip(frame["channel_name"], frame["typed_leads"], strict=True)) == [
        ("Content", 7),
        ("Events", 5),
    ]


def test_funnel_filters_by_month_and_channel(warehouse):
    assert queries.funnel(warehouse, Filters())["leads"].sum() == 60
    assert queries.funnel(warehouse, Filters(channel="events"))["leads"].sum() == 30
    assert queries.funnel(warehouse, Filters(channel="events", last_month=OCT))[
        "leads"
    ].tolist() == [10]


def test_process_filter_on_the_closing_marts(warehouse):
    assert queries.closing_per_phase(warehouse, Filters())["entered"].sum() == 15
    assert queries.closing_per_phase(warehouse, Filters(process="upsell"))["entered"].sum() == 5
    finished = queries.finished_opportunities(warehouse, Filters(process="new"))
    assert finished[["lead_type", "finished", "won"]].values.tolist() == [[2, 2, 1]]


def test_at_risk_lists_the_as_of_month_only_and_follows_the_seller(warehouse):
    everyone = queries.at_risk(warehouse, Filters())
    assert everyone["account_id"].tolist() == ["A1", "A2"]  # November, at_risk, riskiest first
    assert set(everyone["month"].dt.date) == {NOV}
    assert queries.at_risk(warehouse, Filters(seller="U3"))["account_id"].tolist() == ["A2"]
    trend = queries.at_risk_trend(warehouse, Filters(team="North"))
    assert trend[["customers", "at_risk"]].values.tolist() == [[1, 1], [1, 1]]


def test_crm_health_takes_the_month_of_each_day(warehouse):
    frame = queries.crm_health(warehouse, Filters(first_month=NOV, last_month=NOV))
    assert frame["records"].sum() == 8  # 2026-11-05 and 2026-11-30
    assert queries.crm_health(warehouse, Filters(seller="U1"))["records"].sum() == 10


def test_the_as_of_date_is_the_newest_published_load(warehouse):
    assert queries.as_of(warehouse) == date(2026, 11, 20)


def test_the_seller_filter_lists_the_team_with_names(warehouse):
    assert queries.teams(warehouse) == ["North", "South"]
    assert queries.sellers(warehouse, "North")["user_name"].tolist() == ["Ada", "Bo"]
    ranking = queries.seller_ranking(warehouse, Filters(first_month=NOV))
    assert ranking["seller"].tolist() == ["Cy", "Bo"]  # by booked revenue


def test_filters_travel_as_parameters_never_in_the_sql(warehouse):
    clause, params = where(
        Filters(first_month=OCT, team="x' or 1=1 --", channel="events"),
        month="month",
        owner="owner_user_id",
        channel="channel",
        process="process",  # no process chosen: no condition
    )
    assert "x'" not in clause and "events" not in clause
    assert params == [OCT, "x' or 1=1 --", "events"]
    assert typed(warehouse, team="x' or 1=1 --") == 0
    assert where(Filters(), month="month") == ("", [])


def test_a_query_never_holds_the_file(warehouse):
    """After a query the file can be replaced and written by another process's night: the
    next query reads the new file, and the stamp that keys the cache has changed."""
    before = source.stamp(warehouse)
    assert queries.as_of(warehouse) == date(2026, 11, 20)
    newer = warehouse.with_name("next.duckdb")
    con = duckdb.connect(str(newer))
    con.execute(TINY)
    con.execute("insert into marts.load_report values ('2026-11-21', 'crm', 'leads', 1, 1, 0, 1)")
    con.close()
    os.replace(newer, warehouse)
    assert source.stamp(warehouse) != before
    assert queries.as_of(warehouse) == date(2026, 11, 21)
    # the same process may open it for writing at once: no read-only instance is left open
    duckdb.connect(str(warehouse)).close()


def test_a_missing_warehouse_says_to_run_the_job(tmp_path):
    with pytest.raises(source.WarehouseMissing, match="janox run"):
        queries.as_of(tmp_path / "nothing.duckdb")


def test_the_exposure_names_exactly_the_marts_the_dashboard_reads():
    text = Path(queries.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"marts\.(\w+)", text))
    exposures = yaml.safe_load((DBT_PROJECT_DIR / "models" / "exposures.yml").read_text())
    (dashboard,) = [e for e in exposures["exposures"] if e["name"] == "janox_dashboard"]
    declared = {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in dashboard["depends_on"]}
    assert dashboard["type"] == "dashboard" and dashboard["url"] == "http://localhost:8501"
    assert declared == read


def test_the_dashboard_listens_on_localhost_by_default_headless_without_usage_stats():
    args = _parser().parse_args(["dashboard"])
    assert (args.host, args.port, args.warehouse) == ("127.0.0.1", 8501, None)
    command = " ".join(streamlit_command(args.host, args.port))
    assert "--server.address 127.0.0.1" in command and "--server.port 8501" in command
    assert "--server.headless true" in command
    assert "--browser.gatherUsageStats false" in command


def test_the_dashboard_refuses_a_warehouse_that_does_not_exist(tmp_path, capsys):
    from janox_dagster.cli import main

    assert main(["dashboard", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "janox run" in capsys.readouterr().err
