"""Every dbt unit test of the project (``unit_tests:`` in the models' YAML: given rows,
expected rows, worked out by hand), run once against an empty warehouse, one pytest test
per dbt unit test so a failure names the model and the case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.harness import run_dbt_unit_tests

MODELS = Path(__file__).resolve().parents[2] / "dbt_project" / "models"


def unit_test_names() -> list[str]:
    """The names of the unit tests declared in the models' YAML files."""
    names = []
    for path in sorted(MODELS.rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names += [test["name"] for test in document.get("unit_tests", [])]
    return names


@pytest.fixture(scope="session")
def results() -> dict[str, dict]:
    return run_dbt_unit_tests()


def test_the_project_has_unit_tests():
    assert len(unit_test_names()) >= 1


@pytest.mark.parametrize("name", unit_test_names())
def test_dbt_unit_test(name, results):
    assert name in results, f"dbt did not run unit test {name}"
    result = results[name]
    assert result["status"] == "pass", result.get("message")
