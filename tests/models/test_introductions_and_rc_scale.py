"""The introductions and RC-scale marts against figures worked out by hand from
``tests/fixtures/rc_scale``.

Two nightly loads: ``2026-09-01`` lands the history, ``2026-09-30`` what changed in
September (O5 lost, S5 ended, INV11 paid, new activities, I7, L7). The as-of date is
2026-09-30, so ``rc_scale_current`` scores at T = 2026-10-01T00:00Z over the window
(2025-10-01T00:00Z, 2026-10-01T00:00Z]. Default formula: introductions 40 (cap 3), upsells
30 (cap 2), payments 20 (0.5 when none due), responsiveness 10 (0.5 when none); quality
weights 1.0/0.6/0.3/0.1, relevance weights 1.0/0.7/0.4/0.1.

Customer accounts (a billing customer each, all EUR) and what they do:

- A1, S1 active. Introductions: I1 via its contact C1 2026-03-16 (quality 1, relevance 2:
  0.7); I2 by A1 itself 2026-04-21 (2, 1: 0.6); I3 by A1 at 2025-10-01T00:00Z (1, 1: 1.0),
  exactly 365 days before T; I4 only from lead L1 (1, 2: 0.7), L1 converted to A1: never
  counts. Upsells: O2 won 2026-03-15, O3 lost. Invoices: INV1 on time (paid
  2026-02-01T00:30+01:00 = 01-31 23:30Z, due 01-31); INV2 paid 3 days late; INV3 500 of 800
  by due, the rest later; INV4 void; INV5 a credit note.
- A2, S2 active. No introductions; O10 a lost upsell. INV13 due 2025-10-01 (the instant
  T - 365 days: out of the window), unpaid; INV12 due 2026-10-15, after T.
- A3, S3 ended 2026-06-30 but S3B started 2026-07-10. I5 via C3 2026-02-11 (1, 1: 1.0), I6 by
  A3 2026-02-12 (1, 1: 1.0); O4 won 2026-02-10. INV7 on time; INV8 unpaid; INV9 disputed,
  unpaid; INV10 paid 2026-03-31T22:30-02:00 = 04-01 00:30Z, late for due 03-31.
- A4, S4 ended 2026-08-01, none active: churned (60 days before the as-of date). I8 via C4
  2025-11-02 (3, 3: 0.12); O9 won 2025-11-01; no invoices.
- A5, S5 ended 2026-09-15 (landed in the second load): not churned yet, 15 < 30 days.
  INV11 1200 paid 700 + 500 on or before its due date 09-10.
- A8 and A9 (S8, S9 active), the split payments (money used to be binary floating point,
  where 35.87 + 35.86 = 71.72999999999999 < 71.73): A8's INV14 of 71.73, due 2026-08-31, paid
  35.87 (08-10) + 35.86 (08-31 15:00Z, the due date) = exactly 71.73, on time; A9's INV15 of
  71.73, due 09-14, paid 35.87 (09-01) + 35.85 (09-14) = 71.72, a cent short: not in full.

A6 (prospect) and A7 (won from L5, not billed) have no billing customer. Sales contacts
(activity: account or contact, UTC instant, two-way?): A1 AC1 C1 2025-09-15 yes, AC2 A1
2025-12-01 no, AC3 C2 2026-04-02 yes, AC4 C1 and A1 2026-06-15 yes, AC7 C1 2026-09-25 yes;
A2 AC9 2025-08-20 yes, AC15 2025-10-15 no; A3 AC8 C3 2026-03-01 yes; A4 AC11 C4 2026-07-20
yes; A5 AC12 C6 2026-09-28 no, AC16 C6 2026-09-29 yes; A8 AC17 2026-09-03 yes; A9 AC18
2026-09-20 yes. Never scored: AC5 and AC10 (notes),
AC6 (soft-deleted), AC13 (prospect A6), AC14 (lead only).

Sales (owner, closed, outcome; introductions obtained on it): O1 U1 2025-06-10 won (I3);
O9 U2 2025-11-01 won (I8); O4 U2 2026-02-10 won (I5, I6); O2 U1 2026-03-15 won (I1, I4);
O3 U1 2026-04-20 lost (I2); O7 U2 2026-08-20 won, 30000 SEK (none); O10 U1 2026-09-15 lost
(none); O5 U2 2026-09-05 lost (none); O6 U2 2026-09-20 lost (I7, obtained by U1); O8 open;
O11 soft-deleted. Leads from introductions: L5 (I5, won as O7), L6 and L8 (I6), L7 (I7).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytest import approx

from tests.harness import build_fixture_warehouse, query, query_floats

FIXTURE = "rc_scale"
LAST_LOAD = "2026-09-30"

CURRENT_COLUMNS = (
    "account_id, as_of, rc_score, rc_level, introductions_component, upsells_component, "
    "payments_component, responsiveness_component, weakest_component, "
    "window_introduction_value, window_won_upsells, window_invoices_due, "
    "window_invoices_paid_on_time, window_sales_contacts, window_two_way_sales_contacts"
)
HISTORY_COLUMNS = CURRENT_COLUMNS.replace("as_of", "activity_id, occurred_at")

# One more introduction of the best kind (quality 1, relevance 1: weighted value 1.0) given
# by A1's contact C2 inside the window; added to the last load so the as-of date stays.
EXTRA_INTRODUCTION = {
    "introduction_id": "I9",
    "obtained_by_user_id": "U1",
    "from_contact_id": "C2",
    "opportunity_id": "O2",
    "kind": "closing",
    "quality_class": "1",
    "relevance_level": "1",
    "introduced_name": "Henrik Vestergaard",
    "introduced_company": "Vestergaard ApS",
    "obtained_at": "2026-09-15T10:00:00Z",
    "updated_at": "2026-09-15T10:00:00Z",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The fixture's two loads through the real nightly job, built once for the module."""
    return build_fixture_warehouse(FIXTURE, tmp_path_factory.mktemp("rc_scale"))


@pytest.fixture(scope="module")
def warehouse_with_extra_introduction(tmp_path_factory) -> Path:
    """The same landing tree with EXTRA_INTRODUCTION appended to the last load's file."""
    return build_fixture_warehouse(
        FIXTURE,
        tmp_path_factory.mktemp("rc_scale_extra_introduction"),
        added_rows={"crm/introductions": [EXTRA_INTRODUCTION]},
        into_load=LAST_LOAD,
    )


def approx_rows(expected: list[tuple]) -> list:
    """Each expected row under approx (floats compared approximately, the rest exactly)."""
    return [approx(row) for row in expected]


def current(warehouse: Path) -> list[tuple]:
    return query_floats(
        warehouse, f"select {CURRENT_COLUMNS} from marts.rc_scale_current order by 1"
    )


AS_OF = date(2026, 9, 30)

# rc_scale_current, worked out by hand (T = 2026-10-01T00:00Z; score = 100 x sum / 100).
EXPECTED_CURRENT = [
    # introductions: I1 0.7 (contact C1) + I2 0.6 (A1 itself) = 1.3 -> 1.3 / 3 = 0.4333;
    #   I3 at 2025-10-01T00:00Z is exactly T - 365 days: out; I4 only from lead L1: never;
    # upsells: O2 won 2026-03-15 -> 1 / 2 = 0.5 (O3 lost, O1 a new sale);
    # payments: INV1 on time, INV2 late, INV3 partial by due; INV4 void and INV5 credit
    #   note never due -> 1 / 3;
    # responsiveness: AC2 no, AC3 yes, AC4 yes, AC7 yes (AC1 out, AC5 note, AC6 deleted) -> 3/4;
    # score = 40 x 1.3/3 + 30 x 0.5 + 20 x 1/3 + 10 x 0.75 = 17.333 + 15 + 6.667 + 7.5 = 46.5;
    # gaps 40 x (1 - 0.4333) = 22.67, 15, 13.33, 2.5 -> introductions
    ("A1", AS_OF, 46.5, "neutral", 1.3 / 3, 0.5, 1 / 3, 0.75, "introductions",
     1.3, 1, 3, 1, 4, 3),
    # no introductions, no upsells; no invoice due in the window (INV13 due at the instant
    #   T - 365 days, INV12 after T) -> payments 0.5; AC15 (no) the only contact in window,
    #   AC10 a note -> 0 / 1 = 0;
    # score = 0 + 0 + 20 x 0.5 + 10 x 0 = 10 -> cold; gaps 40, 30, 10, 10 -> introductions
    ("A2", AS_OF, 10.0, "cold", 0.0, 0.0, 0.5, 0.0, "introductions", 0.0, 0, 0, 0, 1, 0),
    # introductions: I5 (via C3) 1.0 + I6 (A3) 1.0 = 2.0 -> 2/3; upsells: O4 -> 0.5;
    # payments: INV7 on time; INV8, INV9 unpaid; INV10 paid 04-01 00:30Z, late -> 1/4;
    # responsiveness: AC8 yes -> 1; score = 26.667 + 15 + 5 + 10 = 56.667 -> warm;
    # gaps 40 x 1/3 = 13.33, 30 x 0.5 = 15, 20 x 0.75 = 15, 0: a tie -> upsells (first)
    ("A3", AS_OF, 170 / 3, "warm", 2 / 3, 0.5, 0.25, 1.0, "upsells", 2.0, 1, 4, 1, 1, 1),
    # A4 churned (S4 ended 2026-08-01, 2026-08-01 + 30 days <= 2026-09-30, none active)
    # A5: payments INV11 700 + 500 = 1200 by due -> 1; AC12 no, AC16 yes -> 1/2;
    # score = 0 + 0 + 20 + 5 = 25 exactly -> neutral (a band includes its lower bound)
    ("A5", AS_OF, 25.0, "neutral", 0.0, 0.0, 1.0, 0.5, "introductions", 0.0, 0, 1, 1, 2, 1),
    # A8: INV14 71.73 paid 35.87 + 35.86 by its due date: in full -> 1 / 1; AC17 yes -> 1;
    # score = 0 + 0 + 20 + 10 = 30 -> neutral; gaps 40, 30, 0, 0 -> introductions
    ("A8", AS_OF, 30.0, "neutral", 0.0, 0.0, 1.0, 1.0, "introductions", 0.0, 0, 1, 1, 1, 1),
    # A9: INV15 71.73 paid 35.87 + 35.85 = 71.72 by its due date: a cent short -> 0 / 1;
    # AC18 yes -> 1; score = 0 + 0 + 0 + 10 = 10 -> cold; gaps 40, 30, 20, 0 -> introductions
    ("A9", AS_OF, 10.0, "cold", 0.0, 0.0, 0.0, 1.0, "introductions", 0.0, 0, 1, 0, 1, 1),
]


# ---- the fixture itself ---------------------------------------------------------------------


def test_fixture_lands_every_row_without_quarantine(warehouse):
    report = query_floats(
        warehouse,
        "select load_date, sum(rows_landed), sum(rows_quarantined) from marts.load_report "
        "group by load_date order by load_date",
    )
    assert [(str(d), quarantined) for d, _, quarantined in report] == [
        ("2026-09-01", 0),
        ("2026-09-30", 0),
    ]
    assert query(warehouse, "select as_of from intermediate.int_run_as_of") == [(AS_OF,)]


# ---- rc_scale_current -----------------------------------------------------------------------


def test_rc_scale_current_scores_every_customer_account_that_has_not_churned(warehouse):
    assert current(warehouse) == approx_rows(EXPECTED_CURRENT)


def test_churned_account_is_absent_from_current_but_keeps_its_history(warehouse):
    churn = query_floats(
        warehouse,
        "select account_id, active_subscriptions, last_ended_on, churned_on "
        "from intermediate.int_customer_accounts order by account_id",
    )
    assert churn == [
        ("A1", 1, None, None),
        ("A2", 1, None, None),
        # S3 ended, but S3B started 10 days later and is active
        ("A3", 1, date(2026, 6, 30), None),
        # 2026-08-01 + 30 days = 2026-08-31 <= as-of 2026-09-30, nothing active: churned
        ("A4", 0, date(2026, 8, 1), date(2026, 8, 1)),
        # 2026-09-15 + 30 days = 2026-10-15 > as-of: not churned (yet)
        ("A5", 0, date(2026, 9, 15), None),
        # the split-payment accounts (added to the fixture later), S8 and S9 active
        ("A8", 1, None, None),
        ("A9", 1, None, None),
    ]
    assert "A4" not in [r[0] for r in current(warehouse)]
    history = "select activity_id from marts.rc_scale_history where account_id = 'A4'"
    assert query_floats(warehouse, history) == [("AC11",)]


def test_one_top_introduction_raises_the_score_by_40_thirds(
    warehouse, warehouse_with_extra_introduction
):
    before = {r[0]: r for r in current(warehouse)}
    after = {r[0]: r for r in current(warehouse_with_extra_introduction)}
    # A1's introductions go from 1.3 to 2.3 (still below the cap 3): the score rises by
    # 100 x 40 x (1.0 / 3) / 100 = 13.333..., 46.5 -> 59.833 (warm); the gaps become
    # 40 x (1 - 2.3/3) = 9.33, 15, 13.33, 2.5 -> upsells is now the weakest
    assert after["A1"][2] - before["A1"][2] == approx(40 / 3)
    assert after["A1"] == approx(
        ("A1", AS_OF, 46.5 + 40 / 3, "warm", 2.3 / 3, 0.5, 1 / 3, 0.75, "upsells",
         2.3, 1, 3, 1, 4, 3)
    )
    # nobody else changes
    assert {k: v for k, v in after.items() if k != "A1"} == {
        k: approx(v) for k, v in before.items() if k != "A1"
    }


# ---- rc_scale_history -----------------------------------------------------------------------


def test_rc_scale_history_scores_each_sales_contact_as_of_its_own_instant(warehouse):
    got = query_floats(
        warehouse,
        f"select {HISTORY_COLUMNS} from marts.rc_scale_history order by account_id, occurred_at",
    )
    assert [(r[0], r[1], r[2].isoformat()) + r[3:] for r in got] == approx_rows([
        # T = 2025-09-15T10:00: nothing given, bought or due yet; AC1 itself two-way -> 1/1;
        # 0 + 0 + 20 x 0.5 + 10 x 1 = 20 -> cold; gaps 40, 30, 10, 0 -> introductions
        ("A1", "AC1", "2025-09-15T10:00:00", 20.0, "cold", 0.0, 0.0, 0.5, 1.0,
         "introductions", 0.0, 0, 0, 0, 1, 1),
        # T = 2025-12-01T09:00: I3 1.0 -> 1/3; AC1 yes, AC2 no -> 1/2;
        # 13.333 + 0 + 10 + 5 = 28.333 -> neutral; gaps 26.67, 30, 10, 5 -> upsells
        ("A1", "AC2", "2025-12-01T09:00:00", 85 / 3, "neutral", 1 / 3, 0.0, 0.5, 0.5,
         "upsells", 1.0, 0, 0, 0, 2, 1),
        # T = 2026-04-02T14:00: I3 1.0 + I1 0.7 = 1.7 (I4, lead only, never) -> 1.7/3;
        # O2 -> 1/2; INV1 on time, INV2 due 03-31 paid 04-03 -> 1/2; AC1, AC2, AC3 -> 2/3;
        # 22.667 + 15 + 10 + 6.667 = 54.333 -> warm; gaps 17.33, 15, 10, 3.33 -> introductions
        ("A1", "AC3", "2026-04-02T14:00:00", 163 / 3, "warm", 1.7 / 3, 0.5, 0.5, 2 / 3,
         "introductions", 1.7, 1, 2, 1, 3, 2),
        # T = 2026-06-15T08:00: I3 + I1 + I2 = 2.3; O2; INV1 yes, INV2 no, INV3 (500 of 800
        # by due) no -> 1/3; AC1..AC4 (AC4 names C1 and A1: one contact) 3 of 4 two-way;
        # 30.667 + 15 + 6.667 + 7.5 = 59.833 -> warm; gaps 9.33, 15, 13.33, 2.5 -> upsells
        ("A1", "AC4", "2026-06-15T08:00:00", 359 / 6, "warm", 2.3 / 3, 0.5, 1 / 3, 0.75,
         "upsells", 2.3, 1, 3, 1, 4, 3),
        # T = 2026-09-25T16:00: I3 (2025-10-01) still inside -> 2.3; INV4 void, INV5 credit
        # note never due -> 1/3; AC1 out, AC2 no, AC3, AC4, AC7 yes (AC5 note, AC6 deleted)
        # -> 3/4; same 59.833 -> warm, upsells
        ("A1", "AC7", "2026-09-25T16:00:00", 359 / 6, "warm", 2.3 / 3, 0.5, 1 / 3, 0.75,
         "upsells", 2.3, 1, 3, 1, 4, 3),
        # T = 2025-08-20T10:00: nothing due yet; AC9 two-way -> 0 + 0 + 10 + 10 = 20 -> cold
        ("A2", "AC9", "2025-08-20T10:00:00", 20.0, "cold", 0.0, 0.0, 0.5, 1.0,
         "introductions", 0.0, 0, 0, 0, 1, 1),
        # T = 2025-10-15T09:00: INV13 due 2025-10-01, unpaid -> 0/1; AC9 yes, AC15 no -> 1/2;
        # 0 + 0 + 0 + 5 = 5 -> cold; gaps 40, 30, 20, 5 -> introductions
        ("A2", "AC15", "2025-10-15T09:00:00", 5.0, "cold", 0.0, 0.0, 0.0, 0.5,
         "introductions", 0.0, 0, 1, 0, 2, 1),
        # T = 2026-03-01T10:00: I5 + I6 = 2.0 -> 2/3; O4 -> 1/2; INV7 yes, INV8 and INV9
        # no -> 1/3 (INV10 due later); AC8 yes -> 1; 26.667 + 15 + 6.667 + 10 = 58.333 ->
        # warm; gaps 13.33, 15, 13.33, 0 -> upsells
        ("A3", "AC8", "2026-03-01T10:00:00", 175 / 3, "warm", 2 / 3, 0.5, 1 / 3, 1.0,
         "upsells", 2.0, 1, 3, 1, 1, 1),
        # T = 2026-07-20T10:00 (A4 churned later, its history stays): I8 0.3 x 0.4 = 0.12
        # -> 0.04; O9 -> 1/2; nothing due -> 0.5; AC11 yes -> 1;
        # 1.6 + 15 + 10 + 10 = 36.6 -> neutral; gaps 38.4, 15, 10, 0 -> introductions
        ("A4", "AC11", "2026-07-20T10:00:00", 36.6, "neutral", 0.04, 0.5, 0.5, 1.0,
         "introductions", 0.12, 1, 0, 0, 1, 1),
        # T = 2026-09-28T09:00: INV11 paid in full by due -> 1; AC12 no -> 0;
        # 0 + 0 + 20 + 0 = 20 -> cold
        ("A5", "AC12", "2026-09-28T09:00:00", 20.0, "cold", 0.0, 0.0, 1.0, 0.0,
         "introductions", 0.0, 0, 1, 1, 1, 0),
        # T = 2026-09-29T09:00: AC12 no, AC16 yes -> 1/2; 20 + 5 = 25 -> neutral
        ("A5", "AC16", "2026-09-29T09:00:00", 25.0, "neutral", 0.0, 0.0, 1.0, 0.5,
         "introductions", 0.0, 0, 1, 1, 2, 1),
        # the split-payment accounts (added to the fixture later):
        # T = 2026-09-03T10:00: INV14 due 08-31, 35.87 + 35.86 = 71.73 by due -> 1; AC17 yes
        # -> 1; 20 + 10 = 30 -> neutral
        ("A8", "AC17", "2026-09-03T10:00:00", 30.0, "neutral", 0.0, 0.0, 1.0, 1.0,
         "introductions", 0.0, 0, 1, 1, 1, 1),
        # T = 2026-09-20T10:00: INV15 due 09-14, 35.87 + 35.85 = 71.72 by due -> 0; AC18 yes
        # -> 1; 0 + 10 = 10 -> cold
        ("A9", "AC18", "2026-09-20T10:00:00", 10.0, "cold", 0.0, 0.0, 0.0, 1.0,
         "introductions", 0.0, 0, 1, 0, 1, 1),
    ])


def test_notes_deleted_activities_and_contacts_outside_customers_are_never_scored(warehouse):
    scored = {r[0] for r in query(warehouse, "select activity_id from marts.rc_scale_history")}
    # AC5, AC10 notes; AC6 soft-deleted; AC13 with prospect A6's contact; AC14 only a lead
    assert scored.isdisjoint({"AC5", "AC6", "AC10", "AC13", "AC14"})
    # 11 contacts of A1-A5, plus AC17 (A8) and AC18 (A9) of the split-payment accounts
    assert len(scored) == 13


# ---- the introductions and payments rules behind the components -----------------------------


def test_introduction_counts_for_the_account_or_its_contact_but_never_through_a_lead(warehouse):
    givers = query_floats(
        warehouse,
        "select introduction_id, giver_account_id, weighted_value "
        "from intermediate.int_introductions order by introduction_id",
    )
    assert givers == approx_rows([
        ("I1", "A1", 0.7),  # from contact C1 of A1: 1.0 x 0.7
        ("I2", "A1", 0.6),  # from A1 itself: 0.6 x 1.0
        ("I3", "A1", 1.0),  # from A1 itself: 1.0 x 1.0
        ("I4", None, 0.7),  # only from lead L1 (converted to A1): no giver, never counts
        ("I5", "A3", 1.0),  # from contact C3 of A3
        ("I6", "A3", 1.0),
        ("I7", "A6", 0.01),  # a prospect: counts for nobody's RC-scale, 0.1 x 0.1
        ("I8", "A4", 0.12),  # from contact C4 of A4: 0.3 x 0.4
    ])


def test_void_invoices_and_credit_notes_never_fall_due_and_partial_payment_is_not_in_full(
    warehouse,
):
    invoices = query_floats(
        warehouse,
        "select invoice_id, account_id, is_due_kind, paid_amount, paid_by_due_amount, "
        "is_paid_on_time, is_paid_in_full from intermediate.int_invoice_payments "
        "order by invoice_id",
    )
    assert sorted(invoices) == approx_rows(sorted([
        # paid 2026-02-01T00:30+01:00 = 2026-01-31T23:30Z: the UTC date is the due date
        ("INV1", "A1", True, 1000.0, 1000.0, 1, 1),
        # paid in full, 3 days after due
        ("INV2", "A1", True, 500.0, 0.0, 0, 1),
        # 500 of 800 by due, 300 after: in full, but not on time
        ("INV3", "A1", True, 800.0, 500.0, 0, 1),
        ("INV4", "A1", False, 0.0, 0.0, 0, 0),  # void
        ("INV5", "A1", False, 0.0, 0.0, 0, 0),  # credit note
        ("INV7", "A3", True, 1000.0, 1000.0, 1, 1),
        ("INV8", "A3", True, 0.0, 0.0, 0, 0),
        ("INV9", "A3", True, 0.0, 0.0, 0, 0),  # disputed: still due
        # paid 2026-03-31T22:30-02:00 = 2026-04-01T00:30Z, after due 03-31
        ("INV10", "A3", True, 1000.0, 0.0, 0, 1),
        # 700 + 500 = 1200, both on or before due 09-10
        ("INV11", "A5", True, 1200.0, 1200.0, 1, 1),
        ("INV12", "A2", True, 0.0, 0.0, 0, 0),
        ("INV13", "A2", True, 0.0, 0.0, 0, 0),
        # the split payments (added to the fixture later): 35.87 + 35.86 = 71.73 exactly, by
        # due (the second on the due date itself) -> in full and on time
        ("INV14", "A8", True, 71.73, 71.73, 1, 1),
        # 35.87 + 35.85 = 71.72, a cent short of 71.73 -> neither
        ("INV15", "A9", True, 71.72, 71.72, 0, 0),
    ]))


def test_split_payments_that_add_up_exactly_pay_in_full_and_a_cent_short_does_not(warehouse):
    # In binary floating point 35.87 + 35.86 = 71.72999999999999 < 71.73 and A8's invoice
    # counted as unpaid (payments 0, score 10, cold). Exact money: A8 pays in full on time.
    payments = "payments_component, rc_score, rc_level, window_invoices_paid_on_time"
    got = query_floats(
        warehouse,
        f"select account_id, {payments} from marts.rc_scale_current "
        "where account_id in ('A8', 'A9') order by 1",
    )
    # A8: 20 x 1 + 10 x 1 (AC17 two-way) = 30; A9: 20 x 0 + 10 x 1 = 10
    assert got == approx_rows([("A8", 1.0, 30.0, "neutral", 1), ("A9", 0.0, 10.0, "cold", 0)])
    history = query_floats(
        warehouse,
        f"select account_id, activity_id, {payments} from marts.rc_scale_history "
        "where account_id in ('A8', 'A9') order by 1",
    )
    # the same figures at AC17 (09-03, after INV14's due date) and AC18 (09-20, after INV15's)
    assert history == approx_rows([
        ("A8", "AC17", 1.0, 30.0, "neutral", 1),
        ("A9", "AC18", 0.0, 10.0, "cold", 0),
    ])


def test_account_with_no_invoice_due_in_the_window_scores_payments_one_half(warehouse):
    (a2,) = [r for r in current(warehouse) if r[0] == "A2"]
    # INV13 due 2025-10-01 = the instant T - 365 days (window open there); INV12 due after T
    assert (a2[6], a2[11]) == (0.5, 0)


def test_weakest_component_tie_goes_to_the_first_in_table_order(warehouse):
    (a3,) = [r for r in current(warehouse) if r[0] == "A3"]
    upsells_gap = 30 * (1 - a3[5])  # 30 x (1 - 0.5) = 15
    payments_gap = 20 * (1 - a3[6])  # 20 x (1 - 0.25) = 15
    assert upsells_gap == payments_gap == 15.0
    assert a3[8] == "upsells"


# ---- introductions marts --------------------------------------------------------------------


def test_introduction_quality_matrix_in_full(warehouse):
    got = query_floats(
        warehouse,
        "select month, obtained_by_user_id, kind, quality_class, relevance_level, "
        "introductions, weighted_value, leads_created, leads_won, won_revenue_eur "
        "from marts.introduction_quality order by 1, 2, 3, 4, 5",
    )
    assert got == approx_rows([
        # I3 obtained 2025-10-01T00:00Z by U1 after O1
        (date(2025, 10, 1), "U1", "closing", 1, 1, 1, 1.0, 0, 0, 0.0),
        # I8: 0.3 x 0.4 = 0.12
        (date(2025, 11, 1), "U2", "closing", 3, 3, 1, 0.12, 0, 0, 0.0),
        # I5 + I6: 1.0 + 1.0; leads L5 (I5), L6 and L8 (I6) = 3; L5 won as O7:
        # 30000 SEK closed 2026-08-20 at the 2026-08-15 rate 0.088 = 2640.0
        (date(2026, 2, 1), "U2", "closing", 1, 1, 2, 2.0, 3, 1, 2640.0),
        # I1 (contact C1) + I4 (lead L1): a lead-only introduction still counts here
        (date(2026, 3, 1), "U1", "closing", 1, 2, 2, 1.4, 0, 0, 0.0),
        # I2 after the lost O3: 0.6 x 1.0
        (date(2026, 4, 1), "U1", "compensation", 2, 1, 1, 0.6, 0, 0, 0.0),
        # I7 after the lost O6: 0.1 x 0.1; its lead L7 not converted
        (date(2026, 9, 1), "U1", "compensation", 4, 4, 1, 0.01, 1, 0, 0.0),
    ])


def test_seller_introductions_monthly_in_full(warehouse):
    got = query_floats(
        warehouse,
        "select month, user_id, finished_sales, won_sales, introductions, "
        "introductions_per_finished_sale, empty_handed_sales, empty_handed_rate "
        "from marts.seller_introductions_monthly order by 1, 2",
    )
    assert got == approx_rows([
        (date(2025, 6, 1), "U1", 1, 1, 1, 1.0, 0, 0.0),  # O1 won, I3
        (date(2025, 11, 1), "U2", 1, 1, 1, 1.0, 0, 0.0),  # O9 won, I8
        (date(2026, 2, 1), "U2", 1, 1, 2, 2.0, 0, 0.0),  # O4 won, I5 + I6
        (date(2026, 3, 1), "U1", 1, 1, 2, 2.0, 0, 0.0),  # O2 won, I1 + I4
        # O3 lost but got I2: not empty-handed
        (date(2026, 4, 1), "U1", 1, 0, 1, 1.0, 0, 0.0),
        # O7 won without an introduction: not empty-handed either
        (date(2026, 8, 1), "U2", 1, 1, 0, 0.0, 0, 0.0),
        # O10 lost, no introduction: 1 / 1 empty-handed (O11 soft-deleted, O8 open)
        (date(2026, 9, 1), "U1", 1, 0, 0, 0.0, 1, 1.0),
        # O5 lost empty-handed; O6 lost with I7 (obtained by U1, counts for owner U2):
        # 1 introduction / 2 sales = 0.5; 1 / 2 empty-handed = 0.5
        (date(2026, 9, 1), "U2", 2, 0, 1, 0.5, 1, 0.5),
    ])
