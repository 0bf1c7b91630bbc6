"""The timeline chart as Streamlit shows it, what a click on one of its events does, and the
Window control that zooms it on the server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from timeline import present
from timeline.charts import timeline as timeline_chart
from timeline.data.filters import shown
from ui import data, first_paint, url
from ui.data import View
from ui.selection import select_event

# The room the page's timeline chart gives its legend and dates above the plot, its notes below.
TOP_PX, BOTTOM_PX = 120, 40
# How tall the Timeline chart is: as tall as its labels need, or one screen.
HEIGHTS = {"labels": "Every label", "screen": "One screen"}
# Streamlit's header bar, over the top of the window even when the page is scrolled.
HEADER_PX = 60
# No chart is drawn shorter than this, whatever the window.
LEAST_PX = 360


def screen_figure_height(window_height: int) -> int:
    """The height of a chart that fits one screen of a window `window_height` pixels tall."""
    return max(LEAST_PX, window_height - HEADER_PX)


def for_streamlit(
    figure: go.Figure, *, timeline: bool = False, height: int | None = None
) -> go.Figure:
    """The figure fitted to the page: dark text on white, dates along the top.

    The chart is a white card in both themes: labels and lane names must read from the back of
    a room, dark on light at WCAG AA contrast, and the theme's grey text on its dark background
    does not. The date grid stays on, since it is how a reader finds a day.
    Many lanes make the chart taller than a 1366x768 screen, so the dates go on top, under the
    legend, where the reader starts, rather than below the fold.

    For a `timeline` figure (timeline_chart.timeline_figure) the room added on top is added to the
    height, so its rows keep theirs, unless the figure was planned for a set `height` (its
    margins_px then TOP_PX + BOTTOM_PX), which it keeps; its notes move up from under the dates
    to the plot's edge.
    """
    top = TOP_PX
    if timeline:
        bottom = BOTTOM_PX
        layout = figure.layout
        figure.update_layout(
            height=height or layout.height + top - layout.margin.t + bottom - layout.margin.b,
            margin={"b": bottom},
        )
        figure.update_annotations(selector={"yshift": -timeline_chart.NOTE_DROP}, yshift=-4)
    ink = {"color": present.INK}
    return figure.update_layout(
        plot_bgcolor=present.PLOT_BACKGROUND,
        paper_bgcolor=present.PLOT_BACKGROUND,
        font=ink,
        xaxis={"showgrid": True, "side": "top", "tickfont": ink, "title": {"font": ink}},
        yaxis={"tickfont": ink, "title": {"font": ink}},
        legend={"yref": "container", "y": 1, "yanchor": "top", "font": ink, "title": {"font": ink}},
        margin={"t": top},
    )


def timeline_figure(
    view: View, *, lane: str, colour: str, axis: str, window: Window | None,
    selected: str | None, width: int, height: int | None = None,
) -> go.Figure:  # fmt: skip
    """The Timeline page's chart of `view` (timeline_chart.timeline_figure, fitted to the page),
    built once per view and drawing and shared by every session that shows the same: read-only.

    With a `height`, the whole chart is that tall, its labels thinned to the rows that fit;
    without, it is as tall as its labels need.
    """
    if height is not None:
        # Below a line per lane the labels of one lane would run into the next: a window too
        # short for that gets a chart taller than the window.
        lanes = view.events[lane].nunique()
        height = max(height, timeline_chart.least_height(lanes, TOP_PX + BOTTOM_PX))
    return data.kept(
        view.dataset,
        ("timeline", view.state, lane, colour, axis, window, selected, width, height),
        lambda: for_streamlit(
            timeline_chart.timeline_figure(
                view.events, view.taxonomy, lane=lane, colour=colour, axis=axis, window=window,
                selected=selected, width=width, height=height, margins_px=TOP_PX + BOTTOM_PX,
            ),
            timeline=True,
            height=height,
        ),
    )  # fmt: skip


def card_chart(figure: go.Figure, key: str, **config: Any) -> None:
    """Show a chart whose clicked point opens its event's card; `config` adds to Plotly's.

    A session's first page waits for it to be drawn before the rest (ui.first_paint)."""
    first_paint.chart_sent()
    st.plotly_chart(
        figure,
        key=key,
        on_select=_opens_card(key),
        selection_mode="points",
        config={"displaylogo": False, **config},
    )


def _opens_card(key: str) -> Callable[[], None]:
    """The chart's on_select callback: open the card of the clicked point's event.

    Every trace of timeline_chart.timeline_figure carries the event id as customdata[0].
    """

    def on_select() -> None:
        points = st.session_state[key]["selection"]["points"]
        ids = [point["customdata"][0] for point in points if point.get("customdata")]
        if ids:
            select_event(ids[0])

    return on_select


# The Window slider's session key, and the opening window it last followed.
WINDOW = "view_window"
_FOLLOWED = "_view_window_default"
# The window travels in the URL as ?view_from=YYYY-MM-DD&view_to=YYYY-MM-DD.
WINDOW_PARAMS = ("view_from", "view_to")
# The Window slider's reach beyond the opening window: a quarter of it, at least two weeks.
MARGIN_SHARE = 0.25
MARGIN_DAYS = timedelta(days=14)

Window = tuple[date, date]


def _window_from_url(default: Window) -> tuple[Window, list[str]]:
    """The window the URL asks for, each end the default's where missing or unreadable."""
    ends, notices = list(default), []
    for index, key in enumerate(WINDOW_PARAMS):
        wanted = st.query_params.get(key)
        if wanted is None:
            continue
        try:
            ends[index] = date.fromisoformat(wanted)
        except ValueError:
            notices.append(f"Ignored {key}={shown(wanted)}: expected a date such as 2024-10-01.")
    if ends[0] > ends[1]:
        notices.append("Ignored view_from and view_to: the window ends before it starts.")
        return default, notices
    return (ends[0], ends[1]), notices


def _set_window(window: Window) -> None:
    st.session_state[WINDOW] = window


def window_control(view: View, axis: str) -> tuple[Window, list[str]]:
    """The Window slider with its Story and Show everything buttons: the server-side zoom, since
    a zoom in the browser does not redraw the labels. Returns the window chosen and notices about
    the URL's view_from / view_to where they were ignored.

    It opens on timeline_chart.opening_window() (the story) or on the URL's window, follows the opening
    window while the reader has not moved it, and stays within the events' first and last day.
    Story goes back to the opening window; Show everything shows the first to the last day.
    """
    start, end = present.AXIS_COLUMNS[axis][:2]
    first, last = view.events[start].min().date(), view.events[end].max().date()
    within = (view.state.start, view.state.end)
    default = timeline_chart.opening_window(view.events, view.dataset.case, axis, within) or (
        first,
        last,
    )
    low, high = min(first, default[0]), max(last, default[1])
    notices: list[str] = []
    if WINDOW not in st.session_state:
        st.session_state[WINDOW], notices = _window_from_url(default)
    elif tuple(st.session_state[WINDOW]) == st.session_state.get(_FOLLOWED):
        st.session_state[WINDOW] = default
    st.session_state[_FOLLOWED] = default
    chosen = tuple(min(max(day, low), high) for day in st.session_state[WINDOW])
    st.session_state[WINDOW] = chosen if chosen[0] <= chosen[1] else default
    # The slider spans the opening window and a margin either side while the reader stays
    # inside them, so a week of the story is not a sliver beside decades of background and the
    # weeks just after it are in reach; Show everything widens it to every event.
    window = st.session_state[WINDOW]
    margin = max(MARGIN_DAYS, (default[1] - default[0]) * MARGIN_SHARE)
    near = (max(low, default[0] - margin), min(high, default[1] + margin))
    inside = near[0] <= window[0] and window[1] <= near[1] and near[0] < near[1]
    span = near if inside else (low, high)
    if low < high:
        slider, story, everything = st.columns([2.2, 1, 1.7], vertical_alignment="bottom")
        slider.slider(
            "Window", min_value=span[0], max_value=span[1], key=WINDOW, format="YYYY-MM-DD"
        )
        window = tuple(st.session_state[WINDOW])
        has_story = view.dataset.case is not None and view.dataset.case.story is not None
        story.button(
            "Story" if has_story else "Reset", on_click=_set_window, args=(default,),
            disabled=window == default, width="stretch",
        )  # fmt: skip
        everything.button(
            "Show everything", on_click=_set_window, args=((low, high),),
            disabled=window == (low, high), width="stretch",
        )  # fmt: skip
    window = tuple(st.session_state[WINDOW])
    for key, day in zip(WINDOW_PARAMS, window, strict=True):
        url.keep_in_url(key, None if window == default else day.isoformat(), None)
    return window, notices
