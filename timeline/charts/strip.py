"""The briefing strip: a whole briefing on one small date axis as plain SVG, every step's mark
drawn once, so a browser highlights the current step by a class rather than a redraw."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from timeline.data import names
from timeline.data.model import Taxonomy
from timeline.present import DAY, UNKNOWN_COLOUR, palette

# The drawing's own units; it is scaled to the width it is shown at.
WIDTH, HEIGHT = 1000, 86
_AXIS_Y = 38
_SIDE = 30  # room at each end, so the first and last marks and labels stay whole
# Drawing units a tick needs for its label ("Sep 2024" at the strip's 18 px) and a gap; ticks
# step by a month, two, a quarter, half a year or whole years to keep that room.
_TICK_ROOM = 110
_MONTH_STEPS = (1, 2, 3, 6, 12)


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
    # The axis starts where the first step ends (or the last one starts, if later), so that one
    # long span reaching back years does not squeeze every other mark into a corner: it is drawn
    # from the axis's left end, and its step states its whole span.
    first = min(rows["end"].min(), rows["start"].max())
    last = rows["end"].max() + DAY
    days = max((last - first) / DAY, 1.0)

    def x(day: pd.Timestamp) -> float:
        return round(_SIDE + (day - first) / DAY / days * (WIDTH - 2 * _SIDE), 1)

    marks = []
    for number, (_, row) in enumerate(rows.iterrows(), start=first_step):
        colour = escape(colours.get(row["alignment"], UNKNOWN_COLOUR))
        left, right = x(max(row["start"], first)), x(row["end"] + DAY)
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
    ticks = [
        f'<line class="tick" x1="{x(month)}" x2="{x(month)}" y1="{_AXIS_Y - 14}" '
        f'y2="{_AXIS_Y + 14}"/><text class="tick-label" x="{x(month)}" y="{_AXIS_Y + 36}" '
        f'text-anchor="middle">{month.strftime(shown)}</text>'
        for month, shown in _ticks(first, last, (WIDTH - 2 * _SIDE) / days)
    ]
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


def _ticks(
    first: pd.Timestamp, last: pd.Timestamp, per_day: float
) -> list[tuple[pd.Timestamp, str]]:
    """The first days of months to mark between `first` and `last`, with their label format:
    every month where there is room, fewer as the span grows, years alone past a year's step."""
    per_month = per_day * 365.25 / 12
    step = next((s for s in _MONTH_STEPS if s * per_month >= _TICK_ROOM), 0)
    if step == 0:  # years: every year, or every second, fifth...
        step = 12 * max(1, math.ceil(_TICK_ROOM / (12 * per_month)))
    months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
    if step < 12:
        return [(m, "%b %Y") for m in months if m >= first and (m.month - 1) % step == 0]
    return [(m, "%Y") for m in months if m >= first and m.month == 1 and m.year % (step // 12) == 0]


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
