"""The manager's views and the optional planning source against figures worked out by hand
from ``tests/fixtures/manager``, built through the real ingestion and dbt.

Three loads; the run's as-of date is 2026-11-01 (the end of the as-of day: 11-02 00:00):

- ``2026-10-01``: users U1, U2, U3 (sellers) and M1 (a manager), and October's targets set
  on 09-28: U1 won_sales 2, finished_sales 0, booked_revenue_eur 1000, qualified_leads 3;
  U3 introductions 2. Four rows break the contract: kpi `calls_made`, a target of -1, a
  month of 2026-10-15 and a user U9 that does not exist.
- ``2026-10-16``: U1's won_sales target revised to 1 (updated 10-15 10:00), its
  qualified_leads target withdrawn (is_deleted), and a revision of its booked revenue
  target to -500 that is quarantined, so 1000 stays in force.
- ``2026-11-01``: October's CRM, marketing and billing data:

| lead | owner | created (UTC)    | first sales contact          | converted                  |
|------|-------|------------------|------------------------------|----------------------------|
| L1   | U1    | 10-05 09:00      | call 09:05:00 (5.0 minutes)  |                            |
| L2   | U1    | 10-06 09:00      | call 09:05:01 (a note at 09:02 is no sales contact) |     |
| L3   | U1    | 10-07 09:00      | meeting 10:00 (60 minutes)   | into A1, 10-20 12:00       |
| L4   | U2    | 10-07 09:30      | none                         | into A1, 10-20 12:00 too   |

L3 (referral, Type 2, own campaign C2) was touched by C1 (10-06) and C2 (10-07 08:00)
before it was created; L4 is Type 1. Opportunities, all new sales of own lead_type 2 in
EUR: O1 (U1, from L3, A1) phases 1-3, won 10-20 11:00, 1200.00; O2 (U1, A2) phases 1-2,
lost 10-25 09:00, 700.00; O3 (U2) open in phase 2 since 10-28 12:00, 800.00; O4 (U2) open in
phase 5 since 10-13 12:00, 5000.00. Introductions: I1 on O1 a day before its close
(quality 1, relevance 1), I2 on O1 a day after it (2, 1), I3 on O2 three days after it
(3, 2). A1 (U1's) and A2 (U2's) are billing customers; A1's invoice of 1200.00 was paid
1000.00.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pytest import approx

from tests.harness import build_fixture_warehouse, query_floats


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The fixture's three loads through ingestion and dbt, built once for the module (the
    first load quarantines 4 of its 9 target rows on purpose: no quarantine limit)."""
    return build_fixture_warehouse(
        "manager", tmp_path_factory.mktemp("manager"), quarantine_limit=1.0
    )


# ---- planning/targets: ingestion and staging ------------------------------------------------


def test_targets_breaking_the_contract_are_quarantined_with_their_reasons(warehouse):
    got = query_floats(
        warehouse,
        "select cast(load_date as varchar), line_number, reason, column_name "
        "from staging.stg_janox__quarantine where table_name = 'targets' "
        "order by load_date, line_number",
    )
    assert got == [
        ("2026-10-01", 7, "not_in_enum", "kpi"),
        ("2026-10-01", 8, "below_minimum", "target"),
        ("2026-10-01", 9, "not_first_of_month", "month"),
        ("2026-10-01", 10, "unknown_reference", "user_id"),
        ("2026-10-16", 4, "below_minimum", "target"),
    ]
    assert query_floats(
        warehouse,
        "select cast(load_date as varchar), rows_landed, rows_loaded, rows_quarantined "
        "from marts.load_report where source = 'planning' order by load_date",
    ) == [("2026-10-01", 9, 5, 4), ("2026-10-16", 3, 2, 1)]


def test_the_newest_live_version_of_each_target_is_in_force(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, kpi, target from staging.stg_planning__targets "
        "order by user_id, kpi",
    )
    assert got == [
        # the -500 revision was quarantined: 1000 stays
        (date(2026, 10, 1), "U1", "booked_revenue_eur", approx(1000.0)),
        (date(2026, 10, 1), "U1", "finished_sales", approx(0.0)),
        # revised from 2 to 1 in the load of 10-16; qualified_leads was withdrawn there
        (date(2026, 10, 1), "U1", "won_sales", approx(1.0)),
        (date(2026, 10, 1), "U3", "introductions", approx(2.0)),
    ]


# ---- targets_vs_actuals and the scorecard ------------------------------------------------


def test_targets_vs_actuals_compares_each_live_target_with_the_scorecard(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, kpi, target, actual, attainment, has_scorecard_row, "
        "target_updated_at from marts.targets_vs_actuals order by user_id, kpi",
    )
    assert got == [
        # O1 won 1200.00: 1200 / 1000
        (date(2026, 10, 1), "U1", "booked_revenue_eur", 1000.0, 1200.0, approx(1.2), True)
        + (datetime(2026, 9, 28, 9),),
        # O1 and O2 finished against a target of 0: no attainment
        (date(2026, 10, 1), "U1", "finished_sales", 0.0, 2.0, None, True)
        + (datetime(2026, 9, 28, 9),),
        # the revised target, 1, against O1
        (date(2026, 10, 1), "U1", "won_sales", 1.0, 1.0, approx(1.0), True)
        + (datetime(2026, 10, 15, 10),),
        # U3 did nothing in October: no scorecard row, actual 0
        (date(2026, 10, 1), "U3", "introductions", 2.0, 0.0, approx(0.0), False)
        + (datetime(2026, 9, 28, 9),),
    ]


def test_scorecard_counts_speed_to_lead_within_5_minutes_but_not_a_second_later(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, qualified_leads, typed_leads, activity_minutes, waste_share, "
        "finished_sales, won_sales, introductions, empty_handed_rate, type2_finished, "
        "type2_won, type2_win_rate, booked_revenue_eur, leads_assigned, leads_contacted, "
        "leads_contacted_in_target, median_speed_to_lead_minutes, contacted_in_target_share "
        "from marts.seller_scorecard_monthly order by month, user_id",
    )
    assert got == [
        # U1: L3 qualified as Type 2; 10 + 10 + 30 + 3 (the note) = 53 minutes, no waste;
        # O1 won, O2 lost, with 2 + 1 introductions (nobody went empty-handed); of L1 (5.0
        # minutes: in time), L2 (5.0166...: late) and L3 (60), one of three in time, median
        # 301 / 60 minutes
        (date(2026, 10, 1), "U1", 1, 1, approx(53.0), approx(0.0), 2, 1, 3, approx(0.0))
        + (2, 1, approx(0.5), approx(1200.0), 3, 3, 1, approx(301 / 60), approx(1 / 3)),
        # U2: L4 qualified as Type 1 and never contacted; O3 and O4 are still open
        (date(2026, 10, 1), "U2", 1, 1, 0.0, None, 0, 0, 0, None, 0, 0, None, 0.0, 1, 0, 0)
        + (None, approx(0.0)),
    ]


# ---- pipeline_forecast ----------------------------------------------------------------------


def test_pipeline_forecast_has_no_probability_for_a_phase_its_kind_never_reached(warehouse):
    got = query_floats(
        warehouse,
        "select opportunity_id, current_phase, days_open, win_probability, "
        "expected_value_eur, probability_basis from marts.pipeline_forecast "
        "order by opportunity_id",
    )
    assert got == [
        # phase 2 of new Type-2 sales: O1 (won) and O2 (lost) entered it: 0.5 x 800.00;
        # 10-28 12:00 to 11-02 00:00
        ("O3", 2, approx(4.5), approx(0.5), approx(400.0), 2),
        # no finished new Type-2 sale ever entered phase 5 (O1 stopped at 3): null
        ("O4", 5, approx(19.5), None, None, None),
    ]


# ---- customers: owners and origins ------------------------------------------------------


def test_customer_lifetime_traces_each_account_to_its_first_converted_lead(warehouse):
    got = query_floats(
        warehouse,
        "select account_id, owner_user_id, origin_lead_id, origin_channel, origin_lead_type, "
        "origin_campaign_id, invoiced_eur, paid_eur from marts.customer_lifetime "
        "order by account_id",
    )
    assert got == [
        # L3 and L4 were converted at the same instant: the lowest lead_id, L3; its first
        # touch is C1 (its own campaign and last touch are C2)
        ("A1", "U1", "L3", "referral", 2, "C1", approx(1200.0), approx(1000.0)),
        # no lead was converted into A2
        ("A2", "U2", None, None, None, None, approx(0.0), approx(0.0)),
    ]
    assert query_floats(
        warehouse, "select account_id, owner_user_id from marts.rc_scale_current order by 1"
    ) == [("A1", "U1"), ("A2", "U2")]


def test_customer_value_by_origin_sums_lifetime_value_per_origin(warehouse):
    got = query_floats(
        warehouse,
        "select origin_channel, origin_lead_type, customers, churned_customers, churn_rate, "
        "invoiced_eur, paid_eur, invoiced_per_customer_eur from marts.customer_value_by_origin "
        "order by origin_channel nulls last",
    )
    assert got == [
        ("referral", 2, 1, 0, approx(0.0), approx(1200.0), approx(1000.0), approx(1200.0)),
        (None, None, 1, 0, approx(0.0), approx(0.0), approx(0.0), approx(0.0)),
    ]


# ---- introduction_timing ----------------------------------------------------------------


def test_introduction_timing_buckets_introductions_around_the_close(warehouse):
    got = query_floats(
        warehouse,
        "select process, sale_outcome, timing, introductions, weighted_value, leads_created, "
        "median_days_after_close from marts.introduction_timing order by timing_position",
    )
    assert got == [
        # I1, obtained a day before O1 was won (quality 1 x relevance 1 = 1.0)
        ("new", "won", "before_close", 1, approx(1.0), 0, approx(-1.0)),
        # I2, a day after (0.6 x 1.0)
        ("new", "won", "0-1", 1, approx(0.6), 0, approx(1.0)),
        # I3, three days after O2 was lost (0.3 x 0.7)
        ("new", "lost", "2-7", 1, approx(0.21), 0, approx(3.0)),
    ]
