"""The dashboard driven through Streamlit's AppTest: filters, the URL, the event card, bad data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import TOTAL, chart_spec, notices, run, shown
from timeline import present
from timeline.data import fields
from ui import md

XSS = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.usefixtures("fixture_data")


def page_text(at: AppTest) -> str:
    # at.markdown, not at.main.markdown: the Timeline page's card is in a dialog, outside main
    return "\n".join(m.value for m in at.markdown)


def card_title(at: AppTest) -> str | None:
    """The open card's title: the subheader that is not the table's."""
    titles = [s.value for s in at.subheader if s.value != "Events"]
    return titles[0] if titles else None


def test_opens_on_all_events_with_chart_table_and_downloads() -> None:
    at = run()
    assert not at.exception
    assert shown(at) == (TOTAL, TOTAL)
    assert at.title[0].value == "Claims timeline"
    assert len(at.get("plotly_chart")) == 1
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == TOTAL
    assert (
        at.selectbox(key="timeline_export_format").label == "Export"
    )  # tests/test_export_control.py
    assert not notices(at)
    assert not at.main.expander  # no problems in the fixture
    assert at.query_params == {}


FILTERS = [
    # (widget, value, events shown, URL params it writes)
    ("multiselect", "filter_country", ["UA"], 2, {"country": "UA"}),
    ("multiselect", "filter_country", ["UA", "RU"], 3, {"country": ["UA", "RU"]}),
    ("multiselect", "filter_country", ["NATO"], 1, {"country": "NATO"}),
    ("multiselect", "filter_alignment", ["allied"], 3, {"alignment": "allied"}),
    ("multiselect", "filter_alignment", ["dprk", "sceptic"], 2, {"alignment": ["dprk", "sceptic"]}),
    ("multiselect", "filter_kind", ["statement"], 3, {"kind": "statement"}),
    ("multiselect", "filter_status", ["denied"], 1, {"status": "denied"}),
    (
        "multiselect",
        "filter_status",
        ["confirmed", "reported"],
        6,
        {"status": ["confirmed", "reported"]},
    ),
    ("multiselect", "filter_claimant", ["The Kremlin"], 1, {"claimant": "The Kremlin"}),
    # the data's first (Oct 8) and last (Dec 31) days filter nothing, so they stay out of the URL
    (
        "date_input",
        "filter_dates",
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        3,
        {"from": "2024-12-01"},
    ),
    (
        "date_input",
        "filter_dates",
        (dt.date(2024, 10, 8), dt.date(2024, 10, 20)),
        2,
        {"to": "2024-10-20"},
    ),
    (
        "date_input",
        "filter_dates",
        (dt.date(2024, 10, 9), dt.date(2024, 10, 15)),
        1,
        {"from": "2024-10-09", "to": "2024-10-15"},
    ),
    ("date_input", "filter_dates", (dt.date(2024, 10, 20),), 7, {"from": "2024-10-20"}),
    (
        "date_input",
        "filter_dates",
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
        1,
        {"from": "2024-11-01", "to": "2024-11-30"},
    ),
    ("text_input", "filter_q", "kursk", 3, {"q": "kursk"}),
    ("text_input", "filter_q", "KREMLIN", 1, {"q": "KREMLIN"}),
    ("text_input", "filter_q", "12,000 soldiers", 1, {"q": "12,000 soldiers"}),
    ("text_input", "filter_q", "no such words", 0, {"q": "no such words"}),
]


@pytest.mark.parametrize(("kind", "key", "value", "expected", "params"), FILTERS)
def test_each_filter_changes_the_count_and_the_url(
    kind: str, key: str, value: object, expected: int, params: dict
) -> None:
    at = run()
    widget = getattr(at, kind)(key=key)
    if kind == "text_input":
        widget.input(value)
    else:
        widget.set_value(value)
    at.run()
    assert not at.exception
    assert shown(at) == (expected, TOTAL)
    assert at.query_params == params
    assert len(at.dataframe[0].value) == expected
    assert len(at.get("plotly_chart")) == (1 if expected else 0)
    if not expected:
        assert at.info[0].value == present.NO_EVENTS


def test_filters_combine_and_clear() -> None:
    at = run()
    at.multiselect(key="filter_alignment").set_value(["allied", "ukraine"]).run()
    at.multiselect(key="filter_kind").set_value(["intelligence_claim"]).run()
    at.text_input(key="filter_q").input("kursk").run()
    assert shown(at) == (2, TOTAL)  # ua-hur-kursk, nato-confirms
    assert at.query_params == {
        "alignment": ["allied", "ukraine"],
        "kind": "intelligence_claim",
        "q": "kursk",
    }
    next(b for b in at.button if b.label == "Clear filters").click()
    at.run()
    assert shown(at) == (TOTAL, TOTAL)
    assert at.query_params == {}


URLS = [
    # (URL params, events shown, the sidebar's widgets it sets)
    ({"country": ["RU", "KP"]}, 2, {"filter_country": ["RU", "KP"]}),
    ({"country": "UA"}, 2, {"filter_country": ["UA"]}),
    (
        {"alignment": "russia", "kind": "denial"},
        1,
        {"filter_alignment": ["russia"], "filter_kind": ["denial"]},
    ),
    ({"status": ["disputed"]}, 2, {"filter_status": ["disputed"]}),
    ({"claimant": "NATO"}, 1, {"filter_claimant": ["NATO"]}),
    (
        {"from": "2024-12-01", "to": "2024-12-31"},
        3,
        {"filter_dates": (dt.date(2024, 12, 1), dt.date(2024, 12, 31))},
    ),
    ({"from": "2024-10-20"}, 7, {"filter_dates": (dt.date(2024, 10, 20),)}),
    ({"to": "2024-10-20"}, 2, {"filter_dates": (dt.date(2024, 10, 8), dt.date(2024, 10, 20))}),
    (
        {"from": "2023-01-01", "to": "2024-10-20"},
        2,
        {"filter_dates": (dt.date(2024, 10, 8), dt.date(2024, 10, 20))},
    ),
    ({"q": "Kursk"}, 3, {"filter_q": "Kursk"}),
    (
        {"country": "UA", "q": "combat", "from": "2024-12-01"},
        1,
        {"filter_country": ["UA"], "filter_q": "combat"},
    ),
]


@pytest.mark.parametrize(("params", "expected", "widgets"), URLS)
def test_url_sets_the_filters(params: dict, expected: int, widgets: dict) -> None:
    at = run(params)
    assert not at.exception
    assert shown(at) == (expected, TOTAL)
    for key, value in widgets.items():
        assert at.session_state[key] == value
    assert not notices(at)


@pytest.mark.parametrize(
    "params",
    [
        {"country": "RU", "kind": "denial", "q": "fabrication"},
        {"alignment": ["allied", "ukraine"], "from": "2024-10-10", "to": "2024-10-31"},
        {"status": "reported", "event": "ua-hur-kursk"},
    ],
)
def test_a_link_reproduces_its_view_and_keeps_its_url(params: dict) -> None:
    first = run(params)
    again = run(first.query_params)
    assert first.query_params == params
    assert again.query_params == params
    assert shown(again) == shown(first)


BAD_URLS = [
    # (URL params, events shown, what the notice says, URL afterwards)
    ({"country": "XX"}, TOTAL, "country='XX'", {}),
    ({"country": ["UA", "XX"]}, 2, "country='XX'", {"country": "UA"}),
    ({"alignment": "martian"}, TOTAL, "alignment='martian'", {}),
    ({"kind": "denial", "status": "nonsense"}, 1, "status='nonsense'", {"kind": "denial"}),
    ({"from": "notadate"}, TOTAL, "from='notadate'", {}),
    ({"to": "2024-13-45"}, TOTAL, "to='2024-13-45'", {}),
    ({"from": "2024-12-31", "to": "2024-10-01"}, TOTAL, "from is after to", {}),
    ({"from": "2025-01-01"}, TOTAL, "the events run from 2024-10-08 to 2024-12-31", {}),
    ({"to": "2024-01-31"}, TOTAL, "Ignored the dates", {}),
    ({"event": "no-such-event"}, TOTAL, "event='no-such-event'", {}),
    ({"claimant": XSS}, TOTAL, "claimant=", {}),
]


@pytest.mark.parametrize(("params", "expected", "notice", "url"), BAD_URLS)
def test_bad_url_values_are_ignored_with_a_notice(
    params: dict, expected: int, notice: str, url: dict
) -> None:
    at = run(params)
    assert not at.exception
    assert shown(at) == (expected, TOTAL)
    [text] = notices(at)
    assert md(notice) in text
    assert at.query_params == url


def test_notices_go_once_a_filter_changes() -> None:
    at = run({"country": "XX"})
    assert notices(at)
    at.multiselect(key="filter_kind").set_value(["denial"]).run()
    assert not notices(at)
    assert shown(at) == (1, TOTAL)


def test_unknown_url_keys_are_left_alone() -> None:
    at = run({"utm_source": "mail", "country": "UA"})
    assert shown(at) == (2, TOTAL)
    assert not notices(at)
    assert at.query_params == {"utm_source": "mail", "country": "UA"}


def test_card_shows_the_quote_in_context_and_the_source() -> None:
    at = run({"event": "kr-nis-12000"})
    assert not at.exception
    assert card_title(at) == "NIS says about 12,000 soldiers will be sent"
    text = page_text(at)
    assert (
        f":orange-background[**{md('decided to send about 12,000 soldiers to Russia')}**]" in text
    )
    # the sentences around the quote, from the seed document
    assert md("It added that the first group had already left by ship.") in text
    for fact in [
        "**Claimant:** South Korea\\'s National Intelligence Service, South Korea \\(KR\\)",
        "**Alignment:** Allied",
        "**Kind:** Intelligence claim",
        "**Status:** Reported",
        "**Happened:** “October 18” → 2024-10-18",
        "**Troops:** 12,000",
    ]:
        assert fact in text
    source = "\n".join(c.value for c in at.caption)
    assert "**Fixture Wire**" in source and "by A\\. Tester" in source
    assert "published 2024-10-25" in source


@pytest.mark.parametrize(
    ("event", "facts"),
    [
        (
            "analysts-more-units",
            ["“by the end of November” → no later than 2024-11-30 (roughly: part of a month)"],
        ),
        ("kp-lawful", ["“late October” → 2024-10-21 to 2024-10-31 (roughly: part of a month)"]),
        (
            "ru-kremlin-denial",
            [
                "**Happened:** 2024-10-24",
                "**Said:** no later than 2024-10-25",
                "**Lag:** said at most 1 day after",
            ],
        ),
        ("ua-hur-kursk", ["**Location:** Kursk region", "**Curator's note:** The spokesman\\'s"]),
    ],
)
def test_card_shows_how_the_date_was_read_and_optional_facts(event: str, facts: list[str]) -> None:
    text = page_text(run({"event": event}))
    for fact in facts:
        assert fact in text


def test_estimated_publication_date_is_flagged() -> None:
    at = run({"event": "nato-confirms"})
    source = "\n".join(c.value for c in at.caption)
    assert "published 2024-12-16 (estimated: the dateline gives the day" in source


def test_contradiction_links_open_the_other_card_and_the_url_follows() -> None:
    at = run({"event": "ru-kremlin-denial"})
    labels = [b.label for b in at.button if b.key and b.key.startswith("contradicts_")]
    assert labels == ["NIS says about 12,000 soldiers will be sent",
                      "Ukrainian intelligence says first units reached Kursk"]  # fmt: skip
    at.button(key="contradicts_ua-hur-kursk").click().run()
    assert card_title(at) == "Ukrainian intelligence says first units reached Kursk"
    assert at.query_params == {"event": "ua-hur-kursk"}
    back = [b.key for b in at.button if b.key and b.key.startswith("contradicted_by_")]
    assert back == ["contradicted_by_ru-kremlin-denial"]
    at.button(key="close_card").click().run()
    assert card_title(at) is None
    assert at.query_params == {}


def test_card_stays_open_for_an_event_the_filters_hide() -> None:
    at = run({"event": "ru-kremlin-denial", "country": "UA"})
    assert shown(at) == (2, TOTAL)
    assert card_title(at) == "Kremlin calls the reports a fabrication"


@pytest.mark.parametrize("lane", list(fields.LANES))
@pytest.mark.parametrize("colour", list(fields.COLOURS))
def test_every_lane_and_colour_draws(lane: str, colour: str) -> None:
    at = run()
    at.button_group(key="lane").set_value(lane)
    at.button_group(key="colour").set_value(colour)
    at.run()
    assert not at.exception
    spec = chart_spec(at)
    legend = spec["layout"]["legend"]["title"]["text"]
    assert legend == fields.COLOURS[colour]
    ids = {row[0] for trace in spec["data"] for row in trace["customdata"]}
    assert len(ids) == TOTAL


def test_lanes_and_colours_travel_in_the_url() -> None:
    at = run({"lane": "alignment", "colour": "status"})
    assert (at.button_group(key="lane").value, at.button_group(key="colour").value) == (
        "alignment",
        "status",
    )
    assert chart_spec(at)["layout"]["legend"]["title"]["text"] == fields.COLOURS["status"]
    at.button_group(key="lane").set_value("kind").run()
    assert at.query_params["lane"] == "kind"
    # back to the defaults: they stay out of the URL
    at.button_group(key="lane").set_value("claimant_country")
    at.button_group(key="colour").set_value("alignment").run()
    assert "lane" not in at.query_params and "colour" not in at.query_params


def test_a_bad_lane_in_the_url_is_ignored_with_a_notice() -> None:
    at = run({"lane": "<b>weather</b>", "country": "UA"})
    assert not at.exception
    assert at.button_group(key="lane").value == "claimant_country"
    assert shown(at) == (2, TOTAL)
    [notice] = [w.value for w in at.main.warning if "Ignored lane" in w.value]
    assert "weather" in notice and "<b>" not in notice


def write_events(root: Path, name: str, text: str) -> None:
    (root / "events" / name).write_text(text, encoding="utf-8")


BROKEN_FILE = """\
- id: broken-one
  title: [unclosed
"""
BAD_EVENT = """\
- id: martian-claim
  title: A claim from an alignment nobody knows
  date: October 18
  kind: statement
  claimant: Somebody
  claimant_country: UA
  alignment: martian
  status: reported
  source: alpha
  quote: any such move would be lawful under its treaty with Moscow
"""


def test_data_problems_are_listed_and_valid_events_still_shown(data_copy: Path) -> None:
    write_events(data_copy, "zz-broken.yaml", BROKEN_FILE)
    write_events(data_copy, "zz-bad-event.yaml", BAD_EVENT)
    at = run()
    assert not at.exception
    assert shown(at) == (TOTAL, TOTAL)
    [expander] = at.main.expander
    assert expander.label.startswith(":material/warning: 2 problem(s) in the data")
    listing = expander.code[0].value.splitlines()
    assert len(listing) == 2
    assert re.match(r"events/zz-bad-event\.yaml:7: .*martian", listing[0])
    assert re.match(r"events/zz-broken\.yaml:\d+: YAML error", listing[1])


@pytest.mark.parametrize(
    ("events_dir", "message"),
    [("missing-folder", "not a folder"), ("events-without-taxonomy", "taxonomy")],
)
def test_unreadable_data_is_explained_not_raised(
    data_copy: Path, use_data: Callable[..., Path], events_dir: str, message: str
) -> None:
    if events_dir != "missing-folder":
        (data_copy / events_dir).mkdir()
    use_data(data_copy, events=events_dir)
    at = run()
    assert not at.exception
    assert shown(at) == (0, 0)
    assert message in at.main.expander[0].code[0].value
    assert at.info[0].value == present.NO_EVENTS


def test_an_unexpected_loader_failure_shows_an_error_not_a_traceback(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object) -> None:
        raise PermissionError("denied by the test")

    monkeypatch.setattr("timeline.data.snapshot.load_dataset", explode)
    at = run()
    assert not at.exception
    [error] = at.error
    assert "could not be read" in error.value and "PermissionError" in error.value


def test_a_failing_page_shows_an_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a page bug")

    monkeypatch.setattr("ui.table.event_table", explode)
    at = run()
    assert not at.exception
    assert "unexpected error" in at.error[0].value
    assert shown(at) == (TOTAL, TOTAL)  # the frame still works


XSS_EVENT = f"""\
- id: markup-title
  title: '{XSS}'
  date: October 18
  kind: statement
  claimant: '<script>alert(2)</script>'
  claimant_country: UA
  alignment: ukraine
  status: reported
  source: alpha
  quote: any such move would be lawful under its treaty with Moscow
  notes: '**not bold** [not a link](http://example.org)'
"""


def test_markup_in_the_data_is_shown_as_text(data_copy: Path) -> None:
    write_events(data_copy, "zz-markup.yaml", XSS_EVENT)
    at = run({"event": "markup-title"})
    assert not at.exception
    assert card_title(at) == md(XSS) == r"\<img src\=x onerror\=alert\(1\)\>"
    text = page_text(at)
    assert md("<script>alert(2)</script>") in text
    assert md("**not bold** [not a link](http://example.org)") in text
    assert not any(m.allow_html for m in at.markdown)
    assert not at.get("html")
    table = at.dataframe[0].value
    assert XSS in set(table["Title"])  # a text column: the grid draws it as characters
    hover = "".join(
        str(value) for trace in chart_spec(at)["data"] for value in trace.get("hovertext", [])
    )
    assert "<b>&lt;img src=x onerror=alert(1)&gt;</b>" in hover and XSS not in hover
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in hover
