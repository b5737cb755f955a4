"""Campaigns, their daily ad spend, and marketing touchpoints of leads and contacts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock, events_in_spans
from .fx import COUNTRY_CURRENCY, EUR, Fx

CHANNELS = (
    "paid_search",
    "paid_social",
    "email",
    "events",
    "content",
    "referral",
    "partner",
    "outbound",
    "other",
)
PAID_SEARCH, PAID_SOCIAL, EMAIL, EVENTS, CONTENT, REFERRAL, PARTNER, OUTBOUND, OTHER = range(9)
ANY = len(CHANNELS)
#: Channels that run campaigns, with campaigns per channel at scale 1 (25 in all).
CAMPAIGN_CHANNELS = {PAID_SEARCH: 5, PAID_SOCIAL: 5, EMAIL: 5, CONTENT: 4, EVENTS: 4, PARTNER: 2}
TOUCH_TYPES = ("ad_click", "visit", "form", "email_click", "event", "webinar")
AD_CLICK, VISIT, FORM, EMAIL_CLICK, EVENT, WEBINAR = range(6)
#: Typical touch types per channel (probabilities over TOUCH_TYPES).
_TOUCH_MIX = {
    PAID_SEARCH: [0.6, 0.4, 0, 0, 0, 0],
    PAID_SOCIAL: [0.7, 0.3, 0, 0, 0, 0],
    EMAIL: [0, 0.15, 0, 0.85, 0, 0],
    EVENTS: [0, 0.1, 0, 0, 0.9, 0],
    CONTENT: [0, 0.5, 0.15, 0, 0, 0.35],
    PARTNER: [0, 0.4, 0, 0, 0.2, 0.4],
}
#: Spend per day of a channel at scale 1, in EUR (split over the channel's parallel tracks).
_DAILY_EUR = {PAID_SEARCH: 380, PAID_SOCIAL: 260, EMAIL: 40, EVENTS: 180, CONTENT: 120, PARTNER: 70}
_CPM_EUR = {PAID_SEARCH: 25, PAID_SOCIAL: 9, EMAIL: 2, EVENTS: 60, CONTENT: 15, PARTNER: 20}
_CTR = {
    PAID_SEARCH: 0.04,
    PAID_SOCIAL: 0.009,
    EMAIL: 0.03,
    EVENTS: 0.02,
    CONTENT: 0.012,
    PARTNER: 0.015,
}
#: Campaign markets: label and country code (-1 = all Nordics/DACH, billed in EUR).
_MARKETS = (("Nordics", -1), ("DK", 0), ("SE", 1), ("NO", 2), ("DE", 3), ("HU", 6))
_NAMES = {
    PAID_SEARCH: (
        "Google Ads – Brand {m}",
        "Google Ads – CRM-analyse {m}",
        "Bing Ads – Salgsledelse {m}",
        "Google Ads – Closing, Type 2 {m}",
    ),
    PAID_SOCIAL: (
        "LinkedIn – Type 2 playbook {m}",
        "Meta – Retargeting {m}",
        'LinkedIn – "Sælg mere, sælg bedre" {m}',
        "LinkedIn – Lead gen {y}",
    ),
    EMAIL: (
        "Nyhedsbrev Q{q} {y}",
        "Nurture: Type 2 playbook {m}",
        "Nyhetsbrev Q{q} {y}",
        "Hírlevél Q{q} {y}",
    ),
    EVENTS: (
        "Nordic Sales Summit {y}",
        "Messe: Salg & Ledelse {y}",
        "Roadshow Budapest {y}",
        "Vertriebstag München {y}",
    ),
    CONTENT: (
        'Whitepaper "Closing, the Janox way"',
        "Webinar: Data-driven closing {y}",
        "Podcast: Sælgerens hverdag",
        "E-bog: De 5 kerneelementer",
    ),
    PARTNER: (
        "Partner: Visma Connect {m}",
        "Partner: Revisorkæden, Nord {y}",
        "Partner: Bokföringsbyrån {y}",
    ),
}


@dataclass
class Campaigns:
    """Campaign rows and a per-day index of the campaigns running on each channel."""

    channel: np.ndarray
    name: np.ndarray
    started_on: np.ndarray  # epoch day
    ended_on: np.ndarray  # epoch day, NULL when open-ended
    planned_end: np.ndarray  # epoch day the spend runs to
    budget: np.ndarray  # local currency
    budget2: np.ndarray  # revised budget
    t_budget2: np.ndarray  # when the budget was revised (INF never)
    currency: np.ndarray
    created: np.ndarray  # first updated_at
    _keys: np.ndarray
    _members: np.ndarray
    _first_day: int
    _n_days: int

    def __len__(self) -> int:
        return len(self.channel)

    def pick_active(
        self, channels: np.ndarray, days: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """A campaign running on each (channel or ANY, epoch day); -1 when none runs."""
        d = np.asarray(days, dtype=np.int64) - self._first_day
        ok = (d >= 0) & (d < self._n_days)
        key = np.asarray(channels, dtype=np.int64) * self._n_days + np.clip(d, 0, self._n_days - 1)
        lo = np.searchsorted(self._keys, key, side="left")
        hi = np.searchsorted(self._keys, key, side="right")
        cnt = hi - lo
        pick = lo + np.floor(rng.random(len(key)) * cnt).astype(np.int64)
        out = np.where(ok & (cnt > 0), self._members[np.clip(pick, 0, len(self._members) - 1)], -1)
        return out.astype(np.int64)


def build_campaigns(clock: Clock, fx: Fx, scale: float, rng: np.random.Generator) -> Campaigns:
    """About 25 campaigns at scale 1; each channel's campaigns tile the history in tracks of
    about five consecutive campaigns, so every campaign channel runs all the time."""
    rows: dict[str, list] = {k: [] for k in ("channel", "start", "end", "market", "daily")}
    span_first = clock.start_day + 1
    span_last = clock.end_day + 150
    for ch, base in CAMPAIGN_CHANNELS.items():
        k = max(1, round(base * scale))
        tracks = int(np.ceil(k / 5))
        for t, n in enumerate(np.array_split(np.arange(k), tracks)):
            m = len(n)
            lengths = rng.dirichlet(np.full(m, 4.0)) * (span_last - span_first)
            starts = span_first + np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
            ends = starts + lengths.astype(np.int64)
            starts[1:] -= rng.integers(0, 15, m - 1)
            ends[:-1] -= np.where(rng.random(m - 1) < 0.3, rng.integers(1, 12, m - 1), 0)
            market = rng.integers(0, len(_MARKETS)) if tracks == 1 else t % len(_MARKETS)
            for i in range(m):
                rows["daily"].append(_DAILY_EUR[ch] * scale / tracks)
                rows["channel"].append(ch)
                rows["start"].append(max(int(starts[i]), span_first))
                rows["end"].append(int(ends[i]))
                rows["market"].append(
                    int(rng.integers(0, len(_MARKETS))) if tracks == 1 else int(market)
                )
    channel = np.array(rows["channel"], dtype=np.int64)
    start = np.array(rows["start"], dtype=np.int64)
    planned_end = np.maximum(np.array(rows["end"], dtype=np.int64), start + 14)
    market = np.array(rows["market"], dtype=np.int64)
    n = len(channel)
    country = np.array([_MARKETS[m][1] for m in market])
    currency = np.where(country >= 0, COUNTRY_CURRENCY[np.maximum(country, 0)], EUR)
    created_day = np.maximum(start - rng.integers(5, 26, n), clock.start_day)
    created = clock.work_time(created_day, rng)
    created = np.maximum(created, clock.start + 2 * HOUR)
    daily = np.array(rows["daily"])
    budget_eur = daily * (planned_end - start) * rng.uniform(0.85, 1.15, n)
    budget = fx.to_local(budget_eur, currency, created, round_to=100)
    revised = rng.random(n) < 0.4
    rev_day = start + (rng.random(n) * (planned_end - start)).astype(np.int64)
    t_budget2 = np.where(revised, clock.work_time(rev_day, rng), INF)
    budget2 = np.round(budget * rng.uniform(0.8, 1.35, n), -2)
    # open-ended campaigns: no ended_on while they run past the last load
    ended_on = np.where(
        (planned_end > clock.end_day) & (rng.random(n) < 0.6), NULL, planned_end
    ).astype(np.int64)
    keep = created < clock.end
    label = np.array([_MARKETS[m][0] for m in market], dtype=object)
    name = np.empty(n, dtype=object)
    for i in range(n):
        pool = _NAMES[int(channel[i])]
        y = 1970 + int(start[i] // 365.2425)
        q = int((start[i] % 365.2425) // 91.4) + 1
        name[i] = pool[int(rng.integers(0, len(pool)))].format(m=label[i], y=y, q=min(q, 4))
    sel = np.flatnonzero(keep)
    order = sel[np.argsort(created[sel], kind="stable")]
    channel, name, start, ended_on, planned_end = (
        channel[order],
        name[order],
        start[order],
        ended_on[order],
        planned_end[order],
    )
    budget, budget2, t_budget2, currency, created = (
        budget[order],
        budget2[order],
        t_budget2[order],
        currency[order],
        created[order],
    )
    # per-day index of running campaigns, by channel and for ANY channel
    first_day = clock.start_day
    n_days = clock.end_day + 400 - first_day
    keys: list[np.ndarray] = []
    members: list[np.ndarray] = []
    for i in range(len(channel)):
        d0 = max(int(start[i]), first_day)
        d1 = min(int(planned_end[i]), first_day + n_days - 1)
        if d1 < d0:
            continue
        ds = np.arange(d0, d1 + 1) - first_day
        for ch in (int(channel[i]), ANY):
            keys.append(ch * n_days + ds)
            members.append(np.full(len(ds), i, dtype=np.int64))
    k = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    mem = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    o = np.argsort(k, kind="stable")
    return Campaigns(
        channel=channel,
        name=name,
        started_on=start,
        ended_on=ended_on,
        planned_end=planned_end,
        budget=budget,
        budget2=budget2,
        t_budget2=t_budget2,
        currency=currency,
        created=created,
        _keys=k[o],
        _members=mem[o],
        _first_day=first_day,
        _n_days=n_days,
    )


def ad_spend(camps: Campaigns, clock: Clock, fx: Fx, rng: np.random.Generator) -> dict:
    """Daily spend, impressions and clicks per campaign while it runs, up to the day before the
    last load; about one row in seven of the last days is restated in the next load."""
    parts = []
    for i in range(len(camps)):
        d0 = int(camps.started_on[i])
        end = camps.ended_on[i] if camps.ended_on[i] != NULL else camps.planned_end[i]
        d1 = min(int(end), clock.end_day - 1)
        if d1 < d0:
            continue
        days = np.arange(d0, d1 + 1)
        parts.append((np.full(len(days), i, dtype=np.int64), days))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return {
            "campaign": empty,
            "day": empty,
            "impressions": empty,
            "clicks": empty,
            "spend": np.zeros(0),
            "currency": empty,
            "land": empty,
        }
    camp = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    ch = camps.channel[camp]
    cur = camps.currency[camp]
    planned = np.maximum(camps.planned_end[camp] - camps.started_on[camp] + 1, 1)
    wd = (day + 3) % 7
    daily = camps.budget[camp] / planned * rng.lognormal(0, 0.35, len(camp))
    daily *= np.where(wd >= 5, 0.6, 1.12)
    spend = np.round(daily, 2)
    eur = spend * fx.rate_on_days(cur, day)
    cpm_by = np.zeros(len(CHANNELS))
    ctr_by = np.zeros(len(CHANNELS))
    for c, v in _CPM_EUR.items():
        cpm_by[c] = v
        ctr_by[c] = _CTR[c]
    impressions = np.maximum(1, eur / cpm_by[ch] * 1000 * rng.lognormal(0, 0.2, len(camp)))
    impressions = impressions.astype(np.int64)
    clicks = rng.binomial(impressions, ctr_by[ch]).astype(np.int64)
    land = day * DAY + 12 * HOUR
    out = {
        "campaign": camp,
        "day": day,
        "impressions": impressions,
        "clicks": clicks,
        "spend": spend,
        "currency": cur,
        "land": land,
    }
    # restatements: the ad platform corrects recent days one load later
    recent = np.flatnonzero((day >= clock.load_days[0] - 1) & (rng.random(len(day)) < 0.15))
    if len(recent):
        extra = {k: v[recent].copy() for k, v in out.items()}
        extra["spend"] = np.round(extra["spend"] * rng.uniform(0.93, 1.06, len(recent)), 2)
        extra["clicks"] = np.minimum(
            extra["impressions"], extra["clicks"] + rng.integers(0, 4, len(recent))
        )
        extra["land"] = extra["land"] + DAY
        out = {k: np.concatenate([out[k], extra[k]]) for k in out}
    return out


def _touch_types(channels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.full(len(channels), VISIT, dtype=np.int64)
    for ch, p in _TOUCH_MIX.items():
        m = channels == ch
        out[m] = rng.choice(len(TOUCH_TYPES), size=int(m.sum()), p=p)
    return out


def lead_touchpoints(leads: dict, camps: Campaigns, clock: Clock, rng: np.random.Generator) -> dict:
    """Touchpoints of leads: the converting touch of campaign leads, earlier touches (often in
    other campaigns) and a few after the lead was created."""
    n = len(leads["created"])
    created = leads["created"]
    camp = leads["campaign"]
    channel = leads["channel"]
    has_camp = camp >= 0
    # converting touch
    conv_rows = np.flatnonzero(has_camp)
    conv_t = created[conv_rows] - rng.integers(5, 300, len(conv_rows))
    conv_ch = camps.channel[camp[conv_rows]]
    conv_type = _touch_types(conv_ch, rng)
    form = np.isin(conv_ch, [PAID_SEARCH, PAID_SOCIAL, CONTENT, PARTNER]) & (
        rng.random(len(conv_rows)) < 0.8
    )
    conv_type[form] = FORM
    conv_type[(conv_ch == EMAIL) & (rng.random(len(conv_rows)) < 0.5)] = FORM
    # earlier touches
    k = rng.poisson(np.where(has_camp, 1.3, 0.35))
    rows = np.repeat(np.arange(n), k)
    back = np.exp(rng.normal(np.log(9 * DAY), 1.1, len(rows))).astype(np.int64)
    early_t = created[rows] - np.minimum(back, 200 * DAY)
    same = rng.random(len(rows)) < 0.45
    want = np.where(same & (channel[rows] < ANY), channel[rows], ANY)
    early_camp = camps.pick_active(want, early_t // DAY, rng)
    retry = early_camp < 0
    early_camp[retry] = camps.pick_active(
        np.full(int(retry.sum()), ANY), early_t[retry] // DAY, rng
    )
    # touches after creation
    post = np.flatnonzero(rng.random(n) < 0.12)
    post_t = created[post] + rng.integers(DAY, 60 * DAY, len(post))
    post_camp = camps.pick_active(np.full(len(post), ANY), post_t // DAY, rng)
    lead = np.concatenate([conv_rows, rows, post])
    t = np.concatenate([conv_t, early_t, post_t])
    c = np.concatenate([camp[conv_rows], early_camp, post_camp])
    ttype = np.concatenate(
        [
            conv_type,
            _touch_types(camps.channel[np.maximum(early_camp, 0)], rng),
            _touch_types(camps.channel[np.maximum(post_camp, 0)], rng),
        ]
    )
    ok = (c >= 0) & (t >= clock.start + DAY)
    lead, t, c, ttype = lead[ok], t[ok], c[ok], ttype[ok]
    land = np.maximum(t, created[lead])
    return {
        "campaign": c,
        "lead": lead,
        "contact": np.full(len(lead), NULL, dtype=np.int64),
        "occurred": t,
        "type": ttype,
        "land": land,
    }


def contact_touchpoints(
    contact_created: np.ndarray,
    active_until: np.ndarray,
    camps: Campaigns,
    clock: Clock,
    rng: np.random.Generator,
) -> dict:
    """Newsletter clicks, webinars and events of contacts (about one a year while active)."""
    life = np.maximum(np.minimum(active_until, clock.end + 200 * DAY) - contact_created, 0)
    rows, t = events_in_spans(contact_created, life, life / (365 * DAY) * 0.8, rng)
    t = clock.to_business(t, rng) + rng.integers(0, 50 * MINUTE, len(rows))
    want = rng.choice([EMAIL, EVENTS, CONTENT, ANY], size=len(rows), p=[0.5, 0.15, 0.2, 0.15])
    c = camps.pick_active(want, t // DAY, rng)
    ok = c >= 0
    rows, t, c = rows[ok], t[ok], c[ok]
    return {
        "campaign": c,
        "lead": np.full(len(rows), NULL, dtype=np.int64),
        "contact": rows,
        "occurred": t,
        "type": _touch_types(camps.channel[c], rng),
        "land": t,
    }
