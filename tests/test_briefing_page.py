"""The Briefing page driven through AppTest: the deck it hands the browser (every step at once),
the step the URL opens, speaker notes, briefings from the filters, and a bad briefing file. The
steps move in the browser; tests/test_browser_briefing.py presses the keys."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import FIXTURE, open_page, shipped, shipped_briefing
from timeline import load_dataset
from timeline.exports.briefing_html import quote_size
from ui import md

XSS = "<img src=x onerror=alert(1)>"
# Steps of the shipped briefing counted from its end: -1 is the sources, -2 the last event.
LAST = -1


def briefing_page(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The Briefing page after it first ran, opened with `params` in the URL."""
    at = open_page("briefing", params)
    assert not at.exception, at.exception
    return at


def deck(at: AppTest) -> dict:
    """What the page handed its browser component: the deck's HTML, the step and the briefing."""
    found = [
        element
        for element in at.main
        if element.type == "bidi_component" and element.key == "briefing_deck"
    ]
    assert len(found) == 1, found
    return json.loads(found[0].proto.json)


def sections(at: AppTest) -> list[str]:
    """The deck's steps, each its HTML, in order."""
    return re.findall(r'<section class="step".*?</section>', deck(at)["html"])


def screen(at: AppTest) -> str:
    """The HTML of the step the page opens on."""
    return sections(at)[deck(at)["step"] - 1]


def step_of(at: AppTest) -> tuple[int, int]:
    """(N, M): the step the page opens on, of M steps."""
    return deck(at)["step"], len(sections(at))


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.main.caption if c.value.startswith(":material/info:")]


@pytest.mark.usefixtures("shipped_data")
def test_opens_on_the_title_of_the_shipped_briefing() -> None:
    briefing, screens = shipped_briefing()
    at = briefing_page()
    assert step_of(at) == (1, screens)
    text = screen(at)
    assert html.escape(briefing.title) in text
    assert f"{len(briefing.steps)} events from 5 sources · 2024-10-08 to 2024-12-20" in text
    assert at.selectbox(key="briefing").value == "north-korean-troops"
    assert deck(at)["name"] == "north-korean-troops"
    # One block the browser moves through: no chart or button reruns the page for a step.
    assert not at.get("plotly_chart") and not at.main.button
    assert f'Step <span class="number">1</span> of {screens}' in deck(at)["html"]
    assert at.query_params == {}


@pytest.mark.usefixtures("shipped_data")
def test_every_event_step_shows_its_event_and_the_last_the_sources() -> None:
    briefing, screens = shipped_briefing()
    steps = sections(briefing_page())
    assert len(steps) == screens
    events = shipped().events.set_index("id")
    for number, step in enumerate(briefing.steps, start=2):
        row = events.loc[step.event]
        text = steps[number - 1]
        assert f'data-step="{number}"' in text
        for value in (row["title"], row["claimant"], row["outlet"]):
            assert html.escape(value) in text, (step.event, value)
        assert f'class="{quote_size(row["quote"])}"' in text
    text = steps[-1]
    assert ">Sources<" in text
    for source in shipped().sources.values():
        assert f"published {source.published}" in text


@pytest.mark.usefixtures("shipped_data")
def test_quotes_holding_quotation_marks_never_show_doubled_marks() -> None:
    """Step 9 of the review showed `serious thing!””` and step 19 `““They passed`: a quote's own
    double marks become single ones inside the step's double marks."""
    briefing, _ = shipped_briefing()
    steps = sections(briefing_page())
    events = shipped().events.set_index("id")
    holding = [
        number
        for number, step in enumerate(briefing.steps, start=2)
        if any(mark in events.loc[step.event, "quote"] for mark in '"“”')
    ]
    assert len(holding) >= 3
    for number in holding:
        quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", steps[number - 1])[1]
        text = html.unescape(quote)
        assert text.startswith("“") and text.endswith("”"), text
        for doubled in ("““", "””", '""', '“"', '"”', '”"', '"“'):
            assert doubled not in text, (number, text)
        assert text.count("“") == 1 and text.count("”") == 1, text


@pytest.mark.usefixtures("shipped_data")
def test_the_strip_marks_each_event_step_with_a_legend() -> None:
    _, screens = shipped_briefing()
    text = deck(briefing_page())["html"]
    marks = re.findall(r'<g class="mark" data-step="(\d+)"', text)
    # The title (1) and the sources (last) have no mark: the strip is left out there.
    assert [int(m) for m in marks] == list(range(2, screens))
    legend = re.search(r'<ul class="legend".*?</ul>', text)[0]
    for side in ("Ukraine", "Kyiv&#x27;s partners", "Russia"):
        assert f"</span>{side}</li>" in legend
    assert "Nov 2024" in text and "Dec 2024" in text


@pytest.mark.usefixtures("shipped_data")
def test_a_step_says_when_who_and_which_side_in_words() -> None:
    briefing, _ = shipped_briefing()
    number = 2 + [s.event for s in briefing.steps].index("nis-3000-by-october-23")
    text = screen(briefing_page({"step": str(number)}))
    assert "no later than 2024-10-23 · said 2024-10-23" in text
    assert "South Korea&#x27;s National Intelligence Service, South Korea (KR)" in text
    assert 'style="background: #56B4E9; color: #1a1a1a">Kyiv&#x27;s partners</span>' in text
    assert "<b>Mediazona</b>" in text and "published 2024-10-24" in text


URLS = [
    # (URL params, step shown, notice)
    ({"step": "5"}, 5, None),
    ({"step": str(LAST)}, LAST, None),
    ({"briefing": "north-korean-troops", "step": "3"}, 3, None),
    ({"step": "0"}, 1, "Ignored step='0': expected a number from 1 to {screens}."),
    ({"step": "999"}, 1, "Ignored step='999': expected a number from 1 to {screens}."),
    ({"step": "two"}, 1, "Ignored step='two': expected a number from 1 to {screens}."),
    ({"step": "-3"}, 1, "Ignored step='-3': expected a number from 1 to {screens}."),
    # digits that str.isdigit() accepts but int() refuses or reads as another script's number
    ({"step": "²"}, 1, "Ignored step='²': expected a number from 1 to {screens}."),
    ({"step": "٣"}, 1, "Ignored step='٣': expected a number from 1 to {screens}."),
    (
        {"step": "9" * 5000},
        1,
        "Ignored step='" + "9" * 40 + "…': expected a number from 1 to {screens}.",
    ),
    (
        {"briefing": "nope", "step": "4"},
        4,
        "Ignored briefing='nope': expected one of north-korean-troops, filtered.",
    ),
    ({"notes": "yes"}, 1, "Ignored notes='yes': expected 1 (speaker notes on) or 0."),
]


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize(("params", "expected", "notice"), URLS)
def test_the_url_opens_the_briefing_at_its_step(params, expected, notice) -> None:
    _, screens = shipped_briefing()
    # LAST stands for the number of the last screen, known once the data is loaded.
    if expected == LAST:
        params, expected = {"step": str(screens)}, screens
    notice = notice and notice.format(screens=screens)
    at = briefing_page(params)
    assert step_of(at) == (expected, screens)
    assert notices(at) == ([f":material/info: {md(notice)}"] if notice else [])


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize("number", [2, 7, LAST - 1])
def test_speaker_notes_only_in_the_presenter_view(number: int) -> None:
    briefing, screens = shipped_briefing()
    number = number if number > 0 else screens + 1 + number  # LAST - 1: the last event's step
    note = briefing.steps[number - 2].note
    audience = briefing_page({"step": str(number)})
    everything = deck(audience)["html"] + "\n".join(m.value for m in audience.markdown)
    assert html.escape(note)[:30] not in everything and "Speaker note" not in everything
    assert audience.toggle(key="briefing_notes").value is False

    presenter = briefing_page({"step": str(number), "notes": "1"})
    assert presenter.toggle(key="briefing_notes").value is True
    text = deck(presenter)["html"]
    assert 'class="deck presenter"' in text
    assert f'<p class="note" data-step="{number}" hidden>{html.escape(note)}</p>' in text
    assert html.escape(note) not in screen(presenter)  # never in the step the room sees
    assert 'class="next-step"' in text  # the next step's title is beside the note

    presenter.toggle(key="briefing_notes").set_value(False).run()
    assert "Speaker note" not in deck(presenter)["html"]
    assert "notes" not in presenter.query_params


@pytest.mark.usefixtures("shipped_data")
def test_the_toggle_puts_notes_in_the_url() -> None:
    briefing, _ = shipped_briefing()
    at = briefing_page({"step": "3"})
    at.toggle(key="briefing_notes").set_value(True).run()
    assert at.query_params.get("notes") == "1"
    assert html.escape(briefing.steps[1].note) in deck(at)["html"]


@pytest.mark.usefixtures("fixture_data")
def test_without_a_briefing_file_the_filtered_events_are_the_briefing() -> None:
    at = briefing_page({"country": "UA"})
    assert list(at.selectbox(key="briefing").options) == [
        "Events of the current filters, in date order"
    ]
    assert step_of(at) == (1, 2 + 2)  # two Ukrainian events in the fixture
    assert "Source country (claimant): Ukraine (UA)" in screen(at)
    dataset = load_dataset(FIXTURE / "events", FIXTURE / "seeds")
    ukrainian = dataset.events[dataset.events["claimant_country"] == "UA"].sort_values("start")
    for number, title in enumerate(ukrainian["title"], start=2):
        assert html.escape(title) in sections(at)[number - 1]

    everything = briefing_page()
    assert step_of(everything) == (1, 9 + 2)
    assert "9 events from 2 sources" in screen(everything)


@pytest.mark.usefixtures("fixture_data")
def test_filters_that_match_nothing_say_so() -> None:
    at = briefing_page({"q": "no such words"})
    assert at.info[0].value == "No events match these filters."
    assert not [element for element in at.main if element.key == "briefing_deck"]


def test_a_bad_briefing_file_is_reported_with_file_and_line(data_copy: Path) -> None:
    events = data_copy / "events"
    (events / "briefings").mkdir()
    (events / "briefings" / "mine.yaml").write_text(
        f"title: '{XSS}'\nsteps:\n  - event: kr-nis-12000\n    note: '{XSS}'\n"
        "  - event: no-such-event\n  - event: kr-nis-12000\n",
        encoding="utf-8",
    )
    at = briefing_page({"notes": "1", "step": "1"})
    problems = at.main.expander[0]
    assert "2 problem(s) in the data" in problems.label
    listed = problems.code[0].value.splitlines()
    assert listed == [
        "events/briefings/mine.yaml:5: step 2: unknown event id 'no-such-event'; expected the id "
        "of an event in the events files",
        "events/briefings/mine.yaml:6: step 3: duplicate step; event 'kr-nis-12000' is already "
        "step 1 (line 3)",
    ]
    # The valid step is still presented, and its markup is text.
    assert step_of(at) == (1, 3)
    assert html.escape(XSS) in screen(at) and XSS not in deck(at)["html"]


@pytest.mark.parametrize(
    ("length", "expected"),
    [(1, "quote-short"), (90, "quote-short"), (91, "quote-medium"), (170, "quote-medium"),
     (171, "quote-long"), (280, "quote-long"), (281, "quote-longest"), (2000, "quote-longest")],
)  # fmt: skip
def test_long_quotes_get_smaller_type(length: int, expected: str) -> None:
    assert quote_size("x" * length) == expected


def test_an_edited_briefing_file_shows_at_the_next_rerun(data_copy: Path) -> None:
    events = data_copy / "events"
    (events / "briefings").mkdir()
    path = events / "briefings" / "mine.yaml"
    path.write_text("title: First draft\nsteps:\n  - event: kr-nis-12000\n", encoding="utf-8")
    at = briefing_page()
    assert "First draft" in screen(at) and step_of(at) == (1, 3)
    path.write_text(
        "title: Second draft\nsteps:\n  - event: kr-nis-12000\n  - event: ua-hur-kursk\n",
        encoding="utf-8",
    )
    at.run()
    assert "Second draft" in screen(at) and step_of(at) == (1, 4)
