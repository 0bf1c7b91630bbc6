"""The Sources and Map pages driven through AppTest: the shared filters and URL, the card, the
curator's list of dated sentences, events without a location, bad values and empty data."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import PLACES, TOTAL, chart_spec, open_page
from timeline import present
from ui import md

HIGHLIGHT = ":orange-background["
ALPHA_TITLE = "Fixture dispatch: claims about troops in the Kursk region"
BRAVO_TITLE = "Second fixture dispatch: combat and doubts"
XSS = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.usefixtures("fixture_data")


def shown(at: AppTest) -> str:
    return next(m.value for m in at.sidebar.markdown if m.value.startswith("Showing"))


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.main.caption if c.value.startswith(":material/info:")]


def page_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.main.markdown)


def quote_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("quote_")]


# ---- Sources ------------------------------------------------------------------------------------


def test_sources_opens_on_every_document_with_its_facts_and_marked_quotes() -> None:
    at = open_page("sources")
    assert not at.exception
    assert at.title[0].value == "Sources"
    assert [h.value for h in at.main.header] == [md(ALPHA_TITLE), md(BRAVO_TITLE)]
    text = page_text(at)
    for fact in [
        "**Outlet:** Fixture Wire",
        "**Author:** A\\. Tester",
        "**Outlet country:** Belgium \\(BE\\)",
        "**Outlet alignment:** Independent",
        "**Published:** 2024-10-25",
        "**Events:** 6 quote it; 6 pass the filters",
        "**Author:** not named",
        "**Published:** 2024-12-16 (estimated: the dateline gives the day; the year is read "
        "from the events it reports)",
        "**Events:** 3 quote it; 3 pass the filters",
    ]:
        assert fact in text
    assert text.count(HIGHLIGHT) == TOTAL
    assert (
        f"{HIGHLIGHT}{md('decided to send about 12,000 soldiers to Russia')}] **\\[1\\]**" in text
    )
    # paragraphs kept: one Markdown element per line of the document
    assert md("It added that the first group had already left by ship.") in text
    assert md("This is an invented article used only by the dashboard tests.") in [
        m.value for m in at.main.markdown
    ]
    assert len(quote_buttons(at)) == TOTAL
    assert shown(at) == f"Showing **{TOTAL}** of {TOTAL} events"
    assert at.query_params == {}


def test_the_curators_list_shows_dated_sentences_no_event_quotes() -> None:
    at = open_page("sources", {"source": "alpha"})
    assert [e.label for e in at.main.expander] == ["Dated sentences no event quotes (1)"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Sentence", "Date phrase", "Read as"]
    assert table.to_dict("records") == [
        {
            "Sentence": "Filed from Brussels, 25 October 2024.",
            "Date phrase": "25 October 2024",
            "Read as": "2024-10-25",
        }
    ]


@pytest.mark.parametrize(
    ("params", "headers", "highlights", "count"),
    [
        ({"source": "bravo"}, [BRAVO_TITLE], 3, "Showing **9** of 9 events"),
        ({"source": "alpha", "status": "denied"}, [ALPHA_TITLE], 1, "Showing **1** of 9 events"),
        ({"country": "UA"}, [ALPHA_TITLE, BRAVO_TITLE], 2, "Showing **2** of 9 events"),
        ({"q": "no such words"}, [ALPHA_TITLE, BRAVO_TITLE], 0, "Showing **0** of 9 events"),
    ],
)
def test_sources_follow_the_url_and_the_shared_filters(params, headers, highlights, count) -> None:
    at = open_page("sources", params)
    assert not at.exception
    assert [h.value for h in at.main.header] == [md(h) for h in headers]
    assert page_text(at).count(HIGHLIGHT) == highlights
    assert len(quote_buttons(at)) == highlights
    assert shown(at) == count
    assert at.query_params == params
    # the curator's list counts every event, whatever the filters
    assert at.main.expander[0].label == "Dated sentences no event quotes (1)"


def test_a_filtered_source_says_how_many_of_its_events_pass() -> None:
    at = open_page("sources", {"source": "alpha", "status": "denied"})
    assert "**Events:** 6 quote it; 1 pass the filters" in page_text(at)


@pytest.mark.parametrize("bad", ["nope", "<b>x</b>", ""])
def test_an_unknown_source_in_the_url_is_ignored_with_a_notice(bad: str) -> None:
    at = open_page("sources", {"source": bad})
    assert not at.exception
    assert len(at.main.header) == 2
    if bad:
        assert notices(at) == [f":material/info: {md(f'Ignored source={bad!r}: expected one of')}"
                               f"{md(' all, alpha, bravo.')}"]  # fmt: skip
    assert "source" not in at.query_params


def test_choosing_a_document_puts_it_in_the_url() -> None:
    at = open_page("sources")
    at.selectbox(key="source").set_value("bravo").run()
    assert [h.value for h in at.main.header] == [md(BRAVO_TITLE)]
    assert at.query_params == {"source": "bravo"}


def test_a_quote_button_opens_the_card_under_its_paragraph() -> None:
    at = open_page("sources", {"source": "alpha"})
    [button] = [b for b in at.button if b.key == "quote_alpha_ua-hur-kursk"]
    button.click().run()
    assert not at.exception
    assert at.subheader[0].value == "Ukrainian intelligence says first units reached Kursk"
    assert at.query_params["event"] == "ua-hur-kursk"
    # the card follows the paragraph of its quote, before the next paragraph
    values = [m.value for m in at.main.markdown]
    card_fact = next(i for i, v in enumerate(values) if v.startswith("**Claimant:**"))
    kremlin = next(
        i for i, v in enumerate(values) if "a fabrication spread" in v and HIGHLIGHT in v
    )
    kursk = next(
        i for i, v in enumerate(values) if md("the first units reached") in v and HIGHLIGHT in v
    )
    assert kursk < card_fact < kremlin


def test_the_card_of_an_event_not_marked_on_the_page_opens_at_the_top() -> None:
    at = open_page("sources", {"source": "bravo", "event": "kr-nis-12000"})
    assert not at.exception
    assert at.subheader[0].value == "NIS says about 12,000 soldiers will be sent"


def test_document_text_is_shown_as_text(data_copy: Path) -> None:
    alpha = data_copy / "seeds" / "alpha.txt"
    alpha.write_text(
        alpha.read_text(encoding="utf-8") + f"# Not a heading {XSS} **not bold** [link](x)\n",
        encoding="utf-8",
    )
    at = open_page("sources", {"source": "alpha"})
    assert not at.exception
    assert md(f"# Not a heading {XSS} **not bold** [link](x)") in [
        m.value for m in at.main.markdown
    ]
    assert XSS not in page_text(at)


def test_a_document_whose_text_is_empty_is_said(data_copy: Path) -> None:
    (data_copy / "seeds" / "bravo.txt").write_text("", encoding="utf-8")
    at = open_page("sources", {"source": "bravo"})
    assert not at.exception
    assert at.warning[0].value.startswith("The text of this document is empty")
    assert "**Events:** 0 quote it; 0 pass the filters" in page_text(at)
    assert at.main.expander  # the problems panel lists the events whose quotes it lacks


def test_a_document_whose_file_is_missing_is_left_out_and_reported(data_copy: Path) -> None:
    (data_copy / "seeds" / "bravo.txt").unlink()
    at = open_page("sources", {"source": "bravo"})
    assert not at.exception
    assert [h.value for h in at.main.header] == [md(ALPHA_TITLE)]
    assert notices(at) == [
        ":material/info: " + md("Ignored source='bravo': expected one of all, alpha.")
    ]
    assert "bravo.txt" in at.main.expander[0].code[0].value  # the problems panel names the file


def test_sources_without_any_data(tmp_path: Path, use_data: Callable[..., Path]) -> None:
    for folder in ("events", "seeds"):
        (tmp_path / folder).mkdir()
    use_data(tmp_path)
    for page in ("sources", "map"):
        at = open_page(page)
        assert not at.exception
        assert not at.error


# ---- Map ----------------------------------------------------------------------------------------


def points(at: AppTest) -> list[str]:
    return sorted(row[0] for trace in chart_spec(at)["data"] for row in trace["customdata"])


@pytest.fixture
def placed_data(data_copy: Path) -> Path:
    """The fixture plus two located events (tests/fixtures/places.yaml)."""
    shutil.copy(PLACES, data_copy / "events")
    return data_copy


def test_map_places_located_events_and_counts_the_others() -> None:
    at = open_page("map")
    assert not at.exception
    assert at.title[0].value == "Map"
    assert points(at) == ["ua-hur-kursk"]
    assert (
        at.main.expander[0].label
        == "8 of the 9 events shown have no location and are not on the map"
    )
    unplaced = [b for b in at.button if b.key and b.key.startswith("unplaced_")]
    assert len(unplaced) == 8
    next(b for b in unplaced if b.key == "unplaced_kr-nis-12000").click().run()
    assert at.subheader[0].value == "NIS says about 12,000 soldiers will be sent"
    spec = chart_spec(at)
    assert (
        spec["layout"]["geo"]["lataxis"]["range"][0]
        < 51.73
        < spec["layout"]["geo"]["lataxis"]["range"][1]
    )


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({}, ["Ukraine"]),
        ({"colour": "status"}, ["Reported"]),
        ({"colour": "kind"}, ["Intelligence claim"]),
    ],
)
def test_map_colours_like_the_timeline(params, names) -> None:
    at = open_page("map", params)
    assert [trace["name"] for trace in chart_spec(at)["data"]] == names
    assert at.query_params == params
    assert not notices(at)


def test_a_bad_colour_is_ignored() -> None:
    # The notice shows on the page that reads ?colour= first; in AppTest that is the Timeline.
    at = open_page("map", {"colour": "nope"})
    assert not at.exception
    assert [trace["name"] for trace in chart_spec(at)["data"]] == ["Ukraine"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "no such words"}, present.NO_EVENTS),
        ({"country": "KR"}, "None of the 1 events shown has a location (lat and lon)"),
    ],
)
def test_map_with_nothing_to_place_says_so(params, message) -> None:
    at = open_page("map", params)
    assert not at.exception
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith(message)


def test_the_shared_filters_and_the_day_slider_narrow_the_map(placed_data: Path) -> None:
    at = open_page("map")
    assert not at.exception
    assert points(at) == ["nato-kursk", "pentagon-seen", "ua-hur-kursk"]
    sizes = {trace["customdata"][0][0]: trace["marker"]["size"] for trace in chart_spec(at)["data"]}
    assert sizes["pentagon-seen"] != sizes["ua-hur-kursk"]
    slider = at.slider[0]
    assert slider.value == (dt.date(2024, 10, 8), dt.date(2024, 12, 14))
    slider.set_value((dt.date(2024, 10, 20), dt.date(2024, 12, 14))).run()
    assert points(at) == ["nato-kursk", "ua-hur-kursk"]
    at = open_page("map", {"status": "confirmed"})
    assert points(at) == ["nato-kursk"]
    assert shown(at) == "Showing **3** of 11 events"


def test_map_and_sources_on_the_shipped_data(shipped_data: Path) -> None:
    """Loosely: the shipped events change while curators work, so only the shape is checked."""
    at = open_page("map")
    assert not at.exception and not at.error
    assert len(points(at)) >= 1
    at = open_page("sources")
    assert not at.exception and not at.error
    assert len(at.main.header) >= 1 and HIGHLIGHT in page_text(at)


def test_the_colour_carries_between_the_map_and_the_timeline() -> None:
    """Both pages draw a widget keyed "colour"; moving between them keeps the choice."""
    at = open_page("map", {"colour": "status"})
    for page in ("timeline", "sources", "map", "timeline", "map"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception and not at.error, page
    assert [trace["name"] for trace in chart_spec(at)["data"]] == ["Reported"]
    assert at.query_params == {"colour": "status"}
