"""The briefing as one offline HTML presentation: every step, the strip, the notes and the sources
in one file, from the registry and the command line; in Chromium from disk with every request
blocked, it moves by keys and clicker, shows the presenter view, and passes axe-core."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest

from tests.axe import axe_script, serious_violations
from timeline import load_dataset
from timeline.__main__ import main
from timeline.data.briefings import step_events
from timeline.exports import FORMATS, ExportOptions
from timeline.exports.words import quoted

REPO = Path(__file__).resolve().parent.parent
SHIPPED = load_dataset(REPO / "events", REPO / "seeds")
BRIEFING = SHIPPED.briefings["north-korean-troops"]
ROWS = step_events(BRIEFING, SHIPPED.events)
SCREENS = len(BRIEFING.steps) + 2


def _build() -> str:
    options = ExportOptions(
        briefing=BRIEFING.steps, title=BRIEFING.title, subtitle=BRIEFING.subtitle
    )
    return FORMATS["briefing-html"].build(ROWS, SHIPPED, options).decode("utf-8")


@pytest.fixture(scope="module")
def deck() -> str:
    return _build()


def test_the_format_is_registered_as_an_offline_presentation() -> None:
    fmt = FORMATS["briefing-html"]
    assert (fmt.mime, fmt.extension, fmt.draws) == ("text/html", "briefing.html", False)


def test_every_step_note_and_source_is_in_the_one_file(deck: str) -> None:
    steps = re.findall(r'<section class="step" data-step="(\d+)"', deck)
    assert [int(s) for s in steps] == list(range(1, SCREENS + 1))
    events = SHIPPED.events.set_index("id")
    for step in BRIEFING.steps:
        assert html.escape(events.loc[step.event, "title"]) in deck
        assert html.escape(step.note) in deck
    assert html.escape(BRIEFING.title) in deck and ">Sources<" in deck
    for source in {events.loc[s.event, "source"] for s in BRIEFING.steps}:
        assert html.escape(SHIPPED.sources[source].outlet) in deck
    assert deck.count('<g class="mark"') == len(BRIEFING.steps)
    assert "Presenter view (P)" in deck and 'class="presenter-panel"' in deck


def test_the_file_asks_for_nothing_outside_itself(deck: str) -> None:
    """No src or href at all, a policy that forbids every fetch, and no font or stylesheet from
    elsewhere: the file opens the same with no network."""
    assert not re.search(r"\s(src|href)\s*=", deck)
    assert "@import" not in deck and "url(" not in deck
    assert "default-src 'none'" in deck


def test_the_command_line_writes_the_briefing_file(tmp_path: Path) -> None:
    out = tmp_path / "deck.html"
    code = main(
        ["export", "briefing-html", str(REPO / "events"), "--seeds", str(REPO / "seeds"),
         "--briefing", "north-korean-troops", "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    assert out.read_text(encoding="utf-8") == _build()


def test_without_a_briefing_the_events_are_the_steps_in_date_order(tmp_path: Path) -> None:
    out = tmp_path / "ua.html"
    assert main(["export", "briefing-html", str(REPO / "events"), "--country", "UA",
                 "-o", str(out)]) == 0  # fmt: skip
    text = out.read_text(encoding="utf-8")
    ukrainian = SHIPPED.events[SHIPPED.events["claimant_country"] == "UA"]
    assert text.count('<section class="step"') == len(ukrainian) + 2
    first = ukrainian.sort_values(["start", "end", "id"]).iloc[0]["title"]
    assert re.search(r'data-step="2" data-heading="([^"]*)"', text)[1] == html.escape(first)


def _step(page: object) -> str:
    return page.locator(".deck .counter").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_from_disk_with_the_network_blocked(
    browser: object, deck: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "briefing.html"
    path.write_text(deck, encoding="utf-8")
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked: list[str] = []
    files: list[str] = []

    def route(request_route: object) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            files.append(url)
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    assert _step(page) == f"Step 1 of {SCREENS}"
    assert page.locator(".deck .step:visible").count() == 1
    assert page.locator(".deck .strip").is_hidden()  # the title has no place on the strip

    for key, step in [("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("End", SCREENS),
                      ("Home", 1), ("ArrowRight", 2), ("ArrowRight", 3)]:  # fmt: skip
        page.keyboard.press(key)
        assert _step(page) == f"Step {step} of {SCREENS}", key
    assert page.url.endswith("?step=3")
    third = BRIEFING.steps[1]
    title = SHIPPED.events.set_index("id").loc[third.event, "title"]
    assert page.locator(".deck .step:visible .title").inner_text() == title
    # The current mark is labelled; the strip fits the window, as does the step.
    assert page.locator(".deck .strip .current .label").is_visible()
    for part in (".deck .step:visible blockquote", ".deck .strip", ".deck .legend"):
        box = page.locator(part).bounding_box()
        assert box["y"] + box["height"] <= height and box["x"] + box["width"] <= width, part
    assert page.evaluate("document.documentElement.scrollHeight") <= height

    # The room never sees a note; the presenter view shows the step's note and the next step.
    assert not page.get_by_text(third.note).is_visible()
    page.keyboard.press("p")
    assert page.get_by_text(third.note).is_visible()
    fourth = SHIPPED.events.set_index("id").loc[BRIEFING.steps[2].event, "title"]
    assert page.locator(".deck .next-step").inner_text() == fourth
    page.get_by_role("button", name="Next step").click()
    assert page.get_by_text(BRIEFING.steps[2].note).is_visible()
    page.keyboard.press("P")
    assert not page.get_by_text(BRIEFING.steps[2].note).is_visible()

    # Reopened on its address, it resumes at the step.
    page.goto(page.url)
    assert _step(page) == f"Step 4 of {SCREENS}"
    page.keyboard.press("End")
    assert page.locator(".deck .step:visible ul.sources li").count() >= 5

    assert blocked == [], f"the file asked the network for {blocked}"
    assert set(files) == {path.as_uri(), f"{path.as_uri()}?step=4"}
    assert errors == []
    page.close()


@pytest.mark.browser
def test_every_step_passes_axe_core(browser: object, deck: str, tmp_path: Path) -> None:
    script = axe_script()
    path = tmp_path / "briefing.html"
    path.write_text(deck, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(path.as_uri())
    found = {}
    for step in range(1, SCREENS + 1):
        if step > 1:
            page.keyboard.press("ArrowRight")
        if step in (1, 2, 9, SCREENS):  # the title, an event, a long quote, the sources
            found[step] = serious_violations(page, script)
    page.keyboard.press("p")
    found["presenter"] = serious_violations(page, script)
    # Every control is reached by Tab, in order, and the focused one answers Enter.
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    names = []
    for _ in range(5):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent"))
    assert names == ["«", "\u2039 Previous", "Next \u203a", "»", "Presenter view (P)"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert _step(page) == f"Step 3 of {SCREENS}"
    page.close()
    assert {key: v for key, v in found.items() if v} == {}


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("plain words", "“plain words”"),
        (' He said "yes." ', "“He said 'yes.'”"),
        ("“They passed through,” he claimed.", "“\u2018They passed through,\u2019 he claimed.”"),
        ("the reply “Pictures are a serious thing!”", "“the reply \u2018Pictures are a serious thing!\u2019”"),
    ],
)  # fmt: skip
def test_a_quote_holding_double_marks_gets_single_ones_inside(quote: str, expected: str) -> None:
    assert quoted(quote) == expected


@pytest.mark.parametrize("name", ["briefing-html", "html", "timelinejs", "pptx"])
def test_no_export_doubles_the_marks_of_the_shipped_briefing(name: str) -> None:
    options = ExportOptions(briefing=BRIEFING.steps, title=BRIEFING.title)
    data = FORMATS[name].build(ROWS, SHIPPED, options)
    if name == "pptx":
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        text = "\n".join(
            shape.text_frame.text
            for slide in deck.slides
            for shape in slide.shapes
            if shape.has_text_frame
        )
    else:
        page = data.decode("utf-8")
        if name == "timelinejs":
            page = "\n".join(_strings(json.loads(page)))
        quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page, re.S)
        assert len(quotes) >= len(BRIEFING.steps)
        text = html.unescape("\n".join(quotes))
    for doubled in ("““", "””", '""', '“"', '"”', '”"'):
        assert doubled not in text, (name, doubled)


def _strings(value: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
