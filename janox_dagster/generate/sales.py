"""Opportunities through the phases, the five closing elements, and introductions.

`simulate_opportunities` plans a batch of opportunities (new sales or upsells): which of
the five core elements get lined up and when, whether the deal is won (more likely with
more elements and a warmer lead type), the phases entered and the close. Introductions
follow closes: closing introductions after wins, now and then a compensation one after a
loss.
"""

from __future__ import annotations

import numpy as np

from . import names
from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock
from .org import Org

NEW, UPSELL = 0, 1
PROCESSES = ("new", "upsell")
OUTCOMES = ("open", "won", "lost")
ELEMENTS = ("need", "economy", "decision_maker", "timing", "trust")
#: How much each lined-up element adds to the win log-odds (decision maker matters most).
ELEMENT_WEIGHT = np.array([0.6, 0.95, 1.05, 0.45, 0.75])
ELEMENT_P = np.array([0.78, 0.52, 0.46, 0.58, 0.52])
_TYPE_ELEMENT_FACTOR = np.array([1.2, 1.0, 0.6, 0.35])
_TYPE_LOGIT = np.array([0.7, 0.25, -0.7, -1.3])
_INTERCEPT = -3.3
#: Median days spent in phases 1..7.
_PHASE_DAYS = np.array([0, 3, 6, 5, 7, 9, 4, 2], dtype=float)
LOSS_EARLY = ("Bad fit", "No need", "No budget", "Went silent")
LOSS_LATE = ("Price", "Chose competitor", "No decision", "Bad timing", "Went silent")
LOSS_REASONS = tuple(dict.fromkeys(LOSS_EARLY + LOSS_LATE))
LOSS_LONG = "Chose competitor\n(cheaper offer)"
KINDS = ("closing", "compensation")


def simulate_opportunities(
    created: np.ndarray,
    process: np.ndarray,
    lead_type: np.ndarray,
    owner: np.ndarray,
    org: Org,
    clock: Clock,
    rng: np.random.Generator,
    force_lost: np.ndarray | None = None,
) -> dict:
    """Plan phases, elements, outcome and close of opportunities created at `created`."""
    n = len(created)
    t = np.clip(lead_type, 1, 4) - 1
    skill = org.skill[owner]
    p_el = np.clip(
        ELEMENT_P[None, :] * _TYPE_ELEMENT_FACTOR[t][:, None] * np.exp(0.3 * skill)[:, None],
        0.02,
        0.97,
    )
    lined = rng.random((n, 5)) < p_el
    n_lined = lined.sum(axis=1)
    logit = _INTERCEPT + lined.astype(float) @ ELEMENT_WEIGHT + _TYPE_LOGIT[t] + skill
    logit = logit + np.where(process == UPSELL, 0.4, 0.0)
    won = rng.random(n) < 1 / (1 + np.exp(-logit))
    if force_lost is not None:
        won &= ~force_lost
    stuck = ~won & (rng.random(n) < 0.04)
    first_phase = np.where(process == UPSELL, 2, 1)
    # where lost opportunities are lost: cold leads early, warm ones late
    early_w = np.array([0.30, 0.30, 0.20, 0.10, 0.07, 0.03])
    late_w = np.array([0.05, 0.15, 0.20, 0.25, 0.20, 0.15])
    lost_phase = np.where(
        t >= 2,
        rng.choice(6, size=n, p=early_w) + 1,
        rng.choice(6, size=n, p=late_w) + 1,
    )
    lost_phase = np.maximum(lost_phase, first_phase)
    lost_phase = np.where(n_lined >= 3, np.maximum(lost_phase, rng.integers(3, 7, n)), lost_phase)
    reach7 = won & (rng.random(n) < 0.72)
    max_phase = np.where(won, np.where(reach7, 7, 6), lost_phase)
    max_phase = np.where(stuck, rng.integers(first_phase, 6), max_phase)
    # phase timeline
    slow = np.where(t >= 2, 1.4, 1.0) * np.where(process == UPSELL, 0.8, 1.0)
    dur = np.exp(rng.normal(0, 0.6, (n, 8))) * _PHASE_DAYS[None, :] * slow[:, None] * DAY
    dur = dur.astype(np.int64) + HOUR
    skip_phase = np.where(rng.random(n) < 0.5, 3, 4)
    skip = (max_phase >= 5) & (rng.random(n) < 0.09) & (skip_phase > first_phase)
    entered = np.full((n, 8), INF, dtype=np.int64)
    cur = created.astype(np.int64).copy()
    for p in range(1, 8):
        starts_here = first_phase == p
        cur = np.where(starts_here, created, cur)
        active = (p >= first_phase) & (p <= max_phase) & ~(skip & (skip_phase == p))
        if p > 1:
            cur = np.where(active & ~starts_here, clock.to_business(cur, rng), cur)
        entered[:, p] = np.where(active, cur, INF)
        cur = np.where(active, cur + dur[:, p], cur)
    # strictly increasing entries
    last = np.full(n, -1, dtype=np.int64)
    for p in range(1, 8):
        e = entered[:, p]
        fix = (e < INF) & (e <= last)
        entered[fix, p] = last[fix] + MINUTE
        last = np.where(e < INF, entered[:, p], last)
    last_entered = last
    closed = np.where(
        won,
        np.where(
            reach7, last_entered + rng.integers(8 * HOUR, 60 * HOUR, n), last_entered + dur[:, 6]
        ),
        last_entered + np.exp(rng.normal(np.log(8 * DAY), 0.8, n)).astype(np.int64),
    )
    closed = clock.to_business(closed, rng)
    closed = np.maximum(closed, last_entered + MINUTE)
    closed = np.where(stuck, INF, closed)
    # when the lined-up elements were lined up
    lo = np.where(entered[:, 3] < INF, entered[:, 3], created)
    lo = np.minimum(lo, np.where(closed < INF, closed, lo))
    hi = np.where(won, np.where(entered[:, 6] < INF, entered[:, 6], closed), closed)
    hi = np.where(stuck, created + 120 * DAY, hi)
    hi = np.maximum(hi, lo + HOUR)
    span = (hi - lo).astype(float)
    el_t = lo[:, None] + (rng.random((n, 5)) * span[:, None]).astype(np.int64)
    el_t = np.maximum(el_t, created[:, None] + MINUTE)
    el_t = np.where(lined, el_t, INF)
    # loss reasons
    early = max_phase <= 3
    reason_early = np.array([LOSS_REASONS.index(r) for r in LOSS_EARLY])
    reason_late = np.array([LOSS_REASONS.index(r) for r in LOSS_LATE])
    reason = np.where(
        early,
        reason_early[rng.integers(0, len(reason_early), n)],
        reason_late[rng.integers(0, len(reason_late), n)],
    )
    outcome = np.where(won, 1, np.where(stuck, 0, 2))
    reason = np.where(outcome == 2, reason, NULL)
    discount = won & (rng.random(n) < 0.25) & (entered[:, 6] < INF)
    return {
        "created": created.astype(np.int64),
        "process": process.astype(np.int64),
        "lead_type": lead_type.astype(np.int64),
        "owner": owner.astype(np.int64),
        "outcome": outcome.astype(np.int64),
        "closed": closed.astype(np.int64),
        "max_phase": max_phase.astype(np.int64),
        **{f"phase{p}": entered[:, p] for p in range(1, 8)},
        **{f"el{i}": el_t[:, i] for i in range(5)},
        "loss_reason": reason.astype(np.int64),
        "loss_long": (reason == LOSS_REASONS.index("Chose competitor")) & (rng.random(n) < 0.04),
        "discount": np.where(discount, rng.uniform(0.85, 0.95, n), 1.0),
        "t_discount": np.where(discount, entered[:, 6], INF),
        "forced": np.zeros(n, bool) if force_lost is None else force_lost.copy(),
    }


def introductions(
    opps: dict,
    rows: np.ndarray,
    account_country: np.ndarray,
    primary_contact: np.ndarray,
    org: Org,
    clock: Clock,
    rng: np.random.Generator,
) -> dict:
    """Introductions obtained after the closes of opportunities `rows` of `opps` (global
    arrays): 0-3 closing ones after a win, sometimes a compensation one after a loss."""
    outcome = opps["outcome"][rows]
    owner = opps["owner"][rows]
    rate = org.intro_rate[owner]
    won = outcome == 1
    lost = outcome == 2
    k = np.where(won, np.minimum(rng.poisson(1.15 * rate), 3), 0)
    comp = lost & (rng.random(len(rows)) < 0.17 * rate)
    k = np.where(comp, 1 + (rng.random(len(rows)) < 0.1), k)
    src = np.repeat(np.arange(len(rows)), k)
    opp = rows[src]
    m = len(src)
    closed = opps["closed"][opp]
    delay = np.minimum(np.exp(rng.normal(np.log(DAY), 1.0, m)), 6 * DAY).astype(np.int64)
    obtained = clock.to_business(closed + delay, rng)
    obtained = np.maximum(obtained, closed + MINUTE)
    by = opps["owner"][opp].copy()
    other = rng.random(m) < 0.1
    acc = opps["account"][opp]
    country = account_country[src]
    if other.any():
        by[other] = org.pick_sellers(obtained[other], names.MARKET[country[other]], rng)
    kind = np.where(opps["outcome"][opp] == 1, 0, 1)
    has_lead = opps["lead"][opp] >= 0
    mode = rng.choice(4, size=m, p=[0.35, 0.3, 0.15, 0.2])  # account, contact, both, lead only
    mode = np.where((mode == 3) & ~has_lead, 0, mode)
    from_account = np.where(np.isin(mode, [0, 2]), acc, NULL)
    from_contact = np.where(np.isin(mode, [1, 2]), primary_contact[src], NULL)
    from_lead = np.where(mode == 3, opps["lead"][opp], NULL)
    from_lead = np.where(
        (mode != 3) & has_lead & (rng.random(m) < 0.1), opps["lead"][opp], from_lead
    )
    q_p = np.array([[0.15, 0.35, 0.33, 0.17], [0.06, 0.27, 0.40, 0.27]])
    quality = (
        np.where(kind == 0, rng.choice(4, size=m, p=q_p[0]), rng.choice(4, size=m, p=q_p[1])) + 1
    )
    relevance = rng.choice(4, size=m, p=[0.15, 0.37, 0.32, 0.16]) + 1
    # the introduced person, mostly from the giver's country
    who = np.where(
        rng.random(m) < 0.85,
        country,
        rng.choice(len(names.COUNTRIES), size=m, p=names.COUNTRY_WEIGHTS),
    )
    first, last = names.person_names(who, rng)
    company = names.company_names(who, rng)
    email = names.emails(first, last, names.domains(company, who), rng)
    phone = names.phones(who, rng)
    bare = rng.random((3, m))
    email[bare[0] < np.array([0, 0.05, 0.15, 0.3, 0.7])[quality]] = None
    phone[bare[1] < np.array([0, 0.02, 0.1, 0.25, 0.6])[quality]] = None
    company[bare[2] < np.array([0, 0.0, 0.05, 0.1, 0.3])[quality]] = None
    # some are re-assessed later (relevance changes)
    reassess = rng.random(m) < 0.15
    t_rel2 = np.where(
        reassess, clock.to_business(obtained + rng.integers(DAY, 40 * DAY, m), rng), INF
    )
    relevance2 = np.clip(relevance + rng.choice([-1, 1], m), 1, 4)
    return {
        "obtained": obtained,
        "obtained_by": by.astype(np.int64),
        "from_account": from_account.astype(np.int64),
        "from_contact": from_contact.astype(np.int64),
        "from_lead": from_lead.astype(np.int64),
        "opp": opp.astype(np.int64),
        "kind": kind.astype(np.int64),
        "quality": quality.astype(np.int64),
        "relevance": relevance.astype(np.int64),
        "relevance2": relevance2.astype(np.int64),
        "t_relevance2": t_rel2,
        "country": who.astype(np.int64),
        "first_name": first,
        "last_name": last,
        "company": company,
        "email": email,
        "phone": phone,
    }
