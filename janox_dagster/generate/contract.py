"""The landing contract's tables as the generator writes them: columns in contract order
with how each is formatted, key prefixes, and the closed enumerations."""

from __future__ import annotations

from dataclasses import dataclass

from .activities import ACTIVITY_TYPES, DIRECTIONS, PRIORITIES
from .billing import INVOICE_TYPES, STATUSES
from .fx import CURRENCIES
from .marketing import CHANNELS, TOUCH_TYPES
from .names import COUNTRIES
from .org import ROLES
from .sales import ELEMENTS, KINDS, OUTCOMES, PROCESSES
from .status import STATUSES as LEAD_STATUSES


@dataclass(frozen=True)
class Col:
    """One output column: `kind` is key, ref, str, int, dec, rate, bool, ts, date or enum."""

    name: str
    kind: str
    arg: object = None  # referenced table, enumeration labels


def _c(name: str, kind: str, arg: object = None) -> Col:
    return Col(name, kind, arg)


TS = "ts"
#: Key prefix and minimum digits of each table with a single-column key.
KEY_FORMAT: dict[str, tuple[str, int]] = {
    "crm/users": ("U", 4),
    "crm/accounts": ("ACC", 5),
    "crm/contacts": ("CON", 6),
    "crm/leads": ("L", 6),
    "crm/opportunities": ("OPP", 5),
    "crm/activities": ("ACT", 7),
    "crm/introductions": ("INT", 5),
    "crm/support_cases": ("CASE", 6),
    "marketing/campaigns": ("CMP", 3),
    "marketing/touchpoints": ("TP", 7),
    "billing/customers": ("CUS", 5),
    "billing/products": ("PRD", 2),
    "billing/subscriptions": ("SUB", 6),
    "billing/invoices": ("INV", 7),
    "billing/payments": ("PAY", 7),
}

TABLES: dict[str, list[Col]] = {
    "crm/users": [
        _c("user_id", "key"),
        _c("full_name", "str"),
        _c("email", "str"),
        _c("team", "str"),
        _c("role", "enum", ROLES),
        _c("is_active", "bool"),
        _c("created_at", TS),
        _c("updated_at", TS),
    ],
    "crm/accounts": [
        _c("account_id", "key"),
        _c("name", "str"),
        _c("industry", "str"),
        _c("country", "enum", COUNTRIES),
        _c("employees", "int"),
        _c("owner_user_id", "ref", "crm/users"),
        _c("created_at", TS),
        _c("updated_at", TS),
        _c("is_deleted", "bool"),
    ],
    "crm/contacts": [
        _c("contact_id", "key"),
        _c("account_id", "ref", "crm/accounts"),
        _c("first_name", "str"),
        _c("last_name", "str"),
        _c("email", "str"),
        _c("phone", "str"),
        _c("title", "str"),
        _c("opted_out_at", TS),
        _c("created_at", TS),
        _c("updated_at", TS),
        _c("is_deleted", "bool"),
    ],
    "crm/leads": [
        _c("lead_id", "key"),
        _c("first_name", "str"),
        _c("last_name", "str"),
        _c("company", "str"),
        _c("email", "str"),
        _c("phone", "str"),
        _c("country", "enum", COUNTRIES),
        _c("channel", "enum", CHANNELS),
        _c("campaign_id", "ref", "marketing/campaigns"),
        _c("introduction_id", "ref", "crm/introductions"),
        _c("owner_user_id", "ref", "crm/users"),
        _c("lead_type", "int"),
        _c("qualified_at", TS),
        _c("mql_at", TS),
        _c("sal_at", TS),
        _c("sql_at", TS),
        _c("rejected_at", TS),
        _c("rejection_reason", "str"),
        _c("converted_at", TS),
        _c("converted_account_id", "ref", "crm/accounts"),
        _c("opted_out_at", TS),
        _c("created_at", TS),
        _c("updated_at", TS),
        _c("is_deleted", "bool"),
    ],
    "crm/lead_status_history": [
        _c("lead_id", "ref", "crm/leads"),
        _c("status", "enum", LEAD_STATUSES),
        _c("changed_at", TS),
        _c("changed_by_user_id", "ref", "crm/users"),
    ],
    "crm/opportunities": [
        _c("opportunity_id", "key"),
        _c("account_id", "ref", "crm/accounts"),
        _c("lead_id", "ref", "crm/leads"),
        _c("owner_user_id", "ref", "crm/users"),
        _c("process", "enum", PROCESSES),
        _c("lead_type", "int"),
        _c("product_id", "ref", "billing/products"),
        _c("amount", "dec"),
        _c("currency", "enum", CURRENCIES),
        _c("created_at", TS),
        _c("closed_at", TS),
        _c("outcome", "enum", OUTCOMES),
        _c("loss_reason", "str"),
        _c("updated_at", TS),
        _c("is_deleted", "bool"),
    ],
    "crm/opportunity_phases": [
        _c("opportunity_id", "ref", "crm/opportunities"),
        _c("phase_number", "int"),
        _c("entered_at", TS),
    ],
    "crm/closing_elements": [
        _c("opportunity_id", "ref", "crm/opportunities"),
        _c("element", "enum", ELEMENTS),
        _c("lined_up_at", TS),
    ],
    "crm/activities": [
        _c("activity_id", "key"),
        _c("activity_type", "enum", ACTIVITY_TYPES),
        _c("direction", "enum", DIRECTIONS),
        _c("user_id", "ref", "crm/users"),
        _c("lead_id", "ref", "crm/leads"),
        _c("contact_id", "ref", "crm/contacts"),
        _c("account_id", "ref", "crm/accounts"),
        _c("opportunity_id", "ref", "crm/opportunities"),
        _c("occurred_at", TS),
        _c("duration_minutes", "int"),
        _c("is_two_way", "bool"),
        _c("updated_at", TS),
        _c("is_deleted", "bool"),
    ],
    "crm/introductions": [
        _c("introduction_id", "key"),
        _c("obtained_by_user_id", "ref", "crm/users"),
        _c("from_account_id", "ref", "crm/accounts"),
        _c("from_contact_id", "ref", "crm/contacts"),
        _c("from_lead_id", "ref", "crm/leads"),
        _c("opportunity_id", "ref", "crm/opportunities"),
        _c("kind", "enum", KINDS),
        _c("quality_class", "int"),
        _c("relevance_level", "int"),
        _c("introduced_name", "str"),
        _c("introduced_company", "str"),
        _c("introduced_email", "str"),
        _c("introduced_phone", "str"),
        _c("obtained_at", TS),
        _c("updated_at", TS),
    ],
    "crm/support_cases": [
        _c("case_id", "key"),
        _c("account_id", "ref", "crm/accounts"),
        _c("contact_id", "ref", "crm/contacts"),
        _c("category", "str"),
        _c("priority", "enum", PRIORITIES),
        _c("opened_at", TS),
        _c("closed_at", TS),
        _c("updated_at", TS),
    ],
    "marketing/campaigns": [
        _c("campaign_id", "key"),
        _c("name", "str"),
        _c("channel", "enum", CHANNELS),
        _c("started_on", "date"),
        _c("ended_on", "date"),
        _c("budget", "dec"),
        _c("currency", "enum", CURRENCIES),
        _c("updated_at", TS),
    ],
    "marketing/ad_spend": [
        _c("spend_date", "date"),
        _c("campaign_id", "ref", "marketing/campaigns"),
        _c("impressions", "int"),
        _c("clicks", "int"),
        _c("spend", "dec"),
        _c("currency", "enum", CURRENCIES),
    ],
    "marketing/touchpoints": [
        _c("touchpoint_id", "key"),
        _c("campaign_id", "ref", "marketing/campaigns"),
        _c("lead_id", "ref", "crm/leads"),
        _c("contact_id", "ref", "crm/contacts"),
        _c("occurred_at", TS),
        _c("touch_type", "enum", TOUCH_TYPES),
    ],
    "billing/customers": [
        _c("customer_id", "key"),
        _c("account_id", "ref", "crm/accounts"),
        _c("name", "str"),
        _c("country", "enum", COUNTRIES),
        _c("currency", "enum", CURRENCIES),
        _c("created_at", TS),
        _c("updated_at", TS),
    ],
    "billing/products": [
        _c("product_id", "key"),
        _c("name", "str"),
        _c("ladder_step", "int"),
        _c("list_price", "dec"),
        _c("currency", "enum", CURRENCIES),
        _c("is_recurring", "bool"),
        _c("updated_at", TS),
    ],
    "billing/subscriptions": [
        _c("subscription_id", "key"),
        _c("customer_id", "ref", "billing/customers"),
        _c("product_id", "ref", "billing/products"),
        _c("started_on", "date"),
        _c("ended_on", "date"),
        _c("mrr", "dec"),
        _c("currency", "enum", CURRENCIES),
        _c("updated_at", TS),
    ],
    "billing/invoices": [
        _c("invoice_id", "key"),
        _c("customer_id", "ref", "billing/customers"),
        _c("opportunity_id", "ref", "crm/opportunities"),
        _c("invoice_type", "enum", INVOICE_TYPES),
        _c("issued_on", "date"),
        _c("due_on", "date"),
        _c("amount", "dec"),
        _c("currency", "enum", CURRENCIES),
        _c("status", "enum", STATUSES),
        _c("updated_at", TS),
    ],
    "billing/payments": [
        _c("payment_id", "key"),
        _c("invoice_id", "ref", "billing/invoices"),
        _c("paid_at", TS),
        _c("amount", "dec"),
        _c("currency", "enum", CURRENCIES),
    ],
    "billing/fx_rates": [
        _c("rate_date", "date"),
        _c("currency", "enum", CURRENCIES),
        _c("rate_to_reporting", "rate"),
    ],
}

#: Event tables (no updated_at) and the columns that make up their key.
EVENT_KEYS: dict[str, tuple[str, ...]] = {
    "crm/lead_status_history": ("lead_id", "status", "changed_at"),
    "crm/opportunity_phases": ("opportunity_id", "phase_number"),
    "crm/closing_elements": ("opportunity_id", "element"),
    "marketing/ad_spend": ("spend_date", "campaign_id"),
    "marketing/touchpoints": ("touchpoint_id",),
    "billing/payments": ("payment_id",),
    "billing/fx_rates": ("rate_date", "currency"),
}
