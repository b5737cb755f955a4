"""One query per chart: the published file's path and the filters in, a data frame out.

Every query reads the ``marts`` schema only and returns figures as the marts hold them
(unrounded); sums are cast back to whole numbers. Sellers' names come from
``dim_sellers``, channel names from ``dim_channels``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from janox_dagster.dashboard.filters import Filters, where
from janox_dagster.dashboard.source import read

WarehouseFile = str | Path  # the published DuckDB file

# The as-of month: the month of the newest published load.
AS_OF_MONTH = "(select date_trunc('month', max(load_date)) from marts.load_report)"


# --- the as-of date and the filters' choices -------------------------------------------


def as_of(path: WarehouseFile) -> date | None:
    """The newest published load date (the marts' as-of date), or None without loads."""
    value = read(path, "select max(load_date) as as_of from marts.load_report").iloc[0, 0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def months(path: WarehouseFile) -> list[date]:
    """Every month the marts cover (``dim_months``), oldest first."""
    frame = read(path, "select month from marts.dim_months order by month")
    return [pd.Timestamp(m).date() for m in frame["month"]]


def teams(path: WarehouseFile) -> list[str]:
    """The teams of the users that have a scorecard row."""
    frame = read(
        path,
        "select distinct team from marts.dim_sellers where team is not null and user_id in "
        "(select user_id from marts.seller_scorecard_monthly) order by team",
    )
    return frame["team"].tolist()


def sellers(path: WarehouseFile, team: str | None = None) -> pd.DataFrame:
    """user_id, user_name, team of the users that have a scorecard row (of one team)."""
    clause, params = ("and team = ?", [team]) if team else ("", [])
    return read(
        path,
        "select user_id, coalesce(user_name, user_id) as user_name, team "
        "from marts.dim_sellers where user_id in "
        f"(select user_id from marts.seller_scorecard_monthly) {clause} "
        "order by user_name, user_id",
        params,
    )


def channels(path: WarehouseFile) -> pd.DataFrame:
    """channel, channel_name of every channel."""
    return read(path, "select channel, channel_name from marts.dim_channels order by channel")


def processes(path: WarehouseFile) -> list[str]:
    """The sales processes (new, upsell) the opportunities have."""
    frame = read(
        path,
        "select distinct process from marts.fct_opportunities where process is not null "
        "order by process",
    )
    return frame["process"].tolist()


# --- the pages ------------------------------------------------------------------------


def lead_mix(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Leads typed per (month, channel): type1…type4, typed and qualified leads."""
    clause, params = where(filters, month="l.month", owner="l.owner_user_id", channel="l.channel")
    return read(
        path,
        f"""
        select l.month, l.channel, coalesce(c.channel_name, l.channel, '(none)') as channel_name,
               sum(l.type1_leads)::bigint as type1_leads, sum(l.type2_leads)::bigint as type2_leads,
               sum(l.type3_leads)::bigint as type3_leads, sum(l.type4_leads)::bigint as type4_leads,
               sum(l.typed_leads)::bigint as typed_leads,
               sum(l.qualified_leads)::bigint as qualified_leads
        from marts.lead_mix_monthly l
        left join marts.dim_channels c on c.channel = l.channel
        {clause}
        group by all order by l.month, l.channel
        """,
        params,
    )


def closing_per_phase(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """closing_per_phase rows (of one process), phase by phase."""
    clause, params = where(filters, process="process")
    return read(
        path,
        f"""
        select process, lead_type, phase_number,
               coalesce(phase_name, 'Phase ' || phase_number) as phase_name,
               entered, advanced, lost_here, won, advance_rate, win_rate, median_days_in_phase
        from marts.closing_per_phase {clause}
        order by process, lead_type, phase_number
        """,
        params,
    )


def finished_opportunities(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Finished (won or lost) opportunities and the won ones, per (process, lead_type)."""
    clause, params = where(filters, process="process")
    clause = (clause + " and" if clause else "where") + " outcome in ('won', 'lost')"
    return read(
        path,
        f"""
        select process, lead_type, count(*) as finished,
               count(*) filter (where outcome = 'won') as won
        from marts.fct_opportunities {clause}
        group by all order by process, lead_type
        """,
        params,
    )


def closing_elements(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Win rate by closing elements lined up, per process."""
    clause, params = where(filters, process="process")
    return read(
        path,
        "select process, elements_lined_up, opportunities, won, win_rate "
        f"from marts.closing_elements_effect {clause} order by process, elements_lined_up",
        params,
    )


def introduction_matrix(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Introductions per (quality_class, relevance_level): the 4 × 4 matrix."""
    clause, params = where(filters, month="month", owner="obtained_by_user_id")
    return read(
        path,
        f"""
        select quality_class, relevance_level,
               sum(introductions)::bigint as introductions,
               sum(weighted_value) as weighted_value,
               sum(leads_created)::bigint as leads_created,
               sum(leads_won)::bigint as leads_won,
               sum(won_revenue_eur)::double as won_revenue_eur
        from marts.introduction_quality {clause}
        group by all order by quality_class, relevance_level
        """,
        params,
    )


def campaign_roi(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """campaign_performance under both attributions (of one channel)."""
    clause, params = where(filters, channel="p.channel")
    return read(
        path,
        f"""
        select p.campaign_id, p.campaign_name, p.attribution, p.channel,
               coalesce(c.channel_name, p.channel) as channel_name,
               p.spend_eur::double as spend_eur, p.leads, p.mqls, p.sals, p.sqls,
               p.opportunities, p.won_deals, p.booked_revenue_eur::double as booked_revenue_eur,
               p.cost_per_won_deal_eur, p.roi, p.lead_to_deal_share
        from marts.campaign_performance p
        left join marts.dim_channels c on c.channel = p.channel
        {clause}
        order by p.campaign_id, p.attribution
        """,
        params,
    )


def funnel(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """The monthly lead cohorts per channel: leads, MQLs, SALs, SQLs, rejected, speed."""
    clause, params = where(filters, month="f.month", channel="f.channel")
    return read(
        path,
        f"""
        select f.month, f.channel, coalesce(c.channel_name, f.channel, '(none)') as channel_name,
               f.leads, f.mqls, f.sals, f.sqls, f.rejected, f.sal_acceptance_rate,
               f.median_speed_to_lead_minutes, f.leads_contacted
        from marts.funnel_monthly f
        left join marts.dim_channels c on c.channel = f.channel
        {clause}
        order by f.month, f.channel
        """,
        params,
    )


def rc_scale(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """rc_scale_current: every current customer's score, level and weakest component."""
    clause, params = where(filters, owner="r.owner_user_id")
    return read(
        path,
        f"""
        select r.account_id, r.owner_user_id, coalesce(s.user_name, r.owner_user_id) as owner,
               r.rc_score, r.rc_level, r.weakest_component, r.introductions_component,
               r.upsells_component, r.payments_component, r.responsiveness_component
        from marts.rc_scale_current r
        left join marts.dim_sellers s on s.user_id = r.owner_user_id
        {clause}
        order by r.rc_score, r.account_id
        """,
        params,
    )


def at_risk(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """The accounts at risk in the as-of month, riskiest first, with their top signals."""
    clause, params = where(filters, owner="r.owner_user_id")
    clause = (
        (clause + " and" if clause else "where")
        + " r.at_risk and r.month = ("
        + (f"select max(month) from marts.account_risk_monthly where month <= {AS_OF_MONTH})")
    )
    return read(
        path,
        f"""
        select r.account_id, r.month, r.risk_score, r.top_signals, r.owner_user_id,
               coalesce(s.user_name, r.owner_user_id) as owner
        from marts.account_risk_monthly r
        left join marts.dim_sellers s on s.user_id = r.owner_user_id
        {clause}
        order by r.risk_score desc, r.account_id
        """,
        params,
    )


def at_risk_trend(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Active customers and those at risk, month by month."""
    clause, params = where(filters, month="month", owner="owner_user_id")
    return read(
        path,
        f"""
        select month, count(*) as customers, count(*) filter (where at_risk) as at_risk
        from marts.account_risk_monthly {clause}
        group by month order by month
        """,
        params,
    )


def stuck_leads(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """The leads stuck past their state's limit, longest over first."""
    clause, params = where(filters, owner="l.owner_user_id", channel="l.channel")
    return read(
        path,
        f"""
        select l.lead_id, l.status, l.days_in_state, l.limit_days, l.days_over_limit,
               l.lead_type, l.channel, l.owner_user_id,
               coalesce(s.user_name, l.owner_user_id, '(no owner)') as owner, l.entered_at
        from marts.stuck_leads l
        left join marts.dim_sellers s on s.user_id = l.owner_user_id
        {clause}
        order by l.days_over_limit desc, l.lead_id
        """,
        params,
    )


def crm_health(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Records created and those with critical errors, per (month, entity)."""
    month = "date_trunc('month', day)"
    clause, params = where(filters, month=month, owner="owner_user_id")
    return read(
        path,
        f"""
        select {month}::date as month, entity,
               sum(records)::bigint as records,
               sum(critical_error_records)::bigint as critical_error_records,
               sum(missing_mandatory_records)::bigint as missing_mandatory_records,
               sum(invalid_email_records)::bigint as invalid_email_records,
               sum(invalid_phone_records)::bigint as invalid_phone_records,
               sum(duplicate_email_records)::bigint as duplicate_email_records
        from marts.crm_data_health {clause}
        group by all order by month, entity
        """,
        params,
    )


def load_report(path: WarehouseFile) -> pd.DataFrame:
    """Every published load's tables: rows landed, loaded and quarantined."""
    return read(
        path,
        "select load_date, source, table_name, rows_landed, rows_loaded, rows_quarantined, "
        "gate_passed from marts.load_report order by load_date desc, source, table_name",
    )


def scorecard(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """seller_scorecard_monthly rows of the chosen seller (or team), month by month."""
    clause, params = where(filters, month="month", owner="user_id")
    return read(
        path,
        f"""
        select month, user_id, qualified_leads, typed_leads, finished_sales, won_sales,
               introductions, type2_finished, type2_won, type2_win_rate,
               booked_revenue_eur::double as booked_revenue_eur, leads_assigned,
               leads_contacted, median_speed_to_lead_minutes, contacted_in_target_share,
               waste_share, activity_minutes
        from marts.seller_scorecard_monthly {clause}
        order by month, user_id
        """,
        params,
    )


def targets(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """targets_vs_actuals of the chosen seller (or team), summed per (month, kpi)."""
    clause, params = where(filters, month="month", owner="user_id")
    return read(
        path,
        f"""
        select month, kpi, sum(target)::double as target, sum(actual)::double as actual,
               sum(actual)::double / nullif(sum(target)::double, 0) as attainment
        from marts.targets_vs_actuals {clause}
        group by all order by month, kpi
        """,
        params,
    )


def seller_ranking(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Each seller's totals over the months chosen, best booked revenue first."""
    clause, params = where(filters, month="c.month", owner="c.user_id")
    return read(
        path,
        f"""
        select c.user_id, coalesce(s.user_name, c.user_id) as seller, s.team,
               sum(c.won_sales)::bigint as won_sales,
               sum(c.booked_revenue_eur)::double as booked_revenue_eur,
               sum(c.qualified_leads)::bigint as qualified_leads,
               sum(c.type2_won)::double / nullif(sum(c.type2_finished), 0) as type2_win_rate
        from marts.seller_scorecard_monthly c
        left join marts.dim_sellers s on s.user_id = c.user_id
        {clause}
        group by all order by booked_revenue_eur desc, c.user_id
        """,
        params,
    )


def open_pipeline(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """The open opportunities (pipeline_forecast) of the chosen seller or team."""
    clause, params = where(filters, owner="owner_user_id", process="process")
    return read(
        path,
        f"""
        select opportunity_id, account_id, process, lead_type, current_phase,
               coalesce(current_phase_name, 'Phase ' || current_phase) as current_phase_name,
               amount_eur::double as amount_eur, days_open, win_probability,
               expected_value_eur
        from marts.pipeline_forecast {clause}
        order by expected_value_eur desc nulls last, opportunity_id
        """,
        params,
    )


def cold_customers(path: WarehouseFile, filters: Filters) -> pd.DataFrame:
    """Current customers at the RC-scale's `cold` level, coldest first."""
    frame = rc_scale(path, filters)
    return frame[frame["rc_level"] == "cold"].reset_index(drop=True)
