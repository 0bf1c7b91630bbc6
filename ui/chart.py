"""The timeline chart as Streamlit shows it, and what a click on one of its events does."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from ui.selection import select_event


def for_streamlit(figure: go.Figure) -> go.Figure:
    """The figure fitted to the page: colours left to Streamlit's theme, dates along the top.

    The theme knows light from dark; a white plot area or light grey grid fixed in the figure
    would glare in the dark theme. The date grid stays on, since it is how a reader finds a day.
    Many lanes make the chart taller than a 1366x768 screen, so the dates go on top, under the
    legend, where the reader starts, rather than below the fold.
    """
    return figure.update_layout(
        plot_bgcolor=None,
        xaxis={"gridcolor": None, "showgrid": True, "side": "top"},
        yaxis={"gridcolor": None},
        legend={"yref": "container", "y": 1, "yanchor": "top"},
        margin={"t": 120},
    )


def opens_card(key: str) -> Callable[[], None]:
    """The chart's on_select callback: open the card of the clicked point's event.

    Every trace of figures.timeline_figure carries the event id as customdata[0].
    """

    def on_select() -> None:
        points = st.session_state[key]["selection"]["points"]
        ids = [point["customdata"][0] for point in points if point.get("customdata")]
        if ids:
            select_event(ids[0])

    return on_select
