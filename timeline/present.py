"""The single home of the presentation rules every chart, page and export shares: escaping for
Plotly and HTML, where a mark sits, spans and publication dates in words, the screen and print
templates, the empty figure, palettes and the ink on a coloured chip."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from collections.abc import Callable
from functools import cache
from itertools import cycle
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from timeline.data import fields
from timeline.data.dates import BY

if TYPE_CHECKING:
    from timeline.data.model import Source, Taxonomy

DateLike: TypeAlias = dt.date | pd.Timestamp

# Okabe-Ito, for kinds and statuses whose taxonomy entry brings no colour of its own.
FALLBACK_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
UNKNOWN_COLOUR = "#7F7F7F"  # a value the taxonomy does not list
QUOTE_CHARS = 120
FONT_SIZE = 15  # readable on a projector; hover text is one size smaller
# The dashboard's charts keep a white plot in both themes, so INK (below) reads on it at 17:1
# (WCAG AA asks 4.5:1) whether Streamlit's theme is light or dark.
PLOT_BACKGROUND = "white"
NO_EVENTS = "No events match these filters."
# Where events are placed: when the thing happened, or when the claim about it was made.
AXES = {"happened": "when it happened", "said": "when it was said"}
# The columns each axis places events by: start, end, precision, qualifier.
AXIS_COLUMNS = {
    "happened": ("start", "end", "precision", "qualifier"),
    "said": ("said_start", "said_end", "said_precision", "said_qualifier"),
}
DAY = pd.Timedelta(days=1)
NOON = pd.Timedelta(hours=12)


def mark_position(
    start: pd.Series, end: pd.Series, qualifier: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Where each span's mark sits on a date axis, and which mark it is: a span known only as
    "no later than" at the noon of its last day ("by"), a run of days at its middle ("span"),
    a single day at its noon ("day"). Every chart places a mark here.
    """
    by = qualifier.eq(BY)
    ranged = start != end
    middle = start + (end + DAY - start) / 2
    x = (end + NOON).where(by, middle.where(ranged, start + NOON))
    style = pd.Series(np.where(by, "by", np.where(ranged, "span", "day")), index=start.index)
    return x, style


# What Plotly's pseudo-HTML would read as markup in data text, and what shows it literally instead;
# "&" first, so that a column escaped in turn does not escape the entities again.
_PLOTLY_SPECIAL = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_PLOTLY_TABLE = str.maketrans(dict(_PLOTLY_SPECIAL))


def plotly_text(text: Any) -> Any:
    """Data text that a Plotly figure shows literally (hover, labels, legend, ticks, titles):
    Plotly reads `<b>`, `<a href>` and `<br>` as markup. A Series of strings is escaped as a whole
    column (ten times faster than one string at a time); anything else becomes an escaped str.

    plotly_text("<b>&") == "&lt;b&gt;&amp;"
    """
    if isinstance(text, pd.Series):
        for char, entity in _PLOTLY_SPECIAL:
            text = text.str.replace(char, entity, regex=False)
        return text
    return str(text).translate(_PLOTLY_TABLE)


def html_text(text: object) -> str:
    """Data text for a page that reads HTML (a briefing card, the offline page, TimelineJS),
    safe both between tags and inside a quoted attribute: shown, never run.

    html_text('<a title="x">') == "&lt;a title=&quot;x&quot;&gt;"
    """
    return html.escape(str(text), quote=True)


# C0 and C1 controls, DEL and bidi controls: a terminal runs ESC sequences (clear the screen, set
# the title) and reorders text by the bidi ones.
_NOT_FOR_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def terminal_text(text: object) -> str:
    r"""Text for a terminal, every control character shown as its escape rather than run.

    terminal_text("x\x1b[2Jy") == "x\\x1b[2Jy"
    """
    return _NOT_FOR_TERMINAL.sub(lambda found: repr(found.group())[1:-1], str(text))


GRID = "#e5e5e5"
# The screen's base layout: projector-sized type on every text, a horizontal legend on top, a
# white plot area and a light grid. Sizes are set on every text, not only the base font: a chart
# theme such as Streamlit's fills in smaller ones wherever a key is left unset.
SCREEN = "claims"
pio.templates[SCREEN] = go.layout.Template(
    layout={
        "font": {"size": FONT_SIZE},
        "hoverlabel": {"font": {"size": FONT_SIZE - 1}, "align": "left"},
        "hovermode": "closest",
        "legend": {
            "font": {"size": FONT_SIZE},
            "title": {"font": {"size": FONT_SIZE}},
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
        },
        "margin": {"l": 10, "r": 10, "t": 50, "b": 40},
        "plot_bgcolor": "white",
        "xaxis": {"tickfont": {"size": FONT_SIZE}, "gridcolor": GRID},
        "yaxis": {"tickfont": {"size": FONT_SIZE}, "title": {"font": {"size": FONT_SIZE}}},
    }
)

# The print's: white paper, near-black text (full black glares on a projector) in a font every
# machine that opens a deck has, type read from the back of a room on a 1920x1080 slide, and the
# legend at the right, one entry a line, so any number of entries fits.
INK = "#1a1a1a"
MUTED = "#555555"
PRINT_FONT = "Arial, Helvetica, sans-serif"
PRINT_SIZE = 22
PRINT_TEXT = {"color": INK, "size": PRINT_SIZE, "family": PRINT_FONT}
PRINT = "claims-print"
pio.templates[PRINT] = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": PRINT_TEXT,
        "legend": {
            "font": {**PRINT_TEXT, "size": 20},
            "title": {"font": {**PRINT_TEXT, "size": 20}},
            "bgcolor": "white",
            "orientation": "v",
            "x": 1.01,
            "xanchor": "left",
            "yref": "paper",
            "y": 1,
            "yanchor": "top",
        },
        "xaxis": {
            "tickfont": PRINT_TEXT,
            "gridcolor": "#d9d9d9",
            "linecolor": INK,
            "side": "bottom",
        },
        "yaxis": {"tickfont": PRINT_TEXT, "title": {"font": PRINT_TEXT}, "gridcolor": "#d9d9d9"},
    }
)


@cache
def _template_layout(name: str) -> dict[str, Any]:
    return pio.templates[name].layout.to_plotly_json()


def layout(template: str = SCREEN, **changes: Any) -> dict[str, Any]:
    """A registered template's layout (SCREEN or PRINT) as a figure's own keys, with `changes`
    merged in key by key. Written into the figure rather than named as its template, since
    Streamlit's chart theme rewrites a figure's template, type sizes included, where it shows it.
    """
    return merged(copy.deepcopy(_template_layout(template)), changes)


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` written into it key by key, down through nested dicts."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged(base[key], value)
        else:
            base[key] = value
    return base


def date_layout(height: int, x_title: str | None = None) -> dict:
    """The screen layout of a chart over a date axis; callers add their y axis."""
    xaxis: dict = {"type": "date"}
    if x_title:
        xaxis["title"] = {"text": x_title, "font": {"size": FONT_SIZE}}
    return layout(height=height, xaxis=xaxis)


def note_under(text: str, side: str, drop: float, font: dict[str, Any]) -> dict[str, Any]:
    """An annotation under the plot, `drop` pixels below its bottom edge, at its "left" or
    "right" side: how a chart says what it left out, and a print its source line."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0 if side == "left" else 1,
        "y": 0,
        "xanchor": side,
        "yanchor": "top",
        "yshift": -drop,
        "showarrow": False,
        "align": "left",
        "font": font,
    }


def empty_figure(message: str, height: int) -> go.Figure:
    """A figure that says there is nothing to show, rather than an empty grid."""
    return go.Figure(
        layout={
            "height": height,
            "font": {"size": FONT_SIZE},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {"text": message, "showarrow": False, "xref": "paper", "yref": "paper"}
            ],
        }
    )


def palette(taxonomy: Taxonomy | None, colour_by: str) -> dict[str, str]:
    """Value -> hex colour for a fields.COLOURS field, in taxonomy order.

    Alignments carry their colour; a kind or status without one gets the next Okabe-Ito colour
    that no other entry of its vocabulary uses. palette(taxonomy, "alignment")["russia"] == "#D55E00"
    """
    if colour_by not in fields.COLOURS:
        raise ValueError(
            f"cannot colour by {colour_by!r}; expected one of: {', '.join(fields.COLOURS)}"
        )
    if taxonomy is None:
        return {}
    terms = getattr(taxonomy, str(fields.BY_COLUMN[colour_by].vocabulary))
    taken = {term.colour.upper() for term in terms.values() if term.colour}
    spare = cycle([c for c in FALLBACK_COLOURS if c not in taken] or FALLBACK_COLOURS)
    return {key: term.colour or next(spare) for key, term in terms.items()}


WHITE = "#FFFFFF"


def _luminance(colour: str) -> float:
    """The WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def chip_ink(colour: str) -> str:
    """The text colour on a chip of `colour` (#RRGGBB): INK or white, whichever has the higher
    WCAG contrast ratio against it. The briefing card, the deck and the offline page all use it.

    chip_ink("#56B4E9") == INK (light blue); chip_ink("#0072B2") == WHITE (dark blue)
    """

    def contrast(ink: str) -> float:
        lighter, darker = sorted((_luminance(ink), _luminance(colour)), reverse=True)
        return (lighter + 0.05) / (darker + 0.05)

    return INK if contrast(INK) >= contrast(WHITE) else WHITE


def published(source: Source, escape: Callable[[Any], str] | None = None) -> str:
    """When a source was published, as every citation words it: the day, and "(estimated)" when
    it is an estimate. Given `escape` (the page's own escaping), what the estimate was read from
    follows: "2024-10-18 (estimated: the date of the first comment)".
    """
    words = f"{source.published}"
    if source.published_estimated:
        words += f" (estimated: {escape(source.published_note)})" if escape else " (estimated)"
    return words


def _day(value: DateLike) -> dt.date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def describe_span(start: DateLike, end: DateLike, precision: str, qualifier: object = None) -> str:
    """A span as a reader says it, with how precisely it is known.

    describe_span(date(2024, 10, 8), date(2024, 10, 13), "days") == "2024-10-08 to 2024-10-13"
    describe_span(date(2024, 11, 1), date(2024, 11, 10), "month_part") == "2024-11-01 to 2024-11-10 (roughly: part of a month)"
    describe_span(d, d, "day", "by") == "no later than 2024-10-23"
    """
    first, last = _day(start), _day(end)
    words = f"{first}" if first == last else f"{first} to {last}"
    if qualifier == BY:
        words = f"no later than {last}"
    rough = ROUGHLY.get(str(precision))
    return f"{words} (roughly: {rough})" if rough else words


# Precisions below a day's or a run of days', as said after the span.
ROUGHLY = {
    "week": "a week",
    "month_part": "part of a month",
    "month": "a month",
    "season": "a season",
    "quarter": "a quarter",
    "half": "half a year",
    "year_part": "part of a year",
    "year": "a year",
    "decade": "a decade",
    "approximate": "approximate",
}


def lag_days(said_start: DateLike, said_end: DateLike, start: DateLike, end: DateLike) -> int:
    """Days from when a claim was said to what it is about: positive when said after it began,
    negative when said before (a forecast), 0 when the two overlap.

    lag_days(oct18, oct18, oct8, oct13) == 5; lag_days(oct24, oct24, dec1, dec31) == -38
    """
    said_first, said_last = _day(said_start), _day(said_end)
    first, last = _day(start), _day(end)
    if said_first > last:
        return (said_first - last).days
    if said_last < first:
        return -(first - said_last).days
    return 0


def lag_words(
    said_start: DateLike,
    said_end: DateLike,
    start: DateLike,
    end: DateLike,
    said_qualifier: object = None,
) -> str:
    """The lag between saying and happening, in words; a said-time known only as "no later than"
    gives a bound.

    lag_words(oct18, oct18, oct8, oct13) == "said 5 days after it happened"
    lag_words(oct25, oct25, oct24, oct24, "by") == "said at most 1 day after it happened"
    """
    days = lag_days(said_start, said_end, start, end)
    unit = "day" if abs(days) == 1 else "days"
    bound = said_qualifier == BY
    if days == 0:
        return "said by the time it was happening" if bound else "said while it was happening"
    if days > 0:
        return f"said {'at most ' if bound else ''}{days} {unit} after it happened"
    return f"said {'at least ' if bound else ''}{-days} {unit} before it happened (a forecast)"
