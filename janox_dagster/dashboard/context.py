"""What a page is given: the published file, the filters, the as-of date, and a cached way
to run its queries.

Results are cached per (query, file stamp, arguments): the stamp changes when a night
publishes a new file, so the next run of a page reads the new marts while the old entries
age out.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from janox_dagster.dashboard import queries
from janox_dagster.dashboard.filters import Filters
from janox_dagster.dashboard.source import stamp


def _run(name: str, path: str, file_stamp: tuple[int, int, int], *args):
    return getattr(queries, name)(path, *args)


@functools.cache
def _cache():
    # made on first use, inside the Streamlit app: importing this module does nothing
    return st.cache_data(show_spinner=False, max_entries=512)(_run)


def cached_query(query: Callable, path: str, *args):
    """``query(path, *args)`` through the cache, keyed by the file published now."""
    return _cache()(query.__name__, path, stamp(path), *args)


@dataclass(frozen=True)
class Context:
    """The page's inputs."""

    path: str
    filters: Filters
    as_of: date | None

    def query(self, query: Callable[..., pd.DataFrame]) -> pd.DataFrame:
        """A query of ``queries`` run with the page's filters (cached)."""
        return cached_query(query, self.path, self.filters)

    def query_all(self, query: Callable[..., pd.DataFrame]) -> pd.DataFrame:
        """A query of ``queries`` that takes no filters (cached)."""
        return cached_query(query, self.path)

    def seller_name(self, user_id: str | None) -> str:
        """The name of a user as ``dim_sellers`` has it (the id when unknown)."""
        if user_id is None:
            return ""
        names = cached_query(queries.sellers, self.path)
        match = names.loc[names["user_id"] == user_id, "user_name"]
        return str(match.iloc[0]) if len(match) else user_id
