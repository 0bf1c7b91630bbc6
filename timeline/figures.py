"""Plotly figures for the dashboard: the timeline of events in lanes, coloured by a chosen field."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline import fields
from timeline.model import Taxonomy
from timeline.spans import describe_span, lag_words

LANES = fields.LANES
COLOURS = fields.COLOURS

# Okabe-Ito, for kinds and statuses whose taxonomy entry brings no colour of its own.
FALLBACK_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
UNKNOWN_COLOUR = "#7F7F7F"  # a value the taxonomy does not list
# Spans known to the day; every other precision is drawn as uncertain.
EXACT = frozenset({"day", "days"})
QUOTE_CHARS = 120
FONT_SIZE = 15  # readable on a projector; hover text is one size smaller
# The chart opens on all but the earliest 5% of events when those stretch the axis over twice.
FOCUS_SHARE = 0.05
FOCUS_STRETCH = 2
NO_EVENTS = "No events match these filters."
# Where events are placed: when the thing happened, or when the claim about it was made.
AXES = {"happened": "when it happened", "said": "when it was said"}
# The columns each axis places events by: start, end, precision, qualifier.
AXIS_COLUMNS = {
    "happened": ("start", "end", "precision", "qualifier"),
    "said": ("said_start", "said_end", "said_precision", "said_qualifier"),
}
CORRECTED = "Date corrected by the curator"
LAG = "Selected event: when said ↔ when it happened"
# Dark enough to read on white, light enough to show on the dark theme.
MARK_GREY = "#5A5A5A"

_DAY = pd.Timedelta(days=1)
_NOON = pd.Timedelta(hours=12)
_SUBROWS = 3  # events of a lane are dealt over this many rows so same-day claims stay apart
_SUBROW_STEP = 0.27
_BAR_THICKNESS = 0.22


def palette(taxonomy: Taxonomy | None, colour_by: str) -> dict[str, str]:
    """Value -> hex colour for a COLOURS field, in taxonomy order.

    Alignments carry their colour; a kind or status without one gets the next Okabe-Ito colour
    that no other entry of its vocabulary uses. palette(taxonomy, "alignment")["russia"] == "#D55E00"
    """
    if colour_by not in COLOURS:
        raise ValueError(f"cannot colour by {colour_by!r}; expected one of: {', '.join(COLOURS)}")
    if taxonomy is None:
        return {}
    terms = getattr(taxonomy, str(fields.BY_COLUMN[colour_by].vocabulary))
    taken = {term.colour.upper() for term in terms.values() if term.colour}
    spare = cycle([c for c in FALLBACK_COLOURS if c not in taken] or FALLBACK_COLOURS)
    return {key: term.colour or next(spare) for key, term in terms.items()}


def timeline_figure(
    df: pd.DataFrame,
    taxonomy: Taxonomy | None,
    *,
    lane: str = "claimant_country",
    colour: str = "alignment",
    axis: str = "happened",
    window: tuple[dt.date, dt.date] | None = None,
    selected: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """The events on a date axis: range events as bars, one-day events as markers.

    `axis` (a key of AXES) places events by when they happened or by when they were said.
    Lanes (y) follow `lane`, colours follow `colour` (a key of LANES and COLOURS). Bars of
    spans not known to the day are hatched and lighter; `by` events get an open left-pointing
    marker at their last day. Dates the curator corrected get a grey ring (happened axis). The
    `selected` event gets a dotted connector from when it was said to when it happened. The
    chart opens on `window` (first and last day shown) or else on focus_window(). Every trace
    has `customdata[:, 0]` = event id and every event has at least one marker point, so a
    selection maps back to events. Traces: at most five per colour value, whatever the number
    of events, plus the ring and the connector. `trace.meta` names the style (see STYLES).
    """
    if lane not in LANES:
        raise ValueError(f"no lane {lane!r}; expected one of: {', '.join(LANES)}")
    if axis not in AXES:
        raise ValueError(f"no axis {axis!r}; expected one of: {', '.join(AXES)}")
    colours = palette(taxonomy, colour)
    if df.empty:
        return _empty_figure(height)
    lanes = _labels(df, lane, taxonomy)
    values = _labels(df, colour, taxonomy)
    points = _points(df, taxonomy, lane, list(lanes), axis)
    # Integer codes and numpy masks: picking a trace's rows must not cost a DataFrame copy.
    codes = df[colour].map({value: code for code, value in enumerate(values)}).to_numpy()
    masks = {style.name: style.select(points) for style in STYLES}
    traces = []
    for code, (value, label) in enumerate(values.items()):
        legend = {"legendgroup": value, "name": html.escape(label, quote=False), "showlegend": True}
        for style in STYLES:
            picked = np.flatnonzero((codes == code) & masks[style.name])
            if not picked.size:
                continue
            rows = {name: column[picked] for name, column in points.items()}
            traces.append(
                {
                    **style.build(rows, colours.get(value, UNKNOWN_COLOUR)),
                    "meta": style.name,
                    **legend,
                    "customdata": rows["id"],
                    "hovertext": rows["hover"],
                    "hovertemplate": "%{hovertext}<extra></extra>",
                }
            )
            legend["showlegend"] = False
    if axis == "happened" and points["corrected"].any():
        traces.append(_corrected_trace(points))
    if selected is not None and (chosen := np.flatnonzero(points["id"][:, 0] == selected)).size:
        traces.append(_lag_trace(df.iloc[chosen[0]], points, chosen[0], axis))
    layout = _layout(lanes, lane, colour, height)
    if window is None:
        window, before = focus_window(df, axis)
    else:
        before = int((points["last"] < pd.Timestamp(window[0])).sum())
    if window is not None:
        # The window's last day is shown whole: the axis runs to the midnight after it.
        layout["xaxis"]["range"] = [
            window[0].isoformat(),
            (window[1] + dt.timedelta(1)).isoformat(),
        ]
        if before:
            layout["annotations"] = [_off_left_note(before)]
    # Plain dicts, validated once by the Figure: building trace objects first validates twice.
    return go.Figure({"data": traces, "layout": layout})


def focus_window(
    df: pd.DataFrame, axis: str = "happened"
) -> tuple[tuple[dt.date, dt.date] | None, int]:
    """The first and last day the chart opens on, and how many events lie wholly before them.

    A few early events (background a year before the story) would squeeze the rest into the
    right edge, so when the earliest FOCUS_SHARE of events (placed by `axis`) stretch the axis
    more than FOCUS_STRETCH times, the chart opens on the rest; zooming out shows everything.
    None when every event fits comfortably.
    """
    start_column, end_column = AXIS_COLUMNS[axis][:2]
    first, last = df[start_column].min(), df[end_column].max()
    if pd.isna(first):
        return None, 0
    # "lower": an event's own start, so the window opens on whole events
    start = df[start_column].quantile(FOCUS_SHARE, interpolation="lower")
    if (last - first) <= FOCUS_STRETCH * (last - start):
        return None, 0
    pad = (last - start) * 0.03 + pd.Timedelta(days=1)
    window = ((start - pad).date(), (last + pad).date())
    return window, int((df[end_column] < start - pad).sum())


def _off_left_note(count: int) -> dict:
    return {
        "text": f"◀ {count} earlier event{'s' if count != 1 else ''}: double-click the chart "
        "for all",
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -4,
        "showarrow": False,
        "font": {"size": FONT_SIZE - 2},
    }


def _labels(df: pd.DataFrame, field: str, taxonomy: Taxonomy | None) -> dict[str, str]:
    """Value -> label for every value of `field` in `df`, in the order lanes and legends show them."""
    return fields.labels(df, field, taxonomy)


Points = dict[str, np.ndarray]  # column name -> one value per event


def _points(
    df: pd.DataFrame, taxonomy: Taxonomy | None, lane: str, lanes: list[str], axis: str
) -> Points:
    """Per event, what every trace needs: id, hover, y, x positions on `axis` and style flags."""
    start, end, precision, qualifier = (df[column] for column in AXIS_COLUMNS[axis])
    first_day = start
    after_last = end + _DAY
    lane_code = df[lane].map({value: code for code, value in enumerate(lanes)}).to_numpy(int)
    ranged = (start != end).to_numpy()
    by = qualifier.isin(["by"]).to_numpy()
    middle = (first_day + (after_last - first_day) / 2).to_numpy()
    day = (first_day + _NOON).to_numpy()
    last_day = (end + _NOON).to_numpy()
    columns = {
        # One column, so a selected point's customdata[0] is its event id.
        "id": df["id"].to_numpy(dtype=object).reshape(-1, 1),
        "hover": _hover(df, taxonomy).to_numpy(dtype=object),
        "y": lane_code + _subrow_offsets(lane_code, start.to_numpy(), end.to_numpy()),
        "base": first_day,
        "length_ms": (after_last - first_day).dt.total_seconds() * 1000,
        "middle": middle,
        "day": day,
        "last_day": last_day,
        # Where the event's mark is: a "by" at its last day, a span's handle at its middle.
        "mark": np.where(by, last_day, np.where(ranged, middle, day)),
        "last": end,
        "ranged": ranged,
        "exact": precision.isin(EXACT),
        "by": by,
        "corrected": df["corrected"].fillna(False).astype(bool),
    }
    return {name: np.asarray(column) for name, column in columns.items()}


def _subrow_offsets(lane: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How far each event sits from its lane's centre line.

    Events of a lane, in date order, are dealt round-robin over up to _SUBROWS rows: a cheap,
    vectorized stand-in for interval packing that keeps several claims of one day apart.
    """
    order = np.lexsort((end, start, lane))
    in_order = lane[order]
    first_of_lane = np.searchsorted(in_order, in_order)
    row = (np.arange(len(order)) - first_of_lane) % _SUBROWS
    rows = np.minimum(np.bincount(lane)[in_order], _SUBROWS)
    offsets = np.empty(len(order))
    offsets[order] = (row - (rows - 1) / 2) * _SUBROW_STEP
    return offsets


def _per_unique(function: Callable[..., str], columns: list[pd.Series]) -> pd.Series:
    """function(*values) for each row of `columns`, called once per distinct row: dates repeat
    a lot, so this stays cheap at any number of events."""
    keys = pd.MultiIndex.from_arrays([column.fillna("") for column in columns])
    codes, uniques = pd.factorize(keys)
    words = np.array([function(*values) for values in uniques], dtype=object)
    return pd.Series(words[codes], index=columns[0].index)


def _hover(df: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.Series:
    """The hover text of each event, built column-wise; every piece of data is escaped.

    It says when the event happened and when it was said, whichever axis places it.
    """
    countries = {
        code: html.escape(fields.label("claimant_country", code, taxonomy), quote=False)
        for code in df["claimant_country"].unique()
    }
    happened_at = [df[column] for column in AXIS_COLUMNS["happened"]]
    said_at = [df[column] for column in AXIS_COLUMNS["said"]]
    when = _per_unique(describe_span, happened_at)
    said = _per_unique(describe_span, said_at)
    lag = _per_unique(lag_words, [*said_at[:2], *happened_at[:2], said_at[3]])
    corrected = df["corrected"].fillna(False).astype(bool)
    worded = ("“" + _escape(df["date_text"].fillna("")) + "” → ").where(
        df["date_text"].notna() & ~corrected, ""
    )
    correction = (
        "; " + CORRECTED.lower() + ", the source says “" + _escape(df["date_text"].fillna("")) + "”"
    ).where(corrected & df["date_text"].notna(), "")
    said_worded = ("“" + _escape(df["said_text"].fillna("")) + "” → ").where(
        df["said_text"].notna(), ""
    )
    # Line breaks need no care: Plotly breaks lines only at <br>, and SVG collapses whitespace.
    quote = df["quote"].str.strip()
    clipped = quote.str.slice(0, QUOTE_CHARS).str.rstrip() + np.where(
        quote.str.len() > QUOTE_CHARS, "…", ""
    )
    return (
        "<b>"
        + _escape(df["title"])
        + "</b><br>"
        + _escape(df["claimant"])
        + " · "
        + df["claimant_country"].map(countries)
        + "<br>Happened: "
        + worded
        + when
        + correction
        + "<br>Said: "
        + said_worded
        + said
        + " · "
        + lag
        + "<br><i>“"
        + _escape(clipped)
        + "”</i>"
    )


def _escape(texts: pd.Series) -> pd.Series:
    """Text that Plotly shows literally: its pseudo-HTML would otherwise read `<b>` or `<a>`."""
    return (
        texts.str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def _hatched(colour: str) -> dict:
    return {"shape": "/", "fillmode": "replace", "size": 8, "solidity": 0.3, "fgcolor": colour}


def _bar(rows: Points, colour: str, *, exact: bool) -> dict:
    return {
        "type": "bar",
        "orientation": "h",
        "base": rows["base"],
        "x": rows["length_ms"],
        "y": rows["y"],
        "width": _BAR_THICKNESS,
        "opacity": 0.9 if exact else 0.75,
        "marker": {
            "color": colour,
            "line": {"color": colour, "width": 1},
            "pattern": {} if exact else _hatched(colour),
        },
    }


def _markers(rows: Points, colour: str, *, x: str, marker: dict, **extra) -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": rows[x],
        "y": rows["y"],
        "marker": {"color": colour, **marker},
        **extra,
    }


@dataclass(frozen=True)
class Style:
    """One way of drawing events: which events it takes and the trace it draws them as."""

    name: str
    select: Callable[[Points], np.ndarray]
    build: Callable[[Points, str], dict]  # the trace's drawing attributes, as a plain dict


# The first style an event colour has decides its legend symbol, hence markers first.
STYLES = (
    Style(
        "day",
        lambda p: ~p["ranged"] & ~p["by"],
        lambda rows, colour: _markers(
            rows, colour, x="day", marker={"size": 13, "line": {"color": "white", "width": 1}}
        ),
    ),
    Style("exact_span", lambda p: p["ranged"] & p["exact"], lambda r, c: _bar(r, c, exact=True)),
    Style("vague_span", lambda p: p["ranged"] & ~p["exact"], lambda r, c: _bar(r, c, exact=False)),
    Style(
        "no_later_than",
        lambda p: p["by"],
        lambda rows, colour: _markers(
            rows,
            colour,
            x="last_day",
            marker={"size": 15, "symbol": "triangle-left-open", "line": {"width": 3}},
        ),
    ),
    # Clicks on bars over a date axis do not select reliably, so each bar gets a point to click:
    # transparent until selected.
    Style(
        "span_handle",
        lambda p: p["ranged"],
        lambda rows, colour: _markers(
            rows,
            colour,
            x="middle",
            marker={"size": 12, "opacity": 0},
            selected={"marker": {"opacity": 1}},
            unselected={"marker": {"opacity": 0}},
        ),
    ),
)


def _corrected_trace(points: Points) -> dict:
    """A grey ring around the mark of every event whose date the curator corrected."""
    picked = np.flatnonzero(points["corrected"])
    return {
        "type": "scatter",
        "mode": "markers",
        "meta": "corrected",
        "name": CORRECTED,
        "legendgroup": "corrected",
        "showlegend": True,
        "x": points["mark"][picked],
        "y": points["y"][picked],
        "marker": {
            "symbol": "circle-open",
            "size": 24,
            "color": MARK_GREY,
            "line": {"width": 2.5, "color": MARK_GREY},
        },
        "customdata": points["id"][picked],
        "hovertext": points["hover"][picked],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _nearest(row: pd.Series, axis: str, toward: pd.Timestamp) -> pd.Timestamp:
    """The point of an event's span on `axis` nearest to `toward`: a "by" or a single day is
    drawn at its (last) day's noon, a span is the stretch from its first to after its last day."""
    first, last, _, qualifier = (row[column] for column in AXIS_COLUMNS[axis])
    if qualifier == "by" or first == last:
        return last + _NOON
    return min(max(toward, first), last + _DAY)


def _lag_trace(row: pd.Series, points: Points, index: int, axis: str) -> dict:
    """A dotted connector from the selected event's mark to its other time, with a diamond there:
    from when it happened to when it was said on the happened axis, and the reverse. Each end
    sits where the two spans come nearest, so the line never runs along a bar.
    """
    other_axis = "said" if axis == "happened" else "happened"
    other = _nearest(row, other_axis, pd.Timestamp(points["mark"][index]))
    mark = _nearest(row, axis, other)
    span = describe_span(*(row[column] for column in AXIS_COLUMNS[other_axis]))
    lag = lag_words(
        row["said_start"], row["said_end"], row["start"], row["end"], row["said_qualifier"]
    )
    other_name = other_axis.capitalize()
    hover = f"{other_name}: {span} · {lag}"
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "meta": "lag",
        "name": LAG,
        "legendgroup": "lag",
        "showlegend": True,
        "x": [mark, other],
        "y": [points["y"][index]] * 2,
        "line": {"color": MARK_GREY, "width": 2, "dash": "dot"},
        "marker": {
            "symbol": ["circle-open", "diamond"],
            "size": [0, 12],
            "color": MARK_GREY,
        },
        "customdata": [points["id"][index]] * 2,
        "hovertext": [hover] * 2,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _layout(lanes: dict[str, str], lane: str, colour: str, height: int | None) -> dict:
    return dict(
        height=height or max(360, 120 + 64 * len(lanes)),
        font={"size": FONT_SIZE},
        hoverlabel={"font": {"size": FONT_SIZE - 1}, "align": "left"},
        hovermode="closest",
        barmode="overlay",
        legend={
            "title": {"text": COLOURS[colour], "font": {"size": FONT_SIZE}},
            "font": {"size": FONT_SIZE},
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        # Set here rather than through a template: copying a template costs ~0.1 s per figure.
        plot_bgcolor="white",
        # Sizes are set on every text, not only the base font: a chart theme such as
        # Streamlit's fills in smaller ones wherever a key is left unset.
        xaxis={"type": "date", "tickfont": {"size": FONT_SIZE}, "gridcolor": "#e5e5e5"},
        yaxis={
            "title": {"text": LANES[lane], "font": {"size": FONT_SIZE}},
            "tickfont": {"size": FONT_SIZE},
            "tickvals": list(range(len(lanes))),
            "ticktext": [html.escape(label, quote=False) for label in lanes.values()],
            "range": [len(lanes) - 0.5, -0.5],
            "zeroline": False,
            "gridcolor": "#f0f0f0",
            "automargin": True,
        },
    )


def _empty_figure(height: int | None) -> go.Figure:
    """A figure that says there is nothing to show, rather than an empty grid."""
    return go.Figure(
        layout=go.Layout(
            height=height or 360,
            font={"size": FONT_SIZE},
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[{"text": NO_EVENTS, "showarrow": False, "xref": "paper", "yref": "paper"}],
        )
    )
