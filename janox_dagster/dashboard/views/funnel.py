"""The MQL → SAL → SQL funnel and speed-to-lead (funnel_monthly)."""

from __future__ import annotations

import pandas as pd

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import CHANNEL, MONTHS
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show

TITLE, URL = "Funnel", "funnel"
FILTERS = frozenset({MONTHS, CHANNEL})


def render(ctx: Context) -> None:
    """The monthly lead cohorts: how many became MQL, SAL, SQL, and how fast sales called."""
    frame = ctx.query(queries.funnel)
    if nothing_to_show(frame):
        return
    totals = frame[["leads", "mqls", "sals", "sqls", "rejected"]].sum()
    metrics(
        ("Leads", fmt.count(totals["leads"])),
        ("MQLs", fmt.count(totals["mqls"])),
        ("SALs", fmt.count(totals["sals"])),
        ("SQLs", fmt.count(totals["sqls"])),
    )
    stages = pd.DataFrame(
        {
            "stage": ["Leads", "MQL", "SAL", "SQL"],
            "count": [totals[c] for c in ("leads", "mqls", "sals", "sqls")],
        }
    )
    chart(charts.stages(stages, "Funnel of the leads created in the months chosen"))
    chart(
        charts.lines_over_time(
            frame,
            "median_speed_to_lead_minutes",
            "channel_name",
            "Median speed-to-lead (minutes to the first sales contact)",
        )
    )
    monthly = frame.groupby("month", as_index=False)[["mqls", "sals", "sqls"]].sum()
    chart(
        charts.stacked_over_time(
            monthly.melt("month", ["mqls", "sals", "sqls"], var_name="stage", value_name="leads"),
            "leads",
            "stage",
            "MQLs, SALs and SQLs per monthly cohort",
        )
    )
