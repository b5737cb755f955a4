"""The sales KPI marts against figures worked out by hand from ``tests/fixtures/sales``.

The fixture is three nightly loads, small enough to follow with a pencil:

- ``2026-10-01`` lands everything: users U1, U2 (sellers) and U3 (a manager); accounts
  A1-A5; products P1, P2; SEK rates dated 2026-09-01 (0.085) and 2026-09-16 (0.088);
  leads L1-L9, where L3 is Type 3 and L9 Type 1; opportunities O1-O7 with their phases and
  closing elements; activities AC1-AC11.
- ``2026-10-02``: L3 re-typed to Type 2 (a later updated_at), a SEK rate dated 2026-09-14
  (0.086) that arrived late, and O7's `trust` element.
- ``2026-10-03``: O5, L9 and AC11 soft-deleted (is_deleted = true, later updated_at).

The opportunities ("type" is the opportunity's own lead_type; "phase: days in phase" lists
the phases entered with the days spent in each, up to the next phase entered or the close):

| id | process | type | result  | phase: days in phase                    | elems | amount         |
|----|---------|------|---------|-----------------------------------------|-------|----------------|
| O1 | new     | 1    | won     | 1: 2.0, 2: 3.5, 4: 3.5, 5: 5.0, 6: 5.0  | 5     | 1000 EUR       |
| O2 | new     | 2    | lost    | 1: 1.0, 2: 3.0, 3: 6.5, 4: 15.5         | 2     | 50000 SEK      |
| O3 | upsell  | 2    | won     | 2: 1.0, 3: 2.5, 4: 1.5, 5: 1.0, 6: 1.25 | 3     | 2000 EUR       |
| O4 | new     | 2    | open    | 1, 2                                    | 1     | 10000 SEK      |
| O5 | new     | 2    | deleted | 1, 2, 3                                 | 1     | 1500 EUR       |
| O6 | new     | 3    | lost    | 1: 1.0, 2: 2.5                          | 0     | 500 EUR        |
| O7 | new     | 2    | won     | 1: 1.5, 2: 2.0, 3: 3.5, 5: 2.5, 6: 1.0  | 2     | 1234567.89 EUR |

O1 skips phase 3, O7 skips phase 4; O3 is an upsell (no lead) starting at phase 2; O7's
own lead_type is 2 while its lead L8 is Type 1; O6's own lead_type is 3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytest import approx

from tests.harness import build_fixture_warehouse, query_floats


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The fixture's three loads through the real nightly job, built once for the module."""
    return build_fixture_warehouse("sales", tmp_path_factory.mktemp("sales"))


# ---- fct_opportunities --------------------------------------------------------------------


def test_fct_opportunities_has_one_row_per_live_opportunity_with_hand_computed_figures(warehouse):
    got = query_floats(
        warehouse,
        "select opportunity_id, max_phase, elements_lined_up, amount_eur, days_to_close, "
        "outcome from marts.fct_opportunities order by opportunity_id",
    )
    assert got == [
        # phases 1,2,4,5,6 -> max 6; all 5 elements; EUR at rate 1;
        # 2026-09-01T10:00 -> 2026-09-20T10:00 = 19 days
        ("O1", 6, 5, approx(1000.0), approx(19.0), "won"),
        # 50000 SEK closed 2026-09-15: latest rate on or before is 2026-09-14's 0.086
        # (landed late, in load 2; not 09-01's 0.085, not 09-16's 0.088) -> 4300.0;
        # 2026-08-20T08:00 -> 2026-09-15T08:00 = 26 days
        ("O2", 4, 2, approx(4300.0), approx(26.0), "lost"),
        # upsell 2..6; need, economy, decision_maker; 09-05T00:00 -> 09-12T06:00 = 7.25 days
        ("O3", 6, 3, approx(2000.0), approx(7.25), "won"),
        # open: valued at created_at 2026-09-10 -> rate of 09-01, 0.085: 10000 x 0.085 = 850.0;
        # no days_to_close while open
        ("O4", 2, 1, approx(850.0), None, "open"),
        # O5 is soft-deleted in load 3: no row
        # no element logged -> 0; 09-15T09:00 -> 09-18T21:00 = 3.5 days
        ("O6", 2, 0, approx(500.0), approx(3.5), "lost"),
        # phases 1,2,3,5,6 -> max 6; need (load 1) + trust (load 2) = 2;
        # 09-02T12:00 -> 09-13T00:00 = 10.5 days
        ("O7", 6, 2, approx(1234567.89), approx(10.5), "won"),
    ]


def test_open_opportunity_has_no_close_and_is_not_finished(warehouse):
    got = query_floats(
        warehouse,
        "select opportunity_id, closed_at, closed_month, days_to_close, is_finished, "
        "created_month from marts.fct_opportunities where outcome = 'open'",
    )
    assert got == [("O4", None, None, None, False, date(2026, 9, 1))]


def test_amount_converts_at_the_latest_rate_on_or_before_the_close_date(warehouse):
    got = query_floats(
        warehouse,
        "select opportunity_id, amount, currency, amount_eur from marts.fct_opportunities "
        "where currency = 'SEK' order by opportunity_id",
    )
    assert got == [
        ("O2", 50000.0, "SEK", approx(50000 * 0.086)),  # closed 09-15: rate of 09-14
        ("O4", 10000.0, "SEK", approx(10000 * 0.085)),  # open, created 09-10: rate of 09-01
    ]


def test_deleted_opportunity_vanishes_from_every_sales_model(warehouse):
    for relation in (
        "intermediate.int_opportunity_phase_journey",
        "intermediate.int_opportunity_elements",
        "marts.fct_opportunities",
    ):
        sql = f"select * from {relation} where opportunity_id = 'O5'"
        assert query_floats(warehouse, sql) == []
    # The aggregates: O5 (new, Type 2, won, 1 element, phases 1-3) would have made
    # closing_per_phase (new, 2, 3) entered = 3 and added a (new, 1) row to
    # closing_elements_effect; both are checked in full below.
    assert query_floats(
        warehouse,
        "select entered from marts.closing_per_phase "
        "where process = 'new' and lead_type = 2 and phase_number = 3",
    ) == [(2,)]


def test_money_and_shares_are_stored_without_rounding(warehouse):
    (amount_eur,) = query_floats(
        warehouse, "select amount_eur from marts.fct_opportunities where opportunity_id = 'O7'"
    )[0]
    (share,) = query_floats(
        warehouse,
        "select qualified_share from marts.lead_mix_monthly "
        "where month = date '2026-09-01' and channel = 'paid_search' and owner_user_id = 'U2'",
    )[0]
    # O7 is 1234567.89 EUR (rate 1); the September paid_search mix of U2 is 2 of 3 qualified
    assert (amount_eur, share) == (
        approx(1234567.89, rel=1e-12, abs=0),
        approx(2 / 3, rel=1e-12, abs=0),
    )


# ---- closing_per_phase ------------------------------------------------------------------

CONTACT, NEEDS, QUALIFICATION, PRESENTATION, ELEMENTS, CLOSE = (
    "Contact",
    "Needs discovery",
    "Qualification",
    "Presentation",
    "Lining up the core elements",
    "Close",
)


def test_closing_per_phase_counts_finished_opportunities_per_process_type_and_phase(warehouse):
    got = query_floats(
        warehouse,
        "select process, lead_type, phase_number, phase_name, entered, advanced, lost_here, "
        "won, advance_rate, win_rate, median_days_in_phase from marts.closing_per_phase "
        "order by process, lead_type, phase_number",
    )
    assert got == [
        # new, Type 1: O1 alone (won), phases 1,2,4,5,6; no phase-3 row (skipped)
        ("new", 1, 1, CONTACT, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(2.0)),
        # phase 2 runs to phase 4 (3 skipped): 09-03T10:00 -> 09-06T22:00 = 3.5
        ("new", 1, 2, NEEDS, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(3.5)),
        ("new", 1, 4, PRESENTATION, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(3.5)),
        ("new", 1, 5, ELEMENTS, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(5.0)),
        # the last phase runs to closed_at: 09-15T10:00 -> 09-20T10:00
        ("new", 1, 6, CLOSE, 1, 0, 0, 1, approx(0.0), approx(1.0), approx(5.0)),
        # new, Type 2: O2 (lost, 1-4) and O7 (won, 1,2,3,5,6). O4 is open and O5 deleted:
        # neither counts, so phase 1 has 2 entered, not 4.
        # phase 1: median(O2 1.0, O7 1.5) = 1.25; win_rate 1 won / 2 = 0.5
        ("new", 2, 1, CONTACT, 2, 2, 0, 1, approx(1.0), approx(0.5), approx(1.25)),
        # phase 2: median(O2 3.0, O7 2.0) = 2.5
        ("new", 2, 2, NEEDS, 2, 2, 0, 1, approx(1.0), approx(0.5), approx(2.5)),
        # phase 3: O2 -> 4, O7 -> 5 (skipping 4), both advanced; median(6.5, 3.5) = 5.0
        ("new", 2, 3, QUALIFICATION, 2, 2, 0, 1, approx(1.0), approx(0.5), approx(5.0)),
        # phase 4: only O2, lost here (max_phase 4); 08-30T20:00 -> close 09-15T08:00 = 15.5
        ("new", 2, 4, PRESENTATION, 1, 0, 1, 0, approx(0.0), approx(0.0), approx(15.5)),
        # phases 5, 6: only O7 (09-09T12 -> 09-12T00 = 2.5; 09-12T00 -> close 09-13T00 = 1.0)
        ("new", 2, 5, ELEMENTS, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(2.5)),
        ("new", 2, 6, CLOSE, 1, 0, 0, 1, approx(0.0), approx(1.0), approx(1.0)),
        # new, Type 3: O6 (own type 3, lost with max_phase 2)
        ("new", 3, 1, CONTACT, 1, 1, 0, 0, approx(1.0), approx(0.0), approx(1.0)),
        # phase 2 to the close: 09-16T09:00 -> 09-18T21:00 = 2.5
        ("new", 3, 2, NEEDS, 1, 0, 1, 0, approx(0.0), approx(0.0), approx(2.5)),
        # upsell, Type 2: O3 (won) starts at phase 2; no phase-1 row
        ("upsell", 2, 2, NEEDS, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(1.0)),
        ("upsell", 2, 3, QUALIFICATION, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(2.5)),
        ("upsell", 2, 4, PRESENTATION, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(1.5)),
        ("upsell", 2, 5, ELEMENTS, 1, 1, 0, 1, approx(1.0), approx(1.0), approx(1.0)),
        # 09-11T00:00 -> close 09-12T06:00 = 1.25
        ("upsell", 2, 6, CLOSE, 1, 0, 0, 1, approx(0.0), approx(1.0), approx(1.25)),
    ]


def test_skipped_phase_counts_as_advanced_from_the_phase_before(warehouse):
    # O1 (the only new Type 1) went 2 -> 4: phase 2 advanced, its days run to phase 4
    # (09-03T10:00 -> 09-06T22:00 = 3.5), and phase 3 has no row at all.
    got = query_floats(
        warehouse,
        "select phase_number, entered, advanced, median_days_in_phase "
        "from marts.closing_per_phase where process = 'new' and lead_type = 1 "
        "and phase_number between 2 and 4 order by phase_number",
    )
    assert got == [(2, 1, 1, approx(3.5)), (4, 1, 1, approx(3.5))]


def test_closing_marts_slice_by_the_opportunitys_own_lead_type(warehouse):
    # O7 came from L8, a Type 1 lead, but is itself Type 2: it sits in the Type 2 slice,
    # and new Type 1 holds O1 alone.
    got = query_floats(
        warehouse,
        "select lead_type, entered from marts.closing_per_phase "
        "where process = 'new' and phase_number = 1 order by lead_type",
    )
    assert got == [(1, 1), (2, 2), (3, 1)]


# ---- closing_elements_effect and closing_element_gaps -------------------------------------


def test_closing_elements_effect_gives_the_win_rate_by_elements_lined_up(warehouse):
    got = query_floats(
        warehouse,
        "select process, elements_lined_up, opportunities, won, win_rate "
        "from marts.closing_elements_effect order by process, elements_lined_up",
    )
    assert got == [
        ("new", 0, 1, 0, approx(0.0)),  # O6, lost, no element logged
        ("new", 2, 2, 1, approx(0.5)),  # O2 lost (need, economy), O7 won (need, trust)
        ("new", 5, 1, 1, approx(1.0)),  # O1, won
        ("upsell", 3, 1, 1, approx(1.0)),  # O3, won
        # no (new, 1) row: O4 (open) and O5 (deleted) have 1 element each but do not count
    ]


def test_closing_element_gaps_splits_finished_opportunities_by_one_element(warehouse):
    got = query_floats(
        warehouse,
        "select process, element, element_name, opportunities_with, won_with, "
        "opportunities_without, won_without, lost_without, win_rate_with, win_rate_without "
        "from marts.closing_element_gaps where element = 'need' order by process",
    )
    assert got == [
        # new, finished: O1 (won), O2 (lost), O7 (won) lined up `need`; O6 (lost) did not
        ("new", "need", "Need", 3, 2, 1, 0, 1, approx(2 / 3), approx(0.0)),
        # upsell: O3 (won) lined it up; nobody without it, so win_rate_without is null
        ("upsell", "need", "Need", 1, 1, 0, 0, 0, approx(1.0), None),
    ]
    # every configured element has a row per process with finished opportunities: 2 x 5
    assert query_floats(warehouse, "select count(*) from marts.closing_element_gaps") == [(10,)]


# ---- lead_mix_monthly ---------------------------------------------------------------------


def test_lead_mix_counts_a_retyped_lead_once_with_its_current_type(warehouse):
    got = query_floats(
        warehouse,
        "select month, channel, owner_user_id, type1_leads, type2_leads, type3_leads, "
        "type4_leads, typed_leads, qualified_leads, qualified_share, type2_share "
        "from marts.lead_mix_monthly order by month, channel, owner_user_id",
    )
    assert got == [
        # August, email, U1: L1 (Type 1), L2 (Type 2) and L3, Type 3 in load 1 but re-typed
        # to 2 in load 2, so one Type 2 and no Type 3: 1 + 2 = 3 typed, all qualified;
        # type2_share 2 / 3
        (date(2026, 8, 1), "email", "U1", 1, 2, 0, 0, 3, 3, approx(1.0), approx(2 / 3)),
        # August, paid_search, U2: L4 (Type 4) qualified at 2026-09-01T01:30+02:00, which is
        # 2026-08-31 23:30 UTC, so August
        (date(2026, 8, 1), "paid_search", "U2", 0, 0, 0, 1, 1, 0, approx(0.0), approx(0.0)),
        # September, paid_search, U2: L8 (1), L5 (2), L6 (3): 2 of 3 qualified, 1 of 3 Type 2
        (date(2026, 9, 1), "paid_search", "U2", 1, 1, 1, 0, 3, 2, approx(2 / 3), approx(1 / 3)),
        # no September email row: L9 (Type 1, U1) was deleted in load 3;
        # L7 has no type (never qualified)
    ]


# ---- seller_waste_monthly -----------------------------------------------------------------


def test_seller_waste_counts_minutes_on_type_3_and_4_leads_and_opportunities(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, activity_minutes, waste_minutes, waste_share, activities, "
        "waste_activities from marts.seller_waste_monthly order by month, user_id",
    )
    assert got == [
        # U1 in August: AC1 30 on L1 (Type 1), AC2 60 on L3 (Type 3 when logged, now Type 2:
        # not waste), AC3 15 on L4 (Type 4: waste) -> 105, waste 15, share 15 / 105 = 1/7
        (date(2026, 8, 1), "U1", approx(105.0), approx(15.0), approx(1 / 7), 3, 1),
        # U2 in August: AC9, a note on L4 (Type 4) at 2026-09-01T01:50+02:00 (08-31 UTC)
        # without a duration: 0 minutes, so waste_share is null (0 / 0)
        (date(2026, 8, 1), "U2", approx(0.0), approx(0.0), None, 1, 1),
        # U1 in September: AC4 note 5 on L2 + AC5 email 10.5 on O1/L1 = 15.5, no waste
        # (AC11, 50 minutes on L4, was deleted in load 3)
        (date(2026, 9, 1), "U1", approx(15.5), approx(0.0), approx(0.0), 2, 0),
        # U2 in September: AC6 20 on L6 (Type 3 lead: waste), AC7 45 on O6 only (its own
        # lead_type is 3: waste), AC8 25 on L5 (Type 2) -> 90, waste 65, share 65 / 90 = 13/18
        (date(2026, 9, 1), "U2", approx(90.0), approx(65.0), approx(13 / 18), 3, 2),
        # U3, a manager, counts too: AC10 40 on L2 (Type 2)
        (date(2026, 9, 1), "U3", approx(40.0), approx(0.0), approx(0.0), 1, 0),
    ]


# ---- dimensions ---------------------------------------------------------------------------


def test_dim_months_runs_from_the_first_month_with_data_to_the_as_of_month(warehouse):
    # L1 was created 2026-07-28; the newest load (the as-of date) is 2026-10-03
    assert query_floats(warehouse, "select * from marts.dim_months order by month") == [
        (date(2026, 7, 1), 2026, 7, 3),
        (date(2026, 8, 1), 2026, 8, 3),
        (date(2026, 9, 1), 2026, 9, 3),
        (date(2026, 10, 1), 2026, 10, 4),
    ]


def test_dim_sellers_holds_every_user_whatever_the_role(warehouse):
    got = query_floats(
        warehouse, "select user_id, user_name, role from marts.dim_sellers order by 1"
    )
    assert got == [
        ("U1", "Søren Ærø", "seller"),
        ("U2", "Åsa Öberg", "seller"),
        ("U3", "Ödön Ősz", "manager"),
    ]


# ---- the manager's views on a night without the planning source ----------------------------


def test_waste_minutes_split_into_type3_and_type4(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, waste_minutes, type3_minutes, type4_minutes "
        "from marts.seller_waste_monthly order by month, user_id",
    )
    assert got == [
        # U1, August: AC3's 15 minutes on L4 (Type 4)
        (date(2026, 8, 1), "U1", approx(15.0), approx(0.0), approx(15.0)),
        (date(2026, 8, 1), "U2", approx(0.0), approx(0.0), approx(0.0)),
        (date(2026, 9, 1), "U1", approx(0.0), approx(0.0), approx(0.0)),
        # U2, September: AC6 20 on L6 (Type 3) and AC7 45 on O6 (own lead_type 3): 65 + 0
        (date(2026, 9, 1), "U2", approx(65.0), approx(65.0), approx(0.0)),
        (date(2026, 9, 1), "U3", approx(0.0), approx(0.0), approx(0.0)),
    ]


def test_pipeline_forecast_weights_the_open_opportunity_by_its_phases_win_rate(warehouse):
    got = query_floats(
        warehouse,
        "select opportunity_id, owner_user_id, current_phase, amount_eur, days_open, "
        "win_probability, expected_value_eur, probability_basis from marts.pipeline_forecast",
    )
    # O4 (new, own type 2) is the only open one, in phase 2. The finished new Type-2 sales
    # that entered phase 2 are O2 (lost) and O7 (won); O5 was deleted: 1 / 2 = 0.5.
    # 850.00 x 0.5 = 425.0; created 2026-09-10 12:00, as_of 2026-10-03: to 2026-10-04 00:00
    # is 23.5 days
    assert got == [("O4", "U2", 2, approx(850.0), approx(23.5), approx(0.5), approx(425.0), 2)]


def test_a_night_without_planning_builds_every_manager_view_with_zero_targets(warehouse):
    counts = query_floats(
        warehouse,
        "select (select count(*) from marts.targets_vs_actuals), "
        "(select count(*) from staging.stg_planning__targets), "
        "(select count(*) from marts.seller_scorecard_monthly), "
        "(select count(*) from marts.introduction_timing), "
        "(select count(*) from marts.load_report where source = 'planning')",
    )
    # no targets, no planning file reported; the scorecard is there (6 rows, below); the
    # fixture has no introductions
    assert counts == [(0, 0, 6, 0, 0)]


def test_seller_scorecard_gathers_each_owners_month(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, qualified_leads, typed_leads, activity_minutes, waste_share, "
        "finished_sales, won_sales, introductions, empty_handed_rate, type2_finished, "
        "type2_won, type2_win_rate, booked_revenue_eur, leads_assigned, leads_contacted, "
        "median_speed_to_lead_minutes, contacted_in_target_share "
        "from marts.seller_scorecard_monthly order by month, user_id",
    )
    assert got == [
        # U1, July: only L1, created 07-28 10:00 and first called (AC1) 08-06 09:00:
        # 9 days less an hour = 12,900 minutes, not within 5
        (date(2026, 7, 1), "U1", 0, 0, 0.0, None, 0, 0, 0, None, 0, 0, None, 0.0, 1, 1)
        + (approx(12900.0), approx(0.0)),
        # U1, August: lead mix 3 of 3; waste 15 / 105; L2 (08-01 10:00, first sales contact
        # U3's meeting AC10 on 09-10 13:00, the note AC4 does not count: 57,780 minutes) and
        # L3 (08-15 10:00, AC2 08-21 10:00: 8,640): median 33,210
        (date(2026, 8, 1), "U1", 3, 3, approx(105.0), approx(1 / 7), 0, 0, 0, None, 0, 0)
        + (None, 0.0, 2, 2, approx(33210.0), approx(0.0)),
        # U2, August: L4 typed, not qualified; no minutes (waste_share null); L4 (08-11
        # 10:00, U1's call AC3 08-25 14:00: 20,400 minutes) and L8 (never contacted)
        (date(2026, 8, 1), "U2", 0, 1, approx(0.0), None, 0, 0, 0, None, 0, 0, None, 0.0)
        + (2, 1, approx(20400.0), approx(0.0)),
        # U1, September: O1 won (1000.00) and O2 (Type 2) lost, no introductions: empty
        # handed 1 / 2, Type 2 0 / 1; L7 created, never contacted
        (date(2026, 9, 1), "U1", 0, 0, approx(15.5), approx(0.0), 2, 1, 0, approx(0.5), 1, 0)
        + (approx(0.0), approx(1000.0), 1, 0, None, approx(0.0)),
        # U2, September: O3 (upsell, Type 2) and O7 (Type 2) won, O6 (Type 3) lost: 2 / 2 on
        # Type 2, booked 2000.00 + 1,234,567.89; L5 (AC8 after 4,380 minutes) and L6 (AC6
        # after 2,880): median 3,630
        (date(2026, 9, 1), "U2", 2, 3, approx(90.0), approx(13 / 18), 3, 2, 0, approx(1 / 3))
        + (2, 2, approx(1.0), approx(1236567.89), 2, 2, approx(3630.0), approx(0.0)),
        # U3, a manager with one meeting: a row of its own, counts 0 and rates null
        (date(2026, 9, 1), "U3", 0, 0, approx(40.0), approx(0.0), 0, 0, 0, None, 0, 0, None)
        + (0.0, 0, 0, None, None),
    ]
