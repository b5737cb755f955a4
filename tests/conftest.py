"""Shared test set-up: Dagster's home in a temporary folder, never the user's, and one
build folder for the session's fixture warehouses."""

from __future__ import annotations

import os

import pytest

from tests import harness


@pytest.fixture(autouse=True, scope="session")
def _dagster_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield
    if previous is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = previous


@pytest.fixture(autouse=True, scope="session")
def _fixture_build_root(tmp_path_factory):
    harness.set_build_root(tmp_path_factory.mktemp("fixture_builds"))
