"""Reading the view from the URL's query string once per session, and keeping the URL in step."""

from __future__ import annotations

from datetime import date

import streamlit as st

from timeline import Dataset
from timeline.data.filters import URL_KEYS as FILTER_URL_KEYS
from timeline.data.filters import FilterState, shown
from ui import state
from ui.selection import select_event

# Every URL key the frame writes; keys of a page's own are left alone.
URL_KEYS = (*FILTER_URL_KEYS, state.EVENT_PARAM)


def _date_range(
    filters: FilterState, bounds: tuple[date | None, date | None], notices: list[str]
) -> tuple[date, ...]:
    """The date widget's value for a state's from/to, within the data's first and last day.

    The widget cannot go beyond the data; a day before its first or after its last filters
    nothing more than that day does, and a range that misses the data altogether is ignored.
    """
    first, last = bounds
    start, end = filters.start, filters.end
    if first is None or last is None:
        return ()
    if (start and start > last) or (end and end < first):
        notices.append(f"Ignored the dates: the events run from {first} to {last}.")
        return ()
    start = max(start, first) if start else None
    end = min(end, last) if end else None
    if end is None:
        return (start,) if start else ()
    return (start or first, end)


def seed_from_url(dataset: Dataset, choices: dict[str, list[str]]) -> None:
    """Set the sidebar widgets and the open event from the URL, once per browser session."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    filters, notices = FilterState.from_params(params, choices)
    for key, values in filters.choices.items():
        st.session_state[state.filter_key(key)] = list(values)
    st.session_state[state.DATES] = _date_range(filters, state.bounds(dataset.events), notices)
    st.session_state[state.QUERY] = filters.query
    wanted = (params.get(state.EVENT_PARAM) or [""])[-1]
    known = wanted in set(dataset.events["id"])
    if wanted and not known:
        notices.append(f"Ignored {state.EVENT_PARAM}={shown(wanted)}: no such event.")
    select_event(wanted if known else None)
    st.session_state[state.NOTICES] = notices
    st.session_state[state.SEEDED] = True


def seeded() -> bool:
    return state.SEEDED in st.session_state


def page_choice(key: str, options: dict[str, str], default: str) -> str | None:
    """Prepare a page's own single-choice widget `key` to open on the URL's `?key=` value.

    Call before drawing the widget (with `key=key` and no default); keep_in_url() after it. Returns
    a notice when the URL's value is not one of `options`, which is then ignored.
    """
    current = st.session_state.get(key)
    if current in options:
        # Pages share keys ("colour"), and Streamlit forgets a widget's value when another page
        # draws a widget of the same key; set again before the widget, the value carries over.
        st.session_state[key] = current
        return None
    wanted = st.query_params.get(key)
    st.session_state[key] = wanted if wanted in options else default
    if wanted is None or wanted in options:
        return None
    return f"Ignored {key}={shown(wanted)}: expected one of {', '.join(options)}."


def keep_in_url(key: str, value: str | None, default: str | None) -> None:
    """Keep a page's own choice in the URL, so a link reproduces it; the default stays out."""
    if value == default or value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def write_url(params: dict[str, list[str]]) -> None:
    """Make the URL hold `params` for the frame's keys, touching it only where it differs."""
    for key in URL_KEYS:
        wanted = params.get(key, [])
        if st.query_params.get_all(key) == wanted:
            continue
        if wanted:
            st.query_params[key] = wanted
        else:
            del st.query_params[key]
