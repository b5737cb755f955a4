"""Marketing-to-revenue and customer-lifetime marts on a small hand-made landing tree
(``tests/fixtures/marketing``), checked against figures computed by hand.

The tree has two loads; the as-of date is the newer one, 2026-06-30. The second load soft-
deletes lead L9, gives L8 its sal_at (the newer version wins), adds a SEK rate and a payment.

fx_rates SEK → EUR: 2026-01-01 0.090, 2026-03-15 0.088, 2026-05-01 0.086, 2026-06-01 0.085
(a money row takes the rate of the latest rate_date on or before its own date; EUR is 1).

Campaigns: C1 paid_search, C2 paid_social, C3 events, C4 email (no spend, no leads).
Ad spend: C1 1000 EUR (03-20) + 500 EUR (04-20); C2 10000 SEK (03-10) + 5000 SEK (04-10).

Leads (created_at UTC; touchpoints T at or before created_at attribute, later ones do not):
  L1  paid_search, campaign C3; T1 C1 03-28, T2 C3 03-30, T3 C2 04-01 09:00, created 04-01
      10:00, T4 C4 04-02 (after creation) → first touch C1, last touch C2
  L2  paid_social, campaign C2, no touch → C2
  L3  outbound, no campaign, no touch → no campaign; created 2026-05-01T01:00+02:00 =
      2026-04-30 23:00 UTC (April)
  L4  paid_search, campaign C3; only touch T5 C1 after creation → C3
  L5  paid_search, no campaign; T6 C1 at exactly created_at → C1
  L6, L7, L10  paid_search, campaign C1 → C1;  L8 paid_social, campaign C2 → C2
  L9  paid_search, campaign C1, touch C2: soft-deleted in the second load → nowhere
Opportunities: O1 L1 won 20000 SEK closed 05-10 (P2), O4 L1 won 600 EUR (P1), O2 L2 lost
5000 EUR (P3), O3 L5 won 2500 EUR closed 2026-05-20 12:00 (P3).

Customer accounts A1–A5 (A6 has no billing customer), ladder P1 step 1, P2 step 2, P3 step 3:
  A1  SEK; S1 P1 01-10 → 03-31, S2 P2 from 04-20 (20 days later), active; invoices I3 void
      01-05, I0 3000 SEK 01-10, I1 10000 SEK 04-20, credit note I2 2000 SEK 05-01
  A2  S3 P1 01-15 → 04-30, nothing after (61 days before as-of); I4, I5 1200 EUR
  A3  S4 P1 02-01 → 06-10 (20 days before as-of); I8 300 EUR 02-01, I6 2500 EUR 05-25
  A4  S5 P1 03-01 → 05-31 (exactly 30 days before as-of); I7 800 EUR 03-01
  A5  a billing customer with nothing else
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.harness import build_fixture_warehouse, query

MAY, APRIL, JUNE = date(2026, 5, 1), date(2026, 4, 1), date(2026, 6, 1)
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The fixture tree run through the real nightly job, once for the module."""
    return build_fixture_warehouse("marketing", tmp_path_factory.mktemp("marketing"))


def approx_rows(rows: list[tuple]) -> list[tuple]:
    """Expected rows with every float compared approximately (the rest exactly)."""
    return [tuple(pytest.approx(v) if isinstance(v, float) else v for v in row) for row in rows]


# ---- attribution ----------------------------------------------------------------------------


def test_attribution_takes_first_and_last_touch_before_creation_else_the_lead_campaign(
    warehouse,
):
    rows = query(
        warehouse,
        "select lead_id, attribution, campaign_id, attributed_by "
        "from intermediate.int_lead_attribution order by lead_id, attribution",
    )
    assert rows == [
        # three touches before creation in C1, C3, C2; the C4 touch after creation is ignored;
        # the lead's own campaign (C3) is not used when a touch exists
        ("L1", "first_touch", "C1", "touchpoint"),
        ("L1", "last_touch", "C2", "touchpoint"),
        ("L10", "first_touch", "C1", "lead_campaign"),
        ("L10", "last_touch", "C1", "lead_campaign"),
        # no touchpoint: falls back to leads.campaign_id
        ("L2", "first_touch", "C2", "lead_campaign"),
        ("L2", "last_touch", "C2", "lead_campaign"),
        # neither a touch nor a campaign: no campaign
        ("L3", "first_touch", None, "none"),
        ("L3", "last_touch", None, "none"),
        # its only touch (C1) came after creation: falls back to its own campaign C3
        ("L4", "first_touch", "C3", "lead_campaign"),
        ("L4", "last_touch", "C3", "lead_campaign"),
        # a touch at exactly created_at counts
        ("L5", "first_touch", "C1", "touchpoint"),
        ("L5", "last_touch", "C1", "touchpoint"),
        ("L6", "first_touch", "C1", "lead_campaign"),
        ("L6", "last_touch", "C1", "lead_campaign"),
        ("L7", "first_touch", "C1", "lead_campaign"),
        ("L7", "last_touch", "C1", "lead_campaign"),
        ("L8", "first_touch", "C2", "lead_campaign"),
        ("L8", "last_touch", "C2", "lead_campaign"),
        # L9 is soft-deleted: no rows
    ]


# ---- campaign performance -------------------------------------------------------------------


def test_campaign_performance_per_campaign_and_attribution_matches_hand_figures(warehouse):
    rows = query(
        warehouse,
        "select campaign_id, attribution, channel, spend_eur, leads, mqls, sals, sqls, "
        "opportunities, won_deals, booked_revenue_eur, cost_per_won_deal_eur, roi, "
        "lead_to_deal_share from marts.campaign_performance order by campaign_id, attribution",
    )
    # spend C1 = 1000 + 500 = 1500 EUR
    # spend C2 = 10000 SEK × 0.090 (03-10 → rate of 01-01) + 5000 SEK × 0.088 (04-10 → rate of
    #            03-15) = 900 + 440 = 1340 EUR
    # booked: O1 20000 SEK × 0.086 (closed 05-10 → rate of 05-01) = 1720; O4 600; O3 2500
    # fmt: off
    expected = [
        # first touch C1: L1, L5, L6, L7, L10 (5); MQL all 5; SAL/SQL L1, L5; opportunities
        # O1, O4 (L1) + O3 (L5) = 3, all won; booked 1720 + 600 + 2500 = 4820;
        # cost 1500 / 3 = 500; roi (4820 − 1500) / 1500 = 3320 / 1500; won leads L1, L5: 2 / 5
        ("C1", "first_touch", "paid_search", 1500.0, 5, 5, 2, 2, 3, 3, 4820.0, 500.0,
         3320 / 1500, 0.4),
        # last touch C1: L5, L6, L7, L10 (L1 went to C2); MQL 4; SAL/SQL L5; O3 won 2500;
        # cost 1500 / 1; roi (2500 − 1500) / 1500; won leads L5: 1 / 4
        ("C1", "last_touch", "paid_search", 1500.0, 4, 4, 1, 1, 1, 1, 2500.0, 1500.0,
         1000 / 1500, 0.25),
        # first touch C2: L2, L8; MQL L2; SAL L2, L8 (L8 without MQL); SQL L2; O2 lost;
        # no won deal → cost null; roi (0 − 1340) / 1340 = −1; 0 / 2 leads won
        ("C2", "first_touch", "paid_social", 1340.0, 2, 1, 2, 1, 1, 0, 0.0, None, -1.0, 0.0),
        # last touch C2: L1, L2, L8; MQL L1, L2; SAL L1, L2, L8; SQL L1, L2; O1, O4, O2 = 3,
        # won O1, O4 = 2; booked 1720 + 600 = 2320; cost 1340 / 2 = 670;
        # roi (2320 − 1340) / 1340 = 980 / 1340; won leads L1: 1 / 3
        ("C2", "last_touch", "paid_social", 1340.0, 3, 2, 3, 2, 3, 2, 2320.0, 670.0,
         980 / 1340, 1 / 3),
        # C3 (no spend) under both: L4 (MQL, rejected); roi null because spend is 0; 0 / 1
        ("C3", "first_touch", "events", 0.0, 1, 1, 0, 0, 0, 0, 0.0, None, None, 0.0),
        ("C3", "last_touch", "events", 0.0, 1, 1, 0, 0, 0, 0, 0.0, None, None, 0.0),
        # C4: no spend, no leads (L1's C4 touch came after creation): zeros, ratios null
        ("C4", "first_touch", "email", 0.0, 0, 0, 0, 0, 0, 0, 0.0, None, None, None),
        ("C4", "last_touch", "email", 0.0, 0, 0, 0, 0, 0, 0, 0.0, None, None, None),
    ]
    # fmt: on
    assert rows == approx_rows(expected)


def test_every_attributed_lead_is_in_exactly_one_campaign_per_attribution(warehouse):
    # The YAML cannot compare with a hand count, so this does: of the 9 live leads, L3 has no
    # campaign, so 8 are attributed, once under each model (C1 5 + C2 2 + C3 1 + C4 0 first
    # touch; 4 + 3 + 1 + 0 last touch). The soft-deleted L9 is in neither.
    rows = query(
        warehouse,
        "select attribution, sum(leads) from marts.campaign_performance "
        "group by attribution order by attribution",
    )
    assert rows == [("first_touch", 8), ("last_touch", 8)]
    attributed = query(
        warehouse,
        "select attribution, count(distinct lead_id), count(*) "
        "from intermediate.int_lead_attribution where campaign_id is not null "
        "group by attribution order by attribution",
    )
    assert attributed == [("first_touch", 8, 8), ("last_touch", 8, 8)]


def test_ad_spend_converts_each_row_at_its_own_spend_date_rate(warehouse):
    rows = query(
        warehouse,
        "select campaign_id, spend_eur from marts.campaign_performance "
        "where attribution = 'first_touch' order by campaign_id",
    )
    # C2: 10000 × 0.090 + 5000 × 0.088 = 1340, not 15000 × any single rate (e.g. 0.085 → 1275)
    assert rows == approx_rows([("C1", 1500.0), ("C2", 1340.0), ("C3", 0.0), ("C4", 0.0)])


# ---- funnel and rejections ------------------------------------------------------------------


def test_funnel_counts_utc_monthly_cohorts_and_median_speed_to_lead_ignores_notes(warehouse):
    rows = query(
        warehouse,
        "select month, channel, leads, mqls, sals, rejected, sqls, sal_acceptance_rate, "
        "median_speed_to_lead_minutes, leads_contacted "
        "from marts.funnel_monthly order by month, channel",
    )
    expected = [
        # L3 created 2026-05-01T01:00+02:00 = 04-30 23:00 UTC: April. MQL, rejected in May
        # (still counted in its April cohort). Acceptance 0 / 1. First call 05-01 00:00 UTC
        # → 60 minutes.
        (APRIL, "outbound", 1, 1, 0, 1, 0, 0.0, 60.0, 1),
        # L1, L4: both MQL; SAL and SQL L1; L4 rejected (05-02); acceptance 1 / 2.
        # Speed: L1 call at +30 min (its note at +5 min does not count, its email at +90 is
        # later), L4 meeting at +45 → median (30 + 45) / 2 = 37.5
        (APRIL, "paid_search", 2, 2, 1, 1, 1, 0.5, 37.5, 2),
        # L2: MQL, SAL, SQL; email at +12 min
        (APRIL, "paid_social", 1, 1, 1, 0, 1, 1.0, 12.0, 1),
        # L5, L6, L7, L10 (L9 soft-deleted): all MQL; SAL, SQL L5; rejected L6, L7, L10;
        # acceptance 1 / 4. Speed: L5 sms at +7.5 min, L6 (created 11:00+02:00 = 09:00 UTC)
        # call at 09:20 → 20; L7 has only a note, L10 nothing → median (7.5 + 20) / 2 = 13.75
        (MAY, "paid_search", 4, 4, 1, 3, 1, 0.25, 13.75, 2),
        # L8: SAL from the second load (newest version), no MQL → acceptance 0 / 0 = null;
        # no sales contact → median null
        (MAY, "paid_social", 1, 0, 1, 0, 0, None, None, 0),
    ]
    assert rows == approx_rows(expected)


def test_speed_to_lead_is_minutes_to_the_first_sales_contact_not_a_note(warehouse):
    rows = query(
        warehouse,
        "select lead_id, speed_to_lead_minutes from intermediate.int_lead_outcomes "
        "order by lead_id",
    )
    assert rows == approx_rows(
        [
            ("L1", 30.0),  # call 10:30 after 10:00; the note at 10:05 is not a contact
            ("L10", None),  # no activity
            ("L2", 12.0),  # email 08:12 after 08:00
            ("L3", 60.0),  # call 05-01 00:00 UTC after 04-30 23:00 UTC
            ("L4", 45.0),  # meeting 14:45 after 14:00
            ("L5", 7.5),  # sms 09:07:30 after 09:00
            ("L6", 20.0),  # call 09:20 UTC after 11:00+02:00
            ("L7", None),  # only a note
            ("L8", None),  # no activity
        ]
    )


def test_rejections_count_in_the_month_of_rejection_with_their_share_of_the_channel(warehouse):
    rows = query(
        warehouse,
        "select month, channel, rejection_reason, rejected_leads, share_of_channel_rejections "
        "from marts.rejection_reasons_by_channel order by month, channel, rejection_reason",
    )
    expected = [
        # L3 rejected 2026-05-01T08:00+02:00 = 06:00 UTC, without a reason
        (MAY, "outbound", "(none given)", 1, 1.0),
        # May paid_search: L4 (created in April, rejected 05-02) and L6 "No budget", L7 "Wrong
        # segment" → 2 / 3 and 1 / 3
        (MAY, "paid_search", "No budget", 2, 2 / 3),
        (MAY, "paid_search", "Wrong segment", 1, 1 / 3),
        # L10 created in May, rejected 06-02
        (JUNE, "paid_search", "No budget", 1, 1.0),
    ]
    assert rows == approx_rows(expected)


def test_a_soft_deleted_lead_is_in_no_marketing_figure(warehouse):
    # L9 (campaign C1, a C2 touch, MQL, a call) was deleted in the second load.
    assert query(
        warehouse, "select count(*) from intermediate.int_lead_outcomes where lead_id = 'L9'"
    ) == [(0,)]
    # May paid_search would hold 5 leads and 5 MQLs with L9
    assert query(
        warehouse,
        "select leads, mqls from marts.funnel_monthly "
        "where month = date '2026-05-01' and channel = 'paid_search'",
    ) == [(4, 4)]


# ---- invoices and payments ------------------------------------------------------------------


def test_sek_invoice_converts_at_its_issued_on_rate_and_payments_at_their_paid_at_rate(
    warehouse,
):
    rows = query(
        warehouse,
        "select invoice_id, amount_eur, paid_eur from intermediate.int_invoice_payments "
        "where account_id = 'A1' order by invoice_id",
    )
    assert rows == approx_rows(
        [
            # 3000 SEK issued 01-10 × 0.090 = 270; paid 01-20 × 0.090 = 270
            ("I0", 270.0, 270.0),
            # 10000 SEK issued 04-20 × 0.088 (rate of 03-15) = 880;
            # paid 2026-05-05 × 0.086 (rate of 05-01) = 860
            ("I1", 880.0, 860.0),
            # credit note 2000 SEK issued 05-01, the rate's own date: −2000 × 0.086 = −172
            ("I2", -172.0, 0.0),
            # the void invoice is still listed here; customer_lifetime leaves it out
            ("I3", 450.0, 0.0),
        ]
    )


# ---- customers: lifetime, churn, cohorts, ascension -----------------------------------------


def test_customer_lifetime_per_account_matches_hand_figures(warehouse):
    rows = query(
        warehouse,
        "select account_id, first_invoice_on, cohort_month, ascension_step, invoiced_eur, "
        "paid_eur, churned_on, is_churned from marts.customer_lifetime order by account_id",
    )
    expected = [
        # first invoice I0 01-10 (the void I3 of 01-05 does not count); step 2 (S2, O1);
        # invoiced 270 + 880 − 172 = 978 (void I3 out); paid 270 + 860 = 1130;
        # S1 ended 03-31 but S2 started 20 days later and is active: not churned
        ("A1", date(2026, 1, 10), JAN, 2, 978.0, 1130.0, None, False),
        # step 1 (O2 on step 3 was lost); invoiced 1200 + 1200 (disputed still counts) = 2400;
        # paid 1200; S3 ended 04-30, nothing after, 61 days ≥ 30 before 06-30: churned
        ("A2", date(2026, 1, 15), JAN, 1, 2400.0, 1200.0, date(2026, 4, 30), True),
        # step 3 through the won O3 (P3); invoiced 300 + 2500 = 2800; paid 2500 (the payment
        # of the second load); S4 ended 06-10, 20 < 30 days before the as-of: not yet churned
        ("A3", date(2026, 2, 1), FEB, 3, 2800.0, 2500.0, None, False),
        # S5 ended 05-31, exactly 30 days before 06-30: churned from the 30th day on
        ("A4", date(2026, 3, 1), MAR, 1, 800.0, 800.0, date(2026, 5, 31), True),
        # a billing customer with nothing: sums over nothing are 0, the rest null
        ("A5", None, None, None, 0.0, 0.0, None, False),
        # A6 has no billing customer: no row
    ]
    assert rows == approx_rows(expected)


def test_cohort_retention_counts_churn_by_the_end_of_each_month_up_to_the_as_of(warehouse):
    rows = query(
        warehouse,
        "select cohort_month, month, months_since_first_invoice, cohort_customers, "
        "active_customers, churned_customers, retention_rate "
        "from marts.customer_cohort_retention order by cohort_month, month",
    )
    # cohorts: January {A1, A2}, February {A3}, March {A4}; A5 never invoiced, in none.
    # A2 churned 04-30 (< 05-01): churned from April on; A4 churned 05-31: from May on.
    # Months run up to June (the as-of 2026-06-30): 6 + 5 + 4 = 15 rows.
    expected = [
        (JAN, JAN, 0, 2, 2, 0, 1.0),
        (JAN, FEB, 1, 2, 2, 0, 1.0),
        (JAN, MAR, 2, 2, 2, 0, 1.0),
        (JAN, APRIL, 3, 2, 1, 1, 1 / 2),
        (JAN, MAY, 4, 2, 1, 1, 1 / 2),
        (JAN, JUNE, 5, 2, 1, 1, 1 / 2),
        (FEB, FEB, 0, 1, 1, 0, 1.0),
        (FEB, MAR, 1, 1, 1, 0, 1.0),
        (FEB, APRIL, 2, 1, 1, 0, 1.0),
        (FEB, MAY, 3, 1, 1, 0, 1.0),
        (FEB, JUNE, 4, 1, 1, 0, 1.0),
        (MAR, MAR, 0, 1, 1, 0, 1.0),
        (MAR, APRIL, 1, 1, 1, 0, 1.0),
        (MAR, MAY, 2, 1, 0, 1, 0.0),
        (MAR, JUNE, 3, 1, 0, 1, 0.0),
    ]
    assert rows == approx_rows(expected)


def test_v_ascension_counts_climbs_per_step_and_median_days_to_climb(warehouse):
    rows = query(
        warehouse,
        "select ladder_step, customers_reached, customers_climbed, climb_rate, "
        "median_days_to_climb from marts.v_ascension order by ladder_step",
    )
    # step 1 reached by A1 (01-10), A2 (01-15), A3 (02-01), A4 (03-01).
    # A1 climbed to step 2 on 04-20 (S2): 21 (rest of Jan) + 28 + 31 + 20 = 100 days.
    # A3 climbed to step 3 at 2026-05-20 12:00 (won O3): 28 + 31 + 30 + 19 + 0.5 = 108.5 days.
    # median (100 + 108.5) / 2 = 104.25; climb rate 2 / 4.
    expected = [
        (1, 4, 2, 0.5, 104.25),
        (2, 1, 0, 0.0, None),  # A1 (O1 on P2 closed later, 05-10: still 04-20)
        (3, 1, 0, 0.0, None),  # A3; A2's O2 on P3 was lost
    ]
    assert rows == approx_rows(expected)


def test_ladder_steps_are_first_reached_by_subscription_start_or_won_deal_close(warehouse):
    rows = query(
        warehouse,
        "select account_id, ladder_step, cast(first_reached_at as varchar) "
        "from intermediate.int_account_ladder_steps order by account_id, ladder_step",
    )
    assert rows == [
        ("A1", 1, "2026-01-10 00:00:00"),  # S1; the won O4 on P1 (05-25) is later
        ("A1", 2, "2026-04-20 00:00:00"),  # S2; the won O1 on P2 (05-10) is later
        ("A2", 1, "2026-01-15 00:00:00"),  # the lost O2 on P3 reaches nothing
        ("A3", 1, "2026-02-01 00:00:00"),
        ("A3", 3, "2026-05-20 12:00:00"),  # the won O3 on P3, at its closed_at
        ("A4", 1, "2026-03-01 00:00:00"),
    ]


# ---- precision ------------------------------------------------------------------------------


def test_money_and_shares_are_stored_unrounded_in_double_precision(warehouse):
    # A 4-byte FLOAT (what dbt.type_float() gives on DuckDB) would store 0.088 as 0.0879999995
    # and C2's 1340 EUR of spend as 1340.0000610; marts.md: stored figures are never rounded.
    single_precision = query(
        warehouse,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' and data_type in ('FLOAT', 'REAL') and table_name in "
        "('campaign_performance', 'funnel_monthly', 'rejection_reasons_by_channel', "
        "'customer_lifetime', 'customer_cohort_retention', 'v_ascension') "
        "order by table_name, column_name",
    )
    assert single_precision == []
    spend = query(
        warehouse,
        "select spend_eur from marts.campaign_performance "
        "where campaign_id = 'C2' and attribution = 'first_touch'",
    )
    assert spend == [(pytest.approx(1340.0, rel=1e-12),)]
    share = query(
        warehouse,
        "select share_of_channel_rejections from marts.rejection_reasons_by_channel "
        "where month = date '2026-05-01' and rejection_reason = 'Wrong segment'",
    )
    assert share == [(pytest.approx(1 / 3, rel=1e-12),)]
