"""Leads stuck in their conversion state past its limit (stuck_leads)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import CHANNEL, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Stuck leads", "stuck-leads"
FILTERS = frozenset({TEAM, SELLER, CHANNEL})


def render(ctx: Context) -> None:
    """Open leads past their state's limit, per state and owner, longest over first."""
    frame = ctx.query(queries.stuck_leads)
    if nothing_to_show(frame):
        return
    metrics(
        ("Stuck leads", fmt.count(len(frame))),
        ("Median days over the limit", fmt.number(frame["days_over_limit"].median())),
        ("Owners", fmt.count(frame["owner"].nunique())),
    )
    left, right = st.columns(2)
    with left:
        states = frame.groupby("status").size().rename("leads").reset_index()
        chart(charts.bars(states, "status", "leads", "Stuck leads per state"))
    with right:
        owners = (
            frame.groupby("owner")
            .size()
            .rename("leads")
            .reset_index()
            .sort_values("leads", ascending=False)
            .head(15)
        )
        chart(
            charts.bars(
                owners, "owner", "leads", "Owners with the most stuck leads", horizontal=True
            )
        )
    table(frame.drop(columns=["owner_user_id"]).head(500))
