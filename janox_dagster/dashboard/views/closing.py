"""Closing per phase, new and upsell, Type 2 highlighted (closing_per_phase)."""

from __future__ import annotations

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import PROCESS
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Closing per phase", "closing"
FILTERS = frozenset({PROCESS})


def render(ctx: Context) -> None:
    """Win and advance rates per phase, new and upsell, Type 2 (the focus) in red."""
    frame = ctx.query(queries.closing_per_phase)
    if nothing_to_show(frame):
        return
    finished = ctx.query(queries.finished_opportunities)
    type2 = finished[finished["lead_type"] == 2]
    done, won = type2["finished"].sum(), type2["won"].sum()
    all_done, all_won = finished["finished"].sum(), finished["won"].sum()
    metrics(
        ("Type 2 opportunities finished", fmt.count(done)),
        ("Type 2 won", fmt.count(won)),
        ("Type 2 win rate", fmt.share(won / done if done else None)),
        ("Win rate, all types", fmt.share(all_won / all_done if all_done else None)),
    )
    chart(
        charts.phase_rates(
            frame,
            "win_rate",
            "Win rate of the opportunities that entered each phase (Type 2 highlighted)",
        )
    )
    chart(charts.phase_rates(frame, "advance_rate", "Advance rate per phase"))
    table(frame)
