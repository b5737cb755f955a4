"""How figures read on the pages (the marts never round; the dashboard does, for display)."""

from __future__ import annotations

import math
from datetime import date, datetime


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def count(value) -> str:
    """A whole number with thousands separators: 12,345."""
    return "–" if _missing(value) else f"{round(value):,}"


def share(value) -> str:
    """A fraction as a percentage with one decimal: 0.4567 → 45.7%."""
    return "–" if _missing(value) else f"{value:.1%}"


def eur(value) -> str:
    """An amount in the reporting currency, whole euros: €12,345."""
    return "–" if _missing(value) else f"€{round(value):,}"


def ratio(value) -> str:
    """An unbounded ratio (ROI) with two decimals: 3.09."""
    return "–" if _missing(value) else f"{value:.2f}"


def number(value, digits: int = 1) -> str:
    """A measure such as days or minutes: 12.3."""
    return "–" if _missing(value) else f"{value:,.{digits}f}"


def day(value) -> str:
    """A date as YYYY-MM-DD."""
    if _missing(value):
        return "–"
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def month(value) -> str:
    """A month as YYYY-MM."""
    return day(value)[:7]
