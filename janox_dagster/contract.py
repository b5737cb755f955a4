"""The landing contract, read from the Great Expectations suites under ``expectations/``.

The suites are the one home of the contract's rules: required columns, keys, types,
enumerations, value rules, uniqueness and references. Ingestion derives its SQL from them,
the GX gate validates landed batches against them, and nothing repeats them in Python.

A column's type comes from its ``expect_column_values_to_match_regex`` with ``meta.type``.
Rules on a value beyond its type are value rules, each quarantining a row for the reason in
its ``meta.rule``: a further ``expect_column_values_to_match_regex`` without ``meta.type``
(a pattern the landed text must match, e.g. a month that is the first of a month) and
``expect_column_values_to_be_between`` (bounds of the parsed value, e.g. a target that is
not negative).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

# How a contract type is stored in the raw layer (DuckDB types; ANSI names where they exist).
SQL_TYPES: dict[str, str] = {
    "varchar": "varchar",
    "integer": "bigint",
    "decimal": "decimal(38, 10)",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}


@dataclass(frozen=True)
class ValueRule:
    """A row rule on a parseable value beyond its column's type.

    Either ``regex`` (the landed text must match it) or bounds (the typed value must lie in
    [min_value, max_value], an end exclusive when its ``strict_`` flag is set; a missing end
    is open). A null or unparseable value never breaks a value rule: the type rule says so.
    """

    rule: str  # the quarantine reason: the expectation's meta.rule
    column: str
    regex: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    strict_min: bool = False
    strict_max: bool = False


@dataclass(frozen=True)
class TableContract:
    """One landing table: its columns with contract types and the rules rows must follow."""

    source: str
    table: str
    columns: dict[str, str]  # column -> contract type (varchar, integer, decimal, ...)
    key: tuple[str, ...]
    version_column: str | None
    soft_delete_column: str | None
    enums: dict[str, tuple[str, ...]]
    regexes: dict[str, str]  # column -> the regex a non-null raw value must match
    references: dict[str, str]  # column -> "source.table" it points at
    at_least_one_of: tuple[str, ...] = field(default=())
    value_rules: tuple[ValueRule, ...] = field(default=())
    suite: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """``source/table``, as in the landing tree."""
        return f"{self.source}/{self.table}"

    @property
    def raw_table(self) -> str:
        """The raw-layer table name, ``<source>__<table>``."""
        return f"{self.source}__{self.table}"

    @property
    def is_event_table(self) -> bool:
        """Tables without ``updated_at``: a repeated key replaces the earlier version."""
        return self.version_column is None


def _parse_suite(suite: dict) -> TableContract:
    meta = suite["meta"]["janox"]
    columns: dict[str, str] = {}
    enums: dict[str, tuple[str, ...]] = {}
    regexes: dict[str, str] = {}
    value_rules: list[ValueRule] = []
    for exp in suite["expectations"]:
        kwargs = exp["kwargs"]
        if exp["type"] == "expect_table_columns_to_match_set":
            columns = {c: "varchar" for c in kwargs["column_set"]}
    for exp in suite["expectations"]:
        kwargs = exp["kwargs"]
        if exp["type"] == "expect_column_values_to_match_regex" and "type" in exp["meta"]:
            columns[kwargs["column"]] = exp["meta"]["type"]
            regexes[kwargs["column"]] = kwargs["regex"]
        elif exp["type"] == "expect_column_values_to_match_regex":
            value_rules.append(
                ValueRule(rule=exp["meta"]["rule"], column=kwargs["column"], regex=kwargs["regex"])
            )
        elif exp["type"] == "expect_column_values_to_be_between":
            value_rules.append(
                ValueRule(
                    rule=exp["meta"]["rule"],
                    column=kwargs["column"],
                    min_value=kwargs.get("min_value"),
                    max_value=kwargs.get("max_value"),
                    strict_min=bool(kwargs.get("strict_min", False)),
                    strict_max=bool(kwargs.get("strict_max", False)),
                )
            )
        elif exp["type"] == "expect_column_values_to_be_in_set":
            enums[kwargs["column"]] = tuple(kwargs["value_set"])
    return TableContract(
        source=meta["source"],
        table=meta["table"],
        columns=columns,
        key=tuple(meta["key"]),
        version_column=meta.get("version_column"),
        soft_delete_column=meta.get("soft_delete_column"),
        enums=enums,
        regexes=regexes,
        references=dict(meta.get("references", {})),
        at_least_one_of=tuple(meta.get("at_least_one_of", ())),
        value_rules=tuple(value_rules),
        suite=suite,
    )


@cache
def load_contract(expectations_dir: Path = EXPECTATIONS_DIR) -> dict[str, TableContract]:
    """All table contracts, keyed by ``source/table``, in a stable order."""
    contracts = {}
    for path in sorted(expectations_dir.glob("*__*.json")):
        contract = _parse_suite(json.loads(path.read_text(encoding="utf-8")))
        contracts[contract.name] = contract
    if not contracts:
        raise FileNotFoundError(f"no contract suites found in {expectations_dir}")
    return contracts
