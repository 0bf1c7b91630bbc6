"""The Briefing page driven through AppTest: stepping, the URL, speaker notes, briefings from the
filters, and a bad briefing file."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import FIXTURE, open_page, shipped, shipped_briefing
from timeline import load_dataset
from ui import md
from ui.briefing import quote_size

XSS = "<img src=x onerror=alert(1)>"
# Steps of the shipped briefing counted from its end: -1 is the sources, -2 the last event.
LAST = -1


def briefing_page(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The Briefing page after it first ran, opened with `params` in the URL."""
    at = open_page("briefing", params)
    assert not at.exception, at.exception
    return at


def screen(at: AppTest) -> str:
    """The step's HTML on the page (the style sheet left out)."""
    bodies = [element.proto.body for element in at.get("html")]
    return "\n".join(body for body in bodies if not body.lstrip().startswith("<style>"))


def step_of(at: AppTest) -> tuple[int, int]:
    """(N, M) of the page's "Step N of M"."""
    found = [re.fullmatch(r"\*\*Step (\d+) of (\d+)\*\*", m.value) for m in at.main.markdown]
    numbers = [(int(f[1]), int(f[2])) for f in found if f]
    assert len(numbers) == 1, [m.value for m in at.main.markdown]
    return numbers[0]


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.main.caption if c.value.startswith(":material/info:")]


def click(at: AppTest, name: str) -> AppTest:
    at.button(key=f"briefing_{name}").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.usefixtures("shipped_data")
def test_opens_on_the_title_of_the_shipped_briefing() -> None:
    briefing, screens = shipped_briefing()
    at = briefing_page()
    assert step_of(at) == (1, screens)
    text = screen(at)
    assert html.escape(briefing.title) in text
    assert f"{len(briefing.steps)} events from 5 sources · 2024-10-08 to 2024-12-20" in text
    assert at.selectbox(key="briefing").value == "north-korean-troops"
    assert at.button(key="briefing_previous").disabled
    assert at.button(key="briefing_first").disabled
    assert len(at.get("plotly_chart")) == 1
    assert at.query_params == {}


@pytest.mark.usefixtures("shipped_data")
def test_each_button_moves_the_step_and_the_url_follows() -> None:
    _, screens = shipped_briefing()
    at = briefing_page()
    moves = [
        ("next", 2), ("next", 3), ("previous", 2), ("pagedown", 3), ("pageup", 2),
        ("last", screens), ("pageup", screens - 1), ("first", 1), ("pagedown", 2),
    ]  # fmt: skip
    for name, expected in moves:
        click(at, name)
        assert step_of(at) == (expected, screens), name
        assert at.query_params.get("step") == (str(expected) if expected != 1 else None), name
    click(at, "last")
    assert [
        at.button(key=f"briefing_{name}").disabled for name in ("next", "pagedown", "last")
    ] == [True] * 3
    assert not at.button(key="briefing_previous").disabled


@pytest.mark.usefixtures("shipped_data")
def test_every_event_step_shows_its_event_and_the_last_the_sources() -> None:
    briefing, screens = shipped_briefing()
    at = briefing_page()
    events = shipped().events.set_index("id")
    for number, step in enumerate(briefing.steps, start=2):
        click(at, "next")
        assert step_of(at) == (number, screens)
        row = events.loc[step.event]
        text = screen(at)
        for value in (row["title"], row["quote"], row["claimant"], row["outlet"]):
            assert html.escape(value) in text, (step.event, value)
        assert f'class="{quote_size(row["quote"])}"' in text
    click(at, "next")
    text = screen(at)
    assert ">Sources<" in text
    for source in shipped().sources.values():
        assert f"published {source.published}" in text
    assert at.button(key="briefing_next").disabled


@pytest.mark.usefixtures("shipped_data")
def test_a_step_says_when_who_and_which_side_in_words() -> None:
    briefing, _ = shipped_briefing()
    number = 2 + [s.event for s in briefing.steps].index("nis-3000-by-october-23")
    text = screen(briefing_page({"step": str(number)}))
    assert "no later than 2024-10-23 · said 2024-10-23" in text
    assert "South Korea&#x27;s National Intelligence Service, South Korea (KR)" in text
    assert 'style="background: #56B4E9; color: #000000">Kyiv&#x27;s partners</span>' in text
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
        "Ignored step='" + "9" * 40 + "': expected a number from 1 to {screens}.",
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
    assert at.query_params.get("step") == (str(expected) if expected != 1 else None)


@pytest.mark.usefixtures("shipped_data")
def test_a_link_to_a_step_round_trips() -> None:
    _, screens = shipped_briefing()
    at = briefing_page()
    for _ in range(6):
        click(at, "next")
    click(at, "previous")
    link = {key: at.query_params[key] for key in at.query_params}
    assert link == {"step": "6"}
    again = briefing_page(link)
    assert step_of(again) == (6, screens)
    assert screen(again) == screen(at)


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize("number", [2, 7, LAST - 1])
def test_speaker_notes_only_in_the_presenter_view(number: int) -> None:
    briefing, screens = shipped_briefing()
    number = number if number > 0 else screens + 1 + number  # LAST - 1: the last event's step
    note = briefing.steps[number - 2].note
    audience = briefing_page({"step": str(number)})
    everything = screen(audience) + "\n".join(m.value for m in audience.markdown)
    assert note[:30] not in everything and "Speaker note" not in everything
    assert audience.toggle(key="briefing_notes").value is False

    presenter = briefing_page({"step": str(number), "notes": "1"})
    assert presenter.toggle(key="briefing_notes").value is True
    shown = "\n".join(m.value for m in presenter.main.markdown)
    assert "**Speaker note:**" in shown
    assert md(note) in shown
    assert note not in screen(presenter)  # never in what the room sees

    presenter.toggle(key="briefing_notes").set_value(False).run()
    assert "Speaker note" not in "\n".join(m.value for m in presenter.main.markdown)
    assert "notes" not in presenter.query_params


@pytest.mark.usefixtures("shipped_data")
def test_the_toggle_puts_notes_in_the_url() -> None:
    briefing, _ = shipped_briefing()
    at = briefing_page({"step": "3"})
    at.toggle(key="briefing_notes").set_value(True).run()
    assert at.query_params.get("notes") == "1"
    assert md(briefing.steps[1].note) in "\n".join(m.value for m in at.main.markdown)


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
        click(at, "next")
        assert step_of(at) == (number, 4)
        assert html.escape(title) in screen(at)

    everything = briefing_page()
    assert step_of(everything) == (1, 9 + 2)
    assert "9 events from 2 sources" in screen(everything)


@pytest.mark.usefixtures("fixture_data")
def test_filters_that_match_nothing_say_so() -> None:
    at = briefing_page({"q": "no such words"})
    assert at.info[0].value == "No events match these filters."
    assert step_of(at) == (1, 2)


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
    assert html.escape(XSS) in screen(at) and XSS not in screen(at)
    click(at, "next")
    assert XSS not in screen(at)
    assert md(XSS) in "\n".join(m.value for m in at.main.markdown)


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
