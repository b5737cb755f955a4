"""Reading the rows the digest needs from the published warehouse (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from janox_dagster.alerts.digest import month_start
from janox_dagster.warehouse import connect

RISK_COLUMNS = "account_id, month, risk_score, at_risk, top_signals, owner_user_id"
STUCK_COLUMNS = (
    "lead_id, owner_user_id, status, entered_at, days_in_state, limit_days, days_over_limit"
)
VIOLATION_COLUMNS = (
    "activity_id, person_type, person_id, user_id, activity_type, occurred_at, opted_out_at, "
    "days_after_optout"
)


@dataclass(frozen=True)
class AlertRows:
    """The marts rows of one digest."""

    risk: list[dict[str, Any]]
    stuck: list[dict[str, Any]]
    violations: list[dict[str, Any]]


def read_alert_rows(published: Path, as_of: date | None) -> AlertRows:
    """``account_risk_monthly`` of the as-of month and the month before, and every row of
    ``stuck_leads`` and ``optout_violations``."""
    con = connect(published, read_only=True)
    try:
        risk: list[dict[str, Any]] = []
        if as_of is not None:
            month = month_start(as_of)
            previous = month_start(month - timedelta(days=1))
            risk = _rows(
                con,
                f"select {RISK_COLUMNS} from marts.account_risk_monthly where month in (?, ?)",
                [previous, month],
            )
        stuck = _rows(con, f"select {STUCK_COLUMNS} from marts.stuck_leads")
        violations = _rows(con, f"select {VIOLATION_COLUMNS} from marts.optout_violations")
    finally:
        con.close()
    return AlertRows(risk=risk, stuck=stuck, violations=violations)


def _rows(con, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
