"""Packing marks and labels into sub-rows, and the rule that thins labels: property tests that
nothing drawn overlaps, and tables for the rule."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import TAXONOMY, make_events
from timeline.charts import timeline as chart
from timeline.charts.stacking import RANKS, deal, label_rank, pack, row_caps

GAP = 0.5


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@st.composite
def lanes_of_items(draw: st.DrawFn) -> dict:
    count = draw(st.integers(1, 40))
    lanes = draw(st.integers(1, 4))
    starts = draw(st.lists(st.integers(0, 60), min_size=count, max_size=count))
    lengths = draw(st.lists(st.integers(1, 15), min_size=count, max_size=count))
    widths = draw(st.lists(st.sampled_from([0, 3, 8, 20]), min_size=count, max_size=count))
    return {
        "lane": np.array(draw(st.lists(st.integers(0, lanes - 1), min_size=count, max_size=count))),
        "start": np.array(starts, dtype=float),
        "end": np.array(starts, dtype=float) + lengths,
        "width": np.array(widths, dtype=float),
        "rank": np.array(draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))),
        "lanes": lanes,
        "max_rows": draw(st.integers(1, 6)),
        "bounds": (-1.0, draw(st.sampled_from([80.0, np.inf]))),  # every mark inside
    }


def drawn_marks(items: dict, packed) -> list[tuple[int, int, tuple[float, float], int]]:
    """(lane, row, extent, item) of every mark."""
    return [
        (int(items["lane"][i]), int(packed.row[i]), (items["start"][i], items["end"][i]), i)
        for i in range(len(items["lane"]))
    ]


def run(items: dict):
    return pack(
        items["lane"], items["start"], items["end"], items["width"], items["rank"],
        lanes=items["lanes"], max_rows=items["max_rows"], gap=GAP, bounds=items["bounds"],
    )  # fmt: skip


_EPOCH = pd.Timestamp("1970-01-01")
_DAYS = pd.Timedelta(days=1)


def _days(values) -> np.ndarray:
    return np.asarray((pd.DatetimeIndex(values) - _EPOCH) / _DAYS, dtype=float)


def figure_shapes(figure) -> tuple[dict, list[tuple[float, str, tuple[float, float]]]]:
    """What the timeline figure draws, in days: each event's mark (its bar, and its dots as wide
    as the chart counts one, MARK_PX) by (y, id), and each label as (y, id, extent) as wide as
    the chart measured its characters (CHAR_EM of the label font), at the scale the figure records."""
    per_day = figure.layout.meta["px_per_day"]
    half = chart.MARK_PX / 2 / per_day
    marks: dict[tuple[float, str], tuple[float, float]] = {}
    labels = []
    for trace in figure.data:
        ids = [row[0] for row in trace.customdata]
        if trace.meta == "label":
            anchor = _days(trace.x)
            for y, event, text, at, where in zip(
                trace.y, ids, trace.text, anchor, trace.textposition, strict=True
            ):
                width = len(text) * chart.CHAR_EM * trace.textfont.size / per_day
                extent = (at - width, at) if where == "middle left" else (at, at + width)
                labels.append((y, event, extent))
            continue
        if trace.type == "bar":
            first = _days(trace.base)
            extents = zip(first, first + np.asarray(trace.x, dtype=float) / 86_400_000, strict=True)
        else:
            centre = _days(trace.x)
            # A dot is as wide as the chart counts one (MARK_PX, ring included); a bar's click
            # handle sits on its bar at its own, smaller size.
            reach = trace.marker.size / 2 / per_day if trace.meta == "span_handle" else half
            extents = zip(centre - reach, centre + reach, strict=True)
        for y, event, (a, b) in zip(trace.y, ids, extents, strict=True):
            old = marks.get((y, event), (a, b))
            marks[(y, event)] = (min(a, old[0]), max(b, old[1]))
    return marks, labels


@st.composite
def timelines(draw: st.DrawFn) -> tuple:
    count = draw(st.integers(1, 30))
    sides = ["ukraine", "allied", "russia"][: draw(st.integers(1, 3))]
    rows = []
    for n in range(count):
        start = pd.Timestamp("2024-10-01") + pd.Timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.sampled_from([0, 0, 1, 4, 12]))
        rows.append(
            {
                "id": f"e{n:02d}",
                "start": start,
                "end": start + pd.Timedelta(days=length),
                "precision": "day" if length == 0 else draw(st.sampled_from(["days", "month"])),
                "qualifier": draw(st.sampled_from([None, None, "by"])),
                "label": draw(st.text("abcdefgh ", min_size=1, max_size=40)).strip() or "x",
                "alignment": draw(st.sampled_from(sides)),
                "troops": draw(st.sampled_from([None, 5000])),
            }
        )
    width = draw(st.sampled_from([700, 1100, 1600]))
    return make_events(rows), width


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_the_figure_draws_no_label_over_a_mark_or_another_label(case: tuple) -> None:
    """The property on the figure itself: the labels the timeline chart places, where it says
    they are, overlap no mark and no other label in their row, and stay in the window."""
    events, width = case
    window = (dt.date(2024, 9, 25), dt.date(2024, 12, 31))
    figure = chart.timeline_figure(events, TAXONOMY, lane="alignment", window=window, width=width)
    assert figure.layout.meta["mode"] == "labels"
    marks, labels = figure_shapes(figure)
    assert len(labels) == figure.layout.meta["labels"] > 0
    low, high = _days([pd.Timestamp(window[0])])[0], _days([pd.Timestamp(window[1])])[0] + 1
    for y, event, extent in labels:
        for (row, other), mark in marks.items():
            if row == y:
                assert not overlaps(extent, mark), (event, other)
        for row, other, other_extent in labels:
            if row == y and other != event:
                assert not overlaps(extent, other_extent), (event, other)
        assert low <= extent[0] and extent[1] <= high


@settings(max_examples=150, deadline=None)
@given(lanes_of_items())
def test_rows_stay_under_the_cap_and_marks_overlap_only_in_a_full_lane(items: dict) -> None:
    packed = run(items)
    assert (packed.row < items["max_rows"]).all() and (packed.row >= 0).all()
    for code in range(items["lanes"]):
        mine = items["lane"] == code
        assert packed.rows[code] == (packed.row[mine].max() + 1 if mine.any() else 1)
    marks = drawn_marks(items, packed)
    for a in marks:
        for b in marks:
            if a[3] < b[3] and a[:2] == b[:2] and overlaps(a[2], b[2]):
                # two marks share a row only where the lane is crowded: every row holds an
                # event that covers their stretch with its mark or would with its label
                first, last = min(a[2][0], b[2][0]), max(a[2][1], b[2][1])
                mine = items["lane"] == a[0]
                reach = GAP + items["width"]
                near = mine & (items["start"] - reach < last) & (first < items["end"] + reach)
                assert set(packed.row[near]) == set(range(items["max_rows"]))


@settings(max_examples=150, deadline=None)
@given(lanes_of_items())
def test_with_rows_enough_every_label_that_fits_the_bounds_is_drawn(items: dict) -> None:
    items = {**items, "max_rows": len(items["lane"]), "bounds": (-np.inf, np.inf)}
    packed = run(items)
    assert (packed.labelled == (items["width"] > 0)).all()
    assert not packed.left.any()


def test_greedy_first_fit_reuses_a_row_once_it_is_free() -> None:
    # a: 0-2 with label to 5.5; b: 1-3 cannot share row 0; c: 6-7 fits after a's label
    packed = pack(
        np.zeros(3, dtype=int), np.array([0.0, 1, 6]), np.array([2.0, 3, 7]),
        np.array([3.0, 3, 3]), np.array([2, 2, 2]), lanes=1, max_rows=3, gap=GAP,
    )  # fmt: skip
    assert packed.row.tolist() == [0, 1, 0]
    assert packed.labelled.all() and packed.rows.tolist() == [2]


@pytest.mark.parametrize(
    ("rank", "labelled"),
    [
        ([2, 2, 2], [True, False, False]),  # same rank: the earliest keeps its label
        ([2, 1, 2], [False, True, False]),  # a figure or a dispute first
        ([1, 1, 0], [False, False, True]),  # the selected event above all
    ],
)
def test_when_one_row_is_left_the_most_important_label_stays(rank, labelled) -> None:
    packed = pack(
        np.zeros(3, dtype=int), np.zeros(3), np.ones(3), np.full(3, 10.0), np.array(rank),
        lanes=1, max_rows=1, gap=GAP,
    )  # fmt: skip
    assert packed.labelled.tolist() == labelled


def test_a_label_that_would_cross_the_right_edge_goes_left_of_its_mark() -> None:
    packed = pack(
        np.zeros(2, dtype=int), np.array([1.0, 95]), np.array([2.0, 96]), np.full(2, 10.0),
        np.array([2, 2]), lanes=1, max_rows=2, gap=GAP, bounds=(0.0, 100.0),
    )  # fmt: skip
    assert packed.left.tolist() == [False, True] and packed.labelled.all()


def test_a_label_too_wide_for_either_side_is_not_drawn() -> None:
    packed = pack(
        np.zeros(1, dtype=int), np.array([5.0]), np.array([6.0]), np.array([50.0]),
        np.array([2]), lanes=1, max_rows=3, bounds=(0.0, 20.0),
    )  # fmt: skip
    assert packed.labelled.tolist() == [False] and packed.row.tolist() == [0]


@pytest.mark.parametrize(
    ("rows", "selected", "ranks"),
    [
        ([{"id": "plain"}], None, [RANKS["other"]]),
        ([{"id": "count", "troops": 12000}], None, [RANKS["numbers_or_disputes"]]),
        # contradicting and contradicted both count
        ([{"id": "a", "contradicts": ["b"]}, {"id": "b"}, {"id": "c"}], None,
         [RANKS["numbers_or_disputes"], RANKS["numbers_or_disputes"], RANKS["other"]]),
        ([{"id": "a", "troops": 3000}, {"id": "b"}], "b",
         [RANKS["numbers_or_disputes"], RANKS["selected"]]),
    ],
)  # fmt: skip
def test_the_thinning_rule(rows, selected, ranks) -> None:
    assert label_rank(make_events(rows), selected).tolist() == ranks


@pytest.mark.parametrize(
    ("lane", "lanes", "budget", "caps"),
    [
        ([0, 0, 0, 1], 2, 8, [6, 2]),  # the crowded lane gets the rows
        ([0, 1, 2, 3], 4, 8, [2, 2, 2, 2]),  # never below the floor
        ([0] * 50, 1, 30, [8]),  # nor above the ceiling
        ([1, 1], 3, 12, [2, 8, 2]),  # lanes without items keep the floor
    ],
)
def test_row_caps_share_the_budget_by_crowding(lane, lanes, budget, caps) -> None:
    assert row_caps(np.array(lane), lanes, budget, 2, 8).tolist() == caps


def test_deal_spreads_a_lane_round_robin_in_date_order() -> None:
    lane = np.array([0, 0, 0, 0, 1, 1])
    start = np.array([3.0, 1, 2, 0, 5, 4])
    assert deal(lane, start, np.array([3, 1])).tolist() == [0, 1, 2, 0, 0, 0]
