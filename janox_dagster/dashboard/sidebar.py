"""The filter widgets in the sidebar. Each page shows the filters its marts have; a choice
is kept in the page's address (``?team=…&channel=…``), so it carries over to the next page
and a link shows the same view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from janox_dagster.dashboard import fmt, queries
from janox_dagster.dashboard.context import cached_query
from janox_dagster.dashboard.filters import Filters

MONTHS, TEAM, SELLER, CHANNEL, PROCESS = "months", "team", "seller", "channel", "process"
ALL = None


def draw(path: str, shown: frozenset[str]) -> Filters:
    """Draw the filters named in ``shown`` and return the choice (None = all)."""
    chosen: dict = {}
    sidebar = st.sidebar
    if shown:
        sidebar.header("Filters")
    if MONTHS in shown:
        chosen.update(_months(sidebar, cached_query(queries.months, path)))
    if TEAM in shown or SELLER in shown:
        teams = cached_query(queries.teams, path)
        team = sidebar.selectbox(
            "Team",
            [ALL, *teams],
            format_func=lambda t: "All teams" if t is None else t,
            key=TEAM,
            bind="query-params",
        )
        chosen["team"] = team
        if SELLER in shown:
            sellers = cached_query(queries.sellers, path, team)
            # the id makes each label unique: two sellers may share a name
            names = {
                user: f"{name} ({user})"
                for user, name in zip(sellers["user_id"], sellers["user_name"], strict=True)
            }
            chosen["seller"] = sidebar.selectbox(
                "Seller",
                [ALL, *names],
                format_func=lambda u: "All sellers" if u is None else names.get(u, u),
                key=SELLER,
                bind="query-params",
            )
    if CHANNEL in shown:
        channels = cached_query(queries.channels, path)
        names = dict(zip(channels["channel"], channels["channel_name"], strict=True))
        chosen["channel"] = sidebar.selectbox(
            "Channel",
            [ALL, *names],
            format_func=lambda c: "All channels" if c is None else names.get(c, c),
            key=CHANNEL,
            bind="query-params",
        )
    if PROCESS in shown:
        chosen["process"] = sidebar.selectbox(
            "Process",
            [ALL, *cached_query(queries.processes, path)],
            format_func=lambda p: "All processes" if p is None else p,
            key=PROCESS,
            bind="query-params",
        )
    return Filters(**chosen)


def _months(sidebar, months: list[date]) -> dict:
    if not months:
        return {}
    if len(months) == 1:
        return {"first_month": months[0], "last_month": months[0]}
    first, last = sidebar.select_slider(
        "Months",
        options=months,
        value=(months[0], months[-1]),
        format_func=fmt.month,
        key=MONTHS,
        persist_state="session",
    )
    return {"first_month": first, "last_month": last}
