"""The print styling of the timeline: a fresh figure for slides, images and offline pages."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from timeline.present import (
    INK,
    MUTED,
    PRINT,
    PRINT_FONT,
    PRINT_SIZE,
    layout,
    merged,
    note_under,
    plotly_text,
)

TITLE_SIZE = 34
SUBTITLE_SIZE = 22
SOURCE_SIZE = 16
LEGEND_SIZE = 20
LABEL_SIZE = 18  # event labels in an image or an offline page
# A label character's width in ems, for Arial and the wider DejaVu Sans that stands in for it
# where Arial is missing (averages 0.58 in bold-free titles).
LABEL_EM = 0.62
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
    printed = merged(
        spec.setdefault("layout", {}),
        layout(
            PRINT,
            width=width,
            height=height,
            title={
                "text": plotly_text(title),
                "font": {"size": TITLE_SIZE, "color": INK, "family": PRINT_FONT},
                "subtitle": {
                    "text": plotly_text(subtitle),
                    "font": {"size": SUBTITLE_SIZE, "color": MUTED, "family": PRINT_FONT},
                },
                "x": 0.01,
                "xanchor": "left",
                "xref": "container",
                "y": 0.975,
                "yanchor": "top",
                "yref": "container",
            },
            margin={"t": TOP_MARGIN, "b": BOTTOM_MARGIN, "l": 20, "r": 30},
        ),
    )
    notes = printed.setdefault("annotations", [])
    for note in notes:
        # Notes the figure carries (events off the left edge) go under the date ticks, where
        # they cannot cover a tick label (two lines: day, then year), without what they tell a
        # screen's reader to do (click, zoom).
        note["text"] = note.get("text", "").split(":")[0]
        note["yshift"] = -(PRINT_SIZE * 3)
        note["font"] = {"color": MUTED, "size": SOURCE_SIZE, "family": PRINT_FONT}
    # below the date ticks, in the bottom margin
    source_font = {"color": MUTED, "size": SOURCE_SIZE, "family": PRINT_FONT}
    drop = PRINT_SIZE * 3 + SOURCE_SIZE * 2
    notes.append(note_under(plotly_text(source_line), "left", drop, source_font))
    return spec
