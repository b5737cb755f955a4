"""Billing: the product ladder, customers' lives (ascension, quiet spells, churn),
subscriptions, monthly invoices, credit notes and payments."""

from __future__ import annotations

import numpy as np

from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock, events_in_spans
from .fx import Fx

#: (name, ladder_step, list price EUR, recurring): step 1 is the frontend offer.
PRODUCTS = (
    ("Janox Start", 1, 290.0, True),
    ("Janox Start Onboarding", 1, 1500.0, False),
    ("Janox Team", 2, 790.0, True),
    ("Janox Team Workshop", 2, 3500.0, False),
    ("Janox Pro", 3, 1690.0, True),
    ("Closing Academy", 3, 9800.0, False),
    ("Janox Enterprise", 4, 3900.0, True),
    ('Strategic Advisory, "12 days"', 4, 24000.0, False),
)
STEP = np.array([p[1] for p in PRODUCTS])
LIST_PRICE = np.array([p[2] for p in PRODUCTS])
RECURRING = np.array([p[3] for p in PRODUCTS])
#: Recurring and one-off product per ladder step (index 0 unused).
RECURRING_OF_STEP = np.array([-1, 0, 2, 4, 6])
ONE_OFF_OF_STEP = np.array([-1, 1, 3, 5, 7])
INVOICE_TYPES = ("invoice", "credit_note")
STATUSES = ("open", "paid", "void", "disputed")
OPEN, PAID, VOID, DISPUTED = range(4)
#: The Start product's list price rises once during the history (a products update).
PRICE_CHANGE = (0, 320.0)


def seats(employees: np.ndarray) -> np.ndarray:
    """Seat multiplier of a product's list price from an account's head-count."""
    return np.clip(1 + np.log10(np.maximum(employees, 1)) * 0.8, 1, 4)


def plan_customers(start: np.ndarray, clock: Clock, rng: np.random.Generator) -> dict:
    """Latent health, planned churn, quiet spells before churn (and noise spells without one),
    and candidate upsell moments for customers starting at `start`."""
    n = len(start)
    health = rng.normal(0, 1, n)
    hazard = 0.0125 * np.exp(-0.55 * health)  # per month
    life = rng.exponential(1 / hazard) * 30.44 * DAY
    churn = start + np.maximum(life, 110 * DAY).astype(np.int64)
    churn = clock.to_business(churn, rng)
    signals = rng.random(n) < 0.8
    w = rng.uniform(90, 180, n) * DAY
    q_from = np.where(signals, churn - w, INF).astype(np.int64)
    q_until = np.where(signals, churn, INF).astype(np.int64)
    strength = np.where(signals, rng.uniform(0.5, 1.0, n), 0.0)
    # noise: customers with a quiet spell they recover from (used when no churn spell shows)
    noise = (rng.random(n) < 0.15) & ((churn - start) > 400 * DAY)
    n_from = start + (rng.uniform(60, 1100, n) * DAY).astype(np.int64)
    n_from = np.minimum(n_from, churn - 300 * DAY)
    n_until = n_from + (rng.uniform(90, 180, n) * DAY).astype(np.int64)
    use_noise = noise & (~signals | (q_from >= clock.end))
    q_from = np.where(use_noise, n_from, q_from)
    q_until = np.where(use_noise, n_until, q_until)
    strength = np.where(use_noise, rng.uniform(0.3, 0.8, n), strength)
    burst = rng.random(n) < 0.3
    # candidate upsell opportunities: outside quiet spells, plus a doomed one inside
    rate = 0.45 * np.exp(0.35 * health) / (365 * DAY)
    lo = start + 90 * DAY
    hi = np.minimum(churn - 30 * DAY, clock.end + 400 * DAY)
    span = np.maximum(hi - lo, 0)
    cust, t = events_in_spans(lo, span, span * rate, rng)
    inside = (t >= q_from[cust]) & (t < q_until[cust])
    cust, t = cust[~inside], t[~inside]
    doomed = (q_from < INF) & (rng.random(n) < 0.5)
    d_cust = np.flatnonzero(doomed)
    d_t = q_from[d_cust] + (
        (q_until[d_cust] - q_from[d_cust]) * rng.uniform(0.05, 0.5, len(d_cust))
    ).astype(np.int64)
    d_t = np.maximum(d_t, start[d_cust] + 30 * DAY)
    up_cust = np.concatenate([cust, d_cust])
    up_t = clock.to_business(np.concatenate([t, d_t]), rng)
    up_lost = np.concatenate([np.zeros(len(cust), bool), np.ones(len(d_cust), bool)])
    keep = up_t < churn[up_cust] - 20 * DAY
    return {
        "health": health,
        "churn": churn,
        "q_from": q_from,
        "q_until": q_until,
        "strength": strength,
        "signals_churn": signals & ~use_noise,
        "burst": burst,
        "late_payer": rng.random(n) < 0.1,
        "terms": rng.choice([14, 30], size=n, p=[0.35, 0.65]),
        "renew_rate": rng.uniform(0.0, 0.25, n),
        "up_cust": up_cust[keep],
        "up_t": up_t[keep],
        "up_lost": up_lost[keep],
    }


def subscription_chains(
    cust: dict,
    plan: dict,
    upsells: dict,
    fx: Fx,
    clock: Clock,
    rng: np.random.Generator,
) -> tuple[dict, dict]:
    """Walk each customer's life: first subscription, upsells (a next-step subscription or a
    one-off), re-contracts and downgrades that end one subscription and start the next within
    20 days, and churn, where the last subscription ends with no successor.

    `upsells` holds the planned upsell opportunities (customer row, closed, outcome).
    Returns the subscriptions and, per upsell, the product and amount.
    """
    n = len(cust["start"])
    u_cust = upsells["cust"]
    order = np.lexsort((upsells["created"], u_cust))
    bounds = np.searchsorted(u_cust[order], np.arange(n + 1))
    up_product = np.full(len(u_cust), -1, dtype=np.int64)
    up_amount = np.zeros(len(u_cust))
    subs: dict[str, list] = {
        k: [] for k in ("customer", "product", "started_on", "ended_on", "mrr", "opp", "not_before")
    }
    r = rng.random((n, 8))
    horizon = clock.end_day + 60
    for c in range(n):
        start_day = int(cust["start"][c] // DAY) + int(cust["start_delay"][c])
        prod = int(cust["product"][c])
        mrr = float(cust["mrr"][c])
        step = int(STEP[prod])
        rate = float(fx.approx_rate(np.array([cust["currency"][c]]))[0])
        seat = float(cust["seats"][c])
        churn_day = int(plan["churn"][c] // DAY)
        events: list[tuple[int, int, int]] = []  # (day, kind, ref)
        for j in order[bounds[c] : bounds[c + 1]]:
            events.append((int(upsells["closed_day"][j]), 0, int(j)))
        # re-contracts at anniversaries
        yr = 1
        while start_day + 365 * yr < min(churn_day, horizon):
            if rng.random() < plan["renew_rate"][c]:
                events.append((start_day + 365 * yr, 1, 0))
            yr += 1
        if plan["q_from"][c] < INF and r[c, 0] < (0.4 if plan["signals_churn"][c] else 0.15):
            q0, q1 = plan["q_from"][c] // DAY, plan["q_until"][c] // DAY
            events.append((int(q0 + (q1 - q0) * (0.2 + 0.4 * r[c, 1])), 2, 0))
        events = sorted(e for e in events if e[0] > start_day + 20)
        cur = _open_sub(subs, c, prod, start_day, mrr, int(cust["opp"][c]), cust["start"][c])
        for day, kind, ref in events:
            if day >= churn_day or day > horizon:
                break
            if kind == 0:
                won = upsells["outcome"][ref] == 1
                if step < 4 and rng.random() < 0.6 or (step == 4 and rng.random() < 0.3):
                    new_prod = int(RECURRING_OF_STEP[min(step + 1, 4)])
                    new_mrr = round(
                        mrr * LIST_PRICE[new_prod] / LIST_PRICE[prod] * rng.uniform(0.9, 1.1)
                        if new_prod != prod
                        else mrr * rng.uniform(1.2, 1.6),
                        0,
                    )
                    up_product[ref] = new_prod
                    up_amount[ref] = round(12 * (new_mrr - mrr), 0)
                    if won and upsells["closed"][ref] < INF:
                        end = day + int(rng.integers(0, 6))
                        _close_sub(subs, cur, end)
                        cur = _open_sub(
                            subs,
                            c,
                            new_prod,
                            end + int(rng.integers(0, 8)),
                            new_mrr,
                            int(upsells["opp"][ref]),
                            upsells["closed"][ref],
                        )
                        prod, mrr, step = new_prod, new_mrr, int(STEP[new_prod])
                else:
                    one = int(ONE_OFF_OF_STEP[min(step + (rng.random() < 0.6), 4)])
                    up_product[ref] = one
                    up_amount[ref] = float(
                        np.round(LIST_PRICE[one] * seat * rng.uniform(0.85, 1.15) / rate, -1)
                    )
                    if won:
                        step = max(step, int(STEP[one]))
            elif kind == 1:
                end = day - 1
                _close_sub(subs, cur, end)
                mrr = round(mrr * rng.uniform(1.02, 1.06), 0)
                cur = _open_sub(subs, c, prod, end + 1 + int(rng.integers(0, 20)), mrr, -1, 0)
            else:
                end = day
                _close_sub(subs, cur, end)
                mrr = round(mrr * rng.uniform(0.5, 0.7), 0)
                cur = _open_sub(subs, c, prod, end + 1 + int(rng.integers(0, 3)), mrr, -1, 0)
        if churn_day <= horizon:
            _close_sub(subs, cur, max(churn_day, subs["started_on"][cur]))
    out = {k: np.array(v) for k, v in subs.items()}
    # the subscription row is entered on its start day (never before what caused it)
    created = clock.work_time(out["started_on"].astype(np.int64), rng)
    out["created"] = np.maximum(created, out.pop("not_before").astype(np.int64) + MINUTE)
    # the ended_on value is recorded in the evening of its day
    t_end = out["ended_on"] * DAY + 17 * HOUR + rng.integers(0, 3 * HOUR, len(out["ended_on"]))
    out["t_end"] = np.where(out["ended_on"] >= 0, np.maximum(t_end, out["created"] + MINUTE), INF)
    # upsells never priced in the loop (after churn) get a plausible quote
    miss = up_product < 0
    if miss.any():
        cu = u_cust[miss]
        prod0 = cust["product"][cu]
        nxt = RECURRING_OF_STEP[np.minimum(STEP[prod0] + 1, 4)]
        up_product[miss] = nxt
        up_amount[miss] = np.round(
            12 * cust["mrr"][cu] * (LIST_PRICE[nxt] / LIST_PRICE[prod0] - 1 + 0.2), 0
        )
    return out, {"product": up_product, "amount": np.maximum(up_amount, 100.0)}


def _open_sub(
    subs: dict, c: int, prod: int, day: int, mrr: float, opp: int, not_before: int
) -> int:
    subs["customer"].append(c)
    subs["product"].append(prod)
    subs["started_on"].append(day)
    subs["ended_on"].append(NULL)
    subs["mrr"].append(mrr)
    subs["opp"].append(opp)
    subs["not_before"].append(int(not_before))
    return len(subs["customer"]) - 1


def _close_sub(subs: dict, i: int, end_day: int) -> None:
    subs["ended_on"][i] = max(int(end_day), int(subs["started_on"][i]))


def _month_days(start_day: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Epoch day of the same day-of-month (capped at 28) `k` months after `start_day`."""
    d = np.asarray(start_day).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = np.minimum((d - month.astype("datetime64[D]")).astype(np.int64), 27)
    target = (month + np.asarray(k)).astype("datetime64[D]") + dom
    return target.astype(np.int64)


def invoices_and_payments(
    subs: dict,
    one_offs: dict,
    cust: dict,
    clock: Clock,
    rng: np.random.Generator,
) -> tuple[dict, dict]:
    """Monthly invoices of subscriptions plus one-off invoices, their status changes, credit
    notes and payments. Quiet spells bring late payments, disputes and credit notes."""
    # monthly invoices
    last_day = np.where(subs["ended_on"] >= 0, subs["ended_on"], clock.end_day + 40)
    last_day = np.minimum(last_day, clock.end_day + 40)
    months = np.maximum((last_day - subs["started_on"]) // 30 + 2, 1)
    s_idx = np.repeat(np.arange(len(subs["started_on"])), months)
    k = np.arange(len(s_idx)) - np.repeat(np.cumsum(months) - months, months)
    issued = _month_days(subs["started_on"][s_idx], k)
    ok = (issued <= last_day[s_idx]) & ((k == 0) | (issued < last_day[s_idx]))
    s_idx, k, issued = s_idx[ok], k[ok], issued[ok]
    c_idx = np.concatenate([subs["customer"][s_idx], one_offs["customer"]])
    amount = np.concatenate([subs["mrr"][s_idx], one_offs["amount"]])
    opp = np.concatenate([np.where(k == 0, subs["opp"][s_idx], NULL), one_offs["opp"]])
    issued = np.concatenate([issued, one_offs["day"]])
    n = len(c_idx)
    created = clock.local_time(issued, 6 * HOUR + rng.integers(0, 4 * HOUR, n))
    not_before = np.concatenate([subs["created"][s_idx], one_offs["not_before"]])
    created = np.maximum(created, not_before + MINUTE)
    due = issued + cust["terms"][c_idx]
    currency = cust["currency"][c_idx]
    # payment behaviour
    t_mid = created
    quiet = (t_mid >= cust["q_from"][c_idx]) & (t_mid < cust["q_until"][c_idx])
    s = np.where(quiet, cust["strength"][c_idx], 0.0)
    normal = np.array([0.80, 0.12, 0.02, 0.01, 0.015, 0.02, 0.015])
    late = np.array([0.45, 0.40, 0.05, 0.03, 0.03, 0.02, 0.02])
    bad = np.array([0.30, 0.36, 0.07, 0.06, 0.06, 0.13, 0.02])
    base = np.where(cust["late_payer"][c_idx][:, None], late[None, :], normal[None, :])
    p = base * (1 - s[:, None]) + bad[None, :] * s[:, None]
    cat = (rng.random(n)[:, None] > np.cumsum(p, axis=1)).sum(axis=1)
    cat = np.minimum(cat, 6)
    issue_t = created
    due_t = due * DAY + 15 * HOUR
    u = rng.random((6, n))
    on_time = clock.to_business(issue_t + (u[0] * (due_t - issue_t)).astype(np.int64) + HOUR, rng)
    on_time = np.minimum(on_time, due_t)
    late_t = clock.to_business(
        due_t
        + np.clip(np.exp(rng.normal(np.log(12 * DAY), 0.8, n)), 2 * DAY, 120 * DAY).astype(
            np.int64
        ),
        rng,
    )
    t_disp = clock.to_business(issue_t + rng.integers(3, 21, n) * DAY, rng)
    t_resolve = clock.to_business(t_disp + rng.integers(5, 41, n) * DAY, rng)
    resolution = rng.choice(3, size=n, p=[0.5, 0.25, 0.25])  # credit+rest, void, paid
    pay_inv: list[np.ndarray] = []
    pay_t: list[np.ndarray] = []
    pay_amt: list[np.ndarray] = []
    st1 = np.full(n, -1)
    t1 = np.full(n, INF, dtype=np.int64)
    st2 = np.full(n, -1)
    t2 = np.full(n, INF, dtype=np.int64)
    idx = np.arange(n)

    def pay(mask: np.ndarray, t: np.ndarray, amt: np.ndarray) -> None:
        pay_inv.append(idx[mask])
        pay_t.append(t[mask])
        pay_amt.append(np.round(amt[mask], 2))

    m = cat == 0
    pay(m, on_time, amount)
    st1[m], t1[m] = PAID, on_time[m]
    m = cat == 1
    pay(m, late_t, amount)
    st1[m], t1[m] = PAID, late_t[m]
    frac = np.round(amount * rng.uniform(0.3, 0.7, n), 2)
    m = (cat == 2) | (cat == 3)
    pay(m, on_time, frac)
    m = cat == 2
    rest_t = np.maximum(late_t + rng.integers(DAY, 20 * DAY, n), on_time + HOUR)
    pay(m, rest_t, amount - frac)
    st1[m], t1[m] = PAID, rest_t[m]
    m = cat == 5
    st1[m], t1[m] = DISPUTED, t_disp[m]
    credit_full = np.round(amount * rng.uniform(0.2, 0.8, n), 2)
    m5a = m & (resolution == 0)
    rest_after_credit = t_resolve + rng.integers(DAY, 15 * DAY, n)
    pay(m5a, rest_after_credit, amount - credit_full)
    st2[m5a], t2[m5a] = PAID, rest_after_credit[m5a]
    m5b = m & (resolution == 1)
    st2[m5b], t2[m5b] = VOID, t_resolve[m5b]
    m5c = m & (resolution == 2)
    pay(m5c, t_resolve, amount)
    st2[m5c], t2[m5c] = PAID, t_resolve[m5c]
    m = cat == 6
    t_void = clock.to_business(issue_t + rng.integers(1, 11, n) * DAY, rng)
    st1[m], t1[m] = VOID, t_void[m]
    # credit notes: dispute settlements and goodwill (more often in quiet spells)
    goodwill = (cat <= 1) & (u[1] < 0.015 + 0.10 * s)
    cn_src = np.concatenate([idx[m5a], idx[goodwill]])
    cn_amt = np.concatenate(
        [
            credit_full[m5a],
            np.round(amount[goodwill] * rng.uniform(0.1, 0.5, int(goodwill.sum())), 2),
        ]
    )
    cn_t = np.concatenate(
        [
            t_resolve[m5a],
            clock.to_business(
                issue_t[goodwill] + rng.integers(5, 41, int(goodwill.sum())) * DAY, rng
            ),
        ]
    )
    n_cn = len(cn_src)
    inv = {
        "customer": np.concatenate([c_idx, c_idx[cn_src]]),
        "opp": np.concatenate([opp, np.full(n_cn, NULL)]),
        "type": np.concatenate([np.zeros(n, np.int64), np.ones(n_cn, np.int64)]),
        "issued_on": np.concatenate([issued, cn_t // DAY]),
        "due_on": np.concatenate([due, cn_t // DAY + 14]),
        "amount": np.concatenate([np.round(amount, 2), cn_amt]),
        "currency": np.concatenate([currency, currency[cn_src]]),
        "created": np.concatenate([created, cn_t]),
        "status1": np.concatenate([st1, np.full(n_cn, PAID)]),
        "t_status1": np.concatenate([t1, cn_t + rng.integers(HOUR, 10 * DAY, n_cn)]),
        "status2": np.concatenate([st2, np.full(n_cn, -1)]),
        "t_status2": np.concatenate([t2, np.full(n_cn, INF, dtype=np.int64)]),
    }
    # strictly later status changes
    inv["t_status1"] = np.where(
        inv["t_status1"] < INF, np.maximum(inv["t_status1"], inv["created"] + MINUTE), INF
    )
    inv["t_status2"] = np.where(
        inv["t_status2"] < INF, np.maximum(inv["t_status2"], inv["t_status1"] + MINUTE), INF
    )
    pi = np.concatenate(pay_inv) if pay_inv else np.zeros(0, np.int64)
    pt = np.concatenate(pay_t) if pay_t else np.zeros(0, np.int64)
    pa = np.concatenate(pay_amt) if pay_amt else np.zeros(0)
    pt = np.maximum(pt, inv["created"][pi] + MINUTE)
    # a full payment is what flips the status to paid: align it with that instant
    keep = pa > 0
    pays = {
        "invoice": pi[keep],
        "paid_at": pt[keep],
        "amount": pa[keep],
        "currency": inv["currency"][pi[keep]],
    }
    last_paid = np.full(len(inv["customer"]), -1, dtype=np.int64)
    np.maximum.at(last_paid, pays["invoice"], pays["paid_at"])
    has = last_paid >= 0
    m1 = has & (inv["status1"] == PAID)
    inv["t_status1"][m1] = last_paid[m1] + MINUTE
    m2 = has & (inv["status2"] == PAID)
    inv["t_status2"][m2] = np.maximum(last_paid[m2], inv["t_status1"][m2]) + MINUTE
    return inv, pays
