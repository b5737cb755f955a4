"""Lead conversion-state marts (issue 7) on a small hand-computed fixture.

The landing tree is ``tests/fixtures/leads``: two loads, 2026-10-15 (everything so far) and
2026-10-31 (what changed since). The as-of date is therefore 2026-10-31 and "now" is the end
of that day, 2026-11-01 00:00 UTC. Every expected figure below was computed by hand from the
fixture's CSV rows; the comments show the arithmetic. Durations are fractional days (elapsed
seconds / 86,400), so 6 hours = 0.25 days.

The leads and what each one proves:

- L1  new → meeting_booked (skips contacted) → offer_sent → negotiating → won; converted.
- L2  … offer_sent → meeting_booked (goes back) → offer_sent → negotiating → lost (dropped).
- L3  new → contacted → lost (dropped); L4 … meeting_booked → nurture (dropped).
- L5  meeting_booked entered at 2026-10-01T01:00+02:00 (= 30 Sep 23:00 UTC, a September
      entry); offer_sent since 27 Oct 18:00: 4.25 days > 3, stuck.
- L6  offer_sent since 29 Oct 10:00: 2.58 days < 3, not stuck; created 12 Oct, not in pool.
- L7  converted on day 29 after creation (3 Sep 14:00 → 2 Oct 14:00): never in the pool.
- L8  created 21 Oct, 10 days before the as-of date: still exclusive, not in the pool.
- L9  opted out 5 Oct 10:00; an inbound call at that very instant (not a violation), an
      e-mail one minute later and a manager's call on 28 Oct (violations).
- L10 new since 25 Oct 12:00: 6.5 days > 2, stuck.
- L11 landed in the first load, soft-deleted in the second: gone from every mart.
- C1  a contact (of L1's account) opted out 10 Oct 08:00: an e-mail before, an SMS after.
- C2  a contact who never opted out: a meeting with them is no violation.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.harness import query, run_fixture

approx = pytest.approx
SEP = date(2026, 9, 1)
OCT = date(2026, 10, 1)
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="module")
def leads_run(tmp_path_factory):
    """The leads fixture built once (ingestion, dbt build, churn model)."""
    return run_fixture("leads", tmp_path_factory.mktemp("leads"))


@pytest.fixture(scope="module")
def warehouse(leads_run):
    """The built warehouse of the leads fixture (fails if a gate or an error test failed)."""
    assert leads_run.published, "\n".join(leads_run.failures)
    return leads_run.warehouse


def test_run_publishes_while_the_optout_warning_fires(leads_run):
    assert leads_run.published, "\n".join(leads_run.failures)
    assert leads_run.failures == []
    assert len(leads_run.warned_tests) == 1, leads_run.warned_tests
    assert leads_run.warned_tests[0].startswith(
        "test.janox_warehouse.has_no_rows_optout_violations"
    )


def test_a_skipped_state_counts_as_a_step_forward_from_the_state_left(warehouse):
    # L1 went new (1 Sep 09:00) → meeting_booked (3 Sep 21:00), skipping contacted.
    rows = query(
        warehouse,
        "select status, next_status, stay_outcome, days_in_state"
        " from intermediate.int_lead_state_stays where lead_id = 'L1' and status = 'new'",
    )
    assert rows == [("new", "meeting_booked", "moved_forward", approx(2.5))]  # 2 d 12 h


def test_going_back_a_state_counts_as_went_back(warehouse):
    # L2: offer_sent 10 Sep 10:00 → meeting_booked 16 Sep 16:00 → offer_sent 25 Sep 10:00.
    rows = query(
        warehouse,
        "select status, entered_at, next_status, stay_outcome, days_in_state"
        " from intermediate.int_lead_state_stays"
        " where lead_id = 'L2' and status in ('meeting_booked', 'offer_sent')"
        " order by entered_at",
    )
    assert rows == [
        ("meeting_booked", datetime(2026, 9, 7, 10), "offer_sent", "moved_forward", approx(3.0)),
        ("offer_sent", datetime(2026, 9, 10, 10), "meeting_booked", "went_back", approx(6.25)),
        ("meeting_booked", datetime(2026, 9, 16, 16), "offer_sent", "moved_forward", approx(8.75)),
        # negotiating landed as 2026-09-29T12:00:00+02:00 = 29 Sep 10:00 UTC: 4 days
        ("offer_sent", datetime(2026, 9, 25, 10), "negotiating", "moved_forward", approx(4.0)),
    ]


def test_lead_state_flow_counts_entries_outcomes_and_days_per_state_and_month(warehouse):
    rows = query(
        warehouse,
        "select status, month, entered, moved_forward, dropped, went_back, still_there,"
        " step_rate, median_days_in_state, p75_days_in_state"
        " from marts.lead_state_flow order by status, month",
    )
    # Continuous percentiles over n sorted values: position p × (n − 1) from 0, interpolated.
    assert rows == [
        # contacted, Sep: L2 2.75 (4 Sep 16:00 → 7 Sep 10:00) fwd, L3 7.0 → lost, L4 3.25 fwd,
        # L5 9.0 (21 Sep 23:00 → 30 Sep 23:00 UTC) fwd, L7 1.5 fwd, L9 6.5 → nurture.
        # Sorted 1.5, 2.75, 3.25, 6.5, 7.0, 9.0: median at 2.5 = (3.25 + 6.5) / 2 = 4.875;
        # p75 at 3.75 = 6.5 + 0.75 × (7.0 − 6.5) = 6.875. Step rate 4 / 6.
        ("contacted", SEP, 6, 4, 2, 0, 0, approx(4 / 6), approx(4.875), approx(6.875)),
        # contacted, Oct: L6 7.5 (13 Oct 10:00 → 20 Oct 22:00) fwd, L8 still there. 1 / 2.
        ("contacted", OCT, 2, 1, 0, 0, 1, approx(0.5), approx(7.5), approx(7.5)),
        # lost: L3 (Sep), L2 (Oct), still there; no stay has ended, so no days.
        ("lost", SEP, 1, 0, 0, 0, 1, approx(0.0), None, None),
        ("lost", OCT, 1, 0, 0, 0, 1, approx(0.0), None, None),
        # meeting_booked, Sep: L1 4.5 fwd, L2 3.0 fwd, L2 again 8.75 fwd, L4 14.0 → nurture,
        # L5 (30 Sep 23:00 UTC → 27 Oct 18:00 = 26 d 19 h) fwd, L7 6.5 fwd. Step rate 5 / 6.
        # Sorted 3.0, 4.5, 6.5, 8.75, 14.0, 26.79: median (6.5 + 8.75) / 2 = 7.625;
        # p75 at 3.75 = 8.75 + 0.75 × (14.0 − 8.75) = 12.6875.
        ("meeting_booked", SEP, 6, 5, 1, 0, 0, approx(5 / 6), approx(7.625), approx(12.6875)),
        # meeting_booked, Oct: L6 8.5 (20 Oct 22:00 → 29 Oct 10:00) fwd.
        ("meeting_booked", OCT, 1, 1, 0, 0, 0, approx(1.0), approx(8.5), approx(8.5)),
        # negotiating, Sep: L1 10.0 → won, L2 21.0 → lost, L7 16.5 → won. Step rate 2 / 3.
        # Sorted 10, 16.5, 21: median 16.5; p75 at 1.5 = 16.5 + 0.5 × (21 − 16.5) = 18.75.
        ("negotiating", SEP, 3, 2, 1, 0, 0, approx(2 / 3), approx(16.5), approx(18.75)),
        # new, Sep: L1 2.5 (skip), L2 2.25, L3 0.5, L4 0.25, L5 1.5, L7 3.0, L9 0.5, all fwd.
        # L11 (soft-deleted) is left out. Sorted 0.25, 0.5, 0.5, 1.5, 2.25, 2.5, 3.0:
        # median at 3 = 1.5; p75 at 4.5 = (2.25 + 2.5) / 2 = 2.375.
        ("new", SEP, 7, 7, 0, 0, 0, approx(1.0), approx(1.5), approx(2.375)),
        # new, Oct: L6 1.0, L8 5.5 (21 Oct 09:00 → 26 Oct 21:00), L10 still there. 2 / 3.
        # Sorted 1.0, 5.5: median 3.25; p75 at 0.75 = 1.0 + 0.75 × 4.5 = 4.375.
        ("new", OCT, 3, 2, 0, 0, 1, approx(2 / 3), approx(3.25), approx(4.375)),
        # nurture, Oct: L4 (2 Oct), L9 (5 Oct), still there.
        ("nurture", OCT, 2, 0, 0, 0, 2, approx(0.0), None, None),
        # offer_sent, Sep: L1 2.0 fwd, L2 6.25 back to meeting_booked, L2 again 4.0 fwd,
        # L7 1.5 fwd. Step rate 3 / 4. Sorted 1.5, 2.0, 4.0, 6.25: median (2 + 4) / 2 = 3.0;
        # p75 at 2.25 = 4.0 + 0.25 × (6.25 − 4.0) = 4.5625.
        ("offer_sent", SEP, 4, 3, 0, 1, 0, approx(0.75), approx(3.0), approx(4.5625)),
        # offer_sent, Oct: L5 and L6, both still there.
        ("offer_sent", OCT, 2, 0, 0, 0, 2, approx(0.0), None, None),
        # won: L1 (20 Sep), L7 (2 Oct).
        ("won", SEP, 1, 0, 0, 0, 1, approx(0.0), None, None),
        ("won", OCT, 1, 0, 0, 0, 1, approx(0.0), None, None),
    ]


def test_stuck_leads_lists_open_leads_past_their_state_limit_as_of_the_run(warehouse):
    rows = query(
        warehouse,
        "select lead_id, owner_user_id, status, entered_at, days_in_state, limit_days,"
        " days_over_limit, lead_type, channel, as_of from marts.stuck_leads order by lead_id",
    )
    # Now = end of 31 Oct = 1 Nov 00:00 UTC. Not stuck: L6 offer_sent since 29 Oct 10:00 =
    # 2 d 14 h = 2.58 < 3; L8 contacted since 26 Oct 21:00 = 5 d 3 h = 5.125 < 7; L1, L7 won,
    # L2, L3 lost, L4, L9 nurture (closed states); L11 soft-deleted.
    assert rows == [
        # new since 25 Oct 12:00: 6 d 12 h = 6.5 days; 6.5 − 2 = 4.5 over.
        (
            "L10",
            "U1",
            "new",
            datetime(2026, 10, 25, 12),
            approx(6.5),
            approx(2.0),
            approx(4.5),
            None,
            "outbound",
            AS_OF,
        ),
        # offer_sent since 27 Oct 18:00: 4 d 6 h = 4.25 days; 4.25 − 3 = 1.25 over.
        (
            "L5",
            "U2",
            "offer_sent",
            datetime(2026, 10, 27, 18),
            approx(4.25),
            approx(3.0),
            approx(1.25),
            2,
            "paid_search",
            AS_OF,
        ),
    ]


def test_optout_violations_list_activities_after_a_lead_or_contact_opted_out(warehouse):
    rows = query(
        warehouse,
        "select activity_id, person_type, person_id, user_id, activity_type, direction,"
        " occurred_at, opted_out_at, days_after_optout"
        " from marts.optout_violations order by activity_id, person_type",
    )
    # Not violations: AC1 (L1 never opted out), AC2 (L9, 3 days before), AC3 (L9's inbound
    # call at the very instant of the opt-out, not after it), AC5 (C1, the day before),
    # AC7 (C2 never opted out).
    assert rows == [
        # L9 opted out 5 Oct 10:00, automated e-mail 10:01: 60 s / 86,400 = 1/1440 days.
        (
            "AC4",
            "lead",
            "L9",
            "U2",
            "email",
            "outbound",
            datetime(2026, 10, 5, 10, 1),
            datetime(2026, 10, 5, 10),
            approx(1 / 1440),
        ),
        # C1 opted out 10 Oct 08:00, SMS 12 Oct 20:00: 2 d 12 h = 2.5 days.
        (
            "AC6",
            "contact",
            "C1",
            "U1",
            "sms",
            "outbound",
            datetime(2026, 10, 12, 20),
            datetime(2026, 10, 10, 8),
            approx(2.5),
        ),
        # L9 again, the manager's call 28 Oct 10:00: 23 days exactly.
        (
            "AC8",
            "lead",
            "L9",
            "U3",
            "call",
            "outbound",
            datetime(2026, 10, 28, 10),
            datetime(2026, 10, 5, 10),
            approx(23.0),
        ),
    ]


def test_lead_pool_holds_unconverted_leads_past_their_exclusive_period(warehouse):
    rows = query(
        warehouse,
        "select lead_id, previous_owner_user_id, created_at, exclusive_until, days_in_pool,"
        " channel, lead_type, current_status, as_of from marts.lead_pool order by lead_id",
    )
    # Exclusive for 30 days from created_at; days_in_pool = (1 Nov 00:00 − exclusive_until).
    # Never in the pool: L1 (converted on day 19), L7 (converted on day 29, 2 Oct 14:00,
    # though created 58 days before the as-of date), L6 (created 12 Oct: exclusive until
    # 11 Nov), L8 (created 21 Oct, 10 days before: until 20 Nov), L10 (25 Oct), L11 (deleted).
    assert rows == [
        # created 2 Sep 10:00 → until 2 Oct 10:00 → 29 d 14 h = 29 + 14/24 days.
        (
            "L2",
            "U1",
            datetime(2026, 9, 2, 10),
            datetime(2026, 10, 2, 10),
            approx(29 + 14 / 24),
            "paid_search",
            2,
            "lost",
            AS_OF,
        ),
        # created 5 Sep 08:00 → until 5 Oct 08:00 → 26 d 16 h = 26 + 16/24 days.
        (
            "L3",
            "U2",
            datetime(2026, 9, 5, 8),
            datetime(2026, 10, 5, 8),
            approx(26 + 16 / 24),
            "paid_social",
            4,
            "lost",
            AS_OF,
        ),
        # created 14 Sep 12:00 → until 14 Oct 12:00 → 17 d 12 h = 17.5 days.
        (
            "L4",
            "U2",
            datetime(2026, 9, 14, 12),
            datetime(2026, 10, 14, 12),
            approx(17.5),
            "events",
            3,
            "nurture",
            AS_OF,
        ),
        # created 20 Sep 11:00 → until 20 Oct 11:00 → 11 d 13 h = 11 + 13/24 days.
        (
            "L5",
            "U2",
            datetime(2026, 9, 20, 11),
            datetime(2026, 10, 20, 11),
            approx(11 + 13 / 24),
            "paid_search",
            2,
            "offer_sent",
            AS_OF,
        ),
        # created 28 Sep 12:00 (33.5 days before now) → until 28 Oct 12:00 → 3.5 days.
        (
            "L9",
            "U2",
            datetime(2026, 9, 28, 12),
            datetime(2026, 10, 28, 12),
            approx(3.5),
            "content",
            3,
            "nurture",
            AS_OF,
        ),
    ]
