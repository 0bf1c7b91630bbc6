"""The single home of the presentation rules every chart, page and export shares: where an event
is placed in time, spans in words, type sizes, the date layout and the palettes."""

from __future__ import annotations

import datetime as dt
import html
import re
from itertools import cycle
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd

from timeline.data import fields

if TYPE_CHECKING:
    from timeline.data.model import Taxonomy

DateLike: TypeAlias = dt.date | pd.Timestamp

# Okabe-Ito, for kinds and statuses whose taxonomy entry brings no colour of its own.
FALLBACK_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
UNKNOWN_COLOUR = "#7F7F7F"  # a value the taxonomy does not list
QUOTE_CHARS = 120
FONT_SIZE = 15  # readable on a projector; hover text is one size smaller
NO_EVENTS = "No events match these filters."
# Where events are placed: when the thing happened, or when the claim about it was made.
AXES = {"happened": "when it happened", "said": "when it was said"}
# The columns each axis places events by: start, end, precision, qualifier.
AXIS_COLUMNS = {
    "happened": ("start", "end", "precision", "qualifier"),
    "said": ("said_start", "said_end", "said_precision", "said_qualifier"),
}


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


def date_layout(height: int, x_title: str | None = None) -> dict:
    """The layout every chart over a date axis shares: projector-sized type on every text, a
    horizontal legend on top, a white plot area and a light date grid. Callers add their y axis.

    Sizes are set on every text, not only the base font: a chart theme such as Streamlit's fills
    in smaller ones wherever a key is left unset. Set here rather than through a template, since
    copying a template costs ~0.1 s per figure.
    """
    xaxis: dict = {"type": "date", "tickfont": {"size": FONT_SIZE}, "gridcolor": "#e5e5e5"}
    if x_title:
        xaxis["title"] = {"text": x_title, "font": {"size": FONT_SIZE}}
    return {
        "height": height,
        "font": {"size": FONT_SIZE},
        "hoverlabel": {"font": {"size": FONT_SIZE - 1}, "align": "left"},
        "hovermode": "closest",
        "legend": {
            "font": {"size": FONT_SIZE},
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
        },
        "margin": {"l": 10, "r": 10, "t": 50, "b": 40},
        "plot_bgcolor": "white",
        "xaxis": xaxis,
    }


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
    if qualifier == "by":
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
    bound = said_qualifier == "by"
    if days == 0:
        return "said by the time it was happening" if bound else "said while it was happening"
    if days > 0:
        return f"said {'at most ' if bound else ''}{days} {unit} after it happened"
    return f"said {'at least ' if bound else ''}{-days} {unit} before it happened (a forecast)"
