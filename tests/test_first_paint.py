"""A browser session's first run (ui.first_paint): the chart and what frames it, with the view the
URL asks for; the filter widgets, the upload and the events table once the browser has drawn the
chart, in a run that shows the same view. The browser's side is in test_browser_first_load.py."""

from __future__ import annotations

import json

import pytest

from tests.helpers import chart_spec, notices, run, shown
from ui import first_paint

# A link that sets every kind of filter: a multiselect, the dates and the search.
LINK = {"alignment": "allied", "from": "2024-10-15", "to": "2024-12-15", "q": "troops"}
PAGES = ("timeline", "estimates", "claims", "sources", "map", "briefing")


def _key(at) -> list[str]:
    return [c.value for c in at.main.caption if c.value.startswith("Bars are spans")]


def waits_for(at) -> list[str | None]:
    """What the first run's component waits for before it asks for the whole page: the chart's
    selector, or None for at once (an empty list: no component, the page is whole)."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name == first_paint.KEY]
    return [json.loads(e.proto.json)["chart"] for e in found]


def whole(at):
    """The same session once its browser has drawn the first page."""
    at.session_state[first_paint.DRAWN] = True
    return at.run()


def test_a_first_run_draws_the_chart_of_the_links_view_and_leaves_the_widgets() -> None:
    at = run(LINK, drawn=False)
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    # the widgets whose code the browser would load beside the chart's
    assert not at.sidebar.multiselect and not at.sidebar.date_input and not at.sidebar.text_input
    assert not at.sidebar.button and not at.get("file_uploader")
    assert not at.dataframe and not at.selectbox  # the table, the Export control
    assert not _key(at)  # the key to the chart's marks, under it
    # the link's filters apply all the same, and the counter says so
    showing, total = shown(at)
    assert 0 < showing < total
    assert at.query_params["q"] == "troops" and at.query_params["alignment"] == "allied"


def test_the_run_after_the_chart_is_drawn_is_whole_and_shows_the_same_view() -> None:
    at = run(LINK, drawn=False)
    figure, counted, url = chart_spec(at), shown(at), dict(at.query_params)
    whole(at)
    assert not at.exception
    assert at.sidebar.multiselect(key="filter_alignment").value == ["allied"]
    assert at.sidebar.text_input(key="filter_q").value == "troops"
    assert [str(day) for day in at.sidebar.date_input(key="filter_dates").value] == [
        "2024-10-15",
        "2024-12-15",
    ]
    assert len(at.dataframe[0].value) == counted[0]
    assert at.selectbox(key="timeline_export_format")
    assert _key(at)
    assert (chart_spec(at), shown(at), dict(at.query_params)) == (figure, counted, url)


def test_a_first_run_says_what_the_link_asked_for_and_was_ignored() -> None:
    at = run({"country": "XX"}, drawn=False)
    assert [n for n in notices(at) if "XX" in n]
    showing, total = shown(at)
    assert showing == total


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_the_sidebar_counted_and_completes(page: str) -> None:
    at = run({"alignment": "russia"}, drawn=False).switch_page(f"pages/{page}.py").run()
    assert not at.exception
    assert not at.sidebar.multiselect
    first = shown(at)
    whole(at)
    assert not at.exception
    assert at.sidebar.multiselect(key="filter_alignment").value == ["russia"]
    assert shown(at) == first


@pytest.mark.parametrize(
    ("page", "params", "chart"),
    [
        ("timeline", {}, True),
        ("timeline", {"q": "no event says this"}, False),  # no events: no chart to wait for
        ("estimates", {}, True),
        ("map", {}, True),
        ("sources", {}, False),
        ("briefing", {}, False),
    ],
)
def test_a_first_page_waits_for_its_chart_only_when_it_sent_one(page, params, chart) -> None:
    at = run(params, drawn=False).switch_page(f"pages/{page}.py").run()
    [waited] = waits_for(at)
    assert (waited is not None) == chart
    assert waits_for(whole(at)) == []  # once whole, no component asks for another run


def test_a_run_stopped_after_its_chart_leaves_the_next_page_nothing_to_wait_for() -> None:
    at = run({}, drawn=False)
    assert waits_for(at) == [".js-plotly-plot .main-svg"]
    # what a Timeline run stopped (by a click) after sending its chart would leave behind
    at.session_state["_first_page_chart_sent"] = True
    at.switch_page("pages/sources.py").run()
    assert waits_for(at) == [None]  # at once, not after first_paint.WAIT_MS
