"""The last nights' loads: rows landed, loaded and quarantined (load_report)."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Load report", "loads"
FILTERS: frozenset[str] = frozenset()


def render(ctx: Context) -> None:
    """Each published load, table by table."""
    frame = ctx.query_all(queries.load_report)
    if nothing_to_show(frame):
        return
    newest = frame[frame["load_date"] == frame["load_date"].max()]
    metrics(
        ("Newest load", fmt.day(frame["load_date"].max())),
        ("Loads published", fmt.count(frame["load_date"].nunique())),
        ("Rows landed in the newest load", fmt.count(newest["rows_landed"].sum())),
        ("Quarantined in the newest load", fmt.count(newest["rows_quarantined"].sum())),
    )
    per_load = frame.groupby(["load_date", "source"], as_index=False)["rows_loaded"].sum()
    per_load = per_load.assign(load=per_load["load_date"].map(fmt.day))
    chart(
        charts.bars(
            per_load, "load", "rows_loaded", "Rows loaded per load, by source", color="source"
        )
    )
    st.subheader("Tables")
    table(frame.assign(load_date=frame["load_date"].map(fmt.day)))
