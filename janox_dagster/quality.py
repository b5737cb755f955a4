"""The Great Expectations gate: a landed batch validated against its contract suite.

GX's SQL datasource over DuckDB is broken in GX 1.x, so batches are read from DuckDB into
pandas and validated there. The suite is the same JSON ingestion derives its SQL from; GX's
results are the per-expectation evidence behind a load's gate (counts and examples of the
values that broke each rule), shown in the run's HTML report and as Dagster check metadata.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from functools import cache

import pandas as pd

from janox_dagster.contract import TableContract

# GX validates a file's rows the SQL rules flagged and its first rows, up to this many of
# each (the SQL rules always see every row; see ingestion.gx_sample).
DEFAULT_ROW_CAP = 20_000
# Expectations that compare a column's parsed value, not its landed text.
NUMERIC_EXPECTATIONS = ("expect_column_values_to_be_between",)


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation of a suite, evaluated on one landed batch."""

    expectation: str
    column: str | None
    rule: str
    severity: str
    success: bool
    unexpected_count: int | None
    unexpected_examples: tuple[str, ...]
    error: str | None = None


@cache
def _batch_definition():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("landing")
    return source.add_dataframe_asset("landed_file").add_batch_definition_whole_dataframe("whole")


def validate_batch(frame: pd.DataFrame, contract: TableContract) -> list[ExpectationOutcome]:
    """Validate a landed batch (text columns as landed) against its table's suite.

    Expectations on bounds (``expect_column_values_to_be_between``) compare numbers, so they
    see their column parsed as a number (an unparseable value as null: its type rule reports
    it); every other expectation sees the text as landed.
    """
    suite_json = copy.deepcopy(contract.suite)
    suite_json.pop("notes", None)
    expectations = suite_json.pop("expectations")
    on_text = [e for e in expectations if e["type"] not in NUMERIC_EXPECTATIONS]
    on_numbers = [e for e in expectations if e["type"] in NUMERIC_EXPECTATIONS]
    outcomes = _validate(frame, {**suite_json, "expectations": on_text})
    if on_numbers:
        numbers = frame.copy()
        for column in {e["kwargs"]["column"] for e in on_numbers} & set(numbers.columns):
            numbers[column] = pd.to_numeric(numbers[column], errors="coerce")
        outcomes += _validate(numbers, {**suite_json, "expectations": on_numbers})
    return outcomes


def _validate(frame: pd.DataFrame, suite_json: dict) -> list[ExpectationOutcome]:
    """One GX validation of ``frame``: an outcome per expectation of ``suite_json``."""
    import great_expectations as gx

    suite = gx.ExpectationSuite(**suite_json)
    result = (
        _batch_definition()
        .get_batch(batch_parameters={"dataframe": frame})
        .validate(suite, result_format="SUMMARY")
    )
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        res = item.result or {}
        raised = (item.exception_info or {}).get("raised_exception")
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=config.kwargs.get("column") or _join(config.kwargs.get("column_list")),
                rule=(config.meta or {}).get("rule", config.type),
                severity=str(getattr(config.severity, "value", config.severity)),
                success=bool(item.success),
                unexpected_count=res.get("unexpected_count"),
                unexpected_examples=tuple(
                    str(v) for v in (res.get("partial_unexpected_list") or [])[:5]
                ),
                error=(item.exception_info or {}).get("exception_message") if raised else None,
            )
        )
    return outcomes


def _join(columns: list[str] | None) -> str | None:
    return ", ".join(columns) if columns else None
