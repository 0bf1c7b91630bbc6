"""The frame around every page: the data, the sidebar filters kept in the URL, the open event,
and the view handed to the pages. Each of those jobs lives in its own module of ui/."""

from __future__ import annotations

import logging

import streamlit as st

from timeline.data import filters
from timeline.data.load import TAXONOMY_FILE
from ui import data, first_paint, heap, md, sidebar, upload, url
from ui.data import View
from ui.problems import problems_panel
from ui.selection import selected_event
from ui.state import EVENT_PARAM
from ui.style import dashboard_style

log = logging.getLogger(__name__)


def frame() -> View | None:
    """Load the data, draw the shared sidebar, keep the URL in step; None if the data is unreadable."""
    first_paint.run_begins()
    dashboard_style()
    try:
        dataset = data.load()
    except Exception as error:  # what the loader did not foresee: explain it, never a traceback
        log.exception("loading the data failed")
        st.error(
            f"The data could not be read: {md(type(error).__name__)}: "
            f"{md(data.shown_path(str(error)))}",
            icon=":material/error:",
        )
        return None
    # Once the record is in memory: from now on a run's full collection walks only what runs make.
    heap.set_aside_once()
    choices = filters.choices(dataset.events)
    if not url.seeded():
        url.seed_from_url(dataset, choices)
    st.sidebar.header("Filters", anchor=False)
    counter = st.sidebar.empty()
    # A session's first run leaves the widgets for its second, once the chart is drawn.
    whole = first_paint.drawn()
    state = sidebar.filters(dataset, choices, draw=whole)
    events = filters.apply(dataset.events, state)
    counter.markdown(f"Showing **{len(events)}** of {len(dataset.events)} events")
    if whole:
        st.sidebar.button(
            "Clear filters",
            on_click=sidebar.clear_filters,
            disabled=state.is_empty(),
            icon=":material/close:",
        )
    sidebar.notices()
    if whole:
        upload.own_data_control(data.data_dirs()[0] / TAXONOMY_FILE)
    upload.own_data_notice()
    problems_panel(dataset)
    selected = selected_event()
    url.write_url({**state.to_params(), EVENT_PARAM: [selected] if selected else []})
    view = View(dataset, state, events)
    data.set_view(view)
    return view
