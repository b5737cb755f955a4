"""The landing contract's tables as the generator writes them: the columns come from the
contract's suites (``janox_dagster.contract``); this module adds only what is the
generator's own: key prefixes, the labels of coded columns, and how each type is written."""

from __future__ import annotations

from dataclasses import dataclass

from janox_dagster.contract import TableContract, load_contract

from .activities import ACTIVITY_TYPES, DIRECTIONS, PRIORITIES
from .billing import INVOICE_TYPES, STATUSES
from .fx import CURRENCIES
from .marketing import CHANNELS, TOUCH_TYPES
from .names import COUNTRIES
from .org import ROLES
from .planning import KPIS
from .sales import ELEMENTS, KINDS, OUTCOMES, PROCESSES
from .status import STATUSES as LEAD_STATUSES


@dataclass(frozen=True)
class Col:
    """One output column: `kind` is key, ref, str, int, dec, rate, bool, ts, date or enum."""

    name: str
    kind: str
    arg: object = None  # referenced table, enumeration labels


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

#: Labels of the columns the generator holds as integer codes (code i is labels[i]), by
#: column name; ``status`` differs per table.
LABELS: dict[str, tuple[str, ...]] = {
    "role": ROLES,
    "country": COUNTRIES,
    "channel": CHANNELS,
    "process": PROCESSES,
    "currency": CURRENCIES,
    "outcome": OUTCOMES,
    "element": ELEMENTS,
    "activity_type": ACTIVITY_TYPES,
    "direction": DIRECTIONS,
    "kind": KINDS,
    "priority": PRIORITIES,
    "touch_type": TOUCH_TYPES,
    "invoice_type": INVOICE_TYPES,
    "kpi": KPIS,
}
STATUS_LABELS: dict[str, tuple[str, ...]] = {
    "crm/lead_status_history": LEAD_STATUSES,
    "billing/invoices": STATUSES,
}
#: How the generator writes each contract type; two columns are written more narrowly than
#: the contract allows (whole minutes; fx rates with their own precision).
KIND_OF_TYPE = {
    "varchar": "str",
    "integer": "int",
    "decimal": "dec",
    "boolean": "bool",
    "date": "date",
    "timestamp": TS,
}
KIND_OVERRIDES = {"duration_minutes": "int", "rate_to_reporting": "rate"}


def _column(table: TableContract, name: str, contract_type: str) -> Col:
    if table.key == (name,) and table.name in KEY_FORMAT:
        return Col(name, "key")
    if name in table.references:
        return Col(name, "ref", table.references[name].replace(".", "/"))
    if name == "status":
        return Col(name, "enum", STATUS_LABELS[table.name])
    if name in LABELS:
        return Col(name, "enum", LABELS[name])
    return Col(name, KIND_OVERRIDES.get(name, KIND_OF_TYPE[contract_type]))


#: Every landing table's columns in contract order, derived from the contract's suites.
TABLES: dict[str, list[Col]] = {
    name: [_column(table, column, kind) for column, kind in table.columns.items()]
    for name, table in load_contract().items()
}
