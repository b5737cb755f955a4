"""RC-scale levels and weakest components of the current customers (rc_scale_current)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "RC-scale", "rc-scale"
FILTERS = frozenset({TEAM, SELLER})
LEVELS = ["cold", "neutral", "warm", "ambassador"]


def render(ctx: Context) -> None:
    """How warm the customers are, and which component holds each one back."""
    frame = ctx.query(queries.rc_scale)
    if nothing_to_show(frame):
        return
    levels = frame["rc_level"].value_counts()
    metrics(
        ("Customers", fmt.count(len(frame))),
        ("Mean RC score", fmt.number(frame["rc_score"].mean())),
        ("Ambassadors", fmt.count(levels.get("ambassador", 0))),
        ("Cold", fmt.count(levels.get("cold", 0))),
    )
    left, right = st.columns(2)
    with left:
        counts = (
            frame.groupby("rc_level")
            .size()
            .reindex(LEVELS, fill_value=0)
            .rename("customers")
            .reset_index()
        )
        chart(charts.bars(counts, "rc_level", "customers", "Customers per RC level"))
    with right:
        weakest = (
            frame.groupby(["weakest_component", "rc_level"])
            .size()
            .rename("customers")
            .reset_index()
        )
        chart(
            charts.bars(
                weakest,
                "weakest_component",
                "customers",
                "Weakest component, by level",
                color="rc_level",
            )
        )
    st.subheader("Coldest customers")
    table(frame.head(50))
