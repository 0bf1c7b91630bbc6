"""The briefing strip: a whole briefing on one small date axis as plain SVG, every step's mark
drawn once, so a browser highlights the current step by a class rather than a redraw."""

from __future__ import annotations

from html import escape

import pandas as pd

from timeline.data import names
from timeline.data.model import Taxonomy
from timeline.present import DAY, UNKNOWN_COLOUR, palette

# The drawing's own units; it is scaled to the width it is shown at.
WIDTH, HEIGHT = 1000, 86
_AXIS_Y = 38
_SIDE = 30  # room at each end, so the first and last marks and labels stay whole


def strip_svg(rows: pd.DataFrame, taxonomy: Taxonomy | None, first_step: int = 2) -> str:
    """The events of a briefing (in step order) on one date axis, with month ticks and a legend.

    Each event is a `<g class="mark" data-step="N">` (N counted from `first_step`): a dot for a
    day, a bar from its first to its last day for a span, and its short label, which the style
    shows for the current step only. Text takes the colour of the page around it, so the strip
    reads in a light and a dark theme alike.
    """
    if rows.empty:
        return ""
    colours = palette(taxonomy, "alignment")
    first = rows["start"].min()
    last = rows["end"].max() + DAY
    days = max((last - first) / DAY, 1.0)

    def x(day: pd.Timestamp) -> float:
        return round(_SIDE + (day - first) / DAY / days * (WIDTH - 2 * _SIDE), 1)

    marks = []
    for number, (_, row) in enumerate(rows.iterrows(), start=first_step):
        colour = escape(colours.get(row["alignment"], UNKNOWN_COLOUR))
        left, right = x(row["start"]), x(row["end"] + DAY)
        if row["end"] == row["start"]:
            shape = f'<circle cx="{left}" cy="{_AXIS_Y}" r="6" fill="{colour}"/>'
            centre = left
        else:
            shape = (
                f'<line x1="{left}" x2="{right}" y1="{_AXIS_Y}" y2="{_AXIS_Y}" stroke="{colour}"/>'
            )
            centre = (left + right) / 2
        anchor = "start" if centre < WIDTH * 0.2 else "end" if centre > WIDTH * 0.8 else "middle"
        short = row["label"] if isinstance(row["label"], str) and row["label"] else row["title"]
        label = escape(str(short))
        marks.append(
            f'<g class="mark" data-step="{number}">{shape}'
            f'<text class="label" x="{centre}" y="16" text-anchor="{anchor}">{label}</text></g>'
        )
    ticks = []
    for month in pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS"):
        if month < first:
            continue
        at = x(month)
        ticks.append(
            f'<line class="tick" x1="{at}" x2="{at}" y1="{_AXIS_Y - 14}" y2="{_AXIS_Y + 14}"/>'
            f'<text class="tick-label" x="{at}" y="{_AXIS_Y + 36}" text-anchor="middle">'
            f"{month:%b %Y}</text>"
        )
    described = f"The briefing's {len(rows)} events from {first:%Y-%m-%d} to {last - DAY:%Y-%m-%d}"
    svg = (
        f'<svg class="strip-axis" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(described)}" preserveAspectRatio="xMidYMid meet">'
        f'<line class="axis" x1="{_SIDE}" x2="{WIDTH - _SIDE}" y1="{_AXIS_Y}" y2="{_AXIS_Y}"/>'
        + "".join(ticks)
        + "".join(marks)
        + "</svg>"
    )
    return svg + _legend(rows, colours, taxonomy)


def _legend(rows: pd.DataFrame, colours: dict[str, str], taxonomy: Taxonomy | None) -> str:
    """The sides the strip's colours stand for, those of its events only, in taxonomy order."""
    present = set(rows["alignment"])
    order = [key for key in colours if key in present] + sorted(present - set(colours))
    items = "".join(
        f'<li><span class="swatch" style="background: {escape(colours.get(key, UNKNOWN_COLOUR))}">'
        f"</span>{escape(names.label('alignment', key, taxonomy))}</li>"
        for key in order
    )
    return f'<ul class="legend" aria-label="Sides">{items}</ul>'
