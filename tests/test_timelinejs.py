"""The TimelineJS export in TimelineJS itself (3.9.11 from npm, which .ci/run installs in .ci/npm):
drawn from disk in Chromium at 1366x768 with every outside request refused, it opens on the story
window, and each slide's claim, quote and source stay on screen."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from tests.helpers import REPO, missing_tool
from timeline import load_dataset
from timeline.exports import FORMATS, ExportOptions

pytestmark = pytest.mark.browser
TIMELINEJS = REPO / ".ci" / "npm" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
WIDTH, HEIGHT = 1366, 768
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="{css}">
<script src="{js}"></script></head>
<body style="margin:0">
<div id="timeline" style="width:100%;height:100vh"></div>
<script>window.timeline = new TL.Timeline("timeline", {data}, {{script_path: "{path}/"}});</script>
</body></html>
"""


@pytest.fixture(scope="module")
def exported() -> dict:
    dataset = load_dataset(REPO / "events", REPO / "seeds")
    return json.loads(FORMATS["timelinejs"].build(dataset.events, dataset, ExportOptions()))


@pytest.fixture
def drawn(browser: object, exported: dict, tmp_path: Path) -> object:
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        missing_tool(f"TimelineJS is missing at {TIMELINEJS} (.ci/run installs it from npm)")
    page_file = tmp_path / "timeline.html"
    page_file.write_text(
        PAGE.format(
            css=(TIMELINEJS / "css" / "timeline.css").as_uri(),
            js=(TIMELINEJS / "js" / "timeline.js").as_uri(),
            path=(TIMELINEJS / "js").as_uri(),
            data=json.dumps(exported),
        ),
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    # TimelineJS's own style asks a font service; the export itself must need nothing outside.
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    page.locator(".tl-timemarker").first.wait_for()
    yield page
    assert errors == []
    page.close()


def _visible_ticks(page: object) -> list[str]:
    """The time axis's labels within the screen's width (TimelineJS draws years more off it)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.tl-timeaxis-tick-text')]
        .filter(e => { const r = e.getBoundingClientRect();
                       return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })
        .map(e => e.textContent.trim()).filter(Boolean)"""
    )


def test_it_opens_on_the_story_window(drawn: object, exported: dict) -> None:
    title = drawn.locator(".tl-slide-titleslide .tl-headline").first.text_content().strip()
    assert title == exported["title"]["text"]["headline"]
    ticks = _visible_ticks(drawn)
    assert any(tick.startswith("Oct") for tick in ticks), ticks
    assert not any(tick.isdigit() for tick in ticks), ticks  # a year shown: zoomed out to years
    assert drawn.locator(".tl-timemarker").count() == len(exported["events"])


def test_each_slide_keeps_its_date_quote_and_source_above_the_navigation(
    drawn: object, exported: dict
) -> None:
    """Every slide of the story, with the claimant countries as lanes (the default): its date,
    quote and source are between the top of the screen and the time navigation."""
    navigation = drawn.locator(".tl-timenav").bounding_box()["y"]
    for event in exported["events"]:
        drawn.evaluate("id => window.timeline.goToId(id)", event["unique_id"])
        current = f'[id="{event["unique_id"]}"]'
        drawn.locator(f"{current} blockquote").wait_for()
        headline = drawn.locator(f"{current} .tl-headline").first.text_content().strip()
        assert headline == html.unescape(event["text"]["headline"])
        for part in (".tl-headline-date", "blockquote", "p:has-text('Source:')"):
            box = drawn.locator(f"{current} {part}").first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= navigation, (
                event["unique_id"],
                part,
            )
