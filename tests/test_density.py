"""Drawing many events: detail, WebGL or density by how many are visible, density counts and
buckets, and a payload that stays bounded."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from tests.factories import TAXONOMY, make_events
from timeline.charts import density
from timeline.charts.timeline import timeline_figure
from timeline.present import palette

ALIGNMENTS = ["ukraine", "allied", "russia", "dprk"]
COUNTRIES = ["UA", "KR", "RU"]


@pytest.fixture(autouse=True)
def small_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thresholds scaled down, so a few dozen events exercise every mode."""
    monkeypatch.setattr(density, "WEBGL_AT", 10)
    monkeypatch.setattr(density, "DENSITY_AT", 40)


def spread(n: int, days: int = 60) -> pd.DataFrame:
    """`n` events over `days` days from 2024-10-01: one-day, spans, rough spans and "by"s."""
    first = pd.Timestamp("2024-10-01")
    return make_events(
        [
            {
                "id": f"e{i}",
                "title": f"Event {i}",
                "start": str((first + pd.Timedelta(days=i % days)).date()),
                "end": str((first + pd.Timedelta(days=i % days + (i % 3 == 1) * 4)).date()),
                "precision": "month" if i % 6 == 1 else "day" if i % 3 != 1 else "days",
                "qualifier": "by" if i % 7 == 0 else None,
                "alignment": ALIGNMENTS[i % 4],
                "claimant_country": COUNTRIES[i % 3],
            }
            for i in range(n)
        ]
    )


def ids(fig) -> set[str]:
    return {
        row[0] for trace in fig.data if trace.customdata is not None for row in trace.customdata
    }


@pytest.mark.parametrize(
    ("visible", "expected"),
    [(0, "detail"), (1, "detail"), (10, "detail"), (11, "webgl"), (40, "webgl"), (41, "density")],
)
def test_the_mode_follows_the_number_of_visible_events(visible, expected):
    assert density.mode(visible) == expected


def test_the_real_thresholds_switch_where_plotly_express_does_then_to_density(monkeypatch):
    monkeypatch.undo()
    assert [density.mode(n) for n in (1_000, 1_001, 5_000, 5_001, 100_000)] == [
        "detail", "webgl", "webgl", "density", "density"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("events", "drawing", "types"),
    [
        (8, "detail", {"scatter", "bar"}),
        (30, "webgl", {"scattergl"}),
        (200, "density", {"bar"}),
    ],
)
def test_the_figure_switches_mode_by_events_shown(events, drawing, types):
    frame = spread(events)
    fig = timeline_figure(frame, TAXONOMY)
    assert fig.layout.meta["drawing"] == drawing
    assert {trace.type for trace in fig.data} == types
    if drawing == "density":
        assert {trace.meta for trace in fig.data} == {"density"}
        assert not ids(fig)  # a click on a count opens no card
    else:
        assert ids(fig) == set(frame["id"])  # every event still clickable


@pytest.mark.parametrize(
    ("window", "drawing"),
    [
        (None, "density"),
        ((dt.date(2024, 10, 1), dt.date(2024, 11, 29)), "density"),
        ((dt.date(2024, 10, 10), dt.date(2024, 10, 19)), "webgl"),
        ((dt.date(2024, 10, 10), dt.date(2024, 10, 11)), "detail"),
    ],
)
def test_zooming_into_a_narrow_window_brings_back_single_events(window, drawing):
    frame = spread(180)  # three events a day
    fig = timeline_figure(frame, TAXONOMY, window=window)
    assert fig.layout.meta["drawing"] == drawing
    if drawing == "detail":
        assert fig.layout.meta["labels"] > 0  # and their labels


@pytest.mark.parametrize("colour", ["alignment", "status"])
def test_density_counts_every_event_once_in_its_lane_and_colour(colour):
    frame = spread(200)
    fig = timeline_figure(frame, TAXONOMY, lane="claimant_country", colour=colour)
    colours = palette(TAXONOMY, colour)
    total = 0
    for trace in fig.data:
        counts = [
            int(text.split("</b>")[0].removeprefix("<b>").split()[0]) for text in trace.hovertext
        ]
        total += sum(counts)
        assert trace.marker.color == colours[trace.legendgroup]
        assert min(trace.marker.opacity) > 0 and max(trace.marker.opacity) <= 1
    assert total == len(frame)
    # Each lane's strips sit within the lane, about its tick.
    ticks = list(fig.layout.yaxis.tickvals)
    for trace in fig.data:
        assert all(min(abs(y - tick) for tick in ticks) < 1.5 for y in trace.y)
    assert len(ticks) == frame["claimant_country"].nunique()


def test_density_names_lanes_and_values_escaped():
    frame = spread(60)
    frame["claimant_country"] = "<b>XX</b>"
    fig = timeline_figure(frame, None, lane="claimant_country")
    texts = [text for trace in fig.data for text in trace.hovertext]
    assert all("&lt;b&gt;XX&lt;/b&gt;" in text and "<b>XX" not in text for text in texts)


def test_the_density_payload_does_not_grow_with_events():
    small, large = spread(100), spread(2_000)
    sizes = [len(pio.to_json(timeline_figure(f, TAXONOMY), validate=False)) for f in (small, large)]
    assert sizes[1] < 1.2 * sizes[0]
    webgl_each = len(pio.to_json(timeline_figure(spread(40), TAXONOMY), validate=False)) / 40
    assert sizes[1] < 2_000 * webgl_each / 10


def test_webgl_sends_dates_as_typed_numbers_and_bars_as_line_segments():
    fig = timeline_figure(spread(30), TAXONOMY)
    spec = pio.to_json(fig, validate=False)
    assert '"bdata"' in spec  # numpy arrays went out as typed arrays
    lines = [trace for trace in fig.data if trace.mode == "lines"]
    assert lines and all(trace.hoverinfo == "skip" for trace in lines)
    for trace in lines:
        x = np.asarray(trace.x, dtype=float)
        assert np.isnan(x[2::3]).all() and (x[1::3] > x[0::3]).all()
    handles = [trace for trace in fig.data if trace.meta == "span_handle"]
    assert sum(len(trace.x) for trace in handles) == sum(len(trace.x) // 3 for trace in lines)


@pytest.mark.parametrize(
    ("days", "unit", "firsts"),
    [
        (["2024-10-01", "2024-10-01", "2024-10-03"], "day", ["2024-10-01", "2024-10-03"]),
        # 2024-09-30 and 2024-10-07 are Mondays
        (["2024-10-01", "2024-10-06", "2024-10-07"], "week", ["2024-09-30", "2024-10-07"]),
        (["2024-10-01", "2024-10-31", "2024-11-01"], "month", ["2024-10-01", "2024-11-01"]),
        (["2023-12-31", "2024-06-01", "2024-12-31"], "year", ["2023-01-01", "2024-01-01"]),
    ],
)
def test_counts_fall_in_calendar_buckets(days, unit, firsts):
    counted = density.counts(
        np.array(days, "datetime64[D]"), np.zeros(3, int), np.zeros(3, int), unit
    )
    assert [str(day.date()) for day in counted["first"]] == firsts
    assert counted["count"].sum() == 3
    assert (counted["after"] > counted["first"]).all()


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        ("2024-10-01", "2024-10-01", "day"),
        ("2024-10-01", "2025-02-27", "day"),  # 150 days
        ("2024-10-01", "2025-02-28", "week"),
        ("2024-01-01", "2026-11-15", "week"),  # 150 weeks from a Monday
        ("2024-01-01", "2026-11-16", "month"),
        ("2020-01-01", "2024-12-31", "month"),
        ("1900-01-01", "2024-12-31", "year"),
    ],
)
def test_buckets_are_the_smallest_that_keep_their_number_bounded(first, last, unit):
    assert density.bucket_unit(np.datetime64(first), np.datetime64(last)) == unit
