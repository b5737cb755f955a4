"""The early-warning marts (issue 8) on ``tests/fixtures/risk``, against figures worked out by
hand, plus the no-look-ahead guarantee and the honest "too few churned accounts" run.

The tree has two loads; the as-of date is the newer one, 2026-07-01, so the as-of month
2026-07 is observed at the end of the as-of day, 2026-07-02 00:00 UTC. Every other month is
observed at its end, 00:00 UTC of the next month's first day; "12m" is
[observed_at − 12 months, observed_at), and likewise 3m and 6m. All money is EUR.

- ``2026-04-01`` lands everything up to then: users U1, U2; accounts A1-A4 (A4 a prospect
  without a billing customer); contacts C1, C2 (A1, C2 created 2026-01-15), C3, C5 (A2, C5
  created 2026-03-20), C4 (A3); customers CU1 → A1, CU2 → A2, CU3 → A3; subscriptions
  S1 (A1, from 2024-01-01), S2 (A2, from 2024-07-01), S3 (A3, 2024-03-01 → 2026-01-20: A3
  churns on 2026-01-20); invoices, payments, activities, support cases, opportunities below.
- ``2026-07-01``: invoices INV111 (A1) and INV210 (A2) of 2026-04-01 with their payments, a
  new version of INV208 marking it ``disputed`` (updated_at 2026-05-12), calls AC106 (A1,
  2026-06-20 12:00, two-way) and AC204 (A2, 2026-06-15), support case SC202 (A2, 04-15).

A1 (CU1) invoices — issued, due, amount, payment (UTC):
  INV101 2024-01-01 due 01-31 1000, INV102 2024-04-01 due 05-01 1000, INV103 2024-07-01 due
  07-31 1000, INV104 2024-10-01 due 10-31 1000: each paid a few days before due
  INV105 2025-01-01 due 01-31 1200: 600 on 01-20, 600 on 02-10 12:00 → in full 02-10, late
  INV106 2025-04-01 due 05-01 1200: paid 2025-05-01T00:30+02:00 = 04-30 22:30 UTC, on time
  INV107 2025-07-01 due 07-31 1200: paid 08-03 06:00 → 3 days 6 h = 3.25 days late
  INV108 2025-10-01 due 10-31 1200: paid 2025-10-31T23:30-01:00 = 11-01 00:30 UTC: late by
         the UTC date, 1 day 30 min = 1 + 1/48 days
  INV109V 2025-11-15 500: void (never revenue, never due)
  INV109 2026-01-01 due 01-31 900: paid 02-05 12:00 → 5.5 days late
  INV110 credit note 2026-02-10 150 (counts −150)
  INV111 2026-04-01 due 05-01 900: paid 04-28, on time (second load)
  Gaps between invoices (days): 91, 91, 92, 92, 90, 91, 92, 92, then 90 to INV111.
A1 activities (sales contacts unless said): AC099 call 2024-10-20 10:00 two-way; AC100 call
  2025-09-15 two-way; AC101 call with contact C1 only (→ A1) 2025-12-10 two-way; AC102 email
  2026-01-20; AC103 meeting 2026-02-12 14:00 two-way; AC104 note 02-20 (not a sales
  contact); AC105 call 02-25 not reached; AC106 call 2026-06-20 12:00 two-way; AC110 email
  2025-10-20 on opportunity O102 (a sales contact, but not account management).
A1 support cases opened SC099 2024-12-05, SC100 2025-10-10, SC101 2026-01-05, SC102 02-18.
A1 opportunities: O101 upsell created 2025-09-01, lost 2025-11-20; O102 created 2025-10-15,
  still open.

A2 (CU2) invoices: INV201 2024-07-01 2000, INV202 2024-10-01 2000, INV203 2025-01-01 2000,
  INV204 2025-04-01 (due 04-30) 2000, INV205 2025-07-01 2000, INV206 2025-10-01 1500,
  INV207 2026-01-01 1500 — each paid before due; credit note INV209 2025-12-05 300;
  INV208 2026-03-01 due 03-31 1500, never paid, open in load 1 and disputed from
  2026-05-12 (load 2); INV210 2026-04-01 due 04-30 1500, paid 04-30 16:00 (on the due day).
  Gaps: 92, 92, 90, 91, 92, 92, 59 (to INV208), 31 (to INV210).
A2 activities: AC201 meeting 2025-11-05 09:00 two-way; AC202 email with contact C3 only
  2026-02-10; AC203 call 2026-03-20 not reached; AC204 call 2026-06-15 two-way.
A2 support cases SC201 2026-03-10, SC202 2026-04-15. O201 upsell created 2026-02-01 10:00,
  open.

A3 has a few invoices, one contact and a support case; it churns on 2026-01-20. Only three
accounts are customers and one churned, so the run cannot train a model. A3 (CU3) invoices:
  INV301 2024-03-01, INV302 2024-09-01, INV303 2025-03-01 (due 03-31), 800 each, paid
  before due; INV304 2025-09-01 due 10-01 800, paid 10-20 10:00 (19 d 10 h late); the split
  payments: INV305 and INV306 2025-11-01 due 11-30, 71.73 each, both paid 35.87 on 11-10;
  INV305's 35.86 on 11-25 pays it in full on time, INV306's 35.85 leaves it a cent short.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pytest import approx

from tests.harness import build_fixture_warehouse, query, query_floats

FEATURE_COLUMNS = [
    "account_id",
    "month",
    "observed_at",
    "invoiced_12m_eur",
    "invoiced_prev_12m_eur",
    "invoiced_change_ratio",
    "days_since_last_invoice",
    "median_invoice_gap_days",
    "invoice_rhythm_ratio",
    "invoices_due_12m",
    "late_payments_12m",
    "avg_days_late_12m",
    "credit_notes_12m",
    "disputed_invoices_12m",
    "support_cases_3m",
    "support_cases_prev_3m",
    "support_cases_trend",
    "sales_contacts_3m",
    "sales_contacts_prev_3m",
    "sales_contacts_trend",
    "two_way_contacts_3m",
    "two_way_contacts_prev_3m",
    "two_way_contacts_trend",
    "days_since_two_way_contact",
    "no_recent_two_way_contact",
    "new_contacts_3m",
    "lost_opportunities_6m",
    "stale_open_opportunities",
]
FEATURES_TABLE = "intermediate.int_account_features_monthly"
SELECT_FEATURES = f"select {', '.join(FEATURE_COLUMNS)} from {FEATURES_TABLE}"

LAST_LOAD = "2026-07-01"
# The month M of the no-look-ahead test: the changed rows are all dated at or after M's
# first instant, so every month before M (observed at or before 2026-05-01 00:00) must not
# change.
M = date(2026, 5, 1)

# Rows dated at or after 2026-05-01 00:00 UTC, added to the last load (same as-of date).
LATER_ROWS = {
    "billing/invoices": [
        # a new A1 invoice issued exactly at M's first instant: after April's end
        {
            "invoice_id": "INV112",
            "customer_id": "CU1",
            "invoice_type": "invoice",
            "issued_on": "2026-05-01",
            "due_on": "2026-05-31",
            "amount": "800.00",
            "currency": "EUR",
            "status": "open",
            "updated_at": "2026-05-01T08:00:00Z",
        },
        # a later dispute of A1's January invoice (inside April's 12-month window)
        {
            "invoice_id": "INV109",
            "customer_id": "CU1",
            "invoice_type": "invoice",
            "issued_on": "2026-01-01",
            "due_on": "2026-01-31",
            "amount": "900.00",
            "currency": "EUR",
            "status": "disputed",
            "updated_at": "2026-06-03T10:00:00Z",
        },
        # A2's unpaid INV208 is paid after all, late
        {
            "invoice_id": "INV208",
            "customer_id": "CU2",
            "invoice_type": "invoice",
            "issued_on": "2026-03-01",
            "due_on": "2026-03-31",
            "amount": "1500.00",
            "currency": "EUR",
            "status": "paid",
            "updated_at": "2026-05-20T10:00:00Z",
        },
    ],
    "billing/payments": [
        {
            "payment_id": "PM208",
            "invoice_id": "INV208",
            "paid_at": "2026-05-20T10:00:00Z",
            "amount": "1500.00",
            "currency": "EUR",
        },
    ],
    "billing/subscriptions": [
        # A2 gives notice: its subscription ends 2026-06-30
        {
            "subscription_id": "S2",
            "customer_id": "CU2",
            "product_id": "P1",
            "started_on": "2024-07-01",
            "ended_on": "2026-06-30",
            "mrr": "600.00",
            "currency": "EUR",
            "updated_at": "2026-06-30T12:00:00Z",
        },
    ],
    "crm/activities": [
        # exactly at April's observed_at: belongs to May
        {
            "activity_id": "AC107",
            "activity_type": "call",
            "direction": "inbound",
            "user_id": "U1",
            "account_id": "A1",
            "occurred_at": "2026-05-01T00:00:00Z",
            "duration_minutes": "10",
            "is_two_way": "true",
            "updated_at": "2026-05-01T00:10:00Z",
            "is_deleted": "false",
        },
        {
            "activity_id": "AC205",
            "activity_type": "meeting",
            "direction": "outbound",
            "user_id": "U2",
            "contact_id": "C5",
            "occurred_at": "2026-05-25T10:00:00Z",
            "duration_minutes": "60",
            "is_two_way": "true",
            "updated_at": "2026-05-25T11:00:00Z",
            "is_deleted": "false",
        },
    ],
    "crm/support_cases": [
        {
            "case_id": "SC203",
            "account_id": "A2",
            "contact_id": "C3",
            "category": "billing",
            "priority": "urgent",
            "opened_at": "2026-05-15T10:00:00Z",
            "updated_at": "2026-05-15T10:00:00Z",
        },
    ],
    "crm/contacts": [
        {
            "contact_id": "C6",
            "account_id": "A1",
            "first_name": "Bodil",
            "last_name": "Dam",
            "email": "bodil@hansen.example",
            "created_at": "2026-05-05T10:00:00Z",
            "updated_at": "2026-05-05T10:00:00Z",
            "is_deleted": "false",
        },
    ],
    "crm/opportunities": [
        # A2's open upsell is lost after M, and A1 gets a new one
        {
            "opportunity_id": "O201",
            "account_id": "A2",
            "owner_user_id": "U2",
            "process": "upsell",
            "lead_type": "1",
            "product_id": "P2",
            "amount": "6000.00",
            "currency": "EUR",
            "created_at": "2026-02-01T10:00:00Z",
            "closed_at": "2026-05-20T10:00:00Z",
            "outcome": "lost",
            "loss_reason": "Price",
            "updated_at": "2026-05-20T10:00:00Z",
            "is_deleted": "false",
        },
        {
            "opportunity_id": "O103",
            "account_id": "A1",
            "owner_user_id": "U1",
            "process": "upsell",
            "lead_type": "2",
            "product_id": "P2",
            "amount": "3000.00",
            "currency": "EUR",
            "created_at": "2026-06-01T10:00:00Z",
            "outcome": "open",
            "updated_at": "2026-06-01T10:00:00Z",
            "is_deleted": "false",
        },
    ],
}

# A later void of A1's INV107 (issued 2025-07-01), recorded 2026-06-10: also dated after M.
LATER_VOID = {
    "billing/invoices": [
        {
            "invoice_id": "INV107",
            "customer_id": "CU1",
            "invoice_type": "invoice",
            "issued_on": "2025-07-01",
            "due_on": "2025-07-31",
            "amount": "1200.00",
            "currency": "EUR",
            "status": "void",
            "updated_at": "2026-06-10T09:00:00Z",
        },
    ],
}


def with_later_rows(tmp_dir: Path, later: dict[str, list[dict]]) -> Path:
    """The fixture's warehouse with ``later`` rows added to the last load (same as-of date)."""
    return build_fixture_warehouse("risk", tmp_dir, added_rows=later, into_load=LAST_LOAD)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The fixture's two loads through the real nightly job, built once for the module."""
    return build_fixture_warehouse("risk", tmp_path_factory.mktemp("risk"))


@pytest.fixture(scope="module")
def later_warehouse(tmp_path_factory) -> Path:
    """The same loads and as-of date, with only rows dated at or after M changed or added."""
    return with_later_rows(tmp_path_factory.mktemp("risk_later"), LATER_ROWS)


@pytest.fixture(scope="module")
def later_void_warehouse(tmp_path_factory) -> Path:
    """The same loads and as-of date, with A1's INV107 voided after M."""
    return with_later_rows(tmp_path_factory.mktemp("risk_void"), LATER_VOID)


def expected(**values) -> tuple:
    """One expected row of account_features_monthly, in column order, floats approximate."""
    assert list(values) == FEATURE_COLUMNS
    return tuple(approx(v) if isinstance(v, float) else v for v in values.values())


def features_before(warehouse: Path, month: date) -> list[tuple]:
    """Every feature row (all columns) of the months before ``month``, by account and month."""
    return query_floats(
        warehouse,
        f"select * from {FEATURES_TABLE} where month < ? order by account_id, month",
        [month],
    )


def same_as(expected_rows: list[tuple]) -> list[tuple]:
    """Rows to compare with, floats up to summation-order noise (an average of the same
    values added in another order may differ in the last bit), everything else exactly."""
    return [
        tuple(approx(v, rel=1e-12, abs=1e-12) if isinstance(v, float) else v for v in row)
        for row in expected_rows
    ]


# ---- hand-computed features ---------------------------------------------------------------


def test_features_of_hand_picked_account_months_match_the_hand_computed_figures(warehouse):
    got = query_floats(
        warehouse,
        f"{SELECT_FEATURES} where (account_id = 'A1' and month in "
        "(date '2025-01-01', date '2026-02-01', date '2026-07-01')) or (account_id = 'A2' "
        "and month in (date '2026-03-01', date '2026-04-01', date '2026-05-01')) order by 1, 2",
    )
    assert got == [
        expected(
            account_id="A1",
            month=date(2025, 1, 1),
            observed_at=datetime(2025, 2, 1),
            # 12m [2024-02-01, 2025-02-01): INV102-INV104 3 x 1000 + INV105 1200 = 4200;
            # prev [2023-02-01, 2024-02-01): INV101 1000; change (4200 - 1000) / 1000 = 3.2
            invoiced_12m_eur=4200.0,
            invoiced_prev_12m_eur=1000.0,
            invoiced_change_ratio=3.2,
            # last invoice 2025-01-01 -> 02-01 = 31 days; gaps 91, 91, 92, 92 -> median 91.5
            days_since_last_invoice=31.0,
            median_invoice_gap_days=91.5,
            invoice_rhythm_ratio=31 / 91.5,
            # due in [2024-02-01, 2025-02-01): INV102, INV103, INV104, INV105 (INV101's
            # 2024-01-31 is out). INV105 had 600 of 1200 by 02-01 (the rest came 02-10):
            # not paid in full at observed_at, past due -> late, 01-31 -> 02-01 = 1 day
            invoices_due_12m=4,
            late_payments_12m=1,
            avg_days_late_12m=1.0,
            credit_notes_12m=0,
            disputed_invoices_12m=0,
            # SC099 2024-12-05 in [2024-11-01, 2025-02-01); none in [2024-08-01, 11-01)
            support_cases_3m=1,
            support_cases_prev_3m=0,
            support_cases_trend=1,
            # no sales contact in [11-01, 02-01); AC099 2024-10-20 in [08-01, 11-01)
            sales_contacts_3m=0,
            sales_contacts_prev_3m=1,
            sales_contacts_trend=-1,
            two_way_contacts_3m=0,
            two_way_contacts_prev_3m=1,
            two_way_contacts_trend=-1,
            # AC099 2024-10-20 10:00 -> 2025-02-01 00:00: 11 d 14 h + 30 + 31 + 31 days
            days_since_two_way_contact=103 + 14 / 24,
            no_recent_two_way_contact=1,
            new_contacts_3m=0,
            lost_opportunities_6m=0,
            stale_open_opportunities=0,
        ),
        expected(
            account_id="A1",
            month=date(2026, 2, 1),
            observed_at=datetime(2026, 3, 1),
            # 12m [2025-03-01, 2026-03-01): INV106-INV108 3 x 1200 + INV109 900 − INV110 150
            # = 4350 (void INV109V left out); prev [2024-03-01, 2025-03-01): INV102-INV104
            # 3 x 1000 + INV105 1200 = 4200; change 150 / 4200
            invoiced_12m_eur=4350.0,
            invoiced_prev_12m_eur=4200.0,
            invoiced_change_ratio=150 / 4200,
            # last invoice INV109 2026-01-01 -> 03-01 = 59 days; gaps 90, 91, 91, 91, 92, 92,
            # 92, 92 -> median (91 + 92) / 2 = 91.5
            days_since_last_invoice=59.0,
            median_invoice_gap_days=91.5,
            invoice_rhythm_ratio=59 / 91.5,
            # due in [2025-03-01, 2026-03-01): INV106 (on time by UTC), INV107 3.25 late,
            # INV108 1 + 1/48 late (UTC date 11-01 > 10-31), INV109 5.5 late
            invoices_due_12m=4,
            late_payments_12m=3,
            avg_days_late_12m=(3.25 + (1 + 1 / 48) + 5.5) / 3,
            credit_notes_12m=1,
            disputed_invoices_12m=0,
            # SC101, SC102 in [2025-12-01, 2026-03-01); SC100 in [2025-09-01, 12-01)
            support_cases_3m=2,
            support_cases_prev_3m=1,
            support_cases_trend=1,
            # [12-01, 03-01): AC101 (via contact C1), AC102, AC103, AC105 (AC104 is a note);
            # [09-01, 12-01): AC100, AC110. Two-way: AC101, AC103 | AC100
            sales_contacts_3m=4,
            sales_contacts_prev_3m=2,
            sales_contacts_trend=2,
            two_way_contacts_3m=2,
            two_way_contacts_prev_3m=1,
            two_way_contacts_trend=1,
            # AC103 2026-02-12 14:00 -> 03-01 00:00 = 16 d 10 h: within the 30-day line
            days_since_two_way_contact=16 + 10 / 24,
            no_recent_two_way_contact=0,
            # C2 created 2026-01-15
            new_contacts_3m=1,
            # O101 lost 2025-11-20 in [2025-09-01, 03-01); O102 open, created 2025-10-15,
            # before 03-01 − 90 days = 2025-12-01
            lost_opportunities_6m=1,
            stale_open_opportunities=1,
        ),
        expected(
            account_id="A1",
            month=date(2026, 7, 1),
            # the as-of month: observed at the end of the as-of day 2026-07-01
            observed_at=datetime(2026, 7, 2),
            # 12m [2025-07-02, 2026-07-02): INV108 1200 + INV109 900 − INV110 150 + INV111 900
            # = 2850 (INV107 of 2025-07-01 just out); prev [2024-07-02, 2025-07-02): INV104
            # 1000 + INV105-INV107 3 x 1200 = 4600; change (2850 − 4600) / 4600
            invoiced_12m_eur=2850.0,
            invoiced_prev_12m_eur=4600.0,
            invoiced_change_ratio=-1750 / 4600,
            # INV111 2026-04-01 -> 07-02 = 30 + 31 + 30 + 1 = 92 days; gaps 90, 90, 91, 91,
            # 91, 92, 92, 92, 92 -> median 91
            days_since_last_invoice=92.0,
            median_invoice_gap_days=91.0,
            invoice_rhythm_ratio=92 / 91,
            # due in [2025-07-02, 2026-07-02): INV107, INV108, INV109 (late as above),
            # INV111 (on time)
            invoices_due_12m=4,
            late_payments_12m=3,
            avg_days_late_12m=(3.25 + (1 + 1 / 48) + 5.5) / 3,
            credit_notes_12m=1,
            disputed_invoices_12m=0,
            # none in [04-02, 07-02); SC101, SC102 in [01-02, 04-02)
            support_cases_3m=0,
            support_cases_prev_3m=2,
            support_cases_trend=-2,
            # AC106 | AC102, AC103, AC105; two-way AC106 | AC103
            sales_contacts_3m=1,
            sales_contacts_prev_3m=3,
            sales_contacts_trend=-2,
            two_way_contacts_3m=1,
            two_way_contacts_prev_3m=1,
            two_way_contacts_trend=0,
            # AC106 2026-06-20 12:00 -> 07-02 00:00 = 11.5 days
            days_since_two_way_contact=11.5,
            no_recent_two_way_contact=0,
            new_contacts_3m=0,
            lost_opportunities_6m=0,
            stale_open_opportunities=1,
        ),
        expected(
            account_id="A2",
            month=date(2026, 3, 1),
            observed_at=datetime(2026, 4, 1),
            # 12m [2025-04-01, 2026-04-01): INV204 (issued exactly 2025-04-01: in) 2000 +
            # INV205 2000 + INV206 1500 + INV207 1500 + INV208 1500 − INV209 300 = 8200;
            # prev: INV201-INV203 3 x 2000 = 6000; change 2200 / 6000
            invoiced_12m_eur=8200.0,
            invoiced_prev_12m_eur=6000.0,
            invoiced_change_ratio=2200 / 6000,
            # INV208 03-01 -> 04-01 = 31; gaps 59, 90, 91, 92, 92, 92, 92 -> median 92
            days_since_last_invoice=31.0,
            median_invoice_gap_days=92.0,
            invoice_rhythm_ratio=31 / 92,
            # due in [2025-04-01, 04-01): INV204-INV208; INV208 unpaid, 03-31 -> 04-01 = 1
            invoices_due_12m=5,
            late_payments_12m=1,
            avg_days_late_12m=1.0,
            credit_notes_12m=1,
            # INV208's dispute was recorded 2026-05-12, after this month
            disputed_invoices_12m=0,
            support_cases_3m=1,
            support_cases_prev_3m=0,
            support_cases_trend=1,
            # [01-01, 04-01): AC202 (via contact C3), AC203, neither two-way; [10-01, 01-01):
            # AC201, two-way
            sales_contacts_3m=2,
            sales_contacts_prev_3m=1,
            sales_contacts_trend=1,
            two_way_contacts_3m=0,
            two_way_contacts_prev_3m=1,
            two_way_contacts_trend=-1,
            # AC201 2025-11-05 09:00 -> 2026-04-01: 25 d 15 h + 31 + 31 + 28 + 31 days
            days_since_two_way_contact=146.625,
            no_recent_two_way_contact=1,
            new_contacts_3m=1,  # C5, 2026-03-20
            lost_opportunities_6m=0,
            # O201 created 2026-02-01 10:00, not before 04-01 − 90 days = 2026-01-01
            stale_open_opportunities=0,
        ),
        expected(
            account_id="A2",
            month=date(2026, 4, 1),
            observed_at=datetime(2026, 5, 1),
            # 12m [2025-05-01, 2026-05-01): INV205 2000 + INV206-INV208 3 x 1500 + INV210
            # 1500 − 300 = 7700; prev: INV201-INV204 4 x 2000 = 8000; change −300 / 8000
            invoiced_12m_eur=7700.0,
            invoiced_prev_12m_eur=8000.0,
            invoiced_change_ratio=-0.0375,
            # INV210 04-01 -> 05-01 = 30; gaps add 31: 31, 59, 90, 91, 92, ... -> 91.5
            days_since_last_invoice=30.0,
            median_invoice_gap_days=91.5,
            invoice_rhythm_ratio=30 / 91.5,
            # due: INV205-INV208, INV210 (paid on its due day: on time); INV208 unpaid,
            # 03-31 -> 05-01 = 31 days late
            invoices_due_12m=5,
            late_payments_12m=1,
            avg_days_late_12m=31.0,
            credit_notes_12m=1,
            disputed_invoices_12m=0,  # still before the dispute of 05-12
            support_cases_3m=2,  # SC201, SC202
            support_cases_prev_3m=0,
            support_cases_trend=2,
            sales_contacts_3m=2,
            sales_contacts_prev_3m=1,
            sales_contacts_trend=1,
            two_way_contacts_3m=0,
            two_way_contacts_prev_3m=1,
            two_way_contacts_trend=-1,
            days_since_two_way_contact=146.625 + 30,
            no_recent_two_way_contact=1,
            new_contacts_3m=1,
            lost_opportunities_6m=0,
            # O201 created 02-01 10:00, after 05-01 − 90 days = 01-31 00:00
            stale_open_opportunities=0,
        ),
        expected(
            account_id="A2",
            month=date(2026, 5, 1),
            observed_at=datetime(2026, 6, 1),
            invoiced_12m_eur=7700.0,
            invoiced_prev_12m_eur=8000.0,
            invoiced_change_ratio=-0.0375,
            # 04-01 -> 06-01 = 61 days
            days_since_last_invoice=61.0,
            median_invoice_gap_days=91.5,
            invoice_rhythm_ratio=61 / 91.5,
            # INV208 still unpaid: 03-31 -> 06-01 = 62 days late
            invoices_due_12m=5,
            late_payments_12m=1,
            avg_days_late_12m=62.0,
            credit_notes_12m=1,
            # the dispute recorded 2026-05-12 is before 06-01: now it counts
            disputed_invoices_12m=1,
            support_cases_3m=2,
            support_cases_prev_3m=0,
            support_cases_trend=2,
            # [03-01, 06-01): AC203; [12-01, 03-01): AC202; none two-way
            sales_contacts_3m=1,
            sales_contacts_prev_3m=1,
            sales_contacts_trend=0,
            two_way_contacts_3m=0,
            two_way_contacts_prev_3m=0,
            two_way_contacts_trend=0,
            days_since_two_way_contact=146.625 + 30 + 31,
            no_recent_two_way_contact=1,
            new_contacts_3m=1,
            lost_opportunities_6m=0,
            # O201 created 02-01, before 06-01 − 90 days = 03-03, still open
            stale_open_opportunities=1,
        ),
    ]


USUAL_RATE_COLUMNS = [
    "account_id",
    "month",
    "account_contacts_3m",
    "account_contacts_usual_3m",
    "account_contacts_ratio",
    "days_since_account_contact",
    "support_cases_usual_3m",
    "support_cases_ratio",
    "new_contacts_usual_3m",
    "new_contacts_ratio",
    "invoiced_3m_eur",
    "invoiced_usual_3m_eur",
    "invoiced_3m_ratio",
    "late_payments_3m",
    "open_opportunities",
    "lost_opportunities_3m",
    "won_opportunities_12m",
    "customer_tenure_months",
]


def test_signals_against_the_accounts_usual_rate_match_the_hand_computed_figures(warehouse):
    """ "Usual" is the account's own average per 3 months over [observed_at − 15 months,
    observed_at − 3 months); ratios add var risk_ratio_smoothing (1) to both sides."""
    got = query_floats(
        warehouse,
        f"select {', '.join(USUAL_RATE_COLUMNS)} from intermediate.int_account_features_monthly "
        "where (account_id = 'A1' and month = date '2026-02-01') "
        "or (account_id = 'A2' and month = date '2026-05-01') order by 1",
    )
    assert got == [
        (
            "A1",
            date(2026, 2, 1),
            # observed 2026-03-01; last 3 months [2025-12-01, 03-01), usual window
            # [2024-12-01, 2025-12-01). Account management (no opportunity): AC101, AC102,
            # AC103, AC105 | AC100 (AC110 is on O102, AC099 is older): 4 | 1 / 4
            4,
            0.25,
            approx((4 + 1) / (0.25 + 1)),
            # AC105 2026-02-25 16:00 -> 03-01 00:00 = 3 d 8 h
            approx(3 + 8 / 24),
            # support SC101, SC102 | SC099 (2024-12-05), SC100: 2 | 2 / 4
            0.5,
            approx((2 + 1) / (0.5 + 1)),
            # new contacts C2 | none
            0.0,
            approx((1 + 1) / (0 + 1)),
            # INV109 900 − INV110 150 | INV105-INV108 4 x 1200 (INV109V, voided 2025-11-16,
            # left out) / 4
            approx(750.0),
            approx(1200.0),
            approx(750 / 1200),
            # due in [12-01, 03-01): INV109, 5.5 days late
            1,
            # O102 still open; O101 lost 2025-11-20, before the 3 months; nothing won
            1,
            0,
            0,
            # first active month 2024-01 -> 2026-02
            25,
        ),
        (
            "A2",
            date(2026, 5, 1),
            # observed 2026-06-01; [2026-03-01, 06-01) and [2025-03-01, 2026-03-01):
            # AC203 | AC201, AC202 (via contact C3)
            1,
            0.5,
            approx((1 + 1) / (0.5 + 1)),
            # AC203 2026-03-20 15:00 -> 06-01 00:00 = 11 d 9 h + 30 + 31 days
            approx(72 + 9 / 24),
            # SC201, SC202 | none
            0.0,
            approx((2 + 1) / (0 + 1)),
            # C5 | none
            0.0,
            approx(2.0),
            # INV208 1500 (issued 03-01 00:00, the window's first instant) + INV210 1500 |
            # INV204 2000 + INV205 2000 + INV206 1500 + INV207 1500 − INV209 300 = 6700 / 4
            approx(3000.0),
            approx(1675.0),
            approx(3000 / 1675),
            # due in [03-01, 06-01): INV208 unpaid (late), INV210 paid on its due day
            1,
            # O201 open
            1,
            0,
            0,
            # 2024-07 -> 2026-05
            22,
        ),
    ]


def test_features_have_one_row_per_customer_account_month_active_at_the_month_end(warehouse):
    got = query_floats(
        warehouse,
        "select account_id, count(*), min(month), max(month) "
        "from intermediate.int_account_features_monthly group by account_id order by account_id",
    )
    assert got == [
        ("A1", 31, date(2024, 1, 1), date(2026, 7, 1)),  # 2024-01 .. the as-of month
        ("A2", 25, date(2024, 7, 1), date(2026, 7, 1)),
        # ended 2026-01-20: active at the end of 2025-12, not at the end of 2026-01
        ("A3", 22, date(2024, 3, 1), date(2025, 12, 1)),
        # A4 has no billing customer: no rows
    ]


def test_churn_labels_mark_the_months_followed_by_churn_within_three_months(warehouse):
    got = query_floats(
        warehouse,
        "select month, observed_at, next_churned_on, churned_within_horizon, is_label_known "
        "from intermediate.int_account_churn_labels "
        "where account_id = 'A3' and month >= date '2025-08-01' order by month",
    )
    churned = date(2026, 1, 20)
    assert got == [
        # observed 2025-09-01 + 3 months = 12-01, before the churn: 0
        (date(2025, 8, 1), datetime(2025, 9, 1), churned, 0, True),
        # observed 10-01 + 3 months = 2026-01-01, still before 01-20: 0
        (date(2025, 9, 1), datetime(2025, 10, 1), churned, 0, True),
        (date(2025, 10, 1), datetime(2025, 11, 1), churned, 1, True),
        (date(2025, 11, 1), datetime(2025, 12, 1), churned, 1, True),
        (date(2025, 12, 1), datetime(2026, 1, 1), churned, 1, True),
    ]
    # known: observed_at + 3 months + 30 days <= 2026-07-02 (the end of the as-of day), i.e.
    # up to month 2026-02 (observed 03-01 -> 06-01 -> 07-01); 2026-03 on are not known yet
    known = query_floats(
        warehouse,
        "select max(month) from intermediate.int_account_churn_labels where is_label_known",
    )
    assert known == [(date(2026, 2, 1),)]


def test_an_invoice_paid_in_two_instalments_that_add_up_exactly_is_paid_on_time(warehouse):
    """35.87 + 35.86 is 71.73 exactly (in binary floating point it was 71.72999999999999 and
    the invoice counted as never paid in full, so late); 35.87 + 35.85 is a cent short."""
    assert query(
        warehouse,
        "select invoice_id, paid_amount, paid_in_full_at from intermediate.int_invoice_payments "
        "where invoice_id in ('INV305', 'INV306') order by 1",
    ) == [
        ("INV305", Decimal("71.73"), datetime(2025, 11, 25, 10)),
        ("INV306", Decimal("71.72"), None),
    ]
    got = query_floats(
        warehouse,
        "select month, invoices_due_12m, late_payments_12m, late_payments_3m, avg_days_late_12m "
        f"from {FEATURES_TABLE} where account_id = 'A3' and month >= date '2025-11-01' "
        "order by month",
    )
    late_inv304 = 19 + 10 / 24  # due 2025-10-01, paid in full 10-20 10:00
    assert got == [
        # observed 2025-12-01; due in [2024-12-01, 12-01): INV303 (on time), INV304 (late),
        # INV305 (paid in full 11-25: on time), INV306 (a cent short: unpaid past its 11-30
        # due date, 1 day late); in the last 3 months [09-01, 12-01) INV304-INV306, 2 late.
        # With float money INV305 would be late too: 3 and 3.
        (date(2025, 11, 1), 4, 2, 2, approx((late_inv304 + 1) / 2)),
        # observed 2026-01-01 (A3's last active month): INV306 now 11-30 -> 01-01 = 32 days
        # late; the last 3 months [10-01, 01-01) still hold INV304 (due 10-01 00:00)
        (date(2025, 12, 1), 4, 2, 2, approx((late_inv304 + 32) / 2)),
    ]


# ---- no look-ahead ---------------------------------------------------------------------------


def test_no_feature_reads_data_after_its_month(warehouse, later_warehouse):
    assert query(later_warehouse, "select max(load_date) from staging.stg_janox__loads") == [
        (date(2026, 7, 1),)
    ]  # same as-of date
    before = features_before(warehouse, M)
    assert len(before) == 72  # A1 2024-01 .. 2026-04 (28), A2 2024-07 .. (22), A3 all 22
    assert features_before(later_warehouse, M) == same_as(before)


def test_the_later_rows_do_change_the_months_they_belong_to(warehouse, later_warehouse):
    """The no-look-ahead test is not vacuous: the same rows change May on."""
    sql = (
        "select account_id, month, invoiced_12m_eur, late_payments_12m, avg_days_late_12m, "
        "disputed_invoices_12m, days_since_two_way_contact, new_contacts_3m, "
        "lost_opportunities_6m from intermediate.int_account_features_monthly "
        "where month = date '2026-05-01' order by 1"
    )
    late_a1 = [3.25, 1 + 1 / 48, 5.5]  # INV107, INV108, INV109 (due in [2025-06-01, 06-01))
    assert query_floats(warehouse, sql) == [
        # 12m [2025-06-01, 2026-06-01): INV107 1200 + INV108 1200 + INV109 900 − 150 +
        # INV111 900 = 4050; AC103 2026-02-12 14:00 -> 06-01 = 16 d 10 h + 31 + 30 + 31 days
        (
            "A1",
            date(2026, 5, 1),
            approx(4050.0),
            3,
            approx(sum(late_a1) / 3),
            0,
            approx(108 + 10 / 24),
            0,
            0,
        ),
        ("A2", date(2026, 5, 1), approx(7700.0), 1, approx(62.0), 1, approx(207.625), 1, 0),
    ]
    assert query_floats(later_warehouse, sql) == [
        # INV112 (800, issued 05-01 00:00) counts now and is unpaid past its 05-31 due date:
        # 1 more day late; INV109's dispute (06-03) does not count yet; AC107 at 05-01 00:00
        # -> 06-01 = 31 days; C6 created 05-05
        (
            "A1",
            date(2026, 5, 1),
            approx(4850.0),
            4,
            approx((sum(late_a1) + 1) / 4),
            0,
            approx(31.0),
            1,
            0,
        ),
        # INV208 paid 05-20 10:00: 50 d 10 h after its due date; AC205 (with C5) 05-25 10:00
        # -> 06-01 = 6 d 14 h; O201 lost 05-20
        (
            "A2",
            date(2026, 5, 1),
            approx(7700.0),
            1,
            approx(50 + 10 / 24),
            1,
            approx(6 + 14 / 24),
            1,
            1,
        ),
    ]


def test_a_later_void_does_not_change_earlier_months(warehouse, later_void_warehouse):
    assert features_before(later_void_warehouse, M) == same_as(features_before(warehouse, M))


def test_a_later_void_does_change_the_months_after_it_was_recorded(warehouse, later_void_warehouse):
    """INV107 (1200, issued 2025-07-01, due 07-31, paid 3.25 days late) is voided on
    2026-06-10: A1's June (observed 2026-07-01) no longer counts it, May (observed 06-01)
    still does."""
    sql = (
        "select month, invoiced_12m_eur, invoices_due_12m, late_payments_12m "
        "from intermediate.int_account_features_monthly where account_id = 'A1' "
        "and month in (date '2026-05-01', date '2026-06-01') order by month"
    )
    # 12m [2025-06-01, 2026-06-01) and [2025-07-01, 2026-07-01): INV107 1200 + INV108 1200 +
    # INV109 900 − INV110 150 + INV111 900 = 4050; due: INV107, INV108, INV109, INV111, of
    # which INV107-INV109 late
    assert query_floats(warehouse, sql) == [
        (date(2026, 5, 1), approx(4050.0), 4, 3),
        (date(2026, 6, 1), approx(4050.0), 4, 3),
    ]
    assert query_floats(later_void_warehouse, sql) == [
        (date(2026, 5, 1), approx(4050.0), 4, 3),
        (date(2026, 6, 1), approx(2850.0), 3, 2),
    ]


# ---- too few churned accounts -----------------------------------------------------------------

TOO_FEW = (
    "too few churned accounts to learn from: 0 in the training period (need 10) and 1 in "
    "the evaluation period (need 3); no risk score is given"
)


def test_too_few_churned_accounts_is_reported_in_the_backtest_not_hidden(warehouse):
    got = query_floats(
        warehouse,
        "select model, eval_from, eval_to, threshold, churned_accounts, flagged_ahead, recall, "
        "precision, median_warning_days, flagged_accounts, rule, status, message, "
        "horizon_months from marts.risk_model_backtest order by model",
    )
    # Known months 2024-01 .. 2026-02 (26): the last min(12, 26 // 3) = 8 evaluate
    # (2025-07 .. 2026-02). A3's months labelled 1 (2025-10 .. 12) are all in evaluation:
    # 0 churned accounts to train on, 1 to evaluate on.
    assert got == [
        (
            "baseline",
            date(2025, 7, 1),
            date(2026, 2, 1),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "best single-signal rule",
            "insufficient_data",
            TOO_FEW,
            3,
        ),
        (
            "learned",
            date(2025, 7, 1),
            date(2026, 2, 1),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "logistic regression over the signals",
            "insufficient_data",
            TOO_FEW,
            3,
        ),
    ]
    assert query_floats(warehouse, "select count(*) from marts.risk_model_weights") == [(0,)]


def test_too_few_churned_accounts_gives_no_invented_risk_score(warehouse):
    got = query_floats(
        warehouse,
        "select count(*), count(risk_score), count(at_risk), count(top_signals), "
        "(select count(*) from intermediate.int_account_features_monthly) "
        "from marts.account_risk_monthly",
    )
    assert got == [(78, 0, 0, 0, 78)]  # every active account month, none scored
    # the signals are still published beside the missing score
    assert query_floats(
        warehouse,
        "select account_id, month, risk_score, at_risk, late_payments_12m, "
        "days_since_two_way_contact, disputed_invoices_12m from marts.account_risk_monthly "
        "where account_id = 'A2' and month = date '2026-05-01'",
    ) == [("A2", date(2026, 5, 1), None, None, 1, approx(207.625), 1)]


def test_too_few_churned_accounts_is_said_in_the_run_report(warehouse):
    (report,) = (warehouse.parent / "reports").glob("*/churn_model.md")
    text = report.read_text(encoding="utf-8")
    assert "Status: **insufficient_data**" in text
    assert TOO_FEW in text
    assert "Label: churned within 3 months." in text


def test_an_untrained_run_publishes_the_score_columns_with_their_types(warehouse):
    """With no model trained every score is null; the columns keep their types (pandas
    writes an all-null column with none, which the ml staging models cast away), so the
    marts' types do not change from run to run."""
    got = query(
        warehouse,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and (table_name = 'account_risk_monthly' and "
        "column_name in ('month', 'risk_score', 'at_risk', 'top_signals') or "
        "table_name = 'risk_model_weights' and column_name = 'feature' or "
        "table_name = 'risk_model_backtest' and column_name = 'threshold') order by 1, 2",
    )
    assert got == [
        ("account_risk_monthly", "at_risk", "BOOLEAN"),
        ("account_risk_monthly", "month", "DATE"),
        ("account_risk_monthly", "risk_score", "DOUBLE"),
        ("account_risk_monthly", "top_signals", "VARCHAR"),
        ("risk_model_backtest", "threshold", "DOUBLE"),
        ("risk_model_weights", "feature", "VARCHAR"),
    ]


def test_account_risk_rows_carry_the_accounts_current_owner(warehouse):
    got = query_floats(
        warehouse,
        "select distinct account_id, owner_user_id from marts.account_risk_monthly order by 1",
    )
    # accounts.owner_user_id (A1 and A3 are U1's, A2 U2's), on every month's row; A4 is no
    # billing customer, so it has no rows
    assert got == [("A1", "U1"), ("A2", "U2"), ("A3", "U1")]
