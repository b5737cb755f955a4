"""The night's digest, from marts rows to a message: pure functions, no I/O.

A published night's digest lists what needs action:

- accounts newly at risk: ``at_risk`` in the as-of month of ``marts.account_risk_monthly``
  and not the month before (false, or no row: a customer new this month counts);
- every lead of ``marts.stuck_leads`` (open, past its state's limit), longest over first;
- new opt-out violations of ``marts.optout_violations``: activities after the end of the
  previous published night's as-of day, or all of them when no earlier night is known.

A held-back night's digest gives the run's failure messages (a gate's name the load,
table and check) and its failed checks. Each list shows at most ``limit`` items and says
how many more the mart holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

Row = Mapping[str, Any]
DEFAULT_LIMIT = 15


@dataclass(frozen=True)
class Section:
    """One list of the digest: a heading, its items (at most the limit) and how many more."""

    heading: str
    items: tuple[str, ...] = ()
    more: int = 0
    empty: str = "none"

    def lines(self) -> list[str]:
        """The section as plain text lines."""
        out = [self.heading]
        out += [f"  • {item}" for item in self.items] or [f"  {self.empty}"]
        if self.more:
            out.append(f"  … and {self.more} more")
        return out


@dataclass(frozen=True)
class Digest:
    """A message: its subject (e-mail subject, webhook header), intro and sections."""

    subject: str
    intro: str
    sections: tuple[Section, ...] = ()
    held_back: bool = False

    @property
    def text(self) -> str:
        """The whole message as plain text (the e-mail body, the webhook's ``text``)."""
        parts = [self.subject, "", self.intro]
        for section in self.sections:
            parts += ["", *section.lines()]
        return "\n".join(parts) + "\n"


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def newly_at_risk(risk_rows: Iterable[Row], as_of: date) -> list[Row]:
    """Rows of the as-of month with ``at_risk`` true whose account was not at risk the
    month before (false, null or no row), highest risk_score first."""
    month = month_start(as_of)
    previous = month_start(month - timedelta(days=1))
    rows = list(risk_rows)
    at_risk_before = {r["account_id"] for r in rows if r["month"] == previous and r["at_risk"]}
    new = [
        r
        for r in rows
        if r["month"] == month and r["at_risk"] and r["account_id"] not in at_risk_before
    ]
    return sorted(new, key=lambda r: (-(r["risk_score"] or 0), r["account_id"]))


def new_violations(violation_rows: Iterable[Row], previous_as_of: date | None) -> list[Row]:
    """Violations whose activity took place after the end of the previous night's as-of
    day (all when there was no previous night), newest first."""
    rows = list(violation_rows)
    if previous_as_of is not None:
        since = datetime.combine(previous_as_of + timedelta(days=1), time())
        rows = [r for r in rows if _naive(r["occurred_at"]) >= since]
    return sorted(rows, key=lambda r: (_naive(r["occurred_at"]), r["activity_id"]), reverse=True)


def published_digest(
    *,
    warehouse: str,
    run_id: str,
    as_of: date | None,
    previous_as_of: date | None,
    risk_rows: Sequence[Row],
    stuck_rows: Sequence[Row],
    violation_rows: Sequence[Row],
    limit: int = DEFAULT_LIMIT,
) -> Digest:
    """The digest of a published night."""
    risk = _risk_section(risk_rows, as_of, limit)
    stuck = sorted(stuck_rows, key=lambda r: (-r["days_over_limit"], r["lead_id"]))
    stuck_section = _section(
        f"Leads stuck past their state's limit: {len(stuck)}",
        [_stuck_item(r) for r in stuck],
        limit,
    )
    violations = new_violations(violation_rows, previous_as_of)
    since = (
        f"activities after {previous_as_of.isoformat()}, the previous night's as-of"
        if previous_as_of is not None
        else "all: no earlier published night is known"
    )
    violation_section = _section(
        f"New opt-out violations ({since}): {len(violations)}",
        [_violation_item(r) for r in violations],
        limit,
    )
    counts = (
        f"{risk[1]} newly at risk, {len(stuck)} stuck leads, "
        f"{len(violations)} new opt-out violations"
    )
    as_of_text = as_of.isoformat() if as_of else "unknown"
    return Digest(
        subject=f"Janox {_name(warehouse)}: published as of {as_of_text} ({counts})",
        intro=f"The night published {warehouse} as of {as_of_text} (run {run_id[:8]}).",
        sections=(risk[0], stuck_section, violation_section),
    )


def held_back_digest(
    *,
    warehouse: str,
    run_id: str,
    failures: Sequence[str],
    checks_failed: Sequence[str],
    published_as_of: date | None = None,
) -> Digest:
    """The digest of a held-back night: why, and which checks failed."""
    kept = f" (as of {published_as_of.isoformat()})" if published_as_of else ""
    # one item per line of the messages; the gate's own opening line repeats the intro
    reasons = [
        line.strip()
        for text in failures
        for line in text.splitlines()
        if line.strip() and not line.startswith("The load was held back")
    ]
    return Digest(
        subject=f"Janox {_name(warehouse)}: the night was held back (run {run_id[:8]})",
        intro=f"The load was held back; {warehouse} keeps its last good state{kept}.",
        sections=(
            Section("Why", tuple(reasons), empty="the run failed without a message"),
            Section(f"Failed checks: {len(checks_failed)}", tuple(checks_failed)),
        ),
        held_back=True,
    )


def _risk_section(risk_rows: Sequence[Row], as_of: date | None, limit: int) -> tuple[Section, int]:
    if as_of is None:
        return Section("Accounts newly at risk: unknown (no as-of date)"), 0
    month = month_start(as_of)
    previous = month_start(month - timedelta(days=1))
    heading = f"Accounts newly at risk in {month:%Y-%m} (not at risk in {previous:%Y-%m})"
    this_month = [r for r in risk_rows if r["month"] == month]
    if this_month and all(r["at_risk"] is None for r in this_month):
        note = "no risk scores this night: the churn model was not trained (see "
        note += "marts.risk_model_backtest)"
        return Section(f"{heading}: none", empty=note), 0
    new = newly_at_risk(risk_rows, as_of)
    return _section(f"{heading}: {len(new)}", [_risk_item(r) for r in new], limit), len(new)


def _section(heading: str, items: list[str], limit: int) -> Section:
    return Section(heading, tuple(items[:limit]), more=max(0, len(items) - limit))


def _risk_item(row: Row) -> str:
    signals = row.get("top_signals") or "no signal raises it"
    return (
        f"{row['account_id']} (owner {row.get('owner_user_id') or 'none'}): "
        f"risk {row['risk_score']:.2f}; {signals}"
    )


def _stuck_item(row: Row) -> str:
    return (
        f"{row['lead_id']} (owner {row.get('owner_user_id') or 'none'}): "
        f"{row['status']} for {row['days_in_state']:.1f} days, "
        f"{row['days_over_limit']:.1f} over the {row['limit_days']:g}-day limit"
    )


def _violation_item(row: Row) -> str:
    return (
        f"{row['activity_id']}: {row.get('activity_type') or 'activity'} with "
        f"{row['person_type']} {row['person_id']} by {row.get('user_id') or 'unknown'} at "
        f"{_naive(row['occurred_at']):%Y-%m-%d %H:%M} UTC, "
        f"{row['days_after_optout']:.1f} days after the opt-out"
    )


def _naive(moment: datetime) -> datetime:
    """A UTC timestamp without its zone (the marts' timestamps are UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _name(warehouse: str) -> str:
    return warehouse.replace("\\", "/").rsplit("/", 1)[-1]
