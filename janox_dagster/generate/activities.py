"""Sales activities (on leads, opportunities, customer accounts) and support cases."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock, events_in_spans
from .org import MARKETING, Org

ACTIVITY_TYPES = ("call", "meeting", "email", "sms", "note")
CALL, MEETING, EMAIL, SMS, NOTE = range(5)
DIRECTIONS = ("outbound", "inbound")
PRIORITIES = ("low", "normal", "high", "urgent")
CASE_CATEGORIES = (
    "billing",
    "onboarding",
    "technical",
    "integration",
    "feature_request",
    "account_access",
    "data_quality",
)
_P_TWO_WAY = np.array([0.45, 0.95, 0.25, 0.2, 0.0])
_P_INBOUND = np.array([0.2, 0.0, 0.3, 0.15, 0.0])


class ContactIndex:
    """Find a contact of an account that already existed at an instant."""

    def __init__(self, account: np.ndarray, created: np.ndarray) -> None:
        self._order = np.lexsort((created, account))
        self._acc = account[self._order]
        self._key = account[self._order].astype(np.int64) * (1 << 32) + created[self._order]

    def pick(self, account: np.ndarray, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A random contact of `account` created at or before `t` (-1 when none)."""
        account = np.asarray(account, dtype=np.int64)
        tt = np.minimum(np.asarray(t, dtype=np.int64), (1 << 32) - 1)
        lo = np.searchsorted(self._acc, account, side="left")
        hi = np.searchsorted(self._key, account * (1 << 32) + tt, side="right")
        cnt = hi - lo
        pick = lo + np.floor(rng.random(len(account)) * np.maximum(cnt, 0)).astype(np.int64)
        ok = (cnt > 0) & (account >= 0)
        return np.where(ok, self._order[np.clip(pick, 0, len(self._order) - 1)], -1)


def _frame(
    kind: np.ndarray,
    user: np.ndarray,
    occurred: np.ndarray,
    rng: np.random.Generator,
    lead: np.ndarray | None = None,
    contact: np.ndarray | None = None,
    account: np.ndarray | None = None,
    opp: np.ndarray | None = None,
    two_way_factor: np.ndarray | float = 1.0,
    long_meetings: np.ndarray | None = None,
) -> dict:
    """Complete activity rows: direction, reach, duration, logging lag, later fixes."""
    n = len(kind)
    null = np.full(n, NULL, dtype=np.int64)
    inbound = rng.random(n) < _P_INBOUND[kind]
    two_way = rng.random(n) < np.clip(_P_TWO_WAY[kind] * two_way_factor + inbound * 0.3, 0, 1)
    two_way &= kind != NOTE
    dur = np.ones(n)
    dur = np.where(
        kind == CALL,
        np.where(two_way, np.exp(rng.normal(np.log(7), 0.6, n)), rng.uniform(0.5, 2, n)),
        dur,
    )
    meet = rng.choice([30, 45, 60, 90], size=n, p=[0.3, 0.35, 0.25, 0.1])
    if long_meetings is not None:
        meet = np.where(long_meetings, rng.choice([45, 60, 90, 120], size=n), meet)
    dur = np.where(kind == MEETING, meet, dur)
    dur = np.where(kind == EMAIL, rng.integers(2, 16, n), dur)
    dur = np.where(kind == SMS, 1, dur)
    dur = np.where(kind == NOTE, rng.integers(1, 6, n), dur)
    duration = np.maximum(np.round(dur), 1).astype(np.int64)
    lag = np.exp(rng.normal(np.log(8 * MINUTE), 1.0, n)).astype(np.int64) + duration * MINUTE
    late = rng.random(n) < 0.03
    lag = np.where(late, rng.integers(18 * HOUR, 30 * HOUR, n), lag)
    fix = rng.random(n) < 0.01
    return {
        "type": kind.astype(np.int64),
        "inbound": inbound,
        "user": user.astype(np.int64),
        "lead": null if lead is None else lead.astype(np.int64),
        "contact": null if contact is None else contact.astype(np.int64),
        "account": null if account is None else account.astype(np.int64),
        "opp": null if opp is None else opp.astype(np.int64),
        "occurred": occurred.astype(np.int64),
        "duration": duration,
        "two_way": two_way,
        "created": (occurred + lag).astype(np.int64),
        "duration2": np.maximum(1, duration + rng.integers(-5, 30, n)),
        "t_duration2": np.where(fix, occurred + lag + rng.integers(HOUR, 5 * DAY, n), INF),
    }


def _helpers(
    user: np.ndarray,
    market: np.ndarray,
    t: np.ndarray,
    kind: np.ndarray,
    org: Org,
    rng: np.random.Generator,
) -> np.ndarray:
    """Now and then a colleague, the team manager or marketing logs the activity instead."""
    user = user.copy()
    n = len(user)
    u = rng.random(n)
    colleague = u < 0.07
    if colleague.any():
        user[colleague] = org.pick_sellers(t[colleague], market[colleague], rng)
    mgr = (kind == MEETING) & (u > 0.97)
    if mgr.any():
        user[mgr] = org.manager_of(user[mgr])
    mkt_pool = np.flatnonzero((org.role == MARKETING) & (org.deactivated == INF))
    mk = (kind == NOTE) & (u > 0.9) & (len(mkt_pool) > 0)
    if mk.any():
        user[mk] = mkt_pool[rng.integers(0, len(mkt_pool), int(mk.sum()))]
    return user


def _kinds(n: int, p: list[float], rng: np.random.Generator) -> np.ndarray:
    return rng.choice(5, size=n, p=p)


def lead_activities(
    leads: dict, org: Org, clock: Clock, market: np.ndarray, rng: np.random.Generator
) -> dict:
    """The first sales contact (speed-to-lead) and follow-ups while sellers work a lead; sellers
    spend real time on Type 3/4 leads."""
    contacted = np.flatnonzero(leads["t_first"] < INF)
    first_kind = rng.choice([CALL, EMAIL, SMS], size=len(contacted), p=[0.6, 0.35, 0.05])
    lt = leads["lead_type"]
    sal = leads["t_sal"] < INF
    mean = np.where(
        sal & (lt >= 3),
        5.5,
        np.where(
            sal, 2.5, np.where(leads["t_rej"] < INF, 0.8, np.where(leads["t_mql"] < INF, 1.0, 0.7))
        ),
    )
    k = rng.poisson(mean[contacted])
    rows = np.repeat(contacted, k)
    lo = leads["t_first"][rows]
    hi = np.maximum(leads["work_end"][rows], lo + HOUR)
    t = lo + (rng.random(len(rows)) * (hi - lo)).astype(np.int64) + MINUTE
    t = clock.to_business(t, rng)
    kinds = _kinds(len(rows), [0.4, 0.18, 0.27, 0.05, 0.1], rng)
    all_rows = np.concatenate([contacted, rows])
    occurred = np.concatenate([leads["t_first"][contacted], t])
    kind = np.concatenate([first_kind, kinds])
    # a seller who is handed the lead later works it from then on
    owner = np.where(
        occurred >= leads["t_owner2"][all_rows], leads["owner2"][all_rows], leads["owner"][all_rows]
    )
    is_first = np.arange(len(all_rows)) < len(contacted)
    user = np.where(is_first, owner, _helpers(owner, market[all_rows], occurred, kind, org, rng))
    # most sellers respect an opt-out; a few activities after it are compliance violations
    after_opt = occurred >= leads["t_opt"][all_rows]
    keep = ~after_opt | (rng.random(len(all_rows)) < 0.12)
    keep &= occurred < INF
    all_rows, occurred, kind, user = all_rows[keep], occurred[keep], kind[keep], user[keep]
    long = lt[all_rows] >= 3
    return _frame(kind, user, occurred, rng, lead=all_rows, long_meetings=long)


def opportunity_activities(
    opps: dict,
    account_market: np.ndarray,
    contacts: ContactIndex,
    contact_opt: np.ndarray,
    org: Org,
    clock: Clock,
    rng: np.random.Generator,
) -> dict:
    """Meetings, calls and e-mails during each opportunity's life."""
    n = len(opps["created"])
    phases = sum((opps[f"phase{p}"] < INF).astype(int) for p in range(1, 8))
    cold = opps["lead_type"] >= 3
    # doomed upsells of quiet customers get little attention
    k = rng.poisson(
        (2 + 1.2 * phases) * np.where(cold, 1.3, 1.0) * np.where(opps["forced"], 0.35, 1.0)
    )
    rows = np.repeat(np.arange(n), k)
    lo = opps["created"][rows]
    end = np.where(opps["closed"][rows] < INF, opps["closed"][rows], lo + 300 * DAY)
    hi = np.maximum(np.minimum(end, lo + 250 * DAY), lo + HOUR)
    t = clock.to_business(lo + (rng.random(len(rows)) * (hi - lo)).astype(np.int64) + MINUTE, rng)
    kind = _kinds(len(rows), [0.33, 0.3, 0.25, 0.04, 0.08], rng)
    acc = opps["account"][rows]
    contact = contacts.pick(acc, t, rng)
    contact = np.where(rng.random(len(rows)) < 0.85, contact, NULL)
    lead = np.where(
        (opps["lead"][rows] >= 0) & (rng.random(len(rows)) < 0.3), opps["lead"][rows], NULL
    )
    owner = opps["owner"][rows]
    user = _helpers(owner, account_market[acc], t, kind, org, rng)
    opted = (contact >= 0) & (t >= contact_opt[np.maximum(contact, 0)])
    keep = ~opted | (rng.random(len(rows)) < 0.12)
    sel = np.flatnonzero(keep)
    return _frame(
        kind[sel],
        user[sel],
        t[sel],
        rng,
        lead=lead[sel],
        contact=contact[sel],
        account=acc[sel],
        opp=rows[sel],
        long_meetings=cold[rows[sel]],
    )


def account_activities(
    cust: dict,
    owner_at: Callable[[np.ndarray, np.ndarray], np.ndarray],
    account_market: np.ndarray,
    contacts: ContactIndex,
    contact_opt: np.ndarray,
    org: Org,
    clock: Clock,
    rng: np.random.Generator,
) -> dict:
    """Account management with customers: steady contact, much quieter (and less often
    reached) in quiet spells before churn, and a few win-back calls after it."""
    n = len(cust["start"])
    start = cust["start"]
    until = np.minimum(cust["churn"], clock.end + 30 * DAY)
    life = np.maximum(until - start, 0)
    rate = 9 * np.exp(0.2 * cust["health"]) / (365 * DAY)
    rows, t = events_in_spans(start, life, life * rate * 1.3, rng)
    quiet = (t >= cust["q_from"][rows]) & (t < cust["q_until"][rows])
    s = np.where(quiet, cust["strength"][rows], 0.0)
    keep = rng.random(len(rows)) < (1 - 0.85 * s) / 1.3
    rows, t, s = rows[keep], t[keep], s[keep]
    # win-back attempts after churn
    wb = np.flatnonzero((cust["churn"] < clock.end) & (rng.random(n) < 0.3))
    wb_rows = np.repeat(wb, rng.integers(1, 3, len(wb)))
    wb_t = cust["churn"][wb_rows] + rng.integers(3 * DAY, 60 * DAY, len(wb_rows))
    rows = np.concatenate([rows, wb_rows])
    t = clock.to_business(np.concatenate([t, wb_t]), rng)
    s = np.concatenate([s, np.full(len(wb_rows), 0.7)])
    kind = _kinds(len(rows), [0.35, 0.2, 0.3, 0.05, 0.1], rng)
    kind[len(rows) - len(wb_rows) :] = CALL
    acc = cust["account"][rows]
    contact = contacts.pick(acc, t, rng)
    contact = np.where(rng.random(len(rows)) < 0.8, contact, NULL)
    owner = owner_at(acc, t)
    user = _helpers(owner, account_market[acc], t, kind, org, rng)
    opted = (contact >= 0) & (t >= contact_opt[np.maximum(contact, 0)])
    keep = ~opted | (rng.random(len(rows)) < 0.12)
    sel = np.flatnonzero(keep)
    return _frame(
        kind[sel],
        user[sel],
        t[sel],
        rng,
        contact=contact[sel],
        account=acc[sel],
        two_way_factor=1.25 * (1 - 0.65 * s[sel]),
    )


def support_cases(
    cust: dict, contacts: ContactIndex, clock: Clock, rng: np.random.Generator
) -> dict:
    """Support cases of customers: fewer in quiet spells, or a burst and then silence."""
    start = cust["start"]
    until = np.minimum(cust["churn"], clock.end + 30 * DAY)
    life = np.maximum(until - start, 0)
    rate = 2.5 * np.exp(-0.15 * cust["health"]) / (365 * DAY)
    rows, t = events_in_spans(start, life, life * rate * 3, rng)
    q0, q1 = cust["q_from"][rows], cust["q_until"][rows]
    quiet = (t >= q0) & (t < q1)
    pos = np.where(quiet, (t - q0) / np.maximum(q1 - q0, 1), 0.0)
    s = np.where(quiet, cust["strength"][rows], 0.0)
    burst = cust["burst"][rows]
    factor = np.where(quiet, np.where(burst, np.where(pos < 0.35, 3.0, 0.1), 1 - 0.8 * s), 1.0)
    keep = rng.random(len(rows)) < factor / 3
    rows, t = rows[keep], clock.to_business(t[keep], rng)
    m = len(rows)
    acc = cust["account"][rows]
    contact = contacts.pick(acc, t, rng)
    contact = np.where(rng.random(m) < 0.85, contact, NULL)
    priority = rng.choice(4, size=m, p=[0.25, 0.5, 0.2, 0.05])
    median = np.array([3.0, 1.5, 0.8, 0.3])[priority] * DAY
    closed = t + np.exp(rng.normal(np.log(median), 0.9)).astype(np.int64) + 10 * MINUTE
    closed = np.where(rng.random(m) < 0.04, INF, closed)
    escalate = (priority == 1) & (rng.random(m) < 0.06)
    t_prio2 = np.where(escalate, t + rng.integers(HOUR, 20 * HOUR, m), INF)
    t_prio2 = np.where(t_prio2 < closed, t_prio2, INF)
    cat = rng.choice(len(CASE_CATEGORIES), size=m, p=[0.2, 0.12, 0.3, 0.12, 0.1, 0.1, 0.06])
    return {
        "account": acc,
        "contact": contact.astype(np.int64),
        "category": cat.astype(np.int64),
        "priority": priority.astype(np.int64),
        "priority2": np.full(m, 2, dtype=np.int64),
        "t_priority2": t_prio2.astype(np.int64),
        "opened": t.astype(np.int64),
        "closed": closed.astype(np.int64),
    }
