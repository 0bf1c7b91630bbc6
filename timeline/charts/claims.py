"""Claims that contradict each other, and each side's record: the frames and figures of the Claims
page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.charts.estimates import (
    AXES_PX,
    FIGURE_WIDTH,
    label_trace,
    padded_range,
    pixels,
    records,
    said_markers,
    said_position,
    short_names,
)
from timeline.data import names
from timeline.data.dates import BY
from timeline.data.model import Taxonomy
from timeline.present import (
    FONT_SIZE,
    UNKNOWN_COLOUR,
    date_layout,
    describe_span,
    empty_figure,
    lag_days,
    layout,
    palette,
    plotly_text,
)

# What each side of a pair carries into the pair's row.
SIDE_COLUMNS = (
    "id",
    "title",
    "claimant",
    "alignment",
    "status",
    "quote",
    "said_start",
    "said_end",
    "said_precision",
    "said_qualifier",
)
NO_PAIRS = "No two of these events contradict each other."
# Arcs drawn at most: beyond a few hundred they are a grey mass, and each costs the browser.
MAX_PAIRS = 300
_ARC_POINTS = 24  # samples along each arc: smooth at any zoom a screen allows
# The arcs: a dark grey (6.9:1 on white), and how high (in lanes) their control points rise
# over the higher of their two ends; an arc peaks halfway there (see _bulges).
ARC_COLOUR = "#5A5A5A"
ARC_WIDTH = 2.5
BULGE_MIN, BULGE_MAX = 0.3, 1.4
_SPREAD = 0.6  # how much of a lane's height claims said on the same day are spread over


def contradiction_pairs(events: pd.DataFrame) -> pd.DataFrame:
    """Every pair of events one of which says it contradicts the other, once per pair.

    Columns: a_<c> and b_<c> for each of SIDE_COLUMNS, `lag` (days from A's said-time to B's)
    and `bounded` (True when either said-time is only "no later than"). A is the claim said
    first, B the one that answers it (of two said together, the one about the later
    time answers; then by id). A pair with an id not among `events` is left
    out, so pairs(filtered events) are the pairs both of whose claims pass the filters.
    """
    listed = events.loc[events["contradicts"].map(len) > 0, ["id", "contradicts"]]
    edges = listed.explode("contradicts").dropna()
    known = edges["contradicts"].isin(set(events["id"])) & (edges["id"] != edges["contradicts"])
    edges = edges[known]
    columns = [f"{p}_{c}" for p in "ab" for c in SIDE_COLUMNS] + ["lag", "bounded"]
    if edges.empty:
        return pd.DataFrame(columns=columns)
    claims = events.set_index("id")
    # A claim's place in the order of saying; A is the earlier of the two.
    said = events.sort_values(["said_start", "said_end", "start", "id"])["id"]
    rank = pd.Series(np.arange(len(said)), index=said.to_numpy())
    one, two = edges["id"].to_numpy(), edges["contradicts"].to_numpy()
    first = rank[one].to_numpy() <= rank[two].to_numpy()
    a, b = np.where(first, one, two), np.where(first, two, one)
    pairs = pd.DataFrame({"a": a, "b": b}).drop_duplicates(ignore_index=True)
    frame = {}
    for prefix in "ab":
        rows = claims.loc[pairs[prefix]].reset_index()
        for column in SIDE_COLUMNS:
            frame[f"{prefix}_{column}"] = rows[column].to_numpy()
    result = pd.DataFrame(frame)
    result["lag"] = [
        lag_days(b_start, b_end, a_start, a_end)
        for a_start, a_end, b_start, b_end in zip(
            result["a_said_start"],
            result["a_said_end"],
            result["b_said_start"],
            result["b_said_end"],
            strict=True,
        )
    ]
    result["answer"] = [
        answer_words(lag, a_by == BY, b_by == BY)
        for lag, a_by, b_by in zip(
            result["lag"], result["a_said_qualifier"], result["b_said_qualifier"], strict=True
        )
    ]
    return result.sort_values(["a_said_start", "b_said_start", "a_id", "b_id"], ignore_index=True)


def answer_words(lag: int, a_by: bool, b_by: bool) -> str:
    """How long after claim A claim B was said, as far as the said-times tell.

    A said-time known only as "no later than" makes the lag a bound: answer_words(5, True, False)
    == "at least 5 days later"; answer_words(5, False, True) == "at most 5 days later".
    """
    days = "the same day" if lag == 0 else f"{lag} day{'s' if lag != 1 else ''} later"
    if a_by and b_by:
        apart = "of the same day" if lag == 0 else f"{lag} day{'s' if lag != 1 else ''} apart"
        return f"not known: both are dated only by their documents, {apart}"
    if a_by:
        return days if lag == 0 else f"at least {days}"
    if b_by:
        return f"at most {days}" if lag else "the same day at most"
    return days


def pairs_table(pairs: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """One row per pair: claim A (claimant, side, said, status, quote) against claim B, and how
    long B took to answer."""
    table = {}
    for prefix in "AB":
        side = prefix.lower()
        table[f"{prefix}: claimant"] = pairs[f"{side}_claimant"]
        table[f"{prefix}: side"] = _named(pairs[f"{side}_alignment"], "alignment", taxonomy)
        table[f"{prefix}: said"] = [
            describe_span(*said)
            for said in zip(
                pairs[f"{side}_said_start"],
                pairs[f"{side}_said_end"],
                pairs[f"{side}_said_precision"],
                pairs[f"{side}_said_qualifier"],
                strict=True,
            )
        ]
        table[f"{prefix}: status"] = _named(pairs[f"{side}_status"], "status", taxonomy)
        table[f"{prefix}: quote"] = pairs[f"{side}_quote"]
    table["B answered"] = pairs["answer"]
    return pd.DataFrame(table)


def _named(values: pd.Series, column: str, taxonomy: Taxonomy | None) -> pd.Series:
    return values.map({v: names.label(column, v, taxonomy) for v in values.unique()})


def contradictions_figure(
    events: pd.DataFrame,
    pairs: pd.DataFrame,
    taxonomy: Taxonomy | None,
    *,
    max_pairs: int = MAX_PAIRS,
    width: int = FIGURE_WIDTH,
) -> go.Figure:
    """The claims of `pairs` (a contradiction_pairs frame) as marks on the time they were said
    (x), in their side's lane (y), with an arc from each claim A to the claim B that answers it,
    an arrowhead halfway pointing to B.

    Marks carry customdata[0] = event id and are drawn as on the Estimates chart (an open ◁ for
    "no later than"); claims of a lane said on the same day are spread over the lane. The arcs
    (see _arcs) are the first two traces, drawn under the marks. Only the first `max_pairs`
    pairs (in the order said) are drawn.
    """
    if pairs.empty:
        return empty_figure(NO_PAIRS, 240)
    pairs = pairs.head(max_pairs)
    ids = set(pairs["a_id"]) | set(pairs["b_id"])
    claims = events[events["id"].isin(ids)].copy()
    claims["x"], claims["said_style"] = said_position(claims)
    lanes = names.labels(claims, "alignment", taxonomy)
    claims["y"] = _spread(claims, list(lanes))
    where = claims.set_index("id")[["x", "y"]]
    traces = _arcs(pairs, where)
    colours = palette(taxonomy, "alignment")
    for side, side_label in lanes.items():
        rows = claims[claims["alignment"] == side]
        hover = pd.Series(_claim_hover(rows, taxonomy), index=rows.index, dtype=object)
        colour = colours.get(side, UNKNOWN_COLOUR)
        traces += said_markers(rows, rows["y"], hover, colour, side, side_label)
    layout = _lanes_layout(lanes)
    layout["xaxis"]["range"] = padded_range(claims["x"])
    # Who is at each end of the arcs: the claimant's short name beside its mark, in the order
    # said, left off (estimates.LABEL_RULE) where it would cover another label or mark.
    claims = claims.sort_values(["x", "id"], kind="stable")
    bottom, top = layout["yaxis"]["range"]
    plot = (width - AXES_PX[0], layout["height"] - AXES_PX[1])
    labels, hidden = label_trace(
        claims["x"], claims["y"], list(short_names(claims)), plot,
        pixels(claims["x"], layout["xaxis"]["range"], plot[0]),
        (bottom - claims["y"].to_numpy(dtype=float)) / (bottom - top) * plot[1],
    )  # fmt: skip
    traces.append(labels)
    layout["meta"] = {"hidden_labels": hidden}
    return go.Figure({"data": traces, "layout": layout})


def _spread(claims: pd.DataFrame, lanes: list[str]) -> np.ndarray:
    """Each claim's y: its lane's index, moved off the centre line when others of its lane were
    said on the same day, so every mark stays visible and clickable."""
    lane = claims["alignment"].map({side: code for code, side in enumerate(lanes)})
    day = claims["x"].dt.floor("D")
    group = [lane, day]
    rank = claims.sort_values("id").groupby(group).cumcount().reindex(claims.index)
    size = claims.groupby(group)["id"].transform("size")
    step = _SPREAD / size.clip(lower=2)
    return (lane + (rank - (size - 1) / 2) * step).to_numpy(dtype=float)


def _bulges(x0: np.ndarray, x1: np.ndarray, y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
    """How far above its higher end each arc's control point rises: the arcs leaving one lane
    are nested by their width, the narrowest lowest, BULGE_MIN to BULGE_MAX lanes apart, so
    arcs over the same days do not run on top of one another."""
    upper = np.round(np.minimum(y0, y1))
    width = np.abs(x1 - x0)
    bulge = np.full(len(x0), (BULGE_MIN + BULGE_MAX) / 2)
    for lane in np.unique(upper):
        mine = np.flatnonzero(upper == lane)
        if len(mine) > 1:
            rank = np.argsort(np.argsort(width[mine], kind="stable"), kind="stable")
            bulge[mine] = BULGE_MIN + (BULGE_MAX - BULGE_MIN) * rank / (len(mine) - 1)
    return bulge


def _arcs(pairs: pd.DataFrame, where: pd.DataFrame) -> list[dict]:
    """The arcs of all pairs: a quadratic curve from A to B bulging upwards, all in one line
    trace (meta "arcs") that takes no hover, so a click on a mark at an arc's end is the mark's;
    and one trace (meta "answers") of an arrowhead halfway along each arc, pointing to B, whose
    hover tells who answered whom and how fast."""
    t = np.linspace(0, 1, _ARC_POINTS)
    x0 = where.loc[pairs["a_id"], "x"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    x1 = where.loc[pairs["b_id"], "x"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    y0 = where.loc[pairs["a_id"], "y"].to_numpy(dtype=float)
    y1 = where.loc[pairs["b_id"], "y"].to_numpy(dtype=float)
    # The lanes run downwards, so a smaller y is higher on the screen: arcs bulge upwards. Two
    # claims said close together in different lanes get a sideways bow instead, which a
    # straight vertical line would not show.
    both = np.concatenate([x0, x1])
    bow = max((both.max() - both.min()) * 0.03, 86_400e9)  # 3% of the axis, at least a day
    close = np.abs(x1 - x0) < bow
    across = close & (np.abs(y1 - y0) > 0.5)
    control_x = (x0 + x1) / 2 + np.where(close, bow, 0)
    control_y = np.where(across, (y0 + y1) / 2, np.minimum(y0, y1) - _bulges(x0, x1, y0, y1))
    xs = np.outer((1 - t) ** 2, x0) + np.outer(2 * (1 - t) * t, control_x) + np.outer(t**2, x1)
    ys = np.outer((1 - t) ** 2, y0) + np.outer(2 * (1 - t) * t, control_y) + np.outer(t**2, y1)
    # Whole milliseconds: Plotly drops finer parts with a warning.
    dates = pd.to_datetime(np.round(xs / 1e6).astype(np.int64).ravel(), unit="ms").to_numpy()
    dates = dates.reshape(xs.shape)
    middle = _ARC_POINTS // 2
    arcs: dict[str, list] = {"x": [], "y": []}
    heads: dict[str, list] = {"x": [], "y": [], "text": []}
    for column, (a, b, answer) in enumerate(
        zip(pairs["a_claimant"], pairs["b_claimant"], pairs["answer"], strict=True)
    ):
        arcs["x"] += [*dates[:, column], None]
        arcs["y"] += [*ys[:, column], None]
        # Two points: the arrow's angle is that of the line from the first to the second.
        heads["x"] += [*dates[middle - 1 : middle + 1, column], None]
        heads["y"] += [*ys[middle - 1 : middle + 1, column], None]
        story = f"{plotly_text(b)} answered {plotly_text(a)}: {plotly_text(answer)}"
        heads["text"] += [story, story, None]
    # Dark and thick enough to follow across the room; the marks, drawn over them, keep colour.
    line = {"color": ARC_COLOUR, "width": ARC_WIDTH}
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "meta": "arcs",
            **arcs,
            "line": line,
            "opacity": 0.8,
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "meta": "answers",
            "x": heads["x"],
            "y": heads["y"],
            "line": line,
            "marker": {
                "symbol": "arrow",
                "angleref": "previous",
                "size": [0, 12, 0] * len(pairs),
                "color": ARC_COLOUR,
            },
            "hovertext": heads["text"],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "showlegend": False,
        },
    ]


_HOVERED = ["title", "claimant", "alignment", "status", *SIDE_COLUMNS[-4:]]


def _claim_hover(claims: pd.DataFrame, taxonomy: Taxonomy | None) -> list[str]:
    """The hover text of each claim mark; every piece of data is escaped."""
    return [
        f"<b>{plotly_text(row['title'])}</b><br>"
        f"{plotly_text(row['claimant'])} · {plotly_text(names.label('alignment', row['alignment'], taxonomy))}<br>"
        f"Said: {plotly_text(describe_span(row['said_start'], row['said_end'], row['said_precision'], row['said_qualifier']))}<br>"
        f"Status: {plotly_text(names.label('status', row['status'], taxonomy))}"
        for row in records(claims, _HOVERED)
    ]


def _lanes_layout(lanes: dict[str, str]) -> dict:
    return {
        **date_layout(max(320, 160 + 90 * len(lanes)), x_title="Said"),
        "yaxis": {
            "tickvals": list(range(len(lanes))),
            "ticktext": [plotly_text(label) for label in lanes.values()],
            "tickfont": {"size": FONT_SIZE},
            # Room above the first lane for the arcs that bulge out of it.
            "range": [len(lanes) - 0.5, -1],
            "zeroline": False,
            "showgrid": False,
            "automargin": True,
        },
    }


def status_counts(events: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """Claims per side (rows, alignment order) and status (columns, taxonomy order)."""
    table = pd.crosstab(events["alignment"], events["status"])
    sides = list(names.labels(events, "alignment", taxonomy))
    statuses = list(names.labels(events, "status", taxonomy))
    return table.reindex(index=sides, columns=statuses, fill_value=0)


def status_figure(events: pd.DataFrame, taxonomy: Taxonomy | None) -> go.Figure:
    """Each side's record: a horizontal bar per side, stacked by status in taxonomy order and
    colours; hover gives the count and its share of the side's claims."""
    if events.empty:
        return empty_figure("No claims to count.", 240)
    counts = status_counts(events, taxonomy)
    sides = [plotly_text(names.label("alignment", side, taxonomy)) for side in counts.index]
    totals = counts.sum(axis=1).to_numpy()
    colours = palette(taxonomy, "status")
    traces = []
    for status in counts.columns:
        values = counts[status].to_numpy()
        name = plotly_text(names.label("status", status, taxonomy))
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "meta": status,
                "name": name,
                "x": values,
                "y": sides,
                "marker": {"color": colours.get(status, UNKNOWN_COLOUR)},
                "hovertext": [
                    f"{side}: {value} {name.lower()} ({value / total:.0%} of its {total})"
                    for side, value, total in zip(sides, values, totals, strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return go.Figure(
        {
            "data": traces,
            "layout": layout(
                barmode="stack",
                height=max(260, 120 + 44 * len(sides)),
                legend={"title": {"text": "Status"}, "traceorder": "normal"},
                xaxis={"title": {"text": "Claims", "font": {"size": FONT_SIZE}}},
                yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            ),
        }
    )


def disputed_at_home(events: pd.DataFrame, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """For each side: its claims, those relayed by documents of its own side (outlet alignment),
    how many of those its own documents call disputed, and that share (NaN with none).

    One row per side in alignment order; columns side, label, claims, own, disputed, share.
    """
    sides = names.labels(events, "alignment", taxonomy)
    own = events["outlet_alignment"] == events["alignment"]
    disputed = own & (events["status"] == "disputed")
    frame = pd.DataFrame(
        {
            "side": list(sides),
            "label": list(sides.values()),
            "claims": [int((events["alignment"] == side).sum()) for side in sides],
            "own": [int((own & (events["alignment"] == side)).sum()) for side in sides],
            "disputed": [int((disputed & (events["alignment"] == side)).sum()) for side in sides],
        }
    )
    frame["share"] = frame["disputed"] / frame["own"].where(frame["own"] > 0)
    return frame
