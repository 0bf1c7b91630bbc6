"""Plotly figures for the dashboard: the timeline of events in lanes, coloured by a chosen field."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.charts import density, stacking
from timeline.data import fields, names
from timeline.data.dates import BY
from timeline.data.model import Case, Taxonomy, clip
from timeline.present import (
    AXES,
    AXIS_COLUMNS,
    DAY,
    FONT_SIZE,
    INK,
    NO_EVENTS,
    NOON,
    QUOTE_CHARS,
    UNKNOWN_COLOUR,
    describe_span,
    empty_figure,
    lag_words,
    layout,
    mark_position,
    note_under,
    palette,
    plotly_text,
)

LANES = fields.LANES
COLOURS = fields.COLOURS

# Spans known to the day; every other precision is drawn as uncertain.
EXACT = frozenset({"day", "days"})
# The chart opens on all but the earliest 5% of events when those stretch the axis over twice.
FOCUS_SHARE = 0.05
FOCUS_STRETCH = 2
CORRECTED = "Date corrected by the curator"
LAG = "Selected event: when said ↔ when it happened"
# Dark enough to read on white, light enough to show on the dark theme.
MARK_GREY = "#5A5A5A"

# Sub-rows: y is counted in rows; lanes are ROW_PX rows apart from a LANE_GAP of half-rows.
ROW_PX = 24
LANE_GAP = 0.6
_BAR_THICKNESS = 0.55
_MARGIN_PX = 90  # the core figure's top and bottom margins
# Rows a lane may take before labels are thinned: ROW_BUDGET shared by the lanes in proportion
# to their events in the window, each lane's share within these bounds. Generous, so that every
# event of the story can keep its label on a wide screen and four in five on a laptop: a lane
# only takes the rows its labels need, so a wider chart is a shorter one.
ROW_BUDGET = 100
MIN_ROWS, MAX_ROWS = 2, 20
# In a figure of a set height: a row is this many label heights (and never shorter than ROW_PX,
# which a ringed mark needs), and the title, the legend, the dates and the source line take this
# many pixels of the height.
ROW_EMS = 1.4
PRINT_MARGINS_PX = 380
# Labels: planned for the chart's width in the dashboard at 1366x768 with the sidebar open
# (wider screens only give labels more room than planned), less the lane names beside it, and a
# character's width in the label font, kept generous so an estimated label is never narrower
# than the drawn one.
FIGURE_WIDTH = 880
LABEL_FONT = 14
LANE_NAME_CHARS = 42  # "North Atlantic Treaty Organization (NATO)" whole
CHAR_EM = 0.5  # a label character's width, in ems of the page's label font
LABEL_GAP_PX = 6
MARK_PX = 26  # a dot with its correction ring
# How many events a window may show with labels; above it the figure draws marks only.
LABEL_LIMIT = 300
MARKS_ROWS = 3  # without labels, a lane's events are dealt over this many rows
_EPOCH = pd.Timestamp("1970-01-01")
NOTE_DROP = 40  # notes under the plot sit below the date labels


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
    width: int = FIGURE_WIDTH,
    label_size: int = LABEL_FONT,
    label_em: float = CHAR_EM,
    margins_px: int = PRINT_MARGINS_PX,
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
    of events, plus the ring, the connector and the labels. `trace.meta` names the style (see
    STYLES).

    Each event in the window carries its label beside its mark, events packed into sub-rows of
    their lane so no label overlaps a mark or another label (stacking.pack, with labels as wide
    as they would be drawn in `window` in a figure `width` pixels wide). Labels that do not fit are left
    out by stacking's thinning rule and an annotation counts them. `layout.meta` says the mode
    ("labels", or "marks" above LABEL_LIMIT events in the window) and the counts.

    A set `height` holds the whole figure: of it, `margins_px` go to what is not the plot (a
    print's title, legend, dates and source line), and the lanes share the rest, each row
    row_px() high (a label's line, and room for a ringed mark), labels thinned to fit.
    """
    if lane not in LANES:
        raise ValueError(f"no lane {lane!r}; expected one of: {', '.join(LANES)}")
    if axis not in AXES:
        raise ValueError(f"no axis {axis!r}; expected one of: {', '.join(AXES)}")
    colours = palette(taxonomy, colour)
    if df.empty:
        return empty_figure(NO_EVENTS, height or 360)
    # A lane's name is cut short rather than taking the plot's width ("Felix Abt (essay; the
    # publishing outlet is not named in the document)" would leave no room for a label).
    lanes = {
        key: clip(name, LANE_NAME_CHARS) for key, name in names.labels(df, lane, taxonomy).items()
    }
    values = names.labels(df, colour, taxonomy)
    start_column, end_column = AXIS_COLUMNS[axis][:2]
    if window is None:
        window, before = focus_window(df, axis)
    else:
        before = int((df[end_column] < pd.Timestamp(window[0])).sum())
    after = 0 if window is None else int((df[start_column] > pd.Timestamp(window[1])).sum())
    visible = density.visible(df[start_column], df[end_column], window)
    drawing = density.mode(visible)
    if drawing == "density":
        counts = (visible, before, after)
        return _density_figure(
            df, (lane, lanes), (colour, values, colours), axis, window, counts, height
        )
    points = _points(df, taxonomy, lane, list(lanes), axis)
    plot_width = width - _lane_names_px(lanes)
    budget = (ROW_BUDGET, MIN_ROWS, MAX_ROWS)
    if height is not None:
        # A figure of a set height (a print) spreads its rows over it: it gets only the rows in
        # which a label keeps its own line.
        fit = int((height - margins_px) / row_px(label_size) - LANE_GAP * len(lanes))
        budget = (max(fit, len(lanes)), 1, max(1, min(MAX_ROWS, fit - len(lanes) + 1)))
    room = (plot_width, label_size * label_em)
    placed = _place(df, points, len(lanes), window, axis, selected, room, budget)
    if height is not None:
        # Every lane takes a row, even one whose share of the budget rounds to none: take what
        # that adds off the rows shared, until the rows fit the height (when every lane can
        # have a line at all; least_height says when).
        for _ in range(len(lanes)):
            excess = int(placed.rows.sum()) - fit
            # Without labels (too many events in the window) the rows do not follow the budget.
            if excess <= 0 or budget[0] <= len(lanes) or placed.mode != "labels":
                break
            budget = (max(budget[0] - excess, len(lanes)), *budget[1:])
            placed = _place(df, points, len(lanes), window, axis, selected, room, budget)
    points["y"] = placed.y
    # Integer codes and numpy masks: picking a trace's rows must not cost a DataFrame copy.
    codes = df[colour].map({value: code for code, value in enumerate(values)}).to_numpy()
    masks = {style.name: style.select(points) for style in STYLES}
    traces = []
    for code, (value, label) in enumerate(values.items()):
        legend = {"legendgroup": value, "name": plotly_text(label), "showlegend": True}
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
    if placed.labelled.any():
        traces.append(_label_trace(df, points, placed, label_size))
    if drawing == "webgl":
        traces = [density.webgl(trace) for trace in traces]
    layout = _layout(lanes, lane, colour, height, placed)
    layout["meta"]["drawing"] = drawing
    layout["meta"]["width"] = width  # the width its labels were planned for
    return _finish(traces, layout, window, (before, after), placed)


def least_height(lanes: int, margins_px: int, label_size: int = LABEL_FONT) -> int:
    """The least set height of a figure of `lanes` lanes (timeline_figure's `height`, with its
    `margins_px`) at which every lane has a row a label's line high."""
    return margins_px + math.ceil(row_px(label_size) * (lanes * (1 + LANE_GAP)))


def row_px(label_size: int = LABEL_FONT) -> float:
    """How tall a row of a figure of a set height is: a label's line, and room for a ringed mark."""
    return max(label_size * ROW_EMS, ROW_PX)


def _finish(
    traces: list[dict],
    layout: dict,
    window: tuple[dt.date, dt.date] | None,
    off: tuple[int, int],
    placed: Placement,
) -> go.Figure:
    """The figure of `traces` on `layout`, opened on `window`, with its notes under the plot:
    how many events lie wholly before and after the window (`off`), and labels left out."""
    notes = []
    before, after = off
    right = []
    if placed.hidden:
        right.append(_hidden_labels_text(placed))
    if window is not None:
        # The window's last day is shown whole: the axis runs to the midnight after it.
        layout["xaxis"]["range"] = [
            window[0].isoformat(),
            (window[1] + dt.timedelta(1)).isoformat(),
        ]
        if before:
            notes.append(_off_left_note(before))
        if after:
            right.append(f"{after} later event{'s' if after != 1 else ''} ▶")
    if right:
        notes.append(_right_note(" · ".join(right)))
    layout["meta"]["earlier"], layout["meta"]["later"] = before, after
    layout["annotations"] = notes
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


def _density_figure(
    df: pd.DataFrame,
    lanes_by: tuple[str, dict[str, str]],
    colour_by: tuple[str, dict[str, str], dict[str, str]],
    axis: str,
    window: tuple[dt.date, dt.date] | None,
    counts: tuple[int, int, int],
    height: int | None,
) -> go.Figure:
    """The events as density (see timeline.charts.density): per lane and colour, how many events fall
    in each day, week, month or year, counted where their mark would be. Buckets are sized to
    the window and counted within it and one window's width either side, so panning a little
    still shows data and the figure stays small whatever the number of events.

    `lanes_by` is (lane field, value -> name), `colour_by` (colour field, value -> legend label,
    value -> colour), `counts` (events visible in the window, events wholly before and after it).
    """
    (lane, lanes), (colour, values, colours), (visible, *off) = lanes_by, colour_by, counts
    start, end, _, qualifier = (df[column] for column in AXIS_COLUMNS[axis])
    # Counted on the day its mark sits on (present.mark_position), as the marks would show it.
    days = mark_position(start, end, qualifier)[0].dt.floor("D").to_numpy()
    first, last = (start.min(), end.max()) if window is None else map(pd.Timestamp, window)
    unit = density.bucket_unit(np.datetime64(first, "D"), np.datetime64(last, "D"))
    reach = (last - first) + DAY
    near = (days >= (first - reach).to_datetime64()) & (days <= (last + reach).to_datetime64())
    # Categorical codes: a hash lookup per value, far cheaper than Series.map at 100k rows.
    lane_code = pd.Categorical(df[lane], categories=list(lanes)).codes
    codes = pd.Categorical(df[colour], categories=list(values)).codes
    rows = np.full(len(lanes), MARKS_ROWS)
    lane_top = np.concatenate([[0.0], np.cumsum(rows + LANE_GAP)[:-1]])
    counted = density.counts(days[near], lane_code[near], codes[near], unit)
    traces = density.traces(
        counted, lane_top + (rows - 1) / 2, float(MARKS_ROWS), list(lanes.values()), values,
        colours, UNKNOWN_COLOUR, unit,
    )  # fmt: skip
    nothing = np.zeros(0)
    placed = Placement(
        y=nothing, labelled=nothing.astype(bool), anchor=nothing, left=nothing.astype(bool),
        lane_top=lane_top, rows=rows, mode="density",
        visible=visible, hidden=0, px_per_day=0.0,
    )  # fmt: skip
    layout = _layout(lanes, lane, colour, height, placed)
    layout["meta"]["drawing"] = "density"
    return _finish(traces, layout, window, (off[0], off[1]), placed)


def _hidden_labels_text(placed: Placement) -> str:
    if placed.mode == "marks":
        return f"No labels for {placed.visible} events: {LABEL_LIMIT} at most"
    return f"{placed.hidden} labels hidden where they would overlap"


def _right_note(text: str) -> dict:
    return note_under(text, "right", NOTE_DROP, {"size": FONT_SIZE - 2})


def _off_left_note(count: int) -> dict:
    text = f"◀ {count} earlier event{'s' if count != 1 else ''}: double-click the chart for all"
    return note_under(text, "left", NOTE_DROP, {"size": FONT_SIZE - 2})


Points = dict[str, np.ndarray]  # column name -> one value per event


def _points(
    df: pd.DataFrame, taxonomy: Taxonomy | None, lane: str, lanes: list[str], axis: str
) -> Points:
    """Per event, what every trace needs: id, hover, y, x positions on `axis` and style flags."""
    start, end, precision, qualifier = (df[column] for column in AXIS_COLUMNS[axis])
    first_day = start
    after_last = end + DAY
    lane_code = df[lane].map({value: code for code, value in enumerate(lanes)}).to_numpy(int)
    mark, style = mark_position(start, end, qualifier)
    ranged = (start != end).to_numpy()
    by = style.eq("by").to_numpy()
    middle = (first_day + (after_last - first_day) / 2).to_numpy()
    day = (first_day + NOON).to_numpy()
    last_day = (end + NOON).to_numpy()
    columns = {
        # One column, so a selected point's customdata[0] is its event id.
        "id": df["id"].to_numpy(dtype=object).reshape(-1, 1),
        "hover": _hover(df, taxonomy).to_numpy(dtype=object),
        "lane": lane_code,
        "base": first_day,
        "length_ms": (after_last - first_day).dt.total_seconds() * 1000,
        "middle": middle,
        "day": day,
        "last_day": last_day,
        "mark": mark.to_numpy(),
        "last": end,
        "ranged": ranged,
        "exact": precision.isin(EXACT),
        "by": by,
        "corrected": df["corrected"].fillna(False).astype(bool),
    }
    return {name: np.asarray(column) for name, column in columns.items()}


@dataclass(frozen=True)
class Placement:
    """Where the events sit: y (in rows) of each, which carry a visible label and where it is
    anchored, the rows of each lane, and the mode."""

    y: np.ndarray
    labelled: np.ndarray  # bool per event
    anchor: np.ndarray  # datetime64 per event: where its label's text starts (or ends, if left)
    left: np.ndarray  # bool per event: the label is left of the mark
    lane_top: np.ndarray  # the y of each lane's top row
    rows: np.ndarray  # rows per lane
    mode: str  # "labels", or "marks" when the window holds more than LABEL_LIMIT events
    visible: int  # events in the window
    hidden: int  # events in the window whose label was left out
    px_per_day: float  # the scale labels were measured at: CHAR_PX a character, MARK_PX a dot


def _lane_names_px(lanes: dict[str, str]) -> int:
    """Roughly how wide the lane names, the axis title and the margins are, in pixels."""
    return round(max(map(len, lanes.values())) * 0.6 * FONT_SIZE) + 60


def _days(values: np.ndarray) -> np.ndarray:
    """Datetimes as float days since 1970: the unit the packing works in."""
    return (pd.DatetimeIndex(values) - _EPOCH) / DAY


def _place(
    df: pd.DataFrame,
    points: Points,
    lanes: int,
    window: tuple[dt.date, dt.date] | None,
    axis: str,
    selected: str | None,
    room: tuple[int, float],
    budget: tuple[int, int, int] = (ROW_BUDGET, MIN_ROWS, MAX_ROWS),
) -> Placement:
    """Sub-rows and labels for the events as seen in `window` (all of them when None), in a plot
    `room` = (width, a label character's width) in pixels, with `budget` = (rows shared by the lanes,
    least and most rows a lane takes)."""
    plot_width, char_px = room
    bar_first = _days(points["base"])
    bar_last = bar_first + points["length_ms"].astype(float) / 86_400_000
    centre = _days(points["mark"])
    if window is None:
        low, high = float(bar_first.min()), float(bar_last.max())
    else:
        low = float(_days(np.array([pd.Timestamp(window[0])]))[0])
        high = float(_days(np.array([pd.Timestamp(window[1]) + DAY]))[0])
    per_day = max(plot_width, 100) / max(high - low, 1.0)
    half = MARK_PX / 2 / per_day
    first = np.where(points["ranged"], np.minimum(bar_first, centre - half), centre - half)
    last = np.where(points["ranged"], np.maximum(bar_last, centre + half), centre + half)
    chosen: Iterable[int] = (
        np.flatnonzero(points["id"][:, 0] == selected) if selected is not None else ()
    )
    for index in chosen:  # the connector is part of the selected event's mark
        other_axis = "said" if axis == "happened" else "happened"
        other = _nearest(df.iloc[index], other_axis, pd.Timestamp(points["mark"][index]))
        reach = float(_days(np.array([other]))[0])
        first[index], last[index] = min(first[index], reach - half), max(last[index], reach + half)
    lane = points["lane"]
    inside = (last > low) & (first < high)
    visible = int(inside.sum())
    row = np.zeros(len(lane), dtype=int)
    labelled = np.zeros(len(lane), dtype=bool)
    left = np.zeros(len(lane), dtype=bool)
    texts = df["label"].fillna("").str.len().to_numpy()
    if visible <= LABEL_LIMIT:
        mode = "labels"
        picked = np.flatnonzero(inside)
        gap = LABEL_GAP_PX / per_day
        width = np.where(texts[picked] > 0, texts[picked] * char_px / per_day, 0.0)
        packed = stacking.pack(
            lane[picked], first[picked], last[picked], width,
            stacking.label_rank(df.iloc[picked], selected), lanes=lanes,
            max_rows=stacking.row_caps(lane[picked], lanes, *budget),
            gap=gap,
            bounds=(low, high),
        )  # fmt: skip
        row[picked], labelled[picked], left[picked] = packed.row, packed.labelled, packed.left
        rows = packed.rows
        outside = np.flatnonzero(~inside)
        row[outside] = stacking.deal(lane[outside], first[outside], rows)
    else:
        mode = "marks"
        counts = np.bincount(lane, minlength=lanes)
        rows = np.clip(counts, 1, MARKS_ROWS)
        row = stacking.deal(lane, first, rows)
        gap = 0.0
    lane_top = np.concatenate([[0.0], np.cumsum(rows + LANE_GAP)[:-1]])
    anchor_days = np.where(left, first - gap, last + gap)
    return Placement(
        y=lane_top[lane] + row,
        labelled=labelled,
        anchor=(_EPOCH + pd.to_timedelta(anchor_days, unit="D")).to_numpy(),
        left=left,
        lane_top=lane_top,
        rows=rows,
        mode=mode,
        visible=visible,
        hidden=int(((texts > 0) & inside & ~labelled).sum()),
        px_per_day=per_day,
    )


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
        code: plotly_text(names.label("claimant_country", code, taxonomy))
        for code in df["claimant_country"].unique()
    }
    happened_at = [df[column] for column in AXIS_COLUMNS["happened"]]
    said_at = [df[column] for column in AXIS_COLUMNS["said"]]
    when = _per_unique(describe_span, happened_at)
    said = _per_unique(describe_span, said_at)
    lag = _per_unique(lag_words, [*said_at[:2], *happened_at[:2], said_at[3]])
    corrected = df["corrected"].fillna(False).astype(bool)
    worded = ("“" + plotly_text(df["date_text"].fillna("")) + "” → ").where(
        df["date_text"].notna() & ~corrected, ""
    )
    correction = (
        "; "
        + CORRECTED.lower()
        + ", the source says “"
        + plotly_text(df["date_text"].fillna(""))
        + "”"
    ).where(corrected & df["date_text"].notna(), "")
    said_worded = ("“" + plotly_text(df["said_text"].fillna("")) + "” → ").where(
        df["said_text"].notna(), ""
    )
    # Line breaks need no care: Plotly breaks lines only at <br>, and SVG collapses whitespace.
    quote = df["quote"].str.strip()
    long = quote.str.len() > QUOTE_CHARS
    clipped = quote.mask(long, quote[long].map(lambda text: clip(text, QUOTE_CHARS)))
    return (
        "<b>"
        + plotly_text(df["title"])
        + "</b><br>"
        + plotly_text(df["claimant"])
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
        + plotly_text(clipped)
        + "”</i>"
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
    if qualifier == BY or first == last:
        return last + NOON
    return min(max(toward, first), last + DAY)


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
    # The connector starts on the event's own mark, where it may win the hover: it says all.
    hover = f"<b>{other_name}: {span} · {lag}</b><br>{points['hover'][index]}"
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


def _label_trace(df: pd.DataFrame, points: Points, placed: Placement, size: int) -> dict:
    """The visible labels: one text trace, each label beside its event's mark."""
    picked = np.flatnonzero(placed.labelled)
    return {
        "type": "scatter",
        "mode": "text",
        "meta": "label",
        "showlegend": False,
        "x": placed.anchor[picked],
        "y": placed.y[picked],
        "text": plotly_text(df["label"].iloc[picked]).to_numpy(dtype=object),
        "textposition": np.where(placed.left[picked], "middle left", "middle right"),
        "textfont": {"size": size, "color": INK},
        "customdata": points["id"][picked],
        "hovertext": points["hover"][picked],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _layout(
    lanes: dict[str, str], lane: str, colour: str, height: int | None, placed: Placement
) -> dict:
    spread = float(placed.lane_top[-1] + placed.rows[-1])  # rows and gaps, top to bottom
    centres = placed.lane_top + (placed.rows - 1) / 2
    # A faint line between lanes, since sub-rows leave no other cue to where a lane ends.
    between = [
        {
            "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
            "line": {"color": "rgba(128, 128, 128, 0.35)", "width": 1}, "layer": "below",
        }
        for y in placed.lane_top[1:] - (LANE_GAP + 1) / 2
    ]  # fmt: skip
    return layout(
        height=height or max(360, _MARGIN_PX + round(ROW_PX * (spread + 0.4))),
        meta={
            "mode": placed.mode,
            "visible": placed.visible,
            "labels": int(placed.labelled.sum()),
            "hidden": placed.hidden,
            "px_per_day": placed.px_per_day,
        },
        shapes=between,
        barmode="overlay",
        legend={"title": {"text": COLOURS[colour]}},
        margin={"b": 40 + NOTE_DROP},
        xaxis={"type": "date"},
        yaxis={
            "title": {"text": LANES[lane]},
            "tickvals": centres.tolist(),
            "ticktext": [plotly_text(label) for label in lanes.values()],
            "range": [spread - 0.3, -0.7],
            "zeroline": False,
            "showgrid": False,
            "automargin": True,
        },
    )


def opening_window(
    df: pd.DataFrame,
    case: Case | None,
    axis: str = "happened",
    within: tuple[dt.date | None, dt.date | None] = (None, None),
) -> tuple[dt.date, dt.date] | None:
    """The first and last day the chart opens on: the case's story window, cut to `within`
    (the date filter's from and to), when an event placed by `axis` falls in it; else
    focus_window()'s. None when the whole extent of the events is best.

    opening_window(events, Case(title="t", story={"from": oct1, "to": dec31})) == (oct1, dec31)
    """
    start_column, end_column = AXIS_COLUMNS[axis][:2]
    story = case.story if case is not None else None
    if story is not None:
        first = max(story.from_, within[0]) if within[0] else story.from_
        last = min(story.to, within[1]) if within[1] else story.to
        inside = (df[end_column] >= pd.Timestamp(first)) & (df[start_column] <= pd.Timestamp(last))
        if first <= last and inside.any():
            return first, last
    return focus_window(df, axis)[0]
