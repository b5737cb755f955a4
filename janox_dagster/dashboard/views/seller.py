"""One seller's page: the scorecard against the targets, the open pipeline, and the
customers that need attention (seller_scorecard_monthly, targets_vs_actuals,
pipeline_forecast, account_risk_monthly, rc_scale_current). Without a seller chosen it
ranks the sellers."""

from __future__ import annotations

import streamlit as st

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import MONTHS, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "Seller", "seller"
FILTERS = frozenset({MONTHS, TEAM, SELLER})


def render(ctx: Context) -> None:
    """The chosen seller's page, or the ranking of the sellers."""
    if ctx.filters.seller is None:
        _ranking(ctx)
    else:
        _seller(ctx)


def _ranking(ctx: Context) -> None:
    st.caption("Choose a seller in the sidebar for their own page.")
    ranking = ctx.query(queries.seller_ranking)
    if nothing_to_show(ranking):
        return
    metrics(
        ("Sellers", fmt.count(len(ranking))),
        ("Won sales", fmt.count(ranking["won_sales"].sum())),
        ("Booked revenue", fmt.eur(ranking["booked_revenue_eur"].sum())),
    )
    chart(
        charts.bars(
            ranking, "seller", "booked_revenue_eur", "Booked revenue per seller", horizontal=True
        ).properties(height=max(200, 22 * len(ranking)))
    )
    table(ranking.drop(columns=["user_id"]))


def _seller(ctx: Context) -> None:
    st.subheader(ctx.seller_name(ctx.filters.seller))
    card = ctx.query(queries.scorecard)
    goals = ctx.query(queries.targets)
    pipeline = ctx.query(queries.open_pipeline)
    finished, won = card["type2_finished"].sum(), card["type2_won"].sum()
    metrics(
        ("Won sales", fmt.count(card["won_sales"].sum())),
        ("Booked revenue", fmt.eur(card["booked_revenue_eur"].sum())),
        ("Type 2 win rate", fmt.share(won / finished if finished else None)),
        ("Open pipeline, expected", fmt.eur(pipeline["expected_value_eur"].sum())),
    )
    if not goals.empty:
        totals = goals.groupby("kpi", as_index=False)[["target", "actual"]].sum()
        totals["attainment"] = totals["actual"] / totals["target"].where(totals["target"] != 0)
        chart(
            charts.attainment(
                totals,
                "Attainment of the targets over the months chosen "
                "(actual / target; red: below plan)",
            )
        )
        revenue = goals[goals["kpi"] == "booked_revenue_eur"]
        if not revenue.empty:
            chart(
                charts.actual_and_target(
                    revenue, "Booked revenue (bars) against the target (line), month by month"
                )
            )
    elif not card.empty:
        chart(
            charts.stacked_over_time(
                card, "booked_revenue_eur", "user_id", "Booked revenue per month"
            )
        )
    st.subheader("Open pipeline")
    table(
        pipeline,
        win_probability=st.column_config.ProgressColumn(
            "win probability", min_value=0, max_value=1, format="percent"
        ),
    )
    left, right = st.columns(2)
    with left:
        st.subheader("At risk")
        table(ctx.query(queries.at_risk).drop(columns=["owner_user_id", "owner"]))
    with right:
        st.subheader("Cold customers")
        cold = ctx.query(queries.cold_customers)
        table(cold[["account_id", "rc_score", "weakest_component"]])
