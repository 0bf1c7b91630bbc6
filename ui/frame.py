"""The frame around every page: the data, the sidebar filters kept in the URL, the open event,
and the view handed to the pages."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from timeline import Dataset, filters, load_dataset
from timeline.filters import FilterState, country_label
from timeline.load import fingerprint
from timeline.model import Taxonomy
from ui import md

REPO = Path(__file__).resolve().parent.parent
# Environment variable -> the folder used when it is unset, relative to the repository.
DATA_DIRS = {"EVENTS_DIR": "events", "SEEDS_DIR": "seeds"}

# Sidebar labels of the multi-choice filters, by URL key (filters.MULTI gives their fields).
LABELS = {
    "country": "Source country",
    "alignment": "Alignment",
    "kind": "Kind",
    "status": "Status",
    "claimant": "Claimant",
}
# URL key -> the taxonomy vocabulary whose labels name its values.
VOCABULARIES = {"alignment": "alignments", "kind": "kinds", "status": "statuses"}
DATES_KEY = "filter_dates"
QUERY_KEY = "filter_q"
EVENT_PARAM = "event"
# Every URL key the frame writes; keys of a page's own are left alone.
URL_KEYS = (*(key for key, _column in filters.MULTI.values()), "from", "to", "q", EVENT_PARAM)

_VIEW = "_view"
_SEEDED = "_seeded_from_url"
_NOTICES = "_url_notices"
_SELECTED = "_selected_event"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    """What the frame hands every page: all the data, the filters, and the events that pass them."""

    dataset: Dataset
    state: FilterState
    events: pd.DataFrame

    @property
    def taxonomy(self) -> Taxonomy | None:
        return self.dataset.taxonomy


def current_view() -> View:
    """The view the frame computed in this run; pages render it and compute nothing else."""
    return st.session_state[_VIEW]


def data_dirs() -> tuple[Path, Path]:
    """The events and seeds folders: $EVENTS_DIR and $SEEDS_DIR, else the repository's own."""
    events, seeds = (Path(os.environ.get(var) or REPO / dflt) for var, dflt in DATA_DIRS.items())
    return events, seeds


@st.cache_data(show_spinner="Reading the events…", max_entries=4)
def _load(events_dir: str, seeds_dir: str, version: tuple) -> Dataset:
    """The dataset; `version`, the files' fingerprint, makes an edited file a cache miss."""
    return load_dataset(events_dir, seeds_dir)


def load() -> Dataset:
    """The dataset of the configured folders, read again only when one of their files changes."""
    events_dir, seeds_dir = data_dirs()
    return _load(str(events_dir), str(seeds_dir), fingerprint(events_dir, seeds_dir))


def label(key: str, value: str, taxonomy: Taxonomy | None) -> str:
    """How the dashboard names a value of a URL key's field.

    label("country", "UA", taxonomy) == "Ukraine (UA)"; label("alignment", "russia", taxonomy) == "Russia"
    """
    if key == "country":
        return country_label(value, taxonomy)
    terms = getattr(taxonomy, VOCABULARIES[key], {}) if key in VOCABULARIES else {}
    return terms[value].label if value in terms else value


def select_event(event_id: str | None) -> None:
    """Open the card of `event_id`, or close it with None; meant as a widget callback."""
    st.session_state[_SELECTED] = event_id


def selected_event() -> str | None:
    """The id of the event whose card is open, if any."""
    return st.session_state.get(_SELECTED)


def _bounds(events: pd.DataFrame) -> tuple[date | None, date | None]:
    """The first and last day the events cover, or (None, None) when there are none."""
    if events.empty:
        return None, None
    return events["start"].min().date(), events["end"].max().date()


def _date_range(
    state: FilterState, bounds: tuple[date | None, date | None], notices: list[str]
) -> tuple[date, ...]:
    """The date widget's value for a state's from/to, within the data's first and last day.

    The widget cannot go beyond the data; a day before its first or after its last filters
    nothing more than that day does, and a range that misses the data altogether is ignored.
    """
    first, last = bounds
    start, end = state.start, state.end
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


def _seed_from_url(dataset: Dataset, choices: dict[str, list[str]]) -> None:
    """Set the sidebar widgets and the open event from the URL, once per browser session."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state, notices = FilterState.from_params(params, choices)
    for name, (key, _column) in filters.MULTI.items():
        st.session_state[f"filter_{key}"] = list(getattr(state, name))
    st.session_state[DATES_KEY] = _date_range(state, _bounds(dataset.events), notices)
    st.session_state[QUERY_KEY] = state.query
    wanted = (params.get(EVENT_PARAM) or [""])[-1]
    known = wanted in set(dataset.events["id"])
    if wanted and not known:
        notices.append(f"Ignored {EVENT_PARAM}={wanted[:40]!r}: no such event.")
    select_event(wanted if known else None)
    st.session_state[_NOTICES] = notices
    st.session_state[_SEEDED] = True


def page_choice(key: str, options: dict[str, str], default: str) -> str | None:
    """Prepare a page's own single-choice widget `key` to open on the URL's `?key=` value.

    Call before drawing the widget (with `key=key` and no default); keep_in_url() after it. Returns
    a notice when the URL's value is not one of `options`, which is then ignored.
    """
    if key in st.session_state:
        return None
    wanted = st.query_params.get(key)
    st.session_state[key] = wanted if wanted in options else default
    if wanted is None or wanted in options:
        return None
    return f"Ignored {key}={wanted[:40]!r}: expected one of {', '.join(options)}."


def keep_in_url(key: str, value: str, default: str) -> None:
    """Keep a page's own choice in the URL, so a link reproduces it; the default stays out."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _forget_notices() -> None:
    # A notice explains what became of the link's values; after a change of filter it is history.
    st.session_state[_NOTICES] = []


def _sidebar(dataset: Dataset, choices: dict[str, list[str]]) -> FilterState:
    """Draw the filters in the sidebar and return the state they describe."""
    selected: dict[str, list[str]] = {}
    for name, (key, _column) in filters.MULTI.items():
        widget = f"filter_{key}"
        # A value gone from the data since it was picked would make the widget fail.
        st.session_state[widget] = [v for v in st.session_state[widget] if v in choices[key]]
        selected[name] = st.sidebar.multiselect(
            LABELS[key],
            choices[key],
            key=widget,
            format_func=lambda value, key=key: label(key, value, dataset.taxonomy),
            placeholder="All",
            on_change=_forget_notices,
        )
    first, last = _bounds(dataset.events)
    # Bounds are part of the widget's identity; ones that moved with the value would reset it.
    dates = st.sidebar.date_input(
        "Date range",
        key=DATES_KEY,
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        on_change=_forget_notices,
    )
    start, end = (*dates, None, None)[:2]
    query = st.sidebar.text_input(
        "Search",
        key=QUERY_KEY,
        placeholder="Words in title, claimant or quote",
        on_change=_forget_notices,
    )
    return FilterState(
        **selected,
        # The data's own first and last days filter nothing, so they stay out of the URL.
        start=None if start == first else start,
        end=None if end == last else end,
        query=query,
    )


def _clear_filters() -> None:
    for key, _column in filters.MULTI.values():
        st.session_state[f"filter_{key}"] = []
    st.session_state[DATES_KEY] = ()
    st.session_state[QUERY_KEY] = ""
    _forget_notices()


def _write_url(params: dict[str, list[str]]) -> None:
    """Make the URL hold `params` for the frame's keys, touching it only where it differs."""
    for key in URL_KEYS:
        wanted = params.get(key, [])
        if st.query_params.get_all(key) == wanted:
            continue
        if wanted:
            st.query_params[key] = wanted
        else:
            del st.query_params[key]


def _problems(dataset: Dataset) -> None:
    """List what is wrong with the data above the page; the valid events are still shown."""
    if not dataset.problems:
        return
    title = (
        f":material/warning: {len(dataset.problems)} problem(s) in the data; "
        f"the {len(dataset.events)} valid event(s) are shown"
    )
    with st.expander(title):
        prefix = f"{REPO}{os.sep}"
        lines = (str(problem).removeprefix(prefix) for problem in dataset.problems)
        st.code("\n".join(lines), language=None, wrap_lines=True)


def frame() -> View | None:
    """Load the data, draw the shared sidebar, keep the URL in step; None if the data is unreadable."""
    try:
        dataset = load()
    except Exception as error:  # what the loader did not foresee: explain it, never a traceback
        log.exception("loading the data failed")
        events_dir, seeds_dir = data_dirs()
        st.error(
            f"The data could not be read from {md(events_dir)} and {md(seeds_dir)}: "
            f"{md(type(error).__name__)}: {md(error)}",
            icon=":material/error:",
        )
        return None
    choices = filters.choices(dataset.events)
    if _SEEDED not in st.session_state:
        _seed_from_url(dataset, choices)
    st.sidebar.header("Filters", anchor=False)
    counter = st.sidebar.empty()
    state = _sidebar(dataset, choices)
    events = filters.apply(dataset.events, state)
    counter.markdown(f"Showing **{len(events)}** of {len(dataset.events)} events")
    st.sidebar.button(
        "Clear filters", on_click=_clear_filters, disabled=state.is_empty(), icon=":material/close:"
    )
    for notice in st.session_state[_NOTICES]:
        st.sidebar.caption(f":material/info: {md(notice)}")
    _problems(dataset)
    selected = selected_event()
    _write_url({**state.to_params(), EVENT_PARAM: [selected] if selected else []})
    view = View(dataset, state, events)
    st.session_state[_VIEW] = view
    return view
