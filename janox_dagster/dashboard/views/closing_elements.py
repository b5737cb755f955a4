"""Win rate by the closing elements lined up (closing_elements_effect)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import PROCESS
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Closing elements", "closing-elements"
FILTERS = frozenset({PROCESS})


def render(ctx: Context) -> None:
    """Win rate by the number of core closing elements lined up."""
    frame = ctx.query(queries.closing_elements)
    if nothing_to_show(frame):
        return
    full = frame[frame["elements_lined_up"] == frame["elements_lined_up"].max()]
    metrics(
        ("Finished opportunities", fmt.count(frame["opportunities"].sum())),
        ("Won", fmt.count(frame["won"].sum())),
        (
            f"Win rate with {fmt.count(full['elements_lined_up'].max())} elements",
            fmt.share(full["won"].sum() / full["opportunities"].sum()),
        ),
    )
    chart(
        charts.bars(
            frame.assign(elements=frame["elements_lined_up"].astype(str)),
            "elements",
            "win_rate",
            "Win rate by elements lined up",
            color="process",
            percent=True,
        )
    )
    st.caption(
        "Finished (won or lost) opportunities by how many of the five core closing "
        "elements were lined up."
    )
    table(frame)
