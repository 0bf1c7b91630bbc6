"""The timeline page through AppTest: where events are placed (happened or said), the connector
of the open event, the Window that zooms the chart on the server, and the URL keeping them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import TOTAL, chart_spec, run
from timeline import load_dataset, present
from timeline.charts import timeline as timeline_chart
from timeline.data.filters import FilterState
from ui import chart, md
from ui.data import View

# The fixture's two documents: every claim is said no later than its publication.
PUBLISHED = {pd.Timestamp("2024-10-25 12:00"), pd.Timestamp("2024-12-16 12:00")}


pytestmark = pytest.mark.usefixtures("fixture_data")


def marks(spec: dict) -> dict[str, set[pd.Timestamp]]:
    """Style -> the x of every mark drawn in it (bars: their base); labels are no marks."""
    found: dict[str, set[pd.Timestamp]] = {}
    for trace in spec["data"]:
        if trace.get("meta") == "label":
            continue
        xs = trace.get("base") if trace["type"] == "bar" else trace["x"]
        found.setdefault(trace.get("meta"), set()).update(pd.Timestamp(x) for x in xs)
    return found


def test_events_placed_by_when_they_were_said_travel_in_the_url() -> None:
    at = run({"axis": "said"})
    assert not at.exception
    assert at.button_group(key="axis").value == "said"
    spec = chart_spec(at)
    # said "no later than" each document's publication: every event is a ◁ on one of two days
    assert set(marks(spec)) == {"no_later_than"}
    assert marks(spec)["no_later_than"] == PUBLISHED
    assert len({row[0] for trace in spec["data"] for row in trace["customdata"]}) == TOTAL
    # back to the default: it leaves the URL, and the events go back to when they happened
    at.button_group(key="axis").set_value("happened").run()
    assert "axis" not in at.query_params
    assert marks(chart_spec(at))["day"] - PUBLISHED


def test_choosing_the_said_axis_writes_the_url() -> None:
    at = run()
    assert at.button_group(key="axis").value == "happened"
    at.button_group(key="axis").set_value("said").run()
    assert at.query_params["axis"] == "said"


@pytest.mark.parametrize("bad", ["<b>when</b>", "SAID", ""])
def test_a_bad_axis_in_the_url_is_ignored_with_a_notice(bad: str) -> None:
    at = run({"axis": bad, "country": "UA"})
    assert not at.exception
    assert at.button_group(key="axis").value == "happened"
    found = [w.value for w in at.main.warning if "Ignored axis" in w.value]
    assert len(found) == 1
    assert "expected one of happened, said" in found[0] and "<b>" not in found[0]


@pytest.mark.parametrize("axis", list(present.AXES))
def test_the_open_event_gets_a_connector_to_its_other_time(axis: str) -> None:
    at = run({"event": "kr-nis-12000", "axis": axis})
    [lag] = [t for t in chart_spec(at)["data"] if t.get("meta") == "lag"]
    assert [row[0] for row in lag["customdata"]] == ["kr-nis-12000"] * 2
    ends = [pd.Timestamp(x) for x in lag["x"]]
    said, happened = pd.Timestamp("2024-10-25 12:00"), pd.Timestamp("2024-10-18 12:00")
    assert ends == ([happened, said] if axis == "happened" else [said, happened])


def x_range(at: AppTest) -> list[str]:
    return chart_spec(at)["layout"]["xaxis"]["range"]


def slider_span(at: AppTest) -> tuple[dt.date, dt.date]:
    """The first and last day the Window slider offers (its proto counts microseconds)."""
    slider = at.slider(key="view_window")
    epoch = dt.datetime(1970, 1, 1)
    return tuple(
        (epoch + dt.timedelta(microseconds=end)).date() for end in (slider.min, slider.max)
    )


def buttons(at: AppTest) -> dict[str, object]:
    return {button.label: button for button in at.main.button}


def test_the_window_opens_on_all_the_events_without_a_story() -> None:
    at = run()
    assert at.slider(key="view_window").value == (dt.date(2024, 10, 8), dt.date(2024, 12, 31))
    assert x_range(at) == ["2024-10-08", "2025-01-01"]
    assert buttons(at)["Reset"].disabled and buttons(at)["Show everything"].disabled
    assert "view_from" not in at.query_params


def test_moving_the_window_zooms_the_chart_and_travels_in_the_url() -> None:
    at = run()
    at.slider(key="view_window").set_value((dt.date(2024, 10, 15), dt.date(2024, 10, 31))).run()
    assert x_range(at) == ["2024-10-15", "2024-11-01"]
    assert (at.query_params["view_from"], at.query_params["view_to"]) == (
        "2024-10-15",
        "2024-10-31",
    )
    # events outside the window stay in the figure, counted by the note
    spec = chart_spec(at)
    assert len({row[0] for trace in spec["data"] for row in trace["customdata"]}) == TOTAL
    notes = [note["text"] for note in spec["layout"]["annotations"]]
    assert "◀ 1 earlier event: double-click the chart for all" in notes
    buttons(at)["Reset"].click().run()
    assert x_range(at) == ["2024-10-08", "2025-01-01"]
    assert "view_from" not in at.query_params and "view_to" not in at.query_params


def test_a_window_from_the_url_opens_the_chart_on_it() -> None:
    at = run({"view_from": "2024-11-01", "view_to": "2024-11-30", "axis": "happened"})
    assert at.slider(key="view_window").value == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert x_range(at) == ["2024-11-01", "2024-12-01"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"view_from": "<b>soon</b>"}, "Ignored view_from='<b>soon</b>'"),
        ({"view_to": "2024-13-01"}, "Ignored view_to='2024-13-01'"),
        ({"view_from": "2024-12-01", "view_to": "2024-11-01"}, "the window ends before it starts"),
    ],
)
def test_a_bad_window_in_the_url_is_ignored_with_a_notice(params, expected) -> None:
    at = run(params)
    assert not at.exception
    assert x_range(at) == ["2024-10-08", "2025-01-01"]
    found = [w.value for w in at.main.warning if "Ignored view" in w.value]
    assert len(found) == 1 and md(expected) in found[0]


STORY = """\
title: A test case
story:
  from: 2024-10-20
  to: 2024-12-10
"""


def test_the_chart_opens_on_the_story_and_shows_everything_on_demand(data_copy: Path) -> None:
    (data_copy / "events" / "dataset.yaml").write_text(STORY, encoding="utf-8")
    at = run()
    assert not at.exception
    assert x_range(at) == ["2024-10-20", "2024-12-11"]
    notes = [note["text"] for note in chart_spec(at)["layout"]["annotations"]]
    assert "◀ 2 earlier events: double-click the chart for all" in notes
    assert buttons(at)["Story"].disabled
    # events after the story are counted too
    assert "1 later event ▶" in notes
    # the slider spans the story and two weeks either side (within the events' first and last
    # day), so a week of it is not a sliver and the weeks around it are in reach
    assert slider_span(at) == (dt.date(2024, 10, 8), dt.date(2024, 12, 24))
    buttons(at)["Show everything"].click().run()
    assert x_range(at) == ["2024-10-08", "2025-01-01"]
    assert slider_span(at) == (dt.date(2024, 10, 8), dt.date(2024, 12, 31))
    assert at.query_params["view_from"] == "2024-10-08"
    buttons(at)["Story"].click().run()
    assert x_range(at) == ["2024-10-20", "2024-12-11"]
    # the date filter still filters, and the story is cut to it
    at = run({"from": "2024-11-01"})
    assert x_range(at) == ["2024-11-01", "2024-12-11"]


# ------------------------------------------------------------------- readable in a room (§1)


def test_a_lowercase_country_code_in_the_url_filters_without_a_notice() -> None:
    upper, lower = run({"country": "UA"}), run({"country": "ua"})
    assert not lower.exception
    assert lower.multiselect(key="filter_country").value == ["UA"]
    assert len(lower.dataframe[0].value) == len(upper.dataframe[0].value) < TOTAL
    assert not [w for w in lower.main.warning if "Ignored" in w.value]


def shown_first(at: AppTest) -> list:
    """What the main area shows, top down, without the dashboard's style, which shows nothing."""
    return [child for child in at.main.children.values() if child.key != "dashboard_style"]


def test_an_ignored_url_value_is_said_at_the_top_of_the_main_area() -> None:
    at = run({"country": "XX"})
    first = shown_first(at)[0]
    assert first.type == "alert" or type(first).__name__ == "Warning"
    assert "country" in first.value and "XX" in first.value
    assert not [c for c in at.sidebar.caption if "Ignored" in c.value]


def test_the_sidebar_offers_countries_by_name() -> None:
    at = run()
    options = at.multiselect(key="filter_country").options
    names = [option.split(" (")[0] for option in options]
    assert names == sorted(names, key=str.casefold) and len(names) > 2
    codes = [option.rsplit("(", 1)[-1].rstrip(")") for option in options]
    assert codes != sorted(codes)  # by name, which here differs from by code


def test_the_table_leaves_as_worded_blank_where_there_is_no_phrase() -> None:
    at = run()
    assert not at.exception
    worded = at.dataframe[0].value["As worded"]
    assert (worded == "").sum() >= 1  # the fixture has events dated by start/end alone
    assert not worded.isna().any() and "None" not in set(worded)


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


NAMED = {"white": "#ffffff"}


def test_labels_and_lane_names_are_dark_on_the_plot_at_aa_contrast_in_both_themes() -> None:
    spec = chart_spec(run())
    layout = spec["layout"]
    # the chart keeps its own background whatever Streamlit's theme, so one check holds for both
    background = NAMED.get(layout["plot_bgcolor"], layout["plot_bgcolor"])
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"]
    [labels] = [trace for trace in spec["data"] if trace.get("meta") == "label"]
    assert labels["textfont"]["size"] >= 14
    assert _contrast(labels["textfont"]["color"], background) >= 4.5
    assert layout["yaxis"]["tickfont"]["size"] >= 14
    assert _contrast(layout["yaxis"]["tickfont"]["color"], background) >= 4.5
    assert _contrast(layout["font"]["color"], background) >= 4.5


def test_the_chart_comes_right_after_one_row_of_controls() -> None:
    at = run()
    children = shown_first(at)
    kinds = [getattr(child, "type", "") for child in children]
    assert kinds.index("plotly_chart") <= 4, kinds  # title, notices, the controls' row, probe
    popover = children[2]
    # lanes, colours and axis sit in one popover that names the current choices
    assert "Source country" in str(popover.children[0].children[0].proto.popover.label)


def test_one_screen_holds_every_lane_in_the_windows_height_and_travels_in_the_url(
    shipped_data: Path,
) -> None:
    tall = chart_spec(run())
    at = run({"height": "screen"})
    assert not at.exception
    assert at.button_group(key="height").value == "screen"
    spec = chart_spec(at)
    layout, meta = spec["layout"], spec["layout"]["meta"]
    # until the browser says how tall its window is, one of 768 px, less Streamlit's header
    assert layout["height"] == chart.screen_figure_height(768) < 768
    assert layout["height"] < tall["layout"]["height"] / 2
    # every lane is still there, and labels are left out rather than squeezed
    assert layout["yaxis"]["ticktext"] == tall["layout"]["yaxis"]["ticktext"]
    assert 0 < meta["labels"] < tall["layout"]["meta"]["labels"]
    assert meta["hidden"] == meta["visible"] - meta["labels"]
    rows = layout["yaxis"]["range"][0] - layout["yaxis"]["range"][1]
    plot = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert plot / rows >= timeline_chart.row_px()  # a row holds a label's line and a ring
    # the caption says how to get the rest back
    assert any("choose Every label" in caption.value for caption in at.caption)
    # back to every label: it leaves the URL and the chart grows to its labels again
    at.button_group(key="height").set_value("labels").run()
    assert "height" not in at.query_params
    assert chart_spec(at)["layout"]["height"] == tall["layout"]["height"]


def test_a_bad_height_in_the_url_is_ignored_with_a_notice() -> None:
    at = run({"height": "huge"})
    assert not at.exception
    assert at.button_group(key="height").value == "labels"
    assert any("Ignored height" in notice.value for notice in at.warning)


def test_a_window_too_short_for_a_row_per_lane_gets_a_taller_chart(shipped_data: Path) -> None:
    dataset = load_dataset(shipped_data / "events", shipped_data / "seeds")
    view = View(dataset, FilterState(), dataset.events)
    lanes = dataset.events["claimant_country"].nunique()
    least = timeline_chart.least_height(lanes, chart.TOP_PX + chart.BOTTOM_PX)

    def drawn(height: int) -> int:
        return chart.timeline_figure(
            view, lane="claimant_country", colour="alignment", axis="happened", window=None,
            selected=None, width=timeline_chart.FIGURE_WIDTH, height=height,
        ).layout.height  # fmt: skip

    assert drawn(chart.screen_figure_height(500)) == least > chart.screen_figure_height(500)
    assert drawn(chart.screen_figure_height(1080)) == chart.screen_figure_height(1080) > least
