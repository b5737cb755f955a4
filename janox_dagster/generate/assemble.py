"""Turn the planned world into the contract's landing tables (20, and the optional
planning/targets)."""

from __future__ import annotations

import numpy as np

from . import billing, funnel, names, planning, sales
from .activities import CASE_CATEGORIES
from .clock import DAY, HOUR, INF, MINUTE, NULL
from .fx import CURRENCIES, EUR
from .model import World
from .tables import Change, Table, subset


class _Remap:
    """Old row number -> new row number per entity after dropping rows beyond the history."""

    def __init__(self) -> None:
        self.maps: dict[str, np.ndarray] = {}

    def keep(self, name: str, frame: dict, created: np.ndarray, end: int) -> dict:
        rows = np.flatnonzero(created < end)
        m = np.full(len(created), NULL, dtype=np.int64)
        m[rows] = np.arange(len(rows))
        self.maps[name] = m
        return subset(frame, rows)

    def ref(self, name: str, values: np.ndarray) -> np.ndarray:
        """Remap references; a kept row pointing at a dropped one is a planning bug."""
        values = np.asarray(values, dtype=np.int64)
        if name not in self.maps:
            return values
        m = self.maps[name]
        out = np.where(values >= 0, m[np.maximum(values, 0)], NULL)
        broken = (values >= 0) & (out < 0)
        if broken.any():
            raise AssertionError(f"{broken.sum()} references to {name} created after the history")
        return out


def _styles(n: int, rng: np.random.Generator) -> np.ndarray:
    """Timestamp style per row: mostly Z, some +01:00/+02:00, a few without offset."""
    return rng.choice(3, size=n, p=[0.92, 0.06, 0.02])


def _texts(labels: tuple[str, ...], codes: np.ndarray) -> np.ndarray:
    arr = np.array(list(labels) + [None], dtype=object)
    return arr[np.where(codes < 0, len(labels), codes)]


def build_tables(world: World, rng: np.random.Generator) -> list[Table]:
    """All 21 contract tables, planned over the whole history, keyed and ready to split."""
    clock, org, camps = world.clock, world.org, world.campaigns
    end = clock.end
    rm = _Remap()
    leads = rm.keep("leads", world.leads, world.leads["created"], end)
    acc = rm.keep("accounts", world.accounts, world.accounts["created"], end)
    con = rm.keep("contacts", world.contacts, world.contacts["created"], end)
    opps = rm.keep("opps", world.opps, world.opps["created"], end)
    intros = rm.keep("intros", world.intros, world.intros["obtained"], end)
    cust = rm.keep("customers", world.customers, world.customers["start"], end)
    subs = rm.keep("subs", world.subs, world.subs["created"], end)
    inv = rm.keep("invoices", world.invoices, world.invoices["created"], end)
    acts = world.activities
    cases = world.cases
    tps = world.touchpoints
    pays = world.payments
    stat = world.status
    tables: list[Table] = []

    def add(t: Table) -> None:
        t.style = _styles(len(t), rng)
        tables.append(t.finalize(end))

    # crm/users
    add(
        Table(
            "crm/users",
            {
                "full_name": org.full_name,
                "email": org.email,
                "team": org.team,
                "role": org.role,
                "is_active": np.ones(len(org), bool),
                "created_at": org.created,
            },
            org.created,
            [Change(org.deactivated, {"is_active": np.zeros(len(org), bool)})],
        )
    )
    # crm/accounts
    n = len(acc["created"])
    industry = acc["industry"].copy()
    industry[acc["t_industry"] < INF] = None
    add(
        Table(
            "crm/accounts",
            {
                "name": acc["name"],
                "industry": industry,
                "country": acc["country"],
                "employees": acc["employees"],
                "owner_user_id": acc["owner"],
                "created_at": acc["created"],
                "is_deleted": np.zeros(n, bool),
            },
            acc["created"],
            [
                Change(acc["t_industry"], {"industry": acc["industry"]}),
                Change(acc["t_employees2"], {"employees": acc["employees2"]}),
                Change(acc["t_owner2"], {"owner_user_id": acc["owner2"]}),
                Change(acc["t_del"], {"is_deleted": np.ones(n, bool)}),
            ],
        )
    )
    # crm/contacts
    n = len(con["created"])
    add(
        Table(
            "crm/contacts",
            {
                "account_id": rm.ref("accounts", con["account"]),
                "first_name": con["first_name"],
                "last_name": con["last_name"],
                "email": con["email"],
                "phone": con["phone"],
                "title": con["title"],
                "opted_out_at": np.full(n, NULL, dtype=np.int64),
                "created_at": con["created"],
                "is_deleted": np.zeros(n, bool),
            },
            con["created"],
            [
                Change(con["t_title2"], {"title": con["title2"]}),
                Change(con["t_opt"], {"opted_out_at": con["t_opt"]}),
                Change(con["t_del"], {"is_deleted": np.ones(n, bool)}),
            ],
        )
    )
    # crm/leads
    n = len(leads["created"])
    nul = np.full(n, NULL, dtype=np.int64)
    add(
        Table(
            "crm/leads",
            {
                "first_name": leads["first_name"],
                "last_name": leads["last_name"],
                "company": leads["company"],
                "email": leads["email"],
                "phone": leads["phone"],
                "country": leads["country"],
                "channel": leads["channel"],
                "campaign_id": leads["campaign"],
                "introduction_id": rm.ref("intros", leads["intro"]),
                "owner_user_id": leads["owner"],
                "lead_type": nul,
                "qualified_at": nul,
                "mql_at": nul,
                "sal_at": nul,
                "sql_at": nul,
                "rejected_at": nul,
                "rejection_reason": np.full(n, None, dtype=object),
                "converted_at": nul,
                "converted_account_id": nul,
                "opted_out_at": nul,
                "created_at": leads["created"],
                "is_deleted": np.zeros(n, bool),
            },
            leads["created"],
            [
                Change(leads["t_mql"], {"mql_at": leads["t_mql"]}),
                Change(
                    leads["t_type"],
                    {"lead_type": leads["lead_type"], "qualified_at": leads["t_type"]},
                ),
                Change(leads["t_sal"], {"sal_at": leads["t_sal"]}),
                Change(
                    leads["t_rej"],
                    {
                        "rejected_at": leads["t_rej"],
                        "rejection_reason": funnel.rejection_texts(
                            leads["reason"], leads["reason_text_long"]
                        ),
                    },
                ),
                Change(leads["t_sql"], {"sql_at": leads["t_sql"]}),
                Change(leads["t_type2"], {"lead_type": leads["type2"]}),
                Change(leads["t_owner2"], {"owner_user_id": leads["owner2"]}),
                Change(
                    leads["t_conv"],
                    {
                        "converted_at": leads["t_conv"],
                        "converted_account_id": rm.ref("accounts", leads["conv_account"]),
                    },
                ),
                Change(leads["t_opt"], {"opted_out_at": leads["t_opt"]}),
                Change(leads["t_del"], {"is_deleted": np.ones(n, bool)}),
            ],
        )
    )
    # crm/lead_status_history
    add(
        Table(
            "crm/lead_status_history",
            {
                "lead_id": rm.ref("leads", stat["lead"]),
                "status": stat["status"],
                "changed_at": stat["changed_at"],
                "changed_by_user_id": stat["user"],
            },
            stat["land"],
            versioned=False,
        )
    )
    # crm/opportunities
    n = len(opps["created"])
    loss = _texts(sales.LOSS_REASONS, opps["loss_reason"])
    loss[opps["loss_long"]] = sales.LOSS_LONG
    closes = np.where(opps["outcome"] > 0, opps["closed"], INF)
    add(
        Table(
            "crm/opportunities",
            {
                "account_id": rm.ref("accounts", opps["account"]),
                "lead_id": rm.ref("leads", opps["lead"]),
                "owner_user_id": opps["owner"],
                "process": opps["process"],
                "lead_type": opps["lead_type"],
                "product_id": opps["product"],
                "amount": np.round(opps["amount"], 2),
                "currency": opps["currency"],
                "created_at": opps["created"],
                "closed_at": np.full(n, NULL, dtype=np.int64),
                "outcome": np.zeros(n, np.int64),
                "loss_reason": np.full(n, None, dtype=object),
                "is_deleted": np.zeros(n, bool),
            },
            opps["created"],
            [
                Change(
                    opps["t_discount"], {"amount": np.round(opps["amount"] * opps["discount"], 0)}
                ),
                Change(
                    closes,
                    {"closed_at": opps["closed"], "outcome": opps["outcome"], "loss_reason": loss},
                ),
                Change(opps["t_del"], {"is_deleted": np.ones(n, bool)}),
            ],
        )
    )
    # crm/opportunity_phases and crm/closing_elements
    ph = [(np.flatnonzero(opps[f"phase{p}"] < end), p) for p in range(1, 8)]
    o = np.concatenate([r for r, _ in ph])
    pn = np.concatenate([np.full(len(r), p) for r, p in ph])
    et = np.concatenate([opps[f"phase{p}"][r] for r, p in ph])
    add(
        Table(
            "crm/opportunity_phases",
            {"opportunity_id": o, "phase_number": pn, "entered_at": et},
            et,
            versioned=False,
        )
    )
    el = [(np.flatnonzero(opps[f"el{i}"] < end), i) for i in range(5)]
    o = np.concatenate([r for r, _ in el])
    en = np.concatenate([np.full(len(r), i) for r, i in el])
    lt = np.concatenate([opps[f"el{i}"][r] for r, i in el])
    add(
        Table(
            "crm/closing_elements",
            {"opportunity_id": o, "element": en, "lined_up_at": lt},
            lt,
            versioned=False,
        )
    )
    # crm/activities
    n = len(acts["created"])
    add(
        Table(
            "crm/activities",
            {
                "activity_type": acts["type"],
                "direction": acts["inbound"].astype(np.int64),
                "user_id": acts["user"],
                "lead_id": rm.ref("leads", acts["lead"]),
                "contact_id": rm.ref("contacts", acts["contact"]),
                "account_id": rm.ref("accounts", acts["account"]),
                "opportunity_id": rm.ref("opps", acts["opp"]),
                "occurred_at": acts["occurred"],
                "duration_minutes": acts["duration"],
                "is_two_way": acts["two_way"],
                "is_deleted": np.zeros(n, bool),
            },
            acts["created"],
            [
                Change(acts["t_duration2"], {"duration_minutes": acts["duration2"]}),
                Change(acts["t_del"], {"is_deleted": np.ones(n, bool)}),
            ],
        )
    )
    # crm/introductions
    add(
        Table(
            "crm/introductions",
            {
                "obtained_by_user_id": intros["obtained_by"],
                "from_account_id": rm.ref("accounts", intros["from_account"]),
                "from_contact_id": rm.ref("contacts", intros["from_contact"]),
                "from_lead_id": rm.ref("leads", intros["from_lead"]),
                "opportunity_id": rm.ref("opps", intros["opp"]),
                "kind": intros["kind"],
                "quality_class": intros["quality"],
                "relevance_level": intros["relevance"],
                "introduced_name": names.full_names(
                    intros["first_name"], intros["last_name"], intros["country"]
                ),
                "introduced_company": intros["company"],
                "introduced_email": intros["email"],
                "introduced_phone": intros["phone"],
                "obtained_at": intros["obtained"],
            },
            intros["obtained"],
            [
                Change(intros["t_relevance2"], {"relevance_level": intros["relevance2"]}),
            ],
        )
    )
    # crm/support_cases
    n = len(cases["opened"])
    add(
        Table(
            "crm/support_cases",
            {
                "account_id": rm.ref("accounts", cases["account"]),
                "contact_id": rm.ref("contacts", cases["contact"]),
                "category": _texts(CASE_CATEGORIES, cases["category"]),
                "priority": cases["priority"],
                "opened_at": cases["opened"],
                "closed_at": np.full(n, NULL, dtype=np.int64),
            },
            cases["opened"],
            [
                Change(cases["t_priority2"], {"priority": cases["priority2"]}),
                Change(cases["closed"], {"closed_at": cases["closed"]}),
            ],
        )
    )
    # marketing
    add(
        Table(
            "marketing/campaigns",
            {
                "name": camps.name,
                "channel": camps.channel,
                "started_on": camps.started_on,
                "ended_on": camps.ended_on,
                "budget": camps.budget,
                "currency": camps.currency,
            },
            camps.created,
            [Change(camps.t_budget2, {"budget": camps.budget2})],
        )
    )
    sp = world.spend
    add(
        Table(
            "marketing/ad_spend",
            {
                "spend_date": sp["day"],
                "campaign_id": sp["campaign"],
                "impressions": sp["impressions"],
                "clicks": sp["clicks"],
                "spend": sp["spend"],
                "currency": sp["currency"],
            },
            sp["land"],
            versioned=False,
        )
    )
    add(
        Table(
            "marketing/touchpoints",
            {
                "campaign_id": tps["campaign"],
                "lead_id": rm.ref("leads", tps["lead"]),
                "contact_id": rm.ref("contacts", tps["contact"]),
                "occurred_at": tps["occurred"],
                "touch_type": tps["type"],
            },
            tps["land"],
            versioned=False,
        )
    )
    # billing
    add(
        Table(
            "billing/customers",
            {
                "account_id": rm.ref("accounts", cust["account"]),
                "name": cust["name"],
                "country": cust["country"],
                "currency": cust["currency"],
                "created_at": cust["start"],
            },
            cust["start"],
            [Change(cust["t_name2"], {"name": cust["name2"]})],
        )
    )
    n_p = len(billing.PRODUCTS)
    p_created = np.full(n_p, clock.start + 30 * MINUTE, dtype=np.int64)
    t_price = np.full(n_p, INF, dtype=np.int64)
    t_price[billing.PRICE_CHANGE[0]] = clock.local_time(
        np.array([clock.start_day + 460]), np.array([9 * HOUR])
    )[0]
    new_price = billing.LIST_PRICE.copy()
    new_price[billing.PRICE_CHANGE[0]] = billing.PRICE_CHANGE[1]
    add(
        Table(
            "billing/products",
            {
                "name": np.array([p[0] for p in billing.PRODUCTS], dtype=object),
                "ladder_step": billing.STEP,
                "list_price": billing.LIST_PRICE,
                "currency": np.full(n_p, EUR),
                "is_recurring": billing.RECURRING,
            },
            p_created,
            [Change(t_price, {"list_price": new_price})],
        )
    )
    add(
        Table(
            "billing/subscriptions",
            {
                "customer_id": rm.ref("customers", subs["customer"]),
                "product_id": subs["product"],
                "started_on": subs["started_on"],
                "ended_on": np.full(len(subs["created"]), NULL),
                "mrr": subs["mrr"],
                "currency": world.customers["currency"][subs["customer"]],
            },
            subs["created"],
            [Change(subs["t_end"], {"ended_on": subs["ended_on"]})],
        )
    )
    add(
        Table(
            "billing/invoices",
            {
                "customer_id": rm.ref("customers", inv["customer"]),
                "opportunity_id": rm.ref("opps", inv["opp"]),
                "invoice_type": inv["type"],
                "issued_on": inv["issued_on"],
                "due_on": inv["due_on"],
                "amount": inv["amount"],
                "currency": inv["currency"],
                "status": np.zeros(len(inv["created"]), np.int64),
            },
            inv["created"],
            [
                Change(inv["t_status1"], {"status": inv["status1"]}),
                Change(inv["t_status2"], {"status": inv["status2"]}),
            ],
        )
    )
    add(
        Table(
            "billing/payments",
            {
                "invoice_id": rm.ref("invoices", pays["invoice"]),
                "paid_at": pays["paid_at"],
                "amount": pays["amount"],
                "currency": pays["currency"],
            },
            pays["land"],
            versioned=False,
        )
    )
    fx = world.fx
    n_days = fx.rates.shape[1]
    cur = np.repeat(np.arange(1, len(CURRENCIES)), n_days)
    day = np.tile(np.arange(n_days) + fx.first_day, len(CURRENCIES) - 1)
    add(
        Table(
            "billing/fx_rates",
            {
                "rate_date": day,
                "currency": cur,
                "rate_to_reporting": fx.rates[cur, day - fx.first_day],
            },
            (day - 1) * DAY + 12 * HOUR,
            versioned=False,
        )
    )
    # planning/targets, the optional source: on its own random stream, so the tables above
    # are the same with or without it
    plan_rng = rng.spawn(1)[0]
    tg = planning.plan_targets(
        org, world.leads, world.opps, world.intros, world.fx, clock, plan_rng
    )
    n = len(tg["created"])
    targets = Table(
        "planning/targets",
        {
            "month": tg["month"],
            "user_id": tg["user"],
            "kpi": tg["kpi"],
            "target": tg["target"],
            "is_deleted": np.zeros(n, bool),
        },
        tg["created"],
        [
            Change(tg["t_rev"], {"target": tg["target2"]}),
            Change(tg["t_del"], {"is_deleted": np.ones(n, bool)}),
        ],
    )
    targets.style = _styles(n, plan_rng)
    tables.append(targets.finalize(end))
    return tables
