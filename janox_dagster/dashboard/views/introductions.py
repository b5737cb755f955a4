"""The 4 × 4 introduction quality × relevance matrix (introduction_quality)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import MONTHS, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Introductions", "introductions"
FILTERS = frozenset({MONTHS, TEAM, SELLER})


def render(ctx: Context) -> None:
    """Introductions by quality class (1 warmest) and relevance level (1 ideal customer)."""
    frame = ctx.query(queries.introduction_matrix)
    if nothing_to_show(frame):
        return
    metrics(
        ("Introductions", fmt.count(frame["introductions"].sum())),
        ("Weighted value", fmt.number(frame["weighted_value"].sum())),
        ("Leads created", fmt.count(frame["leads_created"].sum())),
        ("Won revenue", fmt.eur(frame["won_revenue_eur"].sum())),
    )
    left, right = st.columns(2)
    with left:
        chart(
            charts.matrix(
                frame,
                "relevance_level",
                "quality_class",
                "introductions",
                "Introductions: quality class × relevance level",
            )
        )
    with right:
        chart(
            charts.matrix(
                frame, "relevance_level", "quality_class", "leads_won", "Leads won from them"
            )
        )
    st.caption(
        "Quality 1 = personal, agreed, expecting the call … 4 = a bare name; "
        "relevance 1 = ideal-customer profile … 4 = little fit."
    )
    table(frame)
