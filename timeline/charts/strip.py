"""The briefing strip: a whole briefing on one small date axis, the current step drawn large."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from timeline.data.model import Taxonomy
from timeline.present import DAY, FONT_SIZE, UNKNOWN_COLOUR, palette

STRIP_HEIGHT = 110
_FADED = 0.25


def strip_figure(rows: pd.DataFrame, current: str | None, taxonomy: Taxonomy | None) -> go.Figure:
    """The whole briefing on one small date axis: `current` drawn full and large, the rest faded.

    One trace per alignment in its colour (a briefing of thousands of events stays a handful of
    traces), then the current event on its own, drawn last so nothing covers it: a dot for a day,
    a line from first to last day for a span. Each trace is named by its alignment, the current
    one by its event id. The page's colours (background, grid, font) are left to whoever shows
    the figure, so the strip reads in a light and a dark theme alike.
    """
    colours = palette(taxonomy, "alignment")
    figure = go.Figure()
    others = rows[rows["id"] != current]
    for alignment, group in others.groupby("alignment", sort=False):
        figure.add_trace(
            _strip_trace(group, colours.get(str(alignment), UNKNOWN_COLOUR), str(alignment), 12)
        )
    here = rows[rows["id"] == current]
    if not here.empty:
        figure.update_traces(opacity=_FADED)
        colour = colours.get(here["alignment"].iloc[0], UNKNOWN_COLOUR)
        figure.add_trace(_strip_trace(here, colour, str(current), 22))
    figure.update_layout(
        height=STRIP_HEIGHT,
        margin={"l": 20, "r": 20, "t": 10, "b": 45},
        xaxis={"type": "date", "fixedrange": True, "tickfont": {"size": FONT_SIZE}},
        yaxis={"visible": False, "fixedrange": True, "range": [-1, 1]},
        font={"size": FONT_SIZE},
    )
    return figure


def _strip_trace(rows: pd.DataFrame, colour: str, name: str, size: int) -> go.Scatter:
    """The events of `rows` as one trace: each a dot, or a line for a span, broken between them."""
    x: list[pd.Timestamp | None] = []
    for start, end in zip(rows["start"], rows["end"], strict=True):
        # A span reaches to the end of its last day.
        x += ([start] if end == start else [start, end + DAY]) + [None]
    return go.Scatter(
        x=x,
        y=[None if value is None else 0 for value in x],
        mode="lines+markers",
        line={"color": colour, "width": 8 if size > 12 else 4},
        marker={"color": colour, "size": size},
        connectgaps=False,
        opacity=1.0,
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )
