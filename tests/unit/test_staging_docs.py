"""Staging docs and tests follow the landing contract: every staging model has its YAML, every
column it selects is described, and every key, enumeration and reference of the contract
suites (``expectations/*.json``) is tested with exactly the contract's values.

The checks are pure functions returning a list of problems, so a test can also prove that a
contract change the YAML has not followed (a new enum value, say) is caught.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from janox_dagster.contract import TableContract, load_contract

REPO = Path(__file__).resolve().parents[2]
STAGING_DIR = REPO / "dbt_project" / "models" / "staging"
STAGING_SQL = sorted(STAGING_DIR.glob("*/stg_*.sql"))

CONTRACTS = load_contract()

LINEAGE_COLUMNS = ("_load_date", "_source_file", "_line_number")

# Staging renames (contract table -> {contract column: staging column}); nothing else is renamed.
RENAMES: dict[str, dict[str, str]] = {
    "crm/users": {"full_name": "user_name"},
    "crm/accounts": {"name": "account_name"},
    "marketing/campaigns": {"name": "campaign_name"},
    "billing/products": {"name": "product_name"},
    "billing/customers": {"name": "customer_name"},
}

# The contract types dbt compares without quotes (accepted_values needs `quote: false`).
UNQUOTED_TYPES = ("integer", "decimal")

_SOURCE_CALL = re.compile(r"""^source\(\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]\s*\)$""")
_SELECT_TOKENS = re.compile(r"[(),]|\bfrom\b", re.IGNORECASE)
_DOC_CALL = re.compile(r"""doc\(\s*['"](\w+)['"]\s*\)""")
_DOCS_BLOCK = re.compile(r"{%-?\s*docs\s+(\w+)\s*-?%}(.*?){%-?\s*enddocs\s*-?%}", re.DOTALL)


# --- reading the project -------------------------------------------------------------------


def model_name(contract: TableContract) -> str:
    """The staging model of a contract table."""
    return f"stg_{contract.source}__{contract.table}"


def staging_column(contract: TableContract, column: str) -> str:
    """The name a contract column has in its staging model."""
    return RENAMES.get(contract.name, {}).get(column, column)


def final_select_columns(sql: str) -> list[str]:
    """The output column names of the ``final`` CTE's select list (aliases win)."""
    sql = re.sub(r"--[^\n]*", "", sql)
    match = re.search(r"\bfinal\s+as\s*\(\s*select\b", sql, re.IGNORECASE)
    if not match:
        raise ValueError("no `final as (select ...)` CTE")
    items, depth, start = [], 0, match.end()
    for token in _SELECT_TOKENS.finditer(sql, match.end()):
        text = token.group().lower()
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0:
            items.append(sql[start : token.start()].strip())
            start = token.end()
            if text == "from":
                break
    names = []
    for item in items:
        alias = re.search(r"\bas\s+(\w+)$", item, re.IGNORECASE)
        names.append(alias.group(1) if alias else item.split(".")[-1])
    return names


@cache
def yaml_models() -> dict[str, tuple[Path, dict]]:
    """Every model described in a staging YAML: name -> (file, its entry)."""
    models = {}
    for path in sorted(STAGING_DIR.glob("*/*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            models[model["name"]] = (path, model)
    return models


def model_entry(name: str) -> dict:
    """The YAML entry of a staging model (fails the test when there is none)."""
    if name not in yaml_models():
        pytest.fail(f"{name} is described in no staging YAML")
    return yaml_models()[name][1]


def parse_data_tests(tests: list | None) -> list[tuple[str, dict]]:
    """(test name, its arguments) for a ``data_tests`` list; arguments under ``arguments:``
    and, for the older syntax, at the test's top level are merged."""
    out = []
    for test in tests or []:
        if isinstance(test, str):
            out.append((test, {}))
            continue
        ((name, config),) = test.items()
        config = dict(config or {})
        arguments = {k: v for k, v in config.items() if k not in ("arguments", "config")}
        arguments.update(config.get("arguments") or {})
        out.append((name, arguments))
    return out


def column_tests(model: dict, column: str) -> list[tuple[str, dict]]:
    """The tests a model's YAML gives one column."""
    for entry in model.get("columns") or []:
        if entry["name"] == column:
            return parse_data_tests(entry.get("data_tests") or entry.get("tests"))
    return []


def model_tests(model: dict) -> list[tuple[str, dict]]:
    """The model-level tests of a model's YAML."""
    return parse_data_tests(model.get("data_tests") or model.get("tests"))


@cache
def docs_blocks() -> dict[str, str]:
    """Every ``{% docs %}`` block of the dbt project's models folder: name -> text."""
    blocks = {}
    for path in (REPO / "dbt_project" / "models").rglob("*.md"):
        for name, text in _DOCS_BLOCK.findall(path.read_text(encoding="utf-8")):
            blocks[name] = text.strip()
    return blocks


# --- the checks (pure: they return problems) -----------------------------------------------


def enum_problems(contract: TableContract, model: dict) -> list[str]:
    """Every contract enumeration has an accepted_values test with exactly its values."""
    problems = []
    for column, values in contract.enums.items():
        name = staging_column(contract, column)
        tests = [args for test, args in column_tests(model, name) if test == "accepted_values"]
        if len(tests) != 1:
            problems.append(f"{name}: {len(tests)} accepted_values tests, want 1")
            continue
        tested = [str(v) for v in tests[0].get("values") or []]
        if sorted(tested) != sorted(values) or len(set(tested)) != len(tested):
            problems.append(f"{name}: accepted_values {tested} != contract {list(values)}")
        unquoted = contract.columns[column] in UNQUOTED_TYPES
        if unquoted and tests[0].get("quote", True) is not False:
            problems.append(f"{name}: {contract.columns[column]} enumeration needs quote: false")
        if not unquoted and tests[0].get("quote", True) is False:
            problems.append(f"{name}: text enumeration must be quoted")
    return problems


def key_problems(contract: TableContract, model: dict) -> list[str]:
    """Key columns carry not_null; a single key is unique, a compound key unique_combination."""
    problems = []
    key = [staging_column(contract, c) for c in contract.key]
    for column in key:
        if "not_null" not in [test for test, _ in column_tests(model, column)]:
            problems.append(f"key column {column} lacks not_null")
    if len(key) == 1:
        if "unique" not in [test for test, _ in column_tests(model, key[0])]:
            problems.append(f"key column {key[0]} lacks unique")
    else:
        combos = [
            sorted(args.get("columns") or [])
            for test, args in model_tests(model)
            if test == "unique_combination"
        ]
        if sorted(key) not in combos:
            problems.append(f"compound key {key} lacks unique_combination")
    return problems


def reference_problems(contract: TableContract, model: dict) -> list[str]:
    """Each reference is tested with relationships against the parent's raw source."""
    problems = []
    for column, target in contract.references.items():
        parent = CONTRACTS[target.replace(".", "/")]
        name = staging_column(contract, column)
        wanted = (parent.source, parent.table, parent.key[0])
        found = []
        for test, args in column_tests(model, name):
            if test != "relationships":
                continue
            call = _SOURCE_CALL.match(str(args.get("to", "")).strip())
            found.append((*call.groups(), args.get("field")) if call else (args.get("to"),))
        if wanted not in found:
            problems.append(
                f"{name}: want relationships to source('{parent.source}', '{parent.table}') "
                f"field {parent.key[0]}, found {found}"
            )
    return problems


def column_problems(contract: TableContract, selected: list[str]) -> list[str]:
    """The staging model selects every contract column (renamed) but the soft-delete column,
    plus the lineage columns, and nothing else."""
    expected = [
        staging_column(contract, c) for c in contract.columns if c != contract.soft_delete_column
    ] + list(LINEAGE_COLUMNS)
    missing = [c for c in expected if c not in selected]
    extra = [c for c in selected if c not in expected]
    return [f"missing {missing}"] * bool(missing) + [f"not in the contract {extra}"] * bool(extra)


# --- the tests -----------------------------------------------------------------------------


def test_the_staging_folder_has_a_model_per_contract_table():
    models = {p.stem for p in STAGING_SQL}
    assert {model_name(c) for c in CONTRACTS.values()} <= models
    assert len(CONTRACTS) == 21  # 20 tables, and planning/targets (optional, December 2026)


@pytest.mark.parametrize("sql", STAGING_SQL, ids=lambda p: p.stem)
def test_every_staging_model_has_its_yaml_beside_it(sql: Path):
    beside = sql.with_suffix(".yml")
    assert beside.exists(), f"{beside.relative_to(REPO)} is missing"
    names = [
        m["name"] for m in (yaml.safe_load(beside.read_text(encoding="utf-8")) or {})["models"]
    ]
    assert sql.stem in names, f"{beside.name} describes {names}, not {sql.stem}"
    assert str(model_entry(sql.stem).get("description") or "").strip(), "model has no description"


@pytest.mark.parametrize("sql", STAGING_SQL, ids=lambda p: p.stem)
def test_every_selected_column_is_described_and_no_other(sql: Path):
    selected = final_select_columns(sql.read_text(encoding="utf-8"))
    entries = {c["name"]: c for c in model_entry(sql.stem).get("columns") or []}
    undocumented = [c for c in selected if not str(entries.get(c, {}).get("description") or "")]
    assert not undocumented, f"columns without a description: {undocumented}"
    stale = [c for c in entries if c not in selected]
    assert not stale, f"YAML describes columns the model does not select: {stale}"


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.name)
def test_staging_selects_the_contract_columns_renamed_plus_lineage(contract: TableContract):
    sql = STAGING_DIR / contract.source / f"{model_name(contract)}.sql"
    assert column_problems(contract, final_select_columns(sql.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.name)
def test_every_contract_enumeration_is_tested_with_exactly_its_values(contract: TableContract):
    assert enum_problems(contract, model_entry(model_name(contract))) == []


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.name)
def test_every_contract_key_is_not_null_and_unique(contract: TableContract):
    assert key_problems(contract, model_entry(model_name(contract))) == []


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.name)
def test_every_reference_is_tested_against_the_parents_source(contract: TableContract):
    assert reference_problems(contract, model_entry(model_name(contract))) == []


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.name)
def test_lineage_columns_are_not_null(contract: TableContract):
    model = model_entry(model_name(contract))
    for column in LINEAGE_COLUMNS:
        assert "not_null" in [t for t, _ in column_tests(model, column)], column


def test_every_doc_reference_names_an_existing_docs_block():
    blocks = docs_blocks()
    for path, model in yaml_models().values():
        for name in _DOC_CALL.findall(yaml.safe_dump(model, allow_unicode=True)):
            assert blocks.get(name), f"{path.name}: doc('{name}') has no (or an empty) docs block"


# --- the guard itself fails when the contract moves without the YAML ------------------------


def test_a_new_enum_value_in_a_suite_fails_the_enum_check():
    contract = CONTRACTS["crm/users"]
    grown = dataclasses.replace(contract, enums={"role": (*contract.enums["role"], "boss")})
    assert enum_problems(grown, model_entry("stg_crm__users"))


def test_a_new_enumerated_column_fails_the_enum_check():
    contract = CONTRACTS["crm/support_cases"]
    grown = dataclasses.replace(contract, enums={**contract.enums, "category": ("bug", "billing")})
    assert enum_problems(grown, model_entry("stg_crm__support_cases"))


def test_a_new_key_column_fails_the_key_check():
    contract = CONTRACTS["marketing/ad_spend"]
    grown = dataclasses.replace(contract, key=(*contract.key, "currency"))
    assert key_problems(grown, model_entry("stg_marketing__ad_spend"))


def test_a_new_reference_fails_the_reference_check():
    contract = CONTRACTS["crm/support_cases"]
    grown = dataclasses.replace(
        contract, references={**contract.references, "category": "crm.users"}
    )
    assert reference_problems(grown, model_entry("stg_crm__support_cases"))


def test_a_new_contract_column_fails_the_column_check():
    contract = CONTRACTS["crm/users"]
    grown = dataclasses.replace(contract, columns={**contract.columns, "phone": "varchar"})
    sql = (STAGING_DIR / "crm" / "stg_crm__users.sql").read_text(encoding="utf-8")
    assert column_problems(grown, final_select_columns(sql)) == ["missing ['phone']"]


def test_the_select_list_parser_reads_aliases_and_stops_at_from():
    sql = """with final as (
        select a, b as c, cast(d as date) as e, extract(year from f) as g, -- note, here
            x.h
        from latest where not coalesce(is_deleted, false)
    ) select * from final"""
    assert final_select_columns(sql) == ["a", "c", "e", "g", "h"]
