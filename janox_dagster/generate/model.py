"""Build the whole planned history ("the world") from a seed and a scale.

Order of events: users, campaigns and rates exist first; the CRM's initial import brings
customer and prospect accounts. Leads arrive over three years and run through the funnel;
SQL leads become opportunities on new prospect accounts; won ones become billing
customers, who live, climb the product ladder through upsells, go quiet and sometimes
churn. Every close may bring introductions, and introductions bring new referral leads,
so the loop repeats over generations until no new leads arrive before the history ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import activities as act
from . import billing, crm, funnel, names, sales
from .clock import DAY, HOUR, INF, MINUTE, NULL, Clock
from .fx import Fx
from .marketing import Campaigns, ad_spend, build_campaigns, contact_touchpoints, lead_touchpoints
from .org import Org, build_org
from .status import status_history
from .tables import concat, subset

LEADS_PER_SCALE = 10_000


@dataclass
class World:
    """Every planned entity of the demo history, as dicts of row-aligned arrays."""

    clock: Clock
    fx: Fx
    org: Org
    campaigns: Campaigns
    spend: dict
    leads: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    opps: dict = field(default_factory=dict)
    intros: dict = field(default_factory=dict)
    customers: dict = field(default_factory=dict)
    subs: dict = field(default_factory=dict)
    invoices: dict = field(default_factory=dict)
    payments: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)
    touchpoints: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)


class _Store:
    """Growing lists of frames with running offsets (global row numbers)."""

    def __init__(self) -> None:
        self.parts: dict[str, list[dict]] = {}
        self.size: dict[str, int] = {}

    def add(self, name: str, frame: dict) -> int:
        offset = self.size.get(name, 0)
        n = len(next(iter(frame.values()))) if frame else 0
        self.parts.setdefault(name, []).append(frame)
        self.size[name] = offset + n
        return offset

    def get(self, name: str) -> dict:
        return concat(self.parts.get(name, []))

    def column(self, name: str, col: str) -> np.ndarray:
        return np.concatenate([p[col] for p in self.parts.get(name, [])])


def _streams(seed: int, n: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]


def build_world(
    seed: int, scale: float, clock: Clock, progress: Callable[[str], None] | None = None
) -> World:
    """Plan the full history for `seed` and `scale`."""
    say = progress or (lambda _msg: None)
    r = _streams(seed, 12)
    fx = Fx.build(clock, r[0])
    org = build_org(clock, scale, r[1])
    camps = build_campaigns(clock, fx, scale, r[2])
    spend = ad_spend(camps, clock, fx, r[2])
    world = World(clock, fx, org, camps, spend)
    st = _Store()
    rng = r[3]
    # the initial import: customers and prospects with their contacts
    base_c = crm.base_accounts(max(3, round(220 * scale)), crm.BASE_CUSTOMER, clock, org, rng)
    base_p = crm.base_accounts(max(2, round(120 * scale)), crm.BASE_PROSPECT, clock, org, rng)
    base = concat([base_c, base_p])
    st.add("accounts", base)
    primary = _add_contacts_for(st, base, 0, clock, rng, None)
    st.add("primary", {"contact": primary})
    leads = funnel.base_leads(round(LEADS_PER_SCALE * scale * 0.93), clock, org, camps, r[4])
    gen = 0
    base_customers = np.flatnonzero(base["kind"] == crm.BASE_CUSTOMER)
    while len(leads["created"]) and gen < 12:
        say(f"planning generation {gen}: {len(leads['created']):,} leads")
        leads = funnel.run_funnel(leads, clock, org, r[5])
        _generation(st, leads, gen, base_customers if gen == 0 else None, world, r[6])
        intros = _introductions(st, gen, world, r[7])
        if not len(intros.get("obtained", [])):
            break
        offset = st.add("intros", intros)
        leads = funnel.leads_from_introductions(intros, offset, clock, org, r[4])
        gen += 1
    if "intros" not in st.size:  # a tiny world without a single introduction
        st.add("intros", _introductions(st, -1, world, r[7], allow_empty=True))
    world.leads = st.get("leads")
    world.accounts = st.get("accounts")
    world.opps = st.get("opps")
    world.intros = st.get("intros")
    world.customers = st.get("customers")
    world.subs = st.get("subs")
    _finish_crm(st, world, r[8])
    _finish_billing(st, world, r[9])
    _finish_engagement(world, r[10])
    _deletions(world, scale, r[11])
    return world


def _add_contacts_for(
    st: _Store,
    acc: dict,
    acc_offset: int,
    clock: Clock,
    rng: np.random.Generator,
    person: dict | None,
) -> np.ndarray:
    """Primary contacts (one per account, the converted lead's person when given) plus a
    few colleagues; returns the primary contact's global row per account."""
    n = len(acc["created"])
    rows = np.arange(n) + acc_offset
    dom = names.domains(acc["name"], acc["country"])
    prim = crm.contacts(rows, acc["created"] + MINUTE, acc["country"], clock, rng, person, dom)
    prim["primary"] = np.ones(n, bool)
    off = st.add("contacts", prim)
    k = rng.poisson(np.where(acc["kind"] == crm.PROSPECT, 0.75, 1.2))
    src = np.repeat(np.arange(n), k)
    t = clock.to_business(acc["created"][src] + rng.integers(HOUR, 25 * DAY, len(src)), rng)
    keep = t < clock.end
    src, t = src[keep], t[keep]
    extra = crm.contacts(rows[src], t, acc["country"][src], clock, rng, None, dom[src])
    extra["primary"] = np.zeros(len(src), bool)
    st.add("contacts", extra)
    return off + np.arange(n)


def _generation(
    st: _Store,
    leads: dict,
    gen: int,
    base_customers: np.ndarray | None,
    world: World,
    rng: np.random.Generator,
) -> None:
    """Opportunities, accounts, customers and upsells coming from one generation of leads."""
    clock, org, fx = world.clock, world.org, world.fx
    lead_off = st.size.get("leads", 0)
    n = len(leads["created"])
    leads["t_conv"] = np.full(n, INF, dtype=np.int64)
    leads["conv_account"] = np.full(n, NULL, dtype=np.int64)
    leads["opp"] = np.full(n, NULL, dtype=np.int64)
    sqlr = np.flatnonzero(leads["sql"] & (leads["t_sql"] < clock.end - HOUR))
    acc_created = leads["t_sql"][sqlr] + rng.integers(MINUTE, 10 * MINUTE, len(sqlr))
    opp_created = acc_created + rng.integers(2 * MINUTE, 20 * MINUTE, len(sqlr))
    ok = opp_created < clock.end
    sqlr, acc_created, opp_created = sqlr[ok], acc_created[ok], opp_created[ok]
    owner = leads["owner"][sqlr]
    acc = crm.accounts_for_leads(
        acc_created, leads["company"][sqlr], leads["country"][sqlr], owner, clock, org, rng
    )
    acc_off = st.add("accounts", acc)
    person = {k: leads[k][sqlr] for k in ("first_name", "last_name", "email", "phone")}
    primary = _add_contacts_for(st, acc, acc_off, clock, rng, person)
    st.add("primary", {"contact": primary})
    # the opportunity's own type: usually its lead's type at the time
    lt = np.where(
        leads["t_type2"][sqlr] <= opp_created, leads["type2"][sqlr], leads["lead_type"][sqlr]
    )
    drift = rng.random(len(sqlr)) < 0.1
    lt = np.where(drift, np.clip(lt + rng.choice([-1, 1], len(sqlr)), 1, 4), lt)
    opp = sales.simulate_opportunities(
        opp_created, np.zeros(len(sqlr), np.int64), lt, owner, org, clock, rng
    )
    currency = acc["currency"]
    product = np.where(
        rng.random(len(sqlr)) < np.where(lt == 1, 0.45, 0.22),
        billing.RECURRING_OF_STEP[2],
        billing.RECURRING_OF_STEP[1],
    )
    seats = billing.seats(acc["employees"])
    mrr_eur = billing.LIST_PRICE[product] * seats * rng.uniform(0.9, 1.1, len(sqlr))
    mrr = fx.to_local(mrr_eur, currency, opp_created, round_to=10)
    opp.update(
        {
            "account": np.arange(len(sqlr)) + acc_off,
            "lead": sqlr + lead_off,
            "product": product,
            "amount": 12 * mrr,
            "currency": currency,
            "gen": np.full(len(sqlr), gen),
        }
    )
    opp_off = st.add("opps", opp)
    leads["opp"][sqlr] = np.arange(len(sqlr)) + opp_off
    won = opp["outcome"] == 1
    t_conv = np.where(won, opp["closed"] + rng.integers(MINUTE, 30 * MINUTE, len(sqlr)), INF)
    leads["t_conv"][sqlr] = t_conv
    leads["conv_account"][sqlr] = np.where(won, opp["account"], NULL)
    st.add("leads", leads)
    # new customers from won new sales (and, first time round, the imported customers)
    w = np.flatnonzero(won & (opp["closed"] < clock.end - 2 * HOUR))
    start = clock.to_business(opp["closed"][w] + rng.integers(HOUR, 2 * DAY, len(w)), rng)
    keep = start < clock.end
    w, start = w[keep], start[keep]
    cust = {
        "account": opp["account"][w],
        "start": start,
        "start_delay": rng.integers(0, 11, len(w)),
        "product": product[w],
        "mrr": np.round(mrr[w] * opp["discount"][w], 0),
        "currency": currency[w],
        "seats": seats[w],
        "opp": w + opp_off,
    }
    if base_customers is not None and len(base_customers):
        all_acc = st.get("accounts")
        b = base_customers
        b_product = billing.RECURRING_OF_STEP[
            rng.choice([1, 2, 3], size=len(b), p=[0.5, 0.35, 0.15])
        ]
        b_start = all_acc["created"][b] + rng.integers(5 * MINUTE, HOUR, len(b))
        b_seats = billing.seats(all_acc["employees"][b])
        b_mrr = fx.to_local(
            billing.LIST_PRICE[b_product] * b_seats * rng.uniform(0.85, 1.1, len(b)),
            all_acc["currency"][b],
            b_start,
            round_to=10,
        )
        cust = concat(
            [
                cust,
                {
                    "account": b,
                    "start": b_start,
                    "start_delay": np.zeros(len(b), np.int64),
                    "product": b_product,
                    "mrr": b_mrr,
                    "currency": all_acc["currency"][b],
                    "seats": b_seats,
                    "opp": np.full(len(b), NULL, dtype=np.int64),
                },
            ]
        )
    if not len(cust["start"]):
        return
    plan = billing.plan_customers(cust["start"], clock, rng)
    cust_off = st.size.get("customers", 0)
    # upsell opportunities on the customers' accounts
    uc = plan["up_cust"]
    u_acc = cust["account"][uc]
    all_acc = st.get("accounts")
    u_owner = _owner_at(all_acc, u_acc, plan["up_t"])
    u_type = rng.choice(4, size=len(uc), p=[0.4, 0.45, 0.1, 0.05]) + 1
    up = sales.simulate_opportunities(
        plan["up_t"],
        np.ones(len(uc), np.int64),
        u_type,
        u_owner,
        org,
        clock,
        rng,
        force_lost=plan["up_lost"],
    )
    up["closed_day"] = np.where(up["closed"] < INF, up["closed"] // DAY, 10**9)
    up["cust"] = uc
    up["opp"] = np.arange(len(uc)) + st.size.get("opps", 0)
    subs, priced = billing.subscription_chains(cust, plan, up, fx, clock, rng)
    up_frame = {k: up[k] for k in opp if k in up}
    up_frame.update(
        {
            "account": u_acc,
            "lead": np.full(len(uc), NULL, dtype=np.int64),
            "product": priced["product"],
            "amount": priced["amount"],
            "currency": cust["currency"][uc],
            "gen": np.full(len(uc), gen),
        }
    )
    st.add("opps", up_frame)
    # one-off invoices for won one-off upsells
    one = (up["outcome"] == 1) & ~billing.RECURRING[priced["product"]] & (up["closed"] < clock.end)
    oo = np.flatnonzero(one)
    st.add(
        "one_offs",
        {
            "customer": uc[oo] + cust_off,
            "amount": priced["amount"][oo],
            "opp": up["opp"][oo],
            "day": up["closed"][oo] // DAY + rng.integers(0, 6, len(oo)),
            "not_before": up["closed"][oo],
        },
    )
    subs["customer"] = subs["customer"] + cust_off
    st.add("subs", subset(subs, np.flatnonzero(subs["created"] < clock.end)))
    names_acc = all_acc["name"][cust["account"]]
    n_c = len(cust["start"])
    t_name2 = np.where(
        rng.random(n_c) < 0.02,
        clock.to_business(cust["start"] + rng.integers(60, 900, n_c) * DAY, rng),
        INF,
    )
    cust.update({k: v for k, v in plan.items() if not k.startswith("up_")})
    cust.update(
        {
            "name": names_acc,
            "country": all_acc["country"][cust["account"]],
            "name2": np.array([f"{x} Holding" for x in names_acc], dtype=object),
            "t_name2": t_name2,
        }
    )
    st.add("customers", cust)


def _owner_at(acc: dict, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.where(t >= acc["t_owner2"][rows], acc["owner2"][rows], acc["owner"][rows])


def _introductions(
    st: _Store, gen: int, world: World, rng: np.random.Generator, allow_empty: bool = False
) -> dict:
    """Introductions after this generation's closed opportunities."""
    opps = st.get("opps")
    rows = np.flatnonzero(
        (opps["gen"] == gen) & (opps["outcome"] > 0) & (opps["closed"] < world.clock.end)
    )
    acc = st.get("accounts")
    primary = st.column("primary", "contact")
    a = opps["account"][rows]
    intros = sales.introductions(
        opps, rows, acc["country"][a], primary[a], world.org, world.clock, rng
    )
    keep = np.flatnonzero(intros["obtained"] < world.clock.end)
    return subset(intros, keep) if len(keep) or allow_empty else {}


def _finish_crm(st: _Store, world: World, rng: np.random.Generator) -> None:
    """Contacts added while customers are active (fewer in quiet spells), status history."""
    clock = world.clock
    cust, acc = world.customers, world.accounts
    a = cust["account"]
    rows, t = crm.extra_contact_times(
        acc["created"][a],
        cust["start"],
        np.minimum(cust["churn"], clock.end),
        cust["q_from"],
        cust["q_until"],
        np.full(len(a), 0.9),
        clock,
        rng,
    )
    ca = a[rows]
    dom = names.domains(acc["name"][ca], acc["country"][ca])
    extra = crm.contacts(ca, t, acc["country"][ca], clock, rng, None, dom)
    extra["primary"] = np.zeros(len(ca), bool)
    st.add("contacts", extra)
    world.contacts = st.get("contacts")
    leads = world.leads
    world.status = status_history(leads, leads["opp"], world.opps, clock, rng)


def _finish_billing(st: _Store, world: World, rng: np.random.Generator) -> None:
    """Invoices, credit notes and payments of all subscriptions and one-off sales."""
    one = st.get("one_offs") or {
        "customer": np.zeros(0, np.int64),
        "amount": np.zeros(0),
        "opp": np.zeros(0, np.int64),
        "day": np.zeros(0, np.int64),
        "not_before": np.zeros(0, np.int64),
    }
    inv, pays = billing.invoices_and_payments(
        world.subs, one, world.customers, world.clock, rng
    )
    keep = np.flatnonzero(inv["created"] < world.clock.end)
    remap = np.full(len(inv["created"]), NULL, dtype=np.int64)
    remap[keep] = np.arange(len(keep))
    world.invoices = subset(inv, keep)
    pays["invoice"] = remap[pays["invoice"]]
    late = rng.random(len(pays["paid_at"])) < 0.05
    pays["land"] = np.where(late, pays["paid_at"] + DAY, pays["paid_at"])
    world.payments = subset(
        pays, np.flatnonzero((pays["invoice"] >= 0) & (pays["paid_at"] < world.clock.end))
    )


def _finish_engagement(world: World, rng: np.random.Generator) -> None:
    """Activities, support cases and touchpoints."""
    clock, org = world.clock, world.org
    leads, acc, contacts, opps, cust = (
        world.leads,
        world.accounts,
        world.contacts,
        world.opps,
        world.customers,
    )
    idx = act.ContactIndex(contacts["account"], contacts["created"])
    market = names.MARKET[acc["country"]]
    parts = [
        act.lead_activities(leads, org, clock, names.MARKET[leads["country"]], rng),
        act.opportunity_activities(opps, market, idx, contacts["t_opt"], org, clock, rng),
        act.account_activities(
            cust,
            lambda a, t: _owner_at(acc, a, t),
            market,
            idx,
            contacts["t_opt"],
            org,
            clock,
            rng,
        ),
    ]
    acts = concat(parts)
    world.activities = subset(acts, np.flatnonzero(acts["created"] < clock.end))
    cases = act.support_cases(cust, idx, clock, rng)
    world.cases = subset(cases, np.flatnonzero(cases["opened"] < clock.end))
    tp_l = lead_touchpoints(leads, world.campaigns, clock, rng)
    c_until = np.full(len(contacts["created"]), clock.end, dtype=np.int64)
    c_until = np.minimum(c_until, contacts["t_opt"])
    tp_c = contact_touchpoints(contacts["created"], c_until, world.campaigns, clock, rng)
    tps = concat([tp_l, tp_c])
    late = rng.random(len(tps["land"])) < 0.03
    tps["land"] = np.where(late, tps["land"] + DAY, tps["land"])
    world.touchpoints = subset(tps, np.flatnonzero(tps["occurred"] < clock.end))


def _deletions(world: World, scale: float, rng: np.random.Generator) -> None:
    """Soft deletes: a trickle over the history, and a handful in every later load."""
    clock = world.clock
    leads, acc, contacts, opps, acts = (
        world.leads,
        world.accounts,
        world.contacts,
        world.opps,
        world.activities,
    )
    has_customer = np.zeros(len(acc["created"]), bool)
    has_customer[world.customers["account"]] = True
    specs = [
        (
            leads,
            leads["opp"] < 0,
            0.012,
            [
                "created",
                "t_mql",
                "t_type",
                "t_sal",
                "t_rej",
                "t_sql",
                "t_type2",
                "t_owner2",
                "t_opt",
            ],
        ),
        (acc, ~has_customer, 0.015, ["created", "t_industry", "t_employees2", "t_owner2"]),
        (contacts, ~contacts["primary"], 0.015, ["created", "t_title2", "t_opt"]),
        (opps, opps["outcome"] == 2, 0.006, ["created", "closed", "t_discount"]),
        (acts, np.ones(len(acts["created"]), bool), 0.003, ["created", "t_duration2"]),
    ]
    per_load = max(1, round(2 * scale))
    for frame, eligible, rate, cols in specs:
        n = len(frame["created"])
        last = np.max(np.stack([np.where(frame[c] < INF, frame[c], 0) for c in cols]), axis=0)
        t_del = np.full(n, INF, dtype=np.int64)
        hist = eligible & (rng.random(n) < rate)
        t_del[hist] = clock.to_business(
            last[hist] + rng.integers(DAY, 120 * DAY, int(hist.sum())), rng
        )
        for lo in clock.cutoffs[:-1]:
            cand = np.flatnonzero(eligible & (last < lo) & (t_del >= lo))
            if not len(cand):
                continue
            k = min(len(cand), per_load + int(rng.integers(0, 3)))
            pick = rng.choice(cand, size=k, replace=False)
            day = lo // DAY
            t_del[pick] = clock.local_time(np.full(k, day), rng.integers(7 * HOUR, 18 * HOUR, k))
        frame["t_del"] = t_del
