"""Campaign ROI under first- and last-touch attribution (campaign_performance)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import CHANNEL
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Campaign ROI", "campaigns"
FILTERS = frozenset({CHANNEL})


def render(ctx: Context) -> None:
    """Spend, booked revenue and ROI per campaign, first touch beside last touch."""
    frame = ctx.query(queries.campaign_roi)
    if nothing_to_show(frame):
        return
    first = frame[frame["attribution"] == "first_touch"]
    spend, revenue = first["spend_eur"].sum(), first["booked_revenue_eur"].sum()
    metrics(
        ("Ad spend", fmt.eur(spend)),
        ("Booked revenue, first touch", fmt.eur(revenue)),
        ("Won deals, first touch", fmt.count(first["won_deals"].sum())),
        ("ROI, first touch", fmt.ratio((revenue - spend) / spend if spend else None)),
    )
    spent = frame[frame["spend_eur"] > 0]
    spent = spent.assign(campaign=spent["campaign_name"] + " · " + spent["campaign_id"])
    title = "ROI per campaign ((revenue − spend) / spend), first and last touch"
    height = max(200, 24 * spent["campaign_id"].nunique())
    chart(
        charts.bars(
            spent, "campaign", "roi", title, color="attribution", horizontal=True
        ).properties(height=height)
    )
    st.caption("Campaigns without spend have no ROI and are left out of the chart.")
    table(frame)
