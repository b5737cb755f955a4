"""Drawing helpers the pages share."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def metrics(*figures: tuple[str, str]) -> None:
    """A row of headline figures, (label, formatted value) each."""
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)


def chart(figure: alt.TopLevelMixin) -> None:
    """An Altair chart across the page."""
    st.altair_chart(figure, width="stretch")


def nothing_to_show(frame: pd.DataFrame) -> bool:
    """Say so when the filters leave no rows; True then."""
    if frame.empty:
        st.info("No data for these filters.")
        return True
    return False


def table(frame: pd.DataFrame, **column_config) -> None:
    """A data table without its index; a ``month`` column reads as YYYY-MM."""
    if "month" in frame.columns and "month" not in column_config:
        column_config["month"] = st.column_config.DateColumn("month", format="YYYY-MM")
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config)
