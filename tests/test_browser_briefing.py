"""The Briefing page in a real Chromium: the keys a presenter and a clicker press move the step, and
every step of the shipped briefing fits a 1366x768 and a 1920x1080 screen, its quote whole."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    ARTIFACTS,
    CHART,
    LOCAL_HOSTS,
    REPO,
    TIMEOUT_MS,
    serve_data,
    settled,
    shipped_briefing,
)

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080)]
SHOT = 5  # the step each screenshot shows


@pytest.fixture(scope="module")
def dashboard(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the shipped data, its first run done.

    A fresh server's very first run takes a page's URL for a file of the pages/ folder and says
    "Page not found" before running the entrypoint; opening the default page first gets it past
    that, as any earlier visitor would.
    """
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(REPO / "events", REPO / "seeds", log) as url:
        first = browser.new_page()
        first.set_default_timeout(TIMEOUT_MS)
        first.goto(url)
        first.wait_for_selector(CHART)
        first.close()
        yield url


def _counter(page: object, step: int) -> None:
    _, screens = shipped_briefing()
    page.get_by_text(f"Step {step} of {screens}", exact=True).wait_for()


def _open(browser: object, url: str, size: tuple[int, int], requests: list[str]) -> object:
    """A page of `size` on the Briefing at step 1, with the sidebar collapsed, as a room sees it."""
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{url}/briefing-view")
    _counter(page, 1)
    page.locator('[data-testid="stSidebar"]').hover()
    page.get_by_label("Collapse sidebar").click()
    page.locator('[data-testid="stSidebar"][data-collapsed="true"]').wait_for(state="attached")
    # The sidebar slides shut; a key pressed meanwhile is lost, so wait until it has.
    settled(page)
    _focus(page)
    return page


def _focus(page: object) -> None:
    """Click the page's blank right margin, as a presenter clicks into the window: keys reach the
    page only once it has the focus, and once it has drawn (the strip's chart comes last)."""
    page.locator(f".st-key-briefing_strip {CHART}").first.wait_for()
    size = page.viewport_size
    page.mouse.click(size["width"] - 5, size["height"] // 2)


def _inside(box: dict, size: tuple[int, int]) -> bool:
    width, height = size
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


def _box(page: object, selector: str) -> dict:
    """The box of the first element `selector` finds, once it is drawn. Found and measured in one
    step in the page, since Streamlit may replace the element between a wait and a read."""
    found = page.wait_for_function(
        """selector => {
            const node = document.querySelector(selector);
            const box = node && node.getBoundingClientRect();
            return box && box.width > 0 && box.height > 0
                && {x: box.x, y: box.y, width: box.width, height: box.height};
        }""",
        arg=selector,
    )
    return found.json_value()


def _fits(page: object, size: tuple[int, int]) -> None:
    """The step's text and its timeline strip lie inside the window, and nothing scrolls."""
    box = _box(page, ".briefing blockquote")
    assert _inside(box, size), f"quote at {box} leaves the {size} window"
    box = _box(page, f".st-key-briefing_strip {CHART}")
    assert _inside(box, size), f"strip at {box} leaves {size}"
    scroll = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return [m.scrollHeight, m.clientHeight]; }"
    )
    assert scroll[0] <= scroll[1], f"the page scrolls: {scroll}"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_step_fits_the_screen_and_the_keys_move_it(
    browser: object, dashboard: str, size: tuple[int, int]
) -> None:
    briefing, screens = shipped_briefing()
    requests: list[str] = []
    page = _open(browser, dashboard, size, requests)
    for step, planned in enumerate(briefing.steps, start=2):
        page.keyboard.press("ArrowRight")
        _counter(page, step)
        page.wait_for_url(f"**step={step}**")
        page.locator(".briefing .title").wait_for()
        assert planned.note not in page.inner_text("body")  # the audience never sees a note
        _fits(page, size)
        if step == SHOT:
            ARTIFACTS.mkdir(exist_ok=True)
            settled(page)  # the strip at rest before the picture
            page.screenshot(path=ARTIFACTS / f"briefing-step-{size[0]}x{size[1]}.png")

    # Back, then what a clicker sends, then the ends.
    for key, step in [
        ("ArrowLeft", screens - 2), ("PageDown", screens - 1), ("PageDown", screens),
        ("PageUp", screens - 1), ("Home", 1), ("End", screens),
    ]:  # fmt: skip
        page.keyboard.press(key)
        _counter(page, step)
    expect(page.locator(".briefing ul.sources li")).to_have_count(5, timeout=60_000)

    page.reload()  # a reload, like a shared link, resumes at the step
    _counter(page, screens)

    page.close()
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"


def test_presenter_view_shows_the_note_of_the_step(browser: object, dashboard: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    briefing, _ = shipped_briefing()
    page.goto(f"{dashboard}/briefing-view?step=3&notes=1")
    _counter(page, 3)
    _focus(page)
    notes = page.locator(".st-key-speaker_notes")
    notes.get_by_text(briefing.steps[1].note[:40]).wait_for()
    page.keyboard.press("ArrowRight")
    _counter(page, 4)
    notes.get_by_text(briefing.steps[2].note[:40]).wait_for()
    page.close()
