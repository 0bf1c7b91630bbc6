"""The timeline chart as Streamlit shows it, and what a click on one of its events does."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from timeline import figures
from ui.frame import select_event


def for_streamlit(figure: go.Figure) -> go.Figure:
    """The figure adjusted to Streamlit's chart theme, which fills every layout key left unset.

    The theme's axis and legend fonts (about 12px) would win over the figure's base size, so they
    are pinned to it; grid colours are left to the theme, which knows light from dark.
    """
    size = figures.FONT_SIZE
    return figure.update_layout(
        xaxis={"tickfont": {"size": size}, "gridcolor": None},
        yaxis={"tickfont": {"size": size}, "gridcolor": None},
        legend={"font": {"size": size}, "title": {"font": {"size": size}}},
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
