"""The Streamlit entry (``streamlit run app.py``, started by ``janox dashboard``): the
menu, the as-of date and the filters, then the chosen page. The published file is named by
``JANOX_WAREHOUSE_PATH``."""

from __future__ import annotations

import os

import streamlit as st

from janox_dagster import settings
from janox_dagster.dashboard import fmt, queries
from janox_dagster.dashboard.context import Context, cached_query
from janox_dagster.dashboard.sidebar import draw
from janox_dagster.dashboard.source import WarehouseMissing
from janox_dagster.dashboard.views import PAGES


def _page(view, path: str) -> st.Page:
    def show() -> None:
        filters = draw(path, view.FILTERS)
        as_of = cached_query(queries.as_of, path)
        st.title(view.TITLE)
        st.caption(f"As of {fmt.day(as_of)} · {os.path.basename(path)}")
        view.render(Context(path=path, filters=filters, as_of=as_of))

    show.__name__ = view.URL.replace("-", "_")
    return st.Page(show, title=view.TITLE, url_path=view.URL, default=view is PAGES[0])


def main() -> None:
    """Draw the dashboard for the warehouse the environment names."""
    st.set_page_config(page_title="Janox KPIs", layout="wide")
    path = os.path.abspath(settings.warehouse_path())
    try:
        st.navigation([_page(view, path) for view in PAGES]).run()
    except WarehouseMissing as missing:
        st.error(str(missing))


main()
