"""The shared filter widgets in the sidebar, one per registry filter, plus dates and search."""

from __future__ import annotations

import streamlit as st

from timeline import Dataset
from timeline.data import fields, names
from timeline.data.filters import FilterState
from ui import md, state

# A multiselect with more options than this gets a hint that it can be typed into.
_MANY = 30


def forget_notices() -> None:
    # A notice explains what became of the link's values; after a change of filter it is history.
    st.session_state[state.NOTICES] = []


def clear_filters() -> None:
    for widget in state.FILTER_WIDGETS.values():
        st.session_state[widget] = []
    st.session_state[state.DATES] = ()
    st.session_state[state.QUERY] = ""
    forget_notices()


def filters(dataset: Dataset, choices: dict[str, list[str]], *, draw: bool = True) -> FilterState:
    """Draw the filters in the sidebar and return the state they describe; with `draw` False,
    only the state their values in session state describe (ui.first_paint)."""
    selected: dict[str, list[str]] = {}
    for key, field in fields.FILTER_KEYS.items():
        widget = state.filter_key(key)
        # A value gone from the data since it was picked would make the widget fail.
        st.session_state[widget] = [v for v in st.session_state[widget] if v in choices[key]]
        if not draw:
            selected[key] = st.session_state[widget]
            continue
        many = len(choices[key]) > _MANY
        options = choices[key]
        if field.vocabulary == "countries":
            # By name, as a reader looks for a country: Switzerland (CH) is not first.
            named = {v: names.label(field.column, v, dataset.taxonomy).casefold() for v in options}
            options = sorted(options, key=named.__getitem__)
        selected[key] = st.sidebar.multiselect(
            field.label,
            options,
            key=widget,
            format_func=lambda value, column=field.column: names.label(
                column, value, dataset.taxonomy
            ),
            placeholder=f"All ({len(choices[key])}: type to search)" if many else "All",
            help=field.help,
            on_change=forget_notices,
        )
    first, last = state.bounds(dataset.events)
    # Bounds are part of the widget's identity; ones that moved with the value would reset it.
    dates = st.session_state.get(state.DATES, ())
    if draw:
        dates = st.sidebar.date_input(
            "Date range",
            key=state.DATES,
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            help="Events whose span (when it happened) overlaps these days.",
            on_change=forget_notices,
        )
    # Seeded with a tuple (ui.url), the widget picks a range and returns one; its type says a day.
    days = dates if isinstance(dates, tuple) else (dates,)
    start, end = (*days, None, None)[:2]
    query = st.session_state.get(state.QUERY, "")
    if draw:
        query = st.sidebar.text_input(
            "Search",
            key=state.QUERY,
            placeholder="Words in title, claimant or quote",
            on_change=forget_notices,
        )
    return FilterState(
        **selected,
        # The data's own first and last days filter nothing, so they stay out of the URL.
        start=None if start == first else start,
        end=None if end == last else end,
        query=query,
    )


def notices() -> None:
    """What the link asked for that was ignored, at the top of the main area: a reader who sees
    an unfiltered chart must see why before anything else, not below the sidebar's fold."""
    for notice in st.session_state.get(state.NOTICES, []):
        st.warning(md(notice), icon=":material/link_off:")
