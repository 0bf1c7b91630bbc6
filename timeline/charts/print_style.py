"""The print styling of the timeline: a fresh figure for slides, images and offline pages."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from timeline.present import plotly_text

INK = "#1a1a1a"  # near-black text: full black glares on a projector
MUTED = "#555555"
GRID = "#d9d9d9"
PAPER = "white"
FONT = "Arial, Helvetica, sans-serif"  # on every machine that opens a deck; no web font to fetch
TEXT_SIZE = 22  # readable from the back of a room on a 1920x1080 slide
TITLE_SIZE = 34
SUBTITLE_SIZE = 22
SOURCE_SIZE = 16
LEGEND_SIZE = 20
# Pixels of a print's width the plot does not get beyond what the screen's figure plans for:
# the legend's column at the right, and lane names in print type rather than screen type.
PLOT_WIDTH_LOST = 420
# Room above the plot for the title and the subtitle, and below it for the source line.
TOP_MARGIN = 140
BOTTOM_MARGIN = 160


def print_style(
    figure: go.Figure, *, title: str, subtitle: str, source_line: str, width: int, height: int
) -> dict[str, Any]:
    """The figure as a plain dict, styled for print: white paper, dark text, fonts for slides,
    a title, a subtitle (the filters in words), a source line, and SVG marks where the screen
    uses WebGL. `figure` itself is left as it was.

    A dict is what plotly.js and kaleido read; a Figure would validate every array again, which
    cost a quarter of a PNG's time. The texts are data, so they are escaped: Plotly reads <b> or
    <a> in titles as markup.
    """
    spec = figure.to_dict()  # a copy, down to the arrays
    for trace in spec["data"]:
        # A print is drawn once, so WebGL buys nothing: SVG marks stay sharp in an SVG and
        # need no graphics context in a headless browser.
        if trace.get("type") == "scattergl":
            trace["type"] = "scatter"
    text = {"color": INK, "size": TEXT_SIZE, "family": FONT}
    legend_text = {**text, "size": LEGEND_SIZE}
    layout = spec.setdefault("layout", {})
    _merge(
        layout,
        {
            "width": width,
            "height": height,
            "paper_bgcolor": PAPER,
            "plot_bgcolor": PAPER,
            "font": text,
            "title": {
                "text": plotly_text(title),
                "font": {"size": TITLE_SIZE, "color": INK, "family": FONT},
                "subtitle": {
                    "text": plotly_text(subtitle),
                    "font": {"size": SUBTITLE_SIZE, "color": MUTED, "family": FONT},
                },
                "x": 0.01,
                "xanchor": "left",
                "xref": "container",
                "y": 0.975,
                "yanchor": "top",
                "yref": "container",
            },
            "legend": {
                "font": legend_text,
                "title": {"font": legend_text},
                "bgcolor": PAPER,
                # At the right, one entry a line: any number of entries fits, where a row of
                # them above the plot would wrap into the subtitle.
                "orientation": "v",
                "x": 1.01,
                "xanchor": "left",
                "yref": "paper",
                "y": 1,
                "yanchor": "top",
            },
            "margin": {"t": TOP_MARGIN, "b": BOTTOM_MARGIN, "l": 20, "r": 30},
            "xaxis": {"tickfont": text, "gridcolor": GRID, "linecolor": INK, "side": "bottom"},
            "yaxis": {"tickfont": text, "title": {"font": text}, "gridcolor": GRID},
        },
    )
    notes = layout.setdefault("annotations", [])
    for note in notes:
        # Notes the figure carries (events off the left edge) go under the date ticks, where
        # they cannot cover a tick label (two lines: day, then year), without what they tell a
        # screen's reader to do (click, zoom).
        note["text"] = note.get("text", "").split(":")[0]
        note["yshift"] = -(TEXT_SIZE * 3)
        note["font"] = {"color": MUTED, "size": SOURCE_SIZE, "family": FONT}
    notes.append(
        {
            "text": plotly_text(source_line),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            # below the date ticks, in the bottom margin
            "yshift": -(TEXT_SIZE * 3 + SOURCE_SIZE * 2),
            "showarrow": False,
            "align": "left",
            "font": {"color": MUTED, "size": SOURCE_SIZE, "family": FONT},
        }
    )
    return spec


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> None:
    """Write `changes` into `base`, key by key, down through nested dicts."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
