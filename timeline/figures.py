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
    height: int | None = None,
) -> go.Figure:
    """The events on a date axis: range events as bars, one-day events as markers.

    Lanes (y) follow `lane`, colours follow `colour` (a key of LANES and COLOURS). Bars of
    spans not known to the day are hatched and lighter; `by` events get an open left-pointing
    marker at their last day. Every trace has `customdata[:, 0]` = event id and every event has
    at least one marker point, so a selection maps back to events. Traces: at most five per
    colour value, whatever the number of events. `trace.meta` names the style (see STYLES).
    """
    if lane not in LANES:
        raise ValueError(f"no lane {lane!r}; expected one of: {', '.join(LANES)}")
    colours = palette(taxonomy, colour)
    if df.empty:
        return _empty_figure(height)
    lanes = _labels(df, lane, taxonomy)
    values = _labels(df, colour, taxonomy)
    points = _points(df, taxonomy, lane, list(lanes))
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
    layout = _layout(lanes, lane, colour, height)
    window, before = focus_window(df)
    if window is not None:
        layout["xaxis"]["range"] = [day.isoformat() for day in window]
        if before:
            layout["annotations"] = [_off_left_note(before)]
    # Plain dicts, validated once by the Figure: building trace objects first validates twice.
    return go.Figure({"data": traces, "layout": layout})


def focus_window(df: pd.DataFrame) -> tuple[tuple[dt.date, dt.date] | None, int]:
    """The date window the chart opens on, and how many events lie wholly before it.

    A few early events (background a year before the story) would squeeze the rest into the
    right edge, so when the earliest FOCUS_SHARE of events stretch the axis more than
    FOCUS_STRETCH times, the chart opens on the rest; zooming out shows everything. None when
    every event fits comfortably.
    """
    first, last = df["start"].min(), df["end"].max()
    if pd.isna(first):
        return None, 0
    # "lower": an event's own start, so the window opens on whole events
    start = df["start"].quantile(FOCUS_SHARE, interpolation="lower")
    if (last - first) <= FOCUS_STRETCH * (last - start):
        return None, 0
    pad = (last - start) * 0.03 + pd.Timedelta(days=1)
    window = ((start - pad).date(), (last + pad).date())
    return window, int((df["end"] < start - pad).sum())


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


def _points(df: pd.DataFrame, taxonomy: Taxonomy | None, lane: str, lanes: list[str]) -> Points:
    """Per event, what every trace needs: id, hover, y, x positions and the style flags."""
    first_day = df["start"]
    after_last = df["end"] + _DAY
    lane_code = df[lane].map({value: code for code, value in enumerate(lanes)}).to_numpy(int)
    columns = {
        # One column, so a selected point's customdata[0] is its event id.
        "id": df["id"].to_numpy(dtype=object).reshape(-1, 1),
        "hover": _hover(df, taxonomy).to_numpy(dtype=object),
        "y": lane_code + _subrow_offsets(lane_code, df["start"].to_numpy(), df["end"].to_numpy()),
        "base": first_day,
        "length_ms": (after_last - first_day).dt.total_seconds() * 1000,
        "middle": first_day + (after_last - first_day) / 2,
        "day": first_day + _NOON,
        "last_day": df["end"] + _NOON,
        "ranged": df["start"] != df["end"],
        "exact": df["precision"].isin(EXACT),
        "by": df["qualifier"].isin(["by"]),
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


def _hover(df: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.Series:
    """The hover text of each event, built column-wise; every piece of data is escaped."""
    countries = {
        code: html.escape(fields.label("claimant_country", code, taxonomy), quote=False)
        for code in df["claimant_country"].unique()
    }
    first = df["start"].dt.strftime("%Y-%m-%d")
    last = df["end"].dt.strftime("%Y-%m-%d")
    span = first.where(df["start"] == df["end"], first + " to " + last)
    when = span.where(~df["qualifier"].isin(["by"]), "no later than " + last)
    worded = ("“" + _escape(df["date_text"].fillna("")) + "” → ").where(df["date_text"].notna(), "")
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
        + "<br>"
        + worded
        + when
        + " ("
        + df["precision"].str.replace("_", " ", regex=False)
        + ")<br><i>“"
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
