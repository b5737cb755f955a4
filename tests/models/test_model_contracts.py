"""The marts' enforced dbt model contracts: BI tools see the column types the YAML declares,
and a model whose SQL yields another type fails the build instead of changing a dashboard.

One empty warehouse (``harness.build_empty_warehouse``: every model built with ``--empty``)
serves every test here; nothing reads fixture data.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from janox_dagster.dbt_workspace import DbtFailed, DbtWorkspace
from janox_dagster.settings import DBT_PROJECT_DIR
from tests.harness import build_empty_warehouse, query

# The types a mart column may be declared with (house style): counts bigint, small codes
# integer, measures double, money decimal(18,2) (decimal(18,4) for an amount in its own
# currency, as staged), months and dates date, instants timestamp, text string, flags boolean.
DECLARED_TYPES = {
    "bigint", "integer", "double", "decimal(18,2)", "decimal(18,4)",
    "date", "timestamp", "string", "boolean",
}  # fmt: skip
# Types BI drivers handle badly: DuckDB's 128-bit integer (sum() of integers), 38-digit
# decimals (sum() of decimals), and 32-bit floats.
UNFRIENDLY_TYPE = re.compile(r"^(HUGEINT|UHUGEINT|DECIMAL\(38,\d+\)|FLOAT|REAL)$")


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory) -> DbtWorkspace:
    folder = tmp_path_factory.mktemp("contracts")
    ws = DbtWorkspace(
        build_database=folder / "build" / "empty.duckdb", target_dir=folder / "dbt_target"
    )
    build_empty_warehouse(ws)
    return ws


def mart_models(ws: DbtWorkspace) -> dict[str, dict]:
    """The mart models of the workspace's manifest (written by its last dbt command)."""
    manifest = json.loads(ws.manifest_path.read_text(encoding="utf-8"))
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }


def test_every_mart_has_an_enforced_contract(empty_warehouse):
    marts = mart_models(empty_warehouse)
    assert marts
    without = sorted(
        name for name, node in marts.items() if not node["config"]["contract"]["enforced"]
    )
    assert without == [], f"marts without an enforced contract: {without}"


def test_mart_columns_are_declared_with_the_house_types(empty_warehouse):
    declared = {
        f"{name}.{column['name']}": column["data_type"]
        for name, node in mart_models(empty_warehouse).items()
        for column in node["columns"].values()
    }
    assert declared
    other = {column: t for column, t in declared.items() if t not in DECLARED_TYPES}
    assert other == {}, f"declared with a type outside the house's list: {other}"


def test_no_mart_column_has_a_type_bi_tools_handle_badly(empty_warehouse):
    columns = query(
        empty_warehouse.build_database,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position",
    )
    assert columns
    unfriendly = [
        f"{table}.{column} {data_type}"
        for table, column, data_type in columns
        if UNFRIENDLY_TYPE.match(data_type)
    ]
    assert unfriendly == []


def test_a_column_declared_with_another_type_than_its_sql_fails_the_build(
    empty_warehouse, tmp_path
):
    # a copy of the project whose lead_mix_monthly declares the count typed_leads as text
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    model_yaml = project / "models" / "marts" / "sales" / "lead_mix_monthly.yml"
    document = yaml.safe_load(model_yaml.read_text(encoding="utf-8"))
    (columns,) = [m["columns"] for m in document["models"] if m["name"] == "lead_mix_monthly"]
    (typed_leads,) = [c for c in columns if c["name"] == "typed_leads"]
    assert typed_leads["data_type"] == "bigint"
    typed_leads["data_type"] = "string"
    model_yaml.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    # built on a copy of the empty warehouse, whose tables lead_mix_monthly reads
    database = tmp_path / "build" / "empty.duckdb"
    database.parent.mkdir()
    shutil.copy(empty_warehouse.build_database, database)
    ws = DbtWorkspace(
        build_database=database, target_dir=tmp_path / "dbt_target", project_dir=project
    )

    with pytest.raises(DbtFailed) as failure:
        ws.run(["run", "--no-use-colors", "--select", "lead_mix_monthly"], log=None)

    output = str(failure.value)
    assert "enforced contract that failed" in output
    # dbt's table: column_name | definition_type (the SQL's) | contract_type | mismatch_reason
    mismatch = r"\|\s*typed_leads\s*\|\s*BIGINT\s*\|\s*VARCHAR\s*\|\s*data type mismatch"
    assert re.search(mismatch, output), output[-3000:]
    # the published column keeps its type: the failed build replaced nothing
    assert query(
        database,
        "select data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = 'lead_mix_monthly' "
        "and column_name = 'typed_leads'",
    ) == [("BIGINT",)]
