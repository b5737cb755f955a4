"""The layers read one way: landing -> raw -> staging -> intermediate -> marts. Checked on
dbt's own manifest, so the Dagster lineage (which is drawn from it) reads left to right."""

from __future__ import annotations

import json

import pytest

from janox_dagster.dbt_workspace import DbtWorkspace

ORDER = {"seed": 0, "staging": 1, "intermediate": 2, "marts": 3}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("layers")
    workspace = DbtWorkspace(build_database=root / "build.duckdb", target_dir=root / "dbt")
    return json.loads(workspace.prepare().read_text(encoding="utf-8"))


def layer(node: dict) -> str:
    return "seed" if node["resource_type"] == "seed" else node["fqn"][1]


def models(manifest: dict) -> dict[str, dict]:
    return {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}


def test_no_intermediate_model_reads_a_mart(manifest):
    nodes = manifest["nodes"]
    offending = [
        (node["name"], nodes[parent]["name"])
        for node in models(manifest).values()
        if layer(node) == "intermediate"
        for parent in node["depends_on"]["nodes"]
        if parent in nodes and layer(nodes[parent]) == "marts"
    ]
    assert offending == []


def test_no_model_reads_a_layer_to_its_right(manifest):
    nodes = manifest["nodes"]
    offending = [
        (node["name"], nodes[parent]["name"])
        for node in models(manifest).values()
        for parent in node["depends_on"]["nodes"]
        if parent in nodes and ORDER[layer(nodes[parent])] > ORDER[layer(node)]
    ]
    assert offending == []


def test_only_staging_models_read_sources(manifest):
    readers = sorted(
        node["name"]
        for node in models(manifest).values()
        if any(p.startswith("source.") for p in node["depends_on"]["nodes"])
        and layer(node) != "staging"
    )
    assert readers == []


def test_no_mart_is_a_pure_copy_of_a_staging_model(manifest):
    """A mart with a single staging parent must add something: a column the staging model
    does not have (a derived figure, a join's column)."""
    nodes = manifest["nodes"]
    copies = []
    for node in models(manifest).values():
        parents = [p for p in node["depends_on"]["nodes"] if p in nodes]
        if layer(node) != "marts" or len(parents) != 1 or layer(nodes[parents[0]]) != "staging":
            continue
        if set(node["columns"]) <= set(nodes[parents[0]]["columns"]):
            copies.append(node["name"])
    assert copies == []
