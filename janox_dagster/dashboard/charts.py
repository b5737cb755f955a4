"""Altair charts: a data frame in, a chart out (no queries, no Streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

MONTH = alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%b %Y"))
HIGHLIGHT = "#d62728"
MUTED = "#9ecae1"


def stacked_over_time(frame: pd.DataFrame, value: str, color: str, title: str) -> alt.Chart:
    """Monthly bars of ``value``, stacked by ``color``."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=MONTH,
            y=alt.Y(f"sum({value}):Q", title=None),
            color=alt.Color(f"{color}:N", title=None),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="month"),
                f"{color}:N",
                alt.Tooltip(f"sum({value}):Q", title=value, format=","),
            ],
        )
    )


def lines_over_time(
    frame: pd.DataFrame, value: str, color: str, title: str, percent: bool = False
) -> alt.Chart:
    """Monthly lines of ``value``, one per ``color``."""
    axis = alt.Axis(format="%") if percent else alt.Axis()
    return (
        alt.Chart(frame, title=title)
        .mark_line(point=True)
        .encode(
            x=MONTH,
            y=alt.Y(f"{value}:Q", title=None, axis=axis),
            color=alt.Color(f"{color}:N", title=None),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="month"),
                f"{color}:N",
                alt.Tooltip(f"{value}:Q", format=".1%" if percent else ",.1f"),
            ],
        )
    )


def phase_rates(frame: pd.DataFrame, value: str, title: str, highlight_type: int = 2):
    """Bars of a rate per phase, one bar per lead type, ``highlight_type`` in red and the
    others muted; one panel per process."""
    data = frame.assign(
        lead_type_label="Type " + frame["lead_type"].astype("string"),
        highlighted=frame["lead_type"] == highlight_type,
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("phase_number:O", title="phase", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("lead_type_label:N"),
            y=alt.Y(f"{value}:Q", title=None, axis=alt.Axis(format="%")),
            color=alt.Color(
                "lead_type_label:N",
                title="lead type",
                scale=alt.Scale(
                    domain=[f"Type {t}" for t in (1, 2, 3, 4)],
                    range=[MUTED, HIGHLIGHT, "#c6dbef", "#deebf7"],
                ),
            ),
            opacity=alt.condition("datum.highlighted", alt.value(1.0), alt.value(0.75)),
            tooltip=[
                "phase_name:N",
                "lead_type_label:N",
                "entered:Q",
                alt.Tooltip(f"{value}:Q", format=".1%"),
            ],
        )
        .properties(width=320, height=260)
        .facet(column=alt.Column("process:N", title=None))
        .properties(title=title)
    )


def bars(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    color: str | None = None,
    percent: bool = False,
    horizontal: bool = False,
) -> alt.Chart:
    """Plain bars of ``y`` per ``x`` (grouped by ``color`` when given)."""
    axis = alt.Axis(format="%") if percent else alt.Axis()
    category = alt.X(f"{x}:N", title=None, sort=None, axis=alt.Axis(labelAngle=0))
    measure = alt.Y(f"{y}:Q", title=None, axis=axis)
    if horizontal:
        category = alt.Y(f"{x}:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
        measure = alt.X(f"{y}:Q", title=None, axis=axis)
    encoding = {"x": measure, "y": category} if horizontal else {"x": category, "y": measure}
    tooltip = [f"{x}:N", alt.Tooltip(f"{y}:Q", format=".1%" if percent else ",.2f")]
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
        encoding["yOffset" if horizontal else "xOffset"] = f"{color}:N"
        tooltip.append(f"{color}:N")
    return alt.Chart(frame, title=title).mark_bar().encode(**encoding, tooltip=tooltip)


def matrix(frame: pd.DataFrame, x: str, y: str, value: str, title: str) -> alt.LayerChart:
    """A heat map of ``value`` over ``x`` × ``y`` with the value written in each cell."""
    base = alt.Chart(frame, title=title).encode(
        x=alt.X(f"{x}:O", title=x.replace("_", " ")),
        y=alt.Y(f"{y}:O", title=y.replace("_", " ")),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=None, scale=alt.Scale(scheme="blues")),
        tooltip=[f"{x}:O", f"{y}:O", alt.Tooltip(f"{value}:Q", format=",")],
    )
    labels = base.mark_text(fontSize=14).encode(
        text=alt.Text(f"{value}:Q", format=","),
        color=alt.condition(
            f"datum.{value} > {float(frame[value].max() or 0) / 2}",
            alt.value("white"),
            alt.value("black"),
        ),
    )
    return (cells + labels).properties(height=320)


def stages(frame: pd.DataFrame, title: str) -> alt.Chart:
    """A funnel: one horizontal bar per stage (columns ``stage``, ``count``), in order."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", title=None, sort=None),
            x=alt.X("count:Q", title=None),
            tooltip=["stage:N", alt.Tooltip("count:Q", format=",")],
        )
    )


def attainment(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """Bars of ``attainment`` per ``kpi`` with a rule at 100 % (on plan)."""
    bars_ = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("kpi:N", title=None, sort=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("attainment:Q", title=None, axis=alt.Axis(format="%")),
            color=alt.condition("datum.attainment >= 1", alt.value(MUTED), alt.value(HIGHLIGHT)),
            tooltip=[
                "kpi:N",
                alt.Tooltip("target:Q", format=",.2f"),
                alt.Tooltip("actual:Q", format=",.2f"),
                alt.Tooltip("attainment:Q", format=".1%"),
            ],
        )
    )
    plan = (
        alt.Chart(pd.DataFrame({"on_plan": [1.0]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="on_plan:Q")
    )
    return alt.layer(bars_, plan, title=title)


def actual_and_target(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """Monthly bars of ``actual`` with ``target`` as a line (columns month, actual, target)."""
    base = alt.Chart(frame).encode(x=MONTH)
    actual = base.mark_bar(color=MUTED).encode(
        y=alt.Y("actual:Q", title=None),
        tooltip=[
            alt.Tooltip("yearmonth(month):T", title="month"),
            alt.Tooltip("actual:Q", format=",.0f"),
            alt.Tooltip("target:Q", format=",.0f"),
        ],
    )
    target = base.mark_line(color=HIGHLIGHT, point=alt.OverlayMarkDef(color=HIGHLIGHT)).encode(
        y="target:Q"
    )
    return alt.layer(actual, target, title=title)
