"""A browser session's first page comes in two runs: its chart first, then the rest.

Streamlit loads each kind of widget's code when the page first shows one, and draws a page's
widgets as their code arrives. On a first visit the chart's code (Plotly, the largest) then
loads and runs beside the sidebar's filters, the date picker, the uploader and the events table
(the table's code is the second largest), on the same two cores, and the chart comes last. So a
session's first run sends what frames the chart (the title, the chart's controls, the chart, the
sidebar's header and counts) and leaves out the filter widgets, the upload and what lies under
the chart. Once the browser has drawn the chart, it says so and the page runs again, whole, with
the same view: the rest appears on its own, a moment later, with no click. Every later run is
whole from the start.

That second run can be asked for before the browser has drawn every widget of the first (their
code still loading). A widget given its value through session state before it is drawn (from
the URL) must therefore be given it again on every run, as url.page_choice does; set only once,
it would fall back to its default.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components

# The element that waits for the chart; it takes no room (ui.style hides it).
KEY = "first_paint"
# Set once the browser has drawn the session's first page.
DRAWN = "_first_page_drawn"
# Set by a run that sends a chart to wait for (chart_sent), read at its end; cleared as every run
# begins (run_begins), so a run stopped after its chart, and never ended, leaves no trace.
_CHART_SENT = "_first_page_chart_sent"
# A chart drawn in the page: Plotly's SVG, once it has drawn the figure.
CHART = ".js-plotly-plot .main-svg"
# A page whose chart has not drawn in this long (a busy machine, a chart that failed) is
# completed all the same.
WAIT_MS = 4000

# Reports `drawn` once `data.chart` (a CSS selector) matches, painted (two frames later), or at
# once when there is no chart to wait for, or after data.wait ms.
_JS = """
export default function (component) {
    const { setStateValue, data } = component;
    const began = performance.now();
    let timer = null;
    const painted = () => requestAnimationFrame(
        () => requestAnimationFrame(() => setStateValue("drawn", true)));
    const check = () => {
        const drawn = !data.chart || document.querySelector(data.chart);
        if (drawn || performance.now() - began > data.wait) {
            painted();
        } else {
            timer = setTimeout(check, 50);
        }
    };
    check();
    return () => clearTimeout(timer);
}
"""

_waiter = components.component("first_paint", js=_JS)


def drawn() -> bool:
    """Whether the browser has drawn this session's first page: the run is whole."""
    return bool(st.session_state.get(DRAWN))


def _mark_drawn() -> None:
    st.session_state[DRAWN] = True


def run_begins() -> None:
    """As every run begins (ui.frame does it): no chart is sent yet."""
    st.session_state.pop(_CHART_SENT, None)


def chart_sent() -> None:
    """Say that this run sends a chart the page opens on (ui.chart.card_chart does)."""
    st.session_state[_CHART_SENT] = True


def complete_when_drawn() -> None:
    """At the end of every run. While the session's first page is not yet drawn, run the page
    again, whole, once the browser has drawn the chart this run sent, or at once if it sent none
    (a page without one, a view with no events)."""
    if drawn():
        return
    chart = st.session_state.get(_CHART_SENT, False)
    _waiter(
        key=KEY,
        data={"chart": CHART if chart else None, "wait": WAIT_MS},
        on_drawn_change=_mark_drawn,
    )
