"""The accounts at risk in the as-of month, with their top signals (account_risk_monthly)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import MONTHS, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "At risk", "at-risk"
FILTERS = frozenset({MONTHS, TEAM, SELLER})


def render(ctx: Context) -> None:
    """Who may churn: the as-of month's at-risk accounts and the trend before it."""
    trend = ctx.query(queries.at_risk_trend)
    accounts = ctx.query(queries.at_risk)
    if nothing_to_show(trend):
        return
    month = fmt.month(accounts["month"].iloc[0]) if len(accounts) else "the as-of month"
    metrics(
        (f"At risk in {month}", fmt.count(len(accounts))),
        ("Mean risk score", fmt.share(accounts["risk_score"].mean() if len(accounts) else None)),
    )
    trend = trend.melt("month", ["at_risk"], var_name="accounts", value_name="count")
    chart(charts.lines_over_time(trend, "count", "accounts", "Accounts at risk per month"))
    st.subheader(f"At risk in {month}")
    st.caption("Riskiest first; the top signals are the features that raise each score most.")
    table(
        accounts.drop(columns=["month", "owner_user_id"]),
        risk_score=st.column_config.ProgressColumn(
            "risk score", min_value=0, max_value=1, format="percent"
        ),
    )
