"""The events as a sortable table, and the card a picked row opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from timeline.data import fields, names
from ui.data import View
from ui.selection import select_event

if TYPE_CHECKING:  # what st.column_config's functions return; Streamlit does not export the name
    from streamlit.elements.lib.column_types import ColumnConfig

# A table of more rows than this shows the first ones and says so: the browser would otherwise
# receive every row on every rerun.
MAX_ROWS = 2000

_TABLE = fields.with_role("table")


def _config(field: fields.Field) -> ColumnConfig:
    # A text column reads nothing in a cell as link or markup.
    if field.kind == "date":
        return st.column_config.DateColumn(field.label, format="YYYY-MM-DD")
    if field.kind == "int":
        return st.column_config.NumberColumn(field.label, format="localized")
    return st.column_config.TextColumn(
        field.label, width="large" if field.column == "title" else None
    )


def table_frame(view: View, limit: int = MAX_ROWS) -> pd.DataFrame:
    """The filtered events with the table's columns (registry role "table"), values named as the
    sidebar names them; at most `limit` rows."""
    events = view.events.head(limit)
    table = {}
    for field in _TABLE:
        values = events[field.column]
        if field.vocabulary is not None:
            named = {v: names.label(field.column, v, view.taxonomy) for v in values.unique()}
            values = values.map(named)
        elif field.kind == "text":
            # A missing text (no date phrase, say) is a blank cell, never the word "None".
            values = values.astype("string").fillna("")
        table[field.label] = values
    return pd.DataFrame(table)


def card_table(frame: pd.DataFrame, key: str, ids: list[str], **options: Any) -> None:
    """Show a table across the page whose picked row opens its event's card; `ids` are its rows'
    events, and `options` go to st.dataframe."""
    st.dataframe(
        frame,
        key=key,
        on_select=_rows_open_card(key, ids),
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        **options,
    )


def _rows_open_card(key: str, ids: list[str]) -> Callable[[], None]:
    """A table's on_select callback: open the card of the picked row; `ids` are its rows' events."""

    def on_select() -> None:
        rows = st.session_state[key]["selection"]["rows"]
        if rows:
            select_event(ids[rows[0]])

    return on_select


def event_table(view: View, key: str) -> None:
    """Show the filtered events as a table; picking a row opens that event's card."""
    table = table_frame(view)
    if len(view.events) > len(table):
        st.caption(
            f"The table shows the first {len(table):,} of {len(view.events):,} events; "
            "filter to narrow it, or export them all."
        )
    card_table(
        table,
        key,
        list(view.events["id"].head(len(table))),
        column_config={field.label: _config(field) for field in _TABLE},
    )
