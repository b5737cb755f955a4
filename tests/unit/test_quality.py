"""The GX gate validates pandas batches read from DuckDB and fails them for the right reason."""

from __future__ import annotations

import pandas as pd

from janox_dagster.contract import load_contract
from janox_dagster.quality import validate_batch
from tests.landing_builder import TARGET, USER

USERS = load_contract()["crm/users"]


def failed(outcomes) -> dict[tuple[str, str | None], tuple[str, ...]]:
    return {(o.rule, o.column): o.unexpected_examples for o in outcomes if not o.success}


def test_a_batch_that_keeps_the_contract_passes_every_expectation():
    outcomes = validate_batch(pd.DataFrame([USER, {**USER, "user_id": "U2"}]), USERS)
    assert outcomes and all(o.success and o.error is None for o in outcomes)


def test_a_bad_batch_fails_the_expectations_it_breaks_and_only_those():
    bad = pd.DataFrame(
        [USER, {**USER, "user_id": "U2", "role": "boss", "created_at": "31/12/2025"}]
    )
    assert failed(validate_batch(bad, USERS)) == {
        ("not_in_enum", "role"): ("boss",),
        ("unparseable_timestamp", "created_at"): ("31/12/2025",),
    }


def test_a_batch_without_a_required_column_fails_the_file_level_expectation():
    outcomes = validate_batch(pd.DataFrame([USER]).drop(columns=["role"]), USERS)
    (columns,) = [o for o in outcomes if o.rule == "missing_column"]
    assert not columns.success and columns.severity == "critical"


def test_row_rules_are_warnings_and_file_rules_are_critical():
    severities = {o.rule: o.severity for o in validate_batch(pd.DataFrame([USER]), USERS)}
    assert severities.pop("missing_column") == "critical"
    assert set(severities.values()) == {"warning"}


def test_bounds_compare_the_parsed_number_and_leave_unparseable_text_to_the_type_rule():
    """GX compares a between expectation's column as numbers (text would never compare), so
    a negative target fails `below_minimum` while `x` fails only its type rule."""
    targets = load_contract()["planning/targets"]
    batch = pd.DataFrame(
        [
            TARGET,
            {**TARGET, "kpi": "introductions", "target": "-2.5"},
            {**TARGET, "kpi": "finished_sales", "target": "x"},
        ]
    )
    outcomes = validate_batch(batch, targets)
    assert all(o.error is None for o in outcomes)
    assert failed(outcomes) == {
        ("below_minimum", "target"): ("-2.5",),
        ("unparseable_decimal", "target"): ("x",),
    }
    assert all(o.success for o in validate_batch(pd.DataFrame([TARGET]), targets))
