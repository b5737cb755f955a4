"""Sales targets: the optional planning source (planning/targets).

A sales manager sets each seller's targets for a month a few days before it starts: one
per KPI of the scorecard (qualified leads, won and finished sales, introductions, booked
revenue in EUR), from the seller's own figures of the three months before, raised by the
team's ambition and by what the manager expects of that seller (whole counts and round
amounts, at least one of each). Sellers who do better than
they did, or of whom less is expected, end above plan; the others below. A seller hired
during the history gets targets from the first full month after the hire, on the team's
average, with nothing to close yet in that first month (targets of 0).

In the last days of the history the manager revises some of the current month's targets
(a new version with a later updated_at, landing in a later load) and withdraws a few
(soft delete).
"""

from __future__ import annotations

import numpy as np

from .clock import DAY, HOUR, INF, MINUTE, Clock
from .fx import Fx
from .org import Org

#: The KPIs a target can be set for (the contract's closed list), in code order.
KPIS = ("qualified_leads", "won_sales", "booked_revenue_eur", "introductions", "finished_sales")
QUALIFIED, WON, BOOKED, INTRODUCTIONS, FINISHED = range(len(KPIS))
#: Months of the seller's own history a target is based on.
BASE_MONTHS = 3
#: Booked revenue targets are round amounts of this many EUR.
REVENUE_STEP = 500.0
#: KPIs a seller in the first month after the hire is not yet expected to deliver.
RAMP_UP_ZERO = (WON, BOOKED, INTRODUCTIONS)
_WON, _LOST = 1, 2  # opportunity outcome codes (sales.OUTCOMES)


def month_of(ts: np.ndarray) -> np.ndarray:
    """Months since 1970-01 (UTC) of instants."""
    days = (np.asarray(ts, dtype=np.int64) // DAY).astype("datetime64[D]")
    return days.astype("datetime64[M]").astype(np.int64)


def first_day(months: np.ndarray) -> np.ndarray:
    """Epoch day of the first day of months since 1970-01."""
    return (
        np.asarray(months, dtype=np.int64)
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def monthly_actuals(
    org: Org,
    leads: dict,
    opps: dict,
    intros: dict,
    fx: Fx,
    clock: Clock,
    months: np.ndarray,
) -> np.ndarray:
    """(users x months x KPIs) figures each seller reached per month in the planned
    history, close to how the scorecard counts them (qualified leads by qualification
    month and current type; sales by close month; introductions on the seller's finished
    sales; revenue in EUR at the close)."""
    out = np.zeros((len(org), len(months), len(KPIS)))
    first = months[0]

    def add(users: np.ndarray, ts: np.ndarray, kpi: int, weights: np.ndarray | None = None):
        ok = (ts < clock.end) & (users >= 0)
        m = month_of(np.where(ok, ts, 0)) - first
        ok &= (m >= 0) & (m < len(months))
        w = np.ones(int(ok.sum())) if weights is None else weights[ok]
        np.add.at(out, (users[ok], m[ok], kpi), w)

    owner = np.where(leads["t_owner2"] < clock.end, leads["owner2"], leads["owner"])
    lead_type = np.where(leads["t_type2"] < clock.end, leads["type2"], leads["lead_type"])
    qualified = (leads["t_type"] < INF) & np.isin(lead_type, (1, 2))
    add(np.where(qualified, owner, -1), leads["t_type"], QUALIFIED)

    closed = np.where(opps["closed"] < INF, opps["closed"], 0)
    finished = np.isin(opps["outcome"], (_WON, _LOST)) & (opps["closed"] < clock.end)
    won = (opps["outcome"] == _WON) & finished
    add(np.where(finished, opps["owner"], -1), closed, FINISHED)
    add(np.where(won, opps["owner"], -1), closed, WON)
    eur = np.asarray(opps["amount"], dtype=float) * fx.rate_at(opps["currency"], closed)
    add(np.where(won, opps["owner"], -1), closed, BOOKED, eur)
    per_opp = np.bincount(intros["opp"][intros["opp"] >= 0], minlength=len(opps["closed"])).astype(
        float
    )
    add(np.where(finished, opps["owner"], -1), closed, INTRODUCTIONS, per_opp)
    return out


def plan_targets(
    org: Org,
    leads: dict,
    opps: dict,
    intros: dict,
    fx: Fx,
    clock: Clock,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """The targets table's planned rows: month (epoch day of its first day), user (row of
    the users table), kpi (code into KPIS), target, created (when it was set), and the
    instants of a revision (t_rev, with target2) and of a withdrawal (t_del); INF = never."""
    start_month = int(month_of(np.array([clock.start]))[0])
    last_month = int(month_of(np.array([clock.end - 1]))[0])
    months = np.arange(start_month, last_month + 1)
    actual = monthly_actuals(org, leads, opps, intros, fx, clock, months)
    sellers = org.sellers
    # the team's ambition per month, and what the manager expects of each seller
    ambition = rng.uniform(0.95, 1.1, len(months))
    expects = np.exp(rng.normal(-0.05, 0.2, len(org)))
    rows: dict[str, list] = {k: [] for k in ("month", "user", "kpi", "target", "created")}
    for i in range(BASE_MONTHS, len(months)):
        set_day = first_day(months[i : i + 1])[0] - int(rng.integers(2, 6))
        window = actual[:, i - BASE_MONTHS : i, :]
        employed = org.created < set_day * DAY
        team_mean = window[sellers[employed[sellers]]].mean(axis=(0, 1))
        for u in sellers:
            # only sellers employed when the targets are set
            if org.created[u] >= set_day * DAY or org.deactivated[u] < set_day * DAY:
                continue
            joined = int(month_of(org.created[u : u + 1])[0])
            own = window[u, max(0, joined + 1 - months[i - BASE_MONTHS]) :, :]
            base = own.mean(axis=0) if len(own) else team_mean
            target = base * ambition[i] * expects[u]
            # whole counts and round amounts, at least one of each: a seller is always
            # expected to deliver something
            target[BOOKED] = max(1, np.round(target[BOOKED] / REVENUE_STEP)) * REVENUE_STEP
            counts = [QUALIFIED, WON, INTRODUCTIONS, FINISHED]
            target[counts] = np.maximum(1, np.round(target[counts]))
            if joined + 1 == months[i]:
                target[list(RAMP_UP_ZERO)] = 0.0
            created = clock.local_time(np.array([set_day]), np.array([9 * HOUR]))[0]
            created += int(rng.integers(0, 90 * MINUTE))
            for kpi in range(len(KPIS)):
                rows["month"].append(first_day(months[i : i + 1])[0])
                rows["user"].append(u)
                rows["kpi"].append(kpi)
                rows["target"].append(target[kpi])
                rows["created"].append(created)
    plan = {k: np.asarray(v) for k, v in rows.items()}
    plan["user"] = plan["user"].astype(np.int64)
    plan["kpi"] = plan["kpi"].astype(np.int64)
    plan["month"] = plan["month"].astype(np.int64)
    plan["created"] = plan["created"].astype(np.int64)
    plan["target"] = plan["target"].astype(float)
    keep = plan["created"] < clock.end
    plan = {k: v[keep] for k, v in plan.items()}
    _revise_current_month(plan, clock, rng)
    return plan


def _revise_current_month(plan: dict[str, np.ndarray], clock: Clock, rng: np.random.Generator):
    """Mid-month: on the history's last day the manager revises about a third of the
    current month's targets up or down and withdraws a few."""
    n = len(plan["month"])
    plan["t_rev"] = np.full(n, INF, dtype=np.int64)
    plan["target2"] = plan["target"].copy()
    plan["t_del"] = np.full(n, INF, dtype=np.int64)
    current = np.flatnonzero(plan["month"] == plan["month"].max()) if n else np.zeros(0, int)
    if not len(current):
        return
    last_day = np.array([clock.end_day - 1])
    revised = current[rng.random(len(current)) < 0.33]
    factor = rng.choice([0.8, 0.9, 1.1, 1.25], size=len(revised))
    step = np.where(plan["kpi"][revised] == BOOKED, REVENUE_STEP, 1.0)
    new = np.round(plan["target"][revised] * factor / step) * step
    new = np.where(new == plan["target"][revised], plan["target"][revised] + step, new)
    plan["target2"][revised] = new
    plan["t_rev"][revised] = clock.local_time(
        np.repeat(last_day, len(revised)), rng.integers(10 * HOUR, 12 * HOUR, len(revised))
    )
    withdrawn = rng.choice(current, size=max(1, len(current) // 40), replace=False)
    plan["t_del"][withdrawn] = clock.local_time(
        np.repeat(last_day, len(withdrawn)), rng.integers(14 * HOUR, 16 * HOUR, len(withdrawn))
    )
