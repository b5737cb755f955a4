"""Lead status history: each lead's path through the conversion states.

new -> contacted -> meeting_booked -> offer_sent -> negotiating -> won/lost, with nurture
for leads parked for later. Some leads skip a state, some go back one, some sit in a state
for a long time; the path always agrees with the lead's funnel and its opportunity.
"""

from __future__ import annotations

import numpy as np

from .clock import DAY, HOUR, INF, MINUTE, Clock

STATUSES = (
    "new",
    "contacted",
    "meeting_booked",
    "offer_sent",
    "negotiating",
    "won",
    "lost",
    "nurture",
)
NEW, CONTACTED, MEETING, OFFER, NEGOTIATING, WON, LOST, NURTURE = range(8)


def status_history(
    leads: dict, opp_of_lead: np.ndarray, opps: dict, clock: Clock, rng: np.random.Generator
) -> dict:
    """Status changes of all leads, with the seller who made them and when they land."""
    n = len(leads["created"])
    idx = np.arange(n)
    rows: list[np.ndarray] = []
    stat: list[np.ndarray] = []
    times: list[np.ndarray] = []
    by: list[np.ndarray] = []
    u = rng.random((10, n))

    def owner_at(t: np.ndarray, r: np.ndarray) -> np.ndarray:
        return np.where(t >= leads["t_owner2"][r], leads["owner2"][r], leads["owner"][r])

    def add(mask: np.ndarray, status: int, t: np.ndarray, user: np.ndarray | None = None) -> None:
        r = idx[mask]
        tt = t[mask] if len(t) == n else t
        rows.append(r)
        stat.append(np.full(len(r), status))
        times.append(tt.astype(np.int64))
        by.append(owner_at(tt, r) if user is None else (user[mask] if len(user) == n else user))

    has_opp = opp_of_lead >= 0
    o = np.maximum(opp_of_lead, 0)
    created = leads["created"]
    t_first = leads["t_first"]
    sal = leads["t_sal"] < INF
    sql = has_opp
    add(np.ones(n, bool), NEW, created)
    # contacted (a few jump straight to a booked meeting)
    meeting = sal & (sql | (u[0] < 0.5))
    skip_contacted = meeting & (u[1] < 0.05)
    add((t_first < INF) & ~skip_contacted, CONTACTED, t_first)
    # meeting booked, before the opportunity exists
    skip_meeting = sql & (u[2] < 0.08)
    t_meet = clock.to_business(leads["t_sal"] + (u[3] * 3 * DAY).astype(np.int64) + HOUR, rng)
    t_meet = np.where(sql, np.minimum(t_meet, opps["created"][o] - 30 * MINUTE), t_meet)
    t_meet = np.maximum(t_meet, np.where(t_first < INF, t_first, created) + MINUTE)
    add(meeting & ~skip_meeting, MEETING, t_meet)
    # the opportunity: offer sent from the presentation phase, negotiating from phase 5
    opp_owner = opps["owner"][o]
    p4 = np.minimum(opps["phase4"][o], opps["phase5"][o])
    p4 = np.minimum(p4, opps["phase6"][o])
    p5 = opps["phase5"][o]
    skip_offer = sql & (p5 < INF) & (u[4] < 0.15)
    add(sql & (p4 < INF) & ~skip_offer, OFFER, p4, opp_owner)
    add(sql & (p5 < INF), NEGOTIATING, p5, opp_owner)
    # back a state: negotiating -> offer_sent -> negotiating
    p6 = np.where(opps["phase6"][o] < INF, opps["phase6"][o], opps["closed"][o])
    room = (p6 < INF) & (p6 - p5 > 2 * DAY)
    back = sql & (p5 < INF) & room & (u[5] < 0.07)
    t_b1 = p5 + ((p6 - p5) * 0.3).astype(np.int64)
    t_b2 = p5 + ((p6 - p5) * 0.6).astype(np.int64)
    add(back, OFFER, t_b1, opp_owner)
    add(back, NEGOTIATING, t_b2, opp_owner)
    # outcome of the opportunity
    outcome = opps["outcome"][o]
    closed = opps["closed"][o]
    add(
        sql & (outcome == 1),
        WON,
        np.where(leads["t_conv"] < INF, leads["t_conv"], closed),
        opp_owner,
    )
    add(sql & (outcome == 2), LOST, closed, opp_owner)
    # leads without an opportunity
    rejected = leads["t_rej"] < INF
    parked_reason = np.isin(leads["reason"], [1, 7])
    nurture_rej = rejected & (u[6] < np.where(parked_reason, 0.7, 0.2))
    add(rejected & ~nurture_rej, LOST, leads["t_rej"] + MINUTE)
    add(nurture_rej, NURTURE, leads["t_rej"] + MINUTE)
    open_sal = sal & ~sql
    end = leads["work_end"] + HOUR
    add(open_sal & (u[7] < 0.45), LOST, end)
    add(open_sal & (u[7] >= 0.45) & (u[7] < 0.75), NURTURE, end)
    other = (t_first < INF) & ~sal & ~rejected
    add(other & (u[8] < 0.3), NURTURE, end)
    add(other & (u[8] >= 0.3) & (u[8] < 0.65), LOST, end)
    # some nurtured leads are picked up again later
    nurtured = nurture_rej | (open_sal & (u[7] >= 0.45) & (u[7] < 0.75)) | (other & (u[8] < 0.3))
    again = nurtured & (u[9] < 0.1)
    t_again = np.where(rejected, leads["t_rej"], end) + rng.integers(30, 120, n) * DAY
    add(again, CONTACTED, clock.to_business(t_again, rng))
    lead = np.concatenate(rows)
    status = np.concatenate(stat)
    t = np.concatenate(times)
    user = np.concatenate(by)
    keep = t < clock.end
    lead, status, t, user = lead[keep], status[keep], t[keep], user[keep]
    # strictly increasing within a lead, in the order of the path
    order = np.lexsort((t, lead))
    lead, status, t, user = lead[order], status[order], t[order], user[order]
    t = strictly_increasing(lead, t)
    late = rng.random(len(t)) < 0.05
    return {
        "lead": lead,
        "status": status.astype(np.int64),
        "changed_at": t,
        "user": user.astype(np.int64),
        "land": np.where(late, t + DAY, t),
    }


def strictly_increasing(group: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Nudge instants (sorted by group, then time) so they rise by at least a second within
    each group."""
    if len(t) == 0:
        return t
    pos = np.arange(len(t), dtype=np.int64)
    s = t - pos
    base = s.min()
    big = np.int64(1) << 40
    v = group.astype(np.int64) * big + (s - base)
    v = np.maximum.accumulate(v)
    return v - group.astype(np.int64) * big + base + pos
