"""Leads and their path through the funnel: MQL -> SAL (or rejected) -> typed -> SQL.

A lead batch is a dict of row-aligned numpy arrays. Planned instants use `INF` for
"never"; the loads later reveal only what happened before each cutoff, so a lead created
last week simply has its later steps still hidden.
"""

from __future__ import annotations

import numpy as np

from . import names
from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock
from .marketing import CHANNELS, OTHER, OUTBOUND, PAID_SOCIAL, REFERRAL, Campaigns
from .org import Org

#: Channel mix of leads not coming from an introduction.
CHANNEL_MIX = np.array([0.20, 0.17, 0.08, 0.07, 0.14, 0.08, 0.06, 0.14, 0.06])
P_MQL = np.array([0.75, 0.70, 0.70, 0.85, 0.65, 0.92, 0.80, 0.60, 0.50])
#: Lead-type mix (T1..T4) per channel: referral and events warm, paid social and content cold.
TYPE_MIX = np.array(
    [
        [0.16, 0.42, 0.25, 0.17],  # paid_search
        [0.06, 0.32, 0.34, 0.28],  # paid_social
        [0.15, 0.40, 0.27, 0.18],  # email
        [0.28, 0.45, 0.18, 0.09],  # events
        [0.07, 0.33, 0.33, 0.27],  # content
        [0.35, 0.45, 0.13, 0.07],  # referral
        [0.22, 0.45, 0.20, 0.13],  # partner
        [0.12, 0.42, 0.28, 0.18],  # outbound
        [0.10, 0.35, 0.30, 0.25],  # other
    ]
)
#: Lead-type mix of introduced leads by the introduction's quality class 1..4.
INTRO_TYPE_MIX = np.array(
    [
        [0.45, 0.45, 0.07, 0.03],
        [0.32, 0.50, 0.12, 0.06],
        [0.18, 0.47, 0.22, 0.13],
        [0.08, 0.35, 0.32, 0.25],
    ]
)
P_SAL_BY_TYPE = np.array([0.97, 0.85, 0.45, 0.12])
P_SQL_BY_TYPE = np.array([0.80, 0.55, 0.22, 0.06])
P_TYPED_IF_REJECTED = 0.85
#: Median minutes from lead creation to the first sales contact, per channel.
SPEED_MINUTES = np.array([35, 60, 120, 900, 180, 240, 480, 4, 600])
REJECTION_REASONS = (
    "Not ICP",
    "No budget",
    "No interest",
    "Student / job seeker",
    "Wrong contact data",
    "Duplicate",
    "Chose competitor",
    "Bad timing",
)
_REJECT_MIX = np.array(
    [
        [0.30, 0.15, 0.15, 0.08, 0.10, 0.10, 0.07, 0.05],  # paid_search
        [0.30, 0.12, 0.15, 0.25, 0.10, 0.03, 0.02, 0.03],  # paid_social
        [0.15, 0.15, 0.35, 0.05, 0.08, 0.12, 0.05, 0.05],  # email
        [0.15, 0.30, 0.10, 0.02, 0.03, 0.05, 0.05, 0.30],  # events
        [0.25, 0.12, 0.30, 0.15, 0.08, 0.04, 0.03, 0.03],  # content
        [0.20, 0.30, 0.10, 0.00, 0.02, 0.03, 0.00, 0.35],  # referral
        [0.30, 0.20, 0.15, 0.02, 0.05, 0.08, 0.10, 0.10],  # partner
        [0.20, 0.15, 0.40, 0.00, 0.20, 0.02, 0.02, 0.01],  # outbound
        [0.35, 0.10, 0.20, 0.10, 0.15, 0.05, 0.03, 0.02],  # other
    ]
)
_WRONG_CONTACT_LONG = "Wrong contact data\n(number not in service)"


def base_leads(n: int, clock: Clock, org: Org, camps: Campaigns, rng: np.random.Generator) -> dict:
    """`n` leads arriving over the history (growing, weekday and season weighted)."""
    days = clock.sample_days(n, rng, growth=1.4)
    created = clock.work_time(days, rng)
    channel = rng.choice(len(CHANNELS), size=n, p=CHANNEL_MIX)
    has = ~np.isin(channel, [REFERRAL, OUTBOUND, OTHER])
    # web forms also arrive in the evening and at night
    web = has & (rng.random(n) < 0.25)
    created[web] = created[web] + rng.integers(-6 * HOUR, 6 * HOUR, int(web.sum()))
    created = np.clip(created, clock.start + DAY, clock.end - 1)
    order = np.argsort(created, kind="stable")
    created, channel, has = created[order], channel[order], has[order]
    campaign = np.full(n, NULL, dtype=np.int64)
    campaign[has] = camps.pick_active(channel[has], created[has] // DAY, rng)
    country = rng.choice(len(names.COUNTRIES), size=n, p=names.COUNTRY_WEIGHTS)
    first, last = names.person_names(country, rng)
    company = names.company_names(country, rng)
    email = names.emails(first, last, names.domains(company, country), rng)
    phone = names.phones(country, rng)
    names.degrade(email, phone, company, rng)
    owner = org.pick_sellers(created, names.MARKET[country], rng)
    return {
        "created": created,
        "country": country,
        "channel": channel.astype(np.int64),
        "campaign": campaign,
        "intro": np.full(n, NULL, dtype=np.int64),
        "intro_quality": np.zeros(n, dtype=np.int64),
        "owner": owner,
        "first_name": first,
        "last_name": last,
        "company": company,
        "email": email,
        "phone": phone,
    }


def leads_from_introductions(
    intros: dict, offset: int, clock: Clock, org: Org, rng: np.random.Generator
) -> dict:
    """Referral leads created from introductions (warmer classes more often), a few days after
    the introduction was obtained; those that would be created after the history are dropped."""
    n = len(intros["obtained"])
    p = np.array([0.0, 0.75, 0.55, 0.35, 0.15])[intros["quality"]]
    take = np.flatnonzero(rng.random(n) < p)
    delay = np.exp(rng.normal(np.log(4 * DAY), 0.9, len(take))).astype(np.int64)
    created = clock.to_business(intros["obtained"][take] + delay, rng)
    keep = created < clock.end
    take, created = take[keep], created[keep]
    order = np.argsort(created, kind="stable")
    take, created = take[order], created[order]
    m = len(take)
    country = intros["country"][take]
    first = intros["first_name"][take].copy()
    last = intros["last_name"][take].copy()
    company = intros["company"][take].copy()
    email = intros["email"][take].copy()
    phone = intros["phone"][take].copy()
    # the seller completes what the introduction lacked
    fill = np.array([e is None for e in email], dtype=bool) & (rng.random(m) < 0.7)
    if fill.any():
        comp = np.array([c if c is not None else "firma" for c in company[fill]], dtype=object)
        email[fill] = names.emails(first[fill], last[fill], names.domains(comp, country[fill]), rng)
    nophone = np.array([x is None for x in phone], dtype=bool) & (rng.random(m) < 0.6)
    phone[nophone] = names.phones(country[nophone], rng)
    owner = intros["obtained_by"][take].copy()
    gone = org.deactivated[owner] <= created
    if gone.any():
        owner[gone] = org.pick_sellers(created[gone], names.MARKET[country[gone]], rng)
    return {
        "created": created,
        "country": country,
        "channel": np.full(m, REFERRAL, dtype=np.int64),
        "campaign": np.full(m, NULL, dtype=np.int64),
        "intro": take.astype(np.int64) + offset,
        "intro_quality": intros["quality"][take],
        "owner": owner,
        "first_name": first,
        "last_name": last,
        "company": company,
        "email": email,
        "phone": phone,
    }


def _lognormal(
    rng: np.random.Generator, median: np.ndarray | float, sigma: float, n: int
) -> np.ndarray:
    return np.exp(rng.normal(np.log(median), sigma, n)).astype(np.int64)


def run_funnel(leads: dict, clock: Clock, org: Org, rng: np.random.Generator) -> dict:
    """Plan each lead's funnel: first contact, MQL, qualification (type, SAL or rejection),
    SQL, re-typing, opt-out and owner hand-over. Adds planned instants to `leads` (INF =
    never) and returns it."""
    n = len(leads["created"])
    created = leads["created"]
    ch = leads["channel"]
    from_intro = leads["intro"] >= 0
    u = rng.random((8, n))
    # MQL
    mql = u[0] < P_MQL[ch]
    mql_delay = np.where(
        np.isin(ch, [REFERRAL, OUTBOUND]),
        rng.integers(MINUTE, 5 * MINUTE, n),
        _lognormal(rng, 40 * MINUTE, 1.0, n) + MINUTE,
    )
    t_mql = np.where(mql, created + mql_delay, INF)
    # first sales contact (speed-to-lead)
    speed = SPEED_MINUTES[ch] * MINUTE * org.speed[leads["owner"]]
    first = created + _lognormal(rng, speed, 1.1, n) + MINUTE
    first = np.where(ch == OUTBOUND, created + rng.integers(MINUTE, 10 * MINUTE, n), first)
    first = np.where(ch == OUTBOUND, first, clock.to_business(first, rng))
    contacted = np.where(mql, u[1] > 0.04, u[1] < np.where(ch == OUTBOUND, 0.95, 0.55))
    t_first = np.where(contacted, first, INF)
    # qualification: type, then SAL or rejection
    mix = TYPE_MIX[ch]
    mix = np.where(
        from_intro[:, None], INTRO_TYPE_MIX[np.maximum(leads["intro_quality"] - 1, 0)], mix
    )
    cum = np.cumsum(mix, axis=1)
    drawn = (u[2][:, None] > cum).sum(axis=1) + 1
    drawn = np.minimum(drawn, 4)
    qualified = mql & contacted
    t_qual = np.maximum(t_first, t_mql) + _lognormal(rng, 1.5 * DAY, 0.9, n)
    t_qual = np.where(qualified, clock.to_business(t_qual, rng), INF)
    sal = qualified & (u[3] < P_SAL_BY_TYPE[drawn - 1] * np.where(ch == PAID_SOCIAL, 0.9, 1.0))
    rejected = qualified & ~sal
    typed = sal | (rejected & (u[4] < P_TYPED_IF_REJECTED))
    # a rejected lead that keeps a type is typed as weak (3) or unqualified (4)
    kept_type = np.where(sal, drawn, np.where(drawn >= 3, drawn, np.where(u[7] < 0.6, 3, 4)))
    lead_type = np.where(typed, kept_type, 0)
    t_type = np.where(typed, t_qual + rng.integers(0, 120, n), INF)
    t_sal = np.where(sal, t_qual, INF)
    t_rej = np.where(rejected, t_qual, INF)
    rcum = np.cumsum(_REJECT_MIX[ch], axis=1)
    reason = np.minimum((u[5][:, None] > rcum).sum(axis=1), len(REJECTION_REASONS) - 1)
    reason = np.where(rejected, reason, NULL)
    # SQL -> an opportunity is created
    sql = sal & (u[6] < P_SQL_BY_TYPE[np.maximum(drawn, 1) - 1])
    t_sql = np.where(sql, clock.to_business(t_sal + _lognormal(rng, 6 * DAY, 0.7, n), rng), INF)
    # re-typing after a meeting (the current type changes)
    retype = typed & (rng.random(n) < 0.06)
    new_type = np.clip(lead_type + np.where(lead_type >= 3, -1, rng.choice([-1, 1], n)), 1, 4)
    t_type2 = np.where(retype, t_type + rng.integers(7 * DAY, 60 * DAY, n), INF)
    t_type2 = np.where(retype & sql, np.minimum(t_type2, t_sql - MINUTE), t_type2)
    t_type2 = np.where(t_type2 <= t_type, INF, t_type2)
    # opt-outs (a few %) and owner hand-over to the shared pool for unconverted leads
    t_opt = np.where(rng.random(n) < 0.03, created + _lognormal(rng, 60 * DAY, 1.0, n) + HOUR, INF)
    hand = ~sql & (rng.random(n) < 0.05)
    t_owner2 = np.where(hand, clock.to_business(created + rng.integers(30, 120, n) * DAY, rng), INF)
    owner2 = org.pick_sellers(
        t_owner2.clip(max=clock.end + 400 * DAY), names.MARKET[leads["country"]], rng
    )
    owner2 = np.where(hand & (owner2 != leads["owner"]), owner2, NULL)
    t_owner2 = np.where(owner2 >= 0, t_owner2, INF)
    # how long sellers keep working the lead before it converts, drops or goes quiet
    work_end = np.where(
        sql,
        t_sql,
        np.where(
            sal,
            t_sal + np.where(lead_type >= 3, 45, 25) * DAY * rng.uniform(0.3, 1.5, n),
            np.where(rejected, t_rej + HOUR, t_first + rng.uniform(0, 20, n) * DAY),
        ),
    )
    leads.update(
        {
            "t_first": t_first,
            "t_mql": t_mql,
            "t_qual": t_qual,
            "lead_type": lead_type.astype(np.int64),
            "t_type": t_type,
            "t_sal": t_sal,
            "t_rej": t_rej,
            "reason": reason.astype(np.int64),
            "sql": sql,
            "t_sql": t_sql,
            "type2": np.where(retype, new_type, 0).astype(np.int64),
            "t_type2": t_type2,
            "t_opt": t_opt,
            "owner2": owner2.astype(np.int64),
            "t_owner2": t_owner2,
            "work_end": np.where(contacted, work_end, INF).astype(np.int64),
            "reason_text_long": rejected & (reason == 4) & (rng.random(n) < 0.08),
        }
    )
    return leads


def rejection_texts(reason: np.ndarray, long_form: np.ndarray) -> np.ndarray:
    """Rejection reasons as text (a few written with a line break)."""
    out = np.array([REJECTION_REASONS[r] if r >= 0 else None for r in reason], dtype=object)
    out[long_form] = _WRONG_CONTACT_LONG
    return out
