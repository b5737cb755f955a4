"""The dashboard's filters and the SQL conditions they make.

A page's query names the columns of its mart that a filter applies to; a filter the mart
has no column for is left out. Values always travel as query parameters, never in the SQL
text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Filters:
    """What the reader chose; None means all."""

    first_month: date | None = None
    last_month: date | None = None
    team: str | None = None
    seller: str | None = None
    channel: str | None = None
    process: str | None = None


def where(
    filters: Filters,
    *,
    month: str | None = None,
    owner: str | None = None,
    channel: str | None = None,
    process: str | None = None,
) -> tuple[str, list[Any]]:
    """A ``where`` clause (or "") and its parameters for the columns (SQL expressions) the
    mart has: ``month`` a month's first day, ``owner`` a user id (a team filter keeps the
    users of ``dim_sellers`` in the team), ``channel`` and ``process`` codes."""
    parts: list[str] = []
    params: list[Any] = []
    if month and filters.first_month:
        parts.append(f"{month} >= ?")
        params.append(filters.first_month)
    if month and filters.last_month:
        parts.append(f"{month} <= ?")
        params.append(filters.last_month)
    if owner and filters.seller:
        parts.append(f"{owner} = ?")
        params.append(filters.seller)
    elif owner and filters.team:
        parts.append(f"{owner} in (select user_id from marts.dim_sellers where team = ?)")
        params.append(filters.team)
    if channel and filters.channel:
        parts.append(f"{channel} = ?")
        params.append(filters.channel)
    if process and filters.process:
        parts.append(f"{process} = ?")
        params.append(filters.process)
    return ("where " + " and ".join(parts) if parts else ""), params
