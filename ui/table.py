"""The events as a sortable table, and the card a picked row opens."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ui.frame import View, label, select_event

_TEXT = st.column_config.TextColumn()  # a text column reads nothing in a cell as link or markup
_DATE = st.column_config.DateColumn(format="YYYY-MM-DD")

# Table column -> (events column, URL key whose labels name its values or None, column config).
COLUMNS = {
    "Start": ("start", None, _DATE),
    "End": ("end", None, _DATE),
    "Title": ("title", None, st.column_config.TextColumn(width="large")),
    "Claimant": ("claimant", None, _TEXT),
    "Country": ("claimant_country", "country", _TEXT),
    "Alignment": ("alignment", "alignment", _TEXT),
    "Kind": ("kind", "kind", _TEXT),
    "Status": ("status", "status", _TEXT),
    "Troops": ("troops", None, st.column_config.NumberColumn(format="localized")),
    "As worded": ("date_text", None, _TEXT),
    "Outlet": ("outlet", None, _TEXT),
}


def _table(view: View) -> pd.DataFrame:
    """The filtered events with the table's columns, values named as the sidebar names them."""
    events = view.events
    table = {}
    for name, (column, key, _config) in COLUMNS.items():
        values = events[column]
        if key is not None:
            names = {value: label(key, value, view.taxonomy) for value in values.unique()}
            values = values.map(names)
        table[name] = values
    return pd.DataFrame(table)


def _opens_card(key: str, ids: list[str]) -> Callable[[], None]:
    """The table's on_select callback: open the card of the picked row (`ids` are its rows)."""

    def on_select() -> None:
        rows = st.session_state[key]["selection"]["rows"]
        if rows:
            select_event(ids[rows[0]])

    return on_select


def event_table(view: View, key: str) -> None:
    """Show the filtered events as a table; picking a row opens that event's card."""
    st.dataframe(
        _table(view),
        key=key,
        on_select=_opens_card(key, list(view.events["id"])),
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        column_config={name: config for name, (_column, _key, config) in COLUMNS.items()},
    )
