"""CRM data health: records created with critical errors (crm_data_health)."""

from __future__ import annotations

from janox_dagster.dashboard import charts, fmt, queries
from janox_dagster.dashboard.context import Context
from janox_dagster.dashboard.sidebar import MONTHS, SELLER, TEAM
from janox_dagster.dashboard.views._draw import chart, metrics, nothing_to_show, table

TITLE, URL = "CRM data health", "crm-health"
FILTERS = frozenset({MONTHS, TEAM, SELLER})


def render(ctx: Context) -> None:
    """The share of new CRM records with a critical error, month by month."""
    frame = ctx.query(queries.crm_health)
    if nothing_to_show(frame):
        return
    records, errors = frame["records"].sum(), frame["critical_error_records"].sum()
    metrics(
        ("Records created", fmt.count(records)),
        ("With a critical error", fmt.count(errors)),
        ("Critical error share", fmt.share(errors / records if records else None)),
    )
    shares = frame.assign(critical_error_share=frame["critical_error_records"] / frame["records"])
    chart(
        charts.lines_over_time(
            shares,
            "critical_error_share",
            "entity",
            "Share of new records with a critical error",
            percent=True,
        )
    )
    kinds = (
        frame[
            [
                "missing_mandatory_records",
                "invalid_email_records",
                "invalid_phone_records",
                "duplicate_email_records",
            ]
        ]
        .sum()
        .rename("records")
        .rename_axis("error")
    )
    chart(
        charts.bars(
            kinds.reset_index(), "error", "records", "Records per kind of error", horizontal=True
        )
    )
    table(frame)
