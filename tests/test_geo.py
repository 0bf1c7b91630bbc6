"""The map figure: located events only, coloured like the timeline, sized by troops, opening on
their region, hover text escaped, and geometry that ships with the project."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests import helpers
from tests.factories import TAXONOMY, make_events
from timeline.charts import geo
from timeline.present import UNKNOWN_COLOUR, palette

REPO = Path(__file__).resolve().parent.parent
KURSK = {"lat": 51.73, "lon": 36.19, "location": "Kursk region"}
SEOUL = {"lat": 37.57, "lon": 126.98, "location": "Seoul"}


def events() -> pd.DataFrame:
    return make_events(
        [
            {"id": "kursk", **KURSK, "alignment": "ukraine", "troops": 11000, "troops_kind": "deployed"},
            {"id": "seoul", **SEOUL, "alignment": "allied", "troops": 1000, "troops_kind": "deployed"},
            {"id": "pyongyang", "lat": 39.03, "lon": 125.75, "alignment": "dprk"},
            {"id": "nowhere", "alignment": "russia"},
            {"id": "half", "lat": 50.0, "alignment": "russia"},
        ]
    )  # fmt: skip


def test_located_keeps_events_with_both_coordinates_and_counts_the_rest():
    placed, unplaced = geo.located(events())
    assert list(placed["id"]) == ["kursk", "seoul", "pyongyang"]
    assert unplaced == 2


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        # one point: the minimum view around it; a narrow spread too
        ([40.0, 50.0], [36.0, 38.0], ([37.0, 53.0], [29.0, 45.0])),
        ([50.0], [36.0], ([42.0, 58.0], [28.0, 44.0])),
        # a tall spread: its extent padded by a quarter each side (longitudes: the minimum)
        ([20.0, 60.0], [30.0, 40.0], ([10.0, 70.0], [27.0, 43.0])),
        # a wide spread: latitudes widened to 0.4 of the longitudes, so the map is no thin strip
        ([40.0, 60.0], [40.0, 120.0], ([26.0, 74.0], [20.0, 140.0])),
        # clamped to the globe
        ([85.0], [175.0], ([77.0, 90.0], [167.0, 180.0])),
        ([-89.0, 89.0], [-179.0, 179.0], ([-90.0, 90.0], [-180.0, 180.0])),
    ],
)
def test_view_range_holds_every_point(lat, lon, expected):
    assert geo.view_range(pd.Series(lat), pd.Series(lon)) == expected


@pytest.mark.parametrize(
    ("troops", "expected"),
    [
        ([None, 1000, 100_000], [10.0, 12.4, 34.0]),
        ([None, None], [10.0, 10.0]),
        ([0, 0], [10.0, 10.0]),
        ([4000, 16_000], [22.0, 34.0]),
        ([], []),
    ],
)
def test_marker_sizes_grow_with_the_square_root_of_troops(troops, expected):
    sizes = geo.marker_sizes(pd.Series(troops, dtype="Int64"))
    np.testing.assert_allclose(sizes, expected)


@pytest.mark.parametrize("colour", ["alignment", "status", "kind"])
def test_one_trace_per_value_with_the_timeline_colours_and_event_ids(colour):
    figure = geo.map_figure(events(), TAXONOMY, colour=colour)
    colours = palette(TAXONOMY, colour)
    placed, _ = geo.located(events())
    ids = []
    for trace in figure.data:
        assert trace.type == "scattergeo"
        value = placed.loc[placed["id"] == trace.customdata[0][0], colour].iloc[0]
        assert trace.marker.color == colours.get(value, UNKNOWN_COLOUR)
        ids += [row[0] for row in trace.customdata]
    assert sorted(ids) == ["kursk", "pyongyang", "seoul"]


def test_alignment_traces_are_named_and_sized():
    figure = geo.map_figure(events(), TAXONOMY, colour="alignment")
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name) == ["Ukraine", "Allied", "DPRK"]
    assert list(by_name["Ukraine"].marker.size) == [geo.SIZE_MAX]
    assert by_name["Allied"].marker.size[0] < geo.SIZE_MAX
    assert list(by_name["DPRK"].marker.size) == [geo.SIZE_MIN]


def test_the_view_opens_on_the_events_and_uses_shipped_geometry():
    layout = geo.map_figure(events(), TAXONOMY, colour="alignment").layout.geo
    assert layout.lataxis.range[0] < 37.57 and layout.lataxis.range[1] > 51.73
    assert layout.lonaxis.range[0] < 36.19 and layout.lonaxis.range[1] > 126.98
    name = f"{layout.scope}_{layout.resolution}m.json"
    geometry = json.loads((REPO / "static" / name).read_text(encoding="utf-8"))
    assert {"countries", "land", "coastlines"} <= set(geometry["objects"])
    assert not geo.TOPOJSON_URL.startswith(("http:", "https:", "//"))


def test_hover_shows_the_event_and_escapes_its_text():
    df = make_events(
        [
            {"id": "x", **KURSK, "title": "<b>bold</b> & <a href='x'>", "claimant": "<i>me</i>",
             "troops": 12000, "troops_max": 14000, "troops_kind": "deployed"},
            {"id": "y", "lat": 1.0, "lon": 2.0, "start": "2024-10-08", "end": "2024-10-13"},
        ]
    )  # fmt: skip
    first, second = geo.hover(df, TAXONOMY)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href='x'&gt;" in first
    assert "&lt;i&gt;me&lt;/i&gt;" in first and "<i>" not in first
    assert "Kursk region · 2024-10-18" in first and "12,000 to 14,000 troops" in first
    assert "1.00, 2.00 · 2024-10-08 to 2024-10-13" in second


def test_the_legend_shows_even_for_one_colour():
    one = make_events([{"id": "a", **KURSK}])
    figure = geo.map_figure(one, TAXONOMY, colour="status")
    assert figure.layout.showlegend is True
    assert figure.layout.legend.title.text == "Status"
    # legend text a room can read, whatever the chart theme fills in
    assert figure.layout.legend.font.size >= 14 and figure.layout.legend.title.font.size >= 14


def test_no_located_events_is_an_empty_world_map():
    figure = geo.map_figure(make_events([{"id": "a"}]), TAXONOMY, colour="alignment")
    assert figure.data == ()
    assert figure.layout.geo.lataxis.range is None


def test_the_geometry_licence_is_noted():
    notes = (REPO / "static" / "LICENSES.md").read_text(encoding="utf-8")
    for shipped in (REPO / "static").glob("*.json"):
        assert shipped.name in notes
    assert "MIT" in notes and "Natural Earth" in notes


def test_every_place_the_shipped_record_names_is_on_the_map():
    """Kursk, Plekhovo, the Far East, Donetsk, Pyongyang, Seoul...: a `location` without lat and
    lon would leave the event off the map while the record says where it happened."""
    events = helpers.shipped().events
    named = events[events["location"].notna()]
    placed, unplaced = geo.located(named)
    assert unplaced == 0, sorted(set(named["location"]) - set(placed["location"]))
    kursk = placed[placed["location"] == "Kursk region, Russia"]
    assert not kursk.empty
    assert (kursk["lat"].round(2) == KURSK["lat"]).all() and (
        kursk["lon"].round(2) == KURSK["lon"]
    ).all()


@pytest.mark.parametrize(("width", "height"), [(None, 640), (880, 640), (1430, 800), (3000, 820)])
def test_the_map_grows_with_the_main_area(width: int | None, height: int) -> None:
    assert abs(geo.map_height(width) - height) <= 1
    figure = geo.map_figure(events(), TAXONOMY, colour="alignment", height=geo.map_height(width))
    assert abs(figure.layout.height - height) <= 1
