"""Troop-number claims over the time they were said: the frame, the table and the figure of the
Estimates page."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.data import fields, names
from timeline.data.model import Taxonomy, clip
from timeline.present import (
    DAY,
    FONT_SIZE,
    GRID,
    INK,
    QUOTE_CHARS,
    UNKNOWN_COLOUR,
    date_layout,
    describe_span,
    empty_figure,
    mark_position,
    note_under,
    palette,
    plotly_text,
)

# The troops kinds the page chooses between, by label, and what each counts (said under the chart).
KINDS = {kind: troops.label for kind, troops in fields.TROOPS_KINDS.items()}
COUNTED = {kind: troops.counted for kind, troops in fields.TROOPS_KINDS.items()}
DEFAULT_KIND = fields.DEFAULT_TROOPS_KIND
SCALES = {"linear": "Linear", "log": "Logarithmic"}

# Labels are planned for the plot's size in pixels: the figure's width less the y axis and the
# margins, its height less the legend, the x axis and its title (measured on the page).
FIGURE_WIDTH = 880  # the main area at 1366x768 with the sidebar open
AXES_PX = (110, 170)
LABEL_FONT = 14
CHAR_PX = 0.55 * LABEL_FONT  # an average label character, wide enough for most names
LABEL_GAP_PX = 9  # from a mark's centre to its label
LABEL_RULE = (
    "Labels go right of their mark, else left, above or below; a label is left off where none "
    "of these is clear of the labels already placed (in the order said) and of the other marks; "
    "hover shows every claim."
)


def said_position(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Where each event's said-time sits on a date axis, and how to draw it.

    A said day sits at its noon ("day"); a run of days at its middle ("span"); a said-time known
    only as "no later than" at the noon of its last day ("by"), drawn as an open ◁ as on the
    timeline.
    """
    return mark_position(df["said_start"], df["said_end"], df["said_qualifier"])


def counts(df: pd.DataFrame) -> dict[str, int]:
    """How many events give a number of each troops kind, every kind listed.

    counts(events) == {"deployed": 14, "casualties": 2, "unit": 0}
    """
    found = df.loc[df["troops"].notna(), "troops_kind"].value_counts()
    return {kind: int(found.get(kind, 0)) for kind in KINDS}


def estimates_frame(df: pd.DataFrame, kind: str = DEFAULT_KIND) -> pd.DataFrame:
    """The events that give a number of `kind`, in the order they were said, with `x` and
    `said_style` (see said_position) added; same-time claims follow what they are about."""
    if kind not in KINDS:
        raise ValueError(f"no troops kind {kind!r}; expected one of: {', '.join(KINDS)}")
    picked = df[df["troops"].notna() & (df["troops_kind"] == kind)].copy()
    picked["x"], picked["said_style"] = said_position(picked)
    return picked.sort_values(["x", "start", "end", "id"], kind="stable")


def number_words(troops: Any, troops_max: Any = None) -> str:
    """A number or a range as a reader says it: number_words(10000, 12000) == "10,000-12,000"."""
    low = f"{int(troops):,}"
    if troops_max is None or pd.isna(troops_max) or troops_max == troops:
        return low
    return f"{low}-{int(troops_max):,}"


# What the table and the hover read of each claim.
_READ = [
    "claimant",
    "alignment",
    "troops",
    "troops_max",
    "quote",
    *("start", "end", "precision", "qualifier"),
    *("said_start", "said_end", "said_precision", "said_qualifier"),
]


def records(df: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """The rows of `df` as dicts of `columns`: many times faster than iterrows, and than
    to_dict of every column (text columns iterate slowly)."""
    return df[columns].to_dict("records")


def _said(row: Mapping[str, Any]) -> str:
    return describe_span(
        row["said_start"], row["said_end"], row["said_precision"], row["said_qualifier"]
    )


def _about(row: Mapping[str, Any]) -> str:
    return describe_span(row["start"], row["end"], row["precision"], row["qualifier"])


def _clip(text: str) -> str:
    return clip(" ".join(str(text).split()), QUOTE_CHARS)


def estimates_table(estimates: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """The table under the chart, one row per row of `estimates` (an estimates_frame): who said
    (short_names) how many, when, about what period, the quote and the source's outlet."""
    sides = {a: names.label("alignment", a, taxonomy) for a in estimates["alignment"].unique()}
    rows = records(estimates, _READ)
    return pd.DataFrame(
        {
            # the short name, as the chart labels it: the full one is in the card
            "Claimant": short_names(estimates),
            "Troops": estimates["troops"],
            "Up to": estimates["troops_max"],
            "Said": [_said(row) for row in rows],
            "About": [_about(row) for row in rows],
            "Side": estimates["alignment"].map(sides),
            "Quote": estimates["quote"],
            "Source": estimates["outlet"],
        }
    ).reset_index(drop=True)


def _hover(estimates: pd.DataFrame, taxonomy: Taxonomy | None, kind: str) -> list[str]:
    """The hover text of each claim; every piece of data is escaped for Plotly's pseudo-HTML."""

    texts = []
    for row in records(estimates, _READ):
        side = names.label("alignment", row["alignment"], taxonomy)
        texts.append(
            f"<b>{plotly_text(row['claimant'])}</b> · {plotly_text(side)}<br>"
            f"<b>{number_words(row['troops'], row['troops_max'])}</b> "
            f"{plotly_text(KINDS[kind].lower())}<br>"
            f"Said: {plotly_text(_said(row))}<br>"
            f"About: {plotly_text(_about(row))}<br>"
            f"<i>“{plotly_text(_clip(row['quote']))}”</i>"
        )
    return texts


def _segments(xs: list, ys: list) -> tuple[list, list]:
    """Pairs of points as one line trace's x and y, each pair cut from the next by a gap."""
    x: list = []
    y: list = []
    for (x0, x1), (y0, y1) in zip(xs, ys, strict=True):
        x += [x0, x1, None]
        y += [y0, y1, None]
    return x, y


MARKERS: dict[str, dict] = {
    "day": {"symbol": "circle", "size": 12, "line": {"color": "white", "width": 1}},
    "span": {"symbol": "circle", "size": 12, "line": {"color": "white", "width": 1}},
    "by": {"symbol": "triangle-left-open", "size": 14, "line": {"width": 3}},
    # said before the axis starts: drawn at its left edge, pointing further left
    "earlier": {"symbol": "arrow-left", "size": 18, "line": {"color": "white", "width": 1}},
}


def said_markers(
    rows: pd.DataFrame,
    y: pd.Series,
    hover: pd.Series,
    colour: str,
    side: str,
    side_label: str,
) -> list[dict]:
    """One marker trace per way a said-time is drawn (MARKERS), for the claims of one side.

    `y` and `hover` are indexed like `rows`; every mark carries its event id as customdata[0],
    and the side's legend entry goes on its first trace.
    """
    traces: list[dict] = []
    for style, marker in MARKERS.items():
        picked = rows[rows["said_style"] == style]
        if picked.empty:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "meta": style,
                "x": picked["x"],
                "y": y[picked.index],
                "marker": {"color": colour, **marker},
                "customdata": picked["id"].to_numpy(dtype=object).reshape(-1, 1),
                "hovertext": hover[picked.index].tolist(),
                "hovertemplate": "%{hovertext}<extra></extra>",
                "legendgroup": side,
                "name": plotly_text(side_label),
                "showlegend": not traces,
            }
        )
    return traces


def estimates_figure(
    df: pd.DataFrame,
    taxonomy: Taxonomy | None,
    *,
    kind: str = DEFAULT_KIND,
    scale: str = "linear",
    height: int = 480,
    window: tuple[dt.date, dt.date] | None = None,
    width: int = FIGURE_WIDTH,
) -> go.Figure:
    """The numbers of `kind` the events claim (y) over when they were said (x), coloured by side.

    One marker per claim (customdata[0] = event id), an open ◁ where the said-time is only "no
    later than"; a horizontal line over a said-time that is a run of days; a vertical bar from
    `troops` to `troops_max` for a range; a thin line joining one claimant's claims in time
    order. Traces: at most five per side, and one of labels. `trace.meta` names what a trace
    draws.

    The x axis spans `window` (the story) and any claim said after it; a claim said before it is
    drawn at the axis's left edge as an ← ("earlier") whose label names it and when it was said.
    Each mark is labelled with its claimant's short name, planned for a plot `width` pixels wide
    by LABEL_RULE; `layout.meta["hidden_labels"]` counts the labels left off.
    """
    if scale not in SCALES:
        raise ValueError(f"no scale {scale!r}; expected one of: {', '.join(SCALES)}")
    estimates = estimates_frame(df, kind)
    x_range, earlier = axis_range(estimates["x"], window)
    if earlier.any():
        start = pd.Timestamp(window[0]) if window else estimates["x"].min()
        estimates.loc[earlier, "x"] = (
            pd.Timestamp(x_range[0]) + (start - pd.Timestamp(x_range[0])) / 2
        )
        estimates.loc[earlier, "said_style"] = "earlier"
    if estimates.empty:
        return empty_figure(
            f"No claim among these events gives a number of {KINDS[kind].lower()}.", 300
        )
    colours = palette(taxonomy, "alignment")
    hover = pd.Series(_hover(estimates, taxonomy, kind), index=estimates.index)
    traces = []
    for side, side_label in names.labels(estimates, "alignment", taxonomy).items():
        rows = estimates[estimates["alignment"] == side]
        colour = colours.get(side, UNKNOWN_COLOUR)
        group = {"legendgroup": side, "showlegend": False, "line": {"color": colour}}
        # Lines first, so the markers are drawn over them.
        joins = _joins(rows)
        if joins[0]:
            traces.append(_lines(*joins, "claimant", group, width=1.5, dash="dot"))
        ranged = rows[rows["troops_max"].notna() & (rows["troops_max"] != rows["troops"])]
        if not ranged.empty:
            x, y = _segments(
                [(x, x) for x in ranged["x"]],
                list(zip(ranged["troops"], ranged["troops_max"], strict=True)),
            )
            traces.append(_lines(x, y, "range", group, width=5))
        said_spans = rows[rows["said_style"] == "span"]
        if not said_spans.empty:
            x, y = _segments(
                list(zip(said_spans["said_start"], said_spans["said_end"] + DAY, strict=True)),
                [(y, y) for y in said_spans["troops"]],
            )
            traces.append(_lines(x, y, "said_span", group, width=2))
        traces += said_markers(rows, rows["troops"].astype(float), hover, colour, side, side_label)
    layout = _layout(kind, scale, height)
    layout["xaxis"]["range"] = x_range
    layout["yaxis"]["range"] = _y_range(estimates, scale)
    plot = (width - AXES_PX[0], height - AXES_PX[1])
    labels, hidden = _labels(estimates, x_range, layout["yaxis"]["range"], scale, plot)
    traces.append(labels)
    layout["meta"] = {"hidden_labels": hidden}
    if hidden:
        layout["annotations"] = [
            note_under(
                f"{hidden} label{'s' if hidden != 1 else ''} left off where they would "
                "overlap: hover for them",
                "right",
                40,
                {"size": FONT_SIZE - 2},
            )
        ]
    return go.Figure({"data": traces, "layout": layout})


def axis_range(x: pd.Series, window: tuple[dt.date, dt.date] | None) -> tuple[list[str], pd.Series]:
    """The x axis range (padded_range) over `window` and any claim said after it, and which
    claims were said before it (True: drawn at the left edge). Without a window, over every
    claim."""
    if window is None or x.empty:
        return padded_range(x), pd.Series(False, index=x.index)
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + DAY
    earlier = x < start
    spanned = pd.concat([pd.Series([start, end]), x[~earlier]])
    return padded_range(spanned), earlier


def padded_range(x: pd.Series) -> list[str]:
    """The date axis range over `x` with 5% (at least a week) to spare at each end, so marks at
    the edges are not cut in half, and claims of one day span two weeks, which Plotly ticks in
    days, never in hours."""
    first, last = x.min(), x.max()
    pad = max((last - first) * 0.05, 7 * DAY)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


def _y_range(estimates: pd.DataFrame, scale: str) -> list[float]:
    """The y range, set rather than left to Plotly, so labels can be planned in pixels."""
    values = pd.concat([estimates["troops"], estimates["troops_max"]]).dropna().astype(float)
    top = max(float(values.max()), 1.0)
    if scale == "linear":
        return [0.0, top * 1.08]
    bottom = max(float(values[values > 0].min()) if (values > 0).any() else 1.0, 1.0)
    return [math.log10(bottom) - 0.15, math.log10(top) + 0.15]


def short_names(estimates: pd.DataFrame) -> pd.Series:
    """Each claim's claimant as a label names it: the short name where the record gives one."""
    return estimates["claimant_short"].where(
        estimates["claimant_short"].notna(), estimates["claimant"]
    )


def _labels(
    estimates: pd.DataFrame,
    x_range: list[str],
    y_range: list[float],
    scale: str,
    plot: tuple[float, float],
) -> tuple[dict, int]:
    """The claimant beside each mark (label_trace), an earlier claim's with when it was said."""
    values = estimates["troops"].astype(float).to_numpy()
    if scale == "log":
        values = np.log10(np.clip(values, 1e-9, None))
    rows = records(
        estimates, ["said_style", "said_start", "said_end", "said_precision", "said_qualifier"]
    )
    texts = [
        f"← {name}, said {_said(row)}" if row["said_style"] == "earlier" else str(name)
        for name, row in zip(short_names(estimates), rows, strict=True)
    ]
    return label_trace(estimates["x"], estimates["troops"].astype(float), texts, plot,
                       pixels(estimates["x"], x_range, plot[0]),
                       (values - y_range[0]) / (y_range[1] - y_range[0]) * plot[1])  # fmt: skip


def pixels(x: pd.Series, x_range: list[str], width: float) -> np.ndarray:
    """Where dates `x` fall across a plot `width` pixels wide showing `x_range`."""
    x0, x1 = (pd.Timestamp(value) for value in x_range)
    return ((x - x0) / (x1 - x0) * width).to_numpy(dtype=float)


def label_trace(
    x: pd.Series,
    y: pd.Series,
    texts: list[str],
    plot: tuple[float, float],
    xs: np.ndarray,
    ys: np.ndarray,
) -> tuple[dict, int]:
    """A trace (meta "labels") of `texts` beside the marks at (x, y), which sit at pixels
    (xs, ys) of a plot (width, height), placed by LABEL_RULE in the order given; and how many
    labels the rule left off. No label covers another label or another mark."""
    width = plot[0]
    half_mark, half_line = 8.0, LABEL_FONT * 0.65
    marks = [
        (px - half_mark, px + half_mark, py - half_mark, py + half_mark)
        for px, py in zip(xs, ys, strict=True)
    ]
    placed: list[tuple[float, float, float, float]] = []
    trace: dict = {
        "type": "scatter",
        # Invisible markers the size of the marks: Plotly sets text beside a marker, not on it.
        "mode": "markers+text",
        "marker": {"size": 2 * LABEL_GAP_PX, "color": "rgba(0, 0, 0, 0)"},
        "meta": "labels",
        "x": [],
        "y": [],
        "text": [],
        "textposition": [],
        "textfont": {"size": LABEL_FONT, "color": INK},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    for i, text in enumerate(texts):
        others = placed + marks[:i] + marks[i + 1 :]
        # the first place inside the plot, clear of every label placed and every other mark
        found = next(
            (
                (position, box)
                for position, box in _label_boxes(xs[i], ys[i], len(text) * CHAR_PX, half_line)
                if box[0] >= 0 and box[1] <= width and not any(_overlap(box, o) for o in others)
            ),
            None,
        )
        if found is None:
            continue
        position, box = found
        placed.append(box)
        trace["x"].append(x.iloc[i])
        trace["y"].append(float(y.iloc[i]))
        trace["text"].append(plotly_text(text))
        trace["textposition"].append(position)
    return trace, len(texts) - len(placed)


def _label_boxes(
    x: float, y: float, across: float, half_line: float
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Where a label may go, in the order tried: right of its mark, left, above, below, above or below to the right; each
    with the box (left, right, bottom, top) it takes in plot pixels."""
    gap, lift = LABEL_GAP_PX, LABEL_GAP_PX + half_line
    return [
        ("middle right", (x + gap, x + gap + across, y - half_line, y + half_line)),
        ("middle left", (x - gap - across, x - gap, y - half_line, y + half_line)),
        (
            "top center",
            (x - across / 2, x + across / 2, y + lift - half_line, y + lift + half_line),
        ),
        (
            "bottom center",
            (x - across / 2, x + across / 2, y - lift - half_line, y - lift + half_line),
        ),
        # at the plot's left edge (a claim said before the window) a centred label would not fit
        ("top right", (x, x + across, y + lift - half_line, y + lift + half_line)),
        ("bottom right", (x, x + across, y - lift - half_line, y - lift + half_line)),
    ]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _joins(rows: pd.DataFrame) -> tuple[list, list]:
    """Lines from each claim of a claimant to their next one, in the order they were said."""
    xs: list = []
    ys: list = []
    for _, claims in rows.groupby("claimant", sort=True):
        x, y = claims["x"].tolist(), claims["troops"].astype(float).tolist()
        xs += list(pairwise(x))
        ys += list(pairwise(y))
    return _segments(xs, ys)


def _lines(x: list, y: list, meta: str, group: dict, *, width: float, dash: str = "solid") -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "meta": meta,
        "x": x,
        "y": y,
        "hoverinfo": "skip",
        **group,
        "line": {**group["line"], "width": width, "dash": dash},
        "opacity": 0.6 if meta == "claimant" else 0.8,
    }


def _layout(kind: str, scale: str, height: int) -> dict:
    layout = date_layout(height, x_title="Said")
    # Days, whatever the zoom: a claim is dated to the day at best, so a tick at noon says nothing.
    layout["xaxis"]["tickformat"] = "%b %-d, %Y"
    return {
        **layout,
        "yaxis": {
            "type": scale,
            "title": {"text": KINDS[kind], "font": {"size": FONT_SIZE}},
            "tickfont": {"size": FONT_SIZE},
            "gridcolor": GRID,
            "tickformat": ",d",
            "rangemode": "tozero" if scale == "linear" else "normal",
            "automargin": True,
        },
    }
