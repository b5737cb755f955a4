"""Lead mix over time by channel (lead_mix_monthly): the overview."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import CHANNEL, MONTHS, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show

TITLE, URL = "Lead mix", "lead-mix"
FILTERS = frozenset({MONTHS, TEAM, SELLER, CHANNEL})


def render(ctx: Context) -> None:
    """Typed leads per month and channel, and the share that qualified (Type 1 + 2)."""
    frame = ctx.query(queries.lead_mix)
    if nothing_to_show(frame):
        return
    typed, qualified, type2 = (
        frame[c].sum() for c in ("typed_leads", "qualified_leads", "type2_leads")
    )
    metrics(
        ("Typed leads", fmt.count(typed)),
        ("Qualified (Type 1 + 2)", fmt.count(qualified)),
        ("Qualified share", fmt.share(qualified / typed if typed else None)),
        ("Type 2 share", fmt.share(type2 / typed if typed else None)),
    )
    chart(
        charts.stacked_over_time(
            frame, "typed_leads", "channel_name", "Typed leads per month, by channel"
        )
    )
    monthly = frame.groupby("month", as_index=False)[
        ["typed_leads", "qualified_leads", "type2_leads"]
    ].sum()
    shares = monthly.assign(
        qualified_share=monthly["qualified_leads"] / monthly["typed_leads"],
        type2_share=monthly["type2_leads"] / monthly["typed_leads"],
    ).melt("month", ["qualified_share", "type2_share"], var_name="share", value_name="value")
    chart(
        charts.lines_over_time(shares, "value", "share", "Qualified and Type 2 share", percent=True)
    )
    by_type = frame.melt(
        "month", [f"type{t}_leads" for t in (1, 2, 3, 4)], var_name="lead_type", value_name="leads"
    )
    st.subheader("Lead types")
    chart(charts.stacked_over_time(by_type, "leads", "lead_type", "Typed leads per month, by type"))
