"""CRM master data: accounts and their contacts."""

from __future__ import annotations

import numpy as np

from . import names
from .clock import DAY, HOUR, INF, MINUTE, Clock, events_in_spans
from .fx import COUNTRY_CURRENCY, EUR
from .org import Org

BASE_CUSTOMER, BASE_PROSPECT, PROSPECT = 0, 1, 2


def _account_frame(
    created: np.ndarray,
    name: np.ndarray,
    country: np.ndarray,
    owner: np.ndarray,
    kind: int,
    clock: Clock,
    org: Org,
    rng: np.random.Generator,
) -> dict:
    n = len(created)
    industry = names.industries(n, rng)
    employees = np.clip(np.exp(rng.normal(np.log(40), 1.2, n)), 2, 5000).astype(np.int64)
    currency = COUNTRY_CURRENCY[country].copy()
    currency[(currency != EUR) & (rng.random(n) < 0.06)] = EUR
    # industry often filled in a little later; head-counts and owners change now and then
    late_industry = rng.random(n) < 0.15
    t_industry = np.where(
        late_industry, clock.to_business(created + rng.integers(HOUR, 30 * DAY, n), rng), INF
    )
    t_emp2 = np.where(
        rng.random(n) < 0.2, clock.to_business(created + rng.integers(30, 700, n) * DAY, rng), INF
    )
    emp2 = np.maximum(2, (employees * rng.uniform(0.8, 1.4, n)).astype(np.int64))
    t_owner2 = np.where(
        rng.random(n) < 0.04, clock.to_business(created + rng.integers(20, 500, n) * DAY, rng), INF
    )
    owner2 = org.pick_sellers(
        np.minimum(t_owner2, clock.end + 300 * DAY), names.MARKET[country], rng
    )
    t_owner2 = np.where(owner2 != owner, t_owner2, INF)
    return {
        "created": created.astype(np.int64),
        "name": name,
        "industry": industry,
        "t_industry": t_industry,
        "country": country.astype(np.int64),
        "employees": employees,
        "employees2": emp2,
        "t_employees2": t_emp2,
        "owner": owner.astype(np.int64),
        "owner2": owner2.astype(np.int64),
        "t_owner2": t_owner2,
        "currency": currency.astype(np.int64),
        "kind": np.full(n, kind, dtype=np.int64),
    }


def base_accounts(n: int, kind: int, clock: Clock, org: Org, rng: np.random.Generator) -> dict:
    """Accounts imported when the CRM went live (the first two weeks of the history)."""
    days = rng.integers(clock.start_day + 1, clock.start_day + 15, n)
    created = np.maximum(clock.work_time(days, rng), clock.start + DAY)
    country = rng.choice(len(names.COUNTRIES), size=n, p=names.COUNTRY_WEIGHTS)
    name = names.company_names(country, rng)
    owner = org.pick_sellers(created, names.MARKET[country], rng)
    return _account_frame(created, name, country, owner, kind, clock, org, rng)


def accounts_for_leads(
    created: np.ndarray,
    company: np.ndarray,
    country: np.ndarray,
    owner: np.ndarray,
    clock: Clock,
    org: Org,
    rng: np.random.Generator,
) -> dict:
    """Prospect accounts created when leads turn into opportunities."""
    name = company.copy()
    missing = np.array([c is None for c in name], dtype=bool)
    if missing.any():
        name[missing] = names.company_names(country[missing], rng)
    return _account_frame(created, name, country, owner, PROSPECT, clock, org, rng)


def contacts(
    account: np.ndarray,
    created: np.ndarray,
    country: np.ndarray,
    clock: Clock,
    rng: np.random.Generator,
    person: dict | None = None,
    domain_of: np.ndarray | None = None,
) -> dict:
    """Contacts of accounts; `person` (first/last/email/phone) carries a converted lead over."""
    n = len(account)
    if person is None:
        first, last = names.person_names(country, rng)
        dom = domain_of if domain_of is not None else np.full(n, "firma.dk", dtype=object)
        email = names.emails(first, last, dom, rng)
        phone = names.phones(country, rng)
        names.degrade(email, phone, None, rng)
    else:
        first, last = person["first_name"].copy(), person["last_name"].copy()
        email, phone = person["email"].copy(), person["phone"].copy()
    title = names.titles(country, rng)
    t_title2 = np.where(
        rng.random(n) < 0.08, clock.to_business(created + rng.integers(60, 900, n) * DAY, rng), INF
    )
    t_opt = np.where(
        rng.random(n) < 0.03,
        created + np.exp(rng.normal(np.log(120 * DAY), 1.0, n)).astype(np.int64) + HOUR,
        INF,
    )
    return {
        "account": account.astype(np.int64),
        "created": created.astype(np.int64),
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phone,
        "title": title,
        "title2": names.titles(country, rng),
        "t_title2": t_title2,
        "t_opt": t_opt,
    }


def extra_contact_times(
    acc_created: np.ndarray,
    active_from: np.ndarray,
    active_until: np.ndarray,
    quiet_from: np.ndarray,
    quiet_until: np.ndarray,
    per_year: np.ndarray,
    clock: Clock,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Further contacts created while accounts are active (fewer in quiet spells).

    Returns (account row, created instant) pairs.
    """
    life = np.maximum(np.minimum(active_until, clock.end) - active_from, 0)
    rows, t = events_in_spans(active_from, life, life / (365 * DAY) * per_year, rng)
    quiet = (t >= quiet_from[rows]) & (t < quiet_until[rows])
    keep = ~quiet | (rng.random(len(rows)) < 0.2)
    rows, t = rows[keep], t[keep]
    t = np.maximum(clock.to_business(t, rng), acc_created[rows] + MINUTE)
    return rows, t
