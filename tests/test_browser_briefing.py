"""The Briefing page in a real Chromium: the keys a presenter and a clicker press move the step in
the browser (no rerun) with the URL following, every step of the shipped briefing fits a 1366x768
and a 1920x1080 screen, its quote whole, and the toolbar fits beside an open sidebar."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    ARTIFACTS,
    LOCAL_HOSTS,
    REPO,
    TIMEOUT_MS,
    serve_data,
    settled,
    shipped_briefing,
    whole,
)

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080)]
SHOT = 5  # the step each screenshot shows


@pytest.fixture(scope="module")
def dashboard(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the shipped data, freshly started: the first visit is a deep link."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(REPO / "events", REPO / "seeds", log) as url:
        yield url


STEP = ".deck .step:visible"


def _counter(page: object, step: int) -> None:
    _, screens = shipped_briefing()
    expect(page.locator(".deck .counter")).to_have_text(f"Step {step} of {screens}")


def _open(
    browser: object, url: str, size: tuple[int, int], requests: list[str], sent: list[object]
) -> object:
    """A page of `size` on the Briefing at step 1, with the sidebar collapsed, as a room sees it.
    Every URL it requests goes into `requests`, every websocket message it sends into `sent`."""
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{url}/briefing")
    whole(page)
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
    page only once it has the focus, and once it has drawn."""
    page.locator(".deck .counter").wait_for()
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


def _box(locator: object) -> dict:
    """The element's box, found and measured in one step in the page, since Streamlit may
    replace the element between a wait and a read."""
    return locator.evaluate(
        "e => { const b = e.getBoundingClientRect();"
        " return {x: b.x, y: b.y, width: b.width, height: b.height}; }"
    )


def _fits(page: object, size: tuple[int, int]) -> None:
    """The step's text and its timeline strip lie inside the window, and nothing scrolls."""
    box = _box(page.locator(f"{STEP} blockquote"))
    assert _inside(box, size), f"quote at {box} leaves the {size} window"
    for part in (".deck .strip svg", ".deck .legend"):
        box = _box(page.locator(part))
        assert _inside(box, size), f"{part} at {box} leaves {size}"
    scroll = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return [m.scrollHeight, m.clientHeight]; }"
    )
    assert scroll[0] <= scroll[1], f"the page scrolls: {scroll}"


def _no_frame(page: object) -> None:
    """Nothing in the main area draws a frame around it: the review saw a grey frame around the
    whole main area after the first key press (the focus ring of what had the focus)."""
    outlined = page.evaluate(
        """() => {
          const active = document.activeElement;
          const style = active ? getComputedStyle(active) : null;
          return style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
            && active.getBoundingClientRect().width > 600 ? active.outerHTML.slice(0, 80) : null;
        }"""
    )
    assert outlined is None, f"a frame is drawn around {outlined}"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_step_fits_the_screen_and_the_keys_move_it(
    browser: object, dashboard: str, size: tuple[int, int]
) -> None:
    briefing, screens = shipped_briefing()
    requests: list[str] = []
    sent: list[object] = []
    page = _open(browser, dashboard, size, requests, sent)
    sent.clear()
    for step, planned in enumerate(briefing.steps, start=2):
        page.keyboard.press("ArrowRight")
        _counter(page, step)
        page.wait_for_url(f"**step={step}")
        page.locator(f"{STEP} .title").wait_for()
        assert planned.note not in page.inner_text("body")  # the audience never sees a note
        _fits(page, size)
        _no_frame(page)
        expect(page.locator(".deck .strip .current .label")).to_be_visible()
        if step == SHOT:
            ARTIFACTS.mkdir(exist_ok=True)
            settled(page)  # the strip at rest before the picture
            page.screenshot(path=ARTIFACTS / f"briefing-step-{size[0]}x{size[1]}.png")
    # The steps moved in the browser: it never asked the server for a rerun, or for anything.
    assert sent == [], f"{len(sent)} messages sent to the server while stepping"

    # Back, then what a clicker sends, then the ends.
    for key, step in [
        ("ArrowLeft", screens - 2), ("PageDown", screens - 1), ("PageDown", screens),
        ("PageUp", screens - 1), ("Home", 1), ("End", screens),
    ]:  # fmt: skip
        page.keyboard.press(key)
        _counter(page, step)
    expect(page.locator(f"{STEP} ul.sources li")).to_have_count(5)
    expect(page.locator(".deck .strip")).to_be_hidden()  # no strip on the sources

    page.reload()  # a reload, like a shared link, resumes at the step
    _counter(page, screens)

    page.close()
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"


def test_the_toolbar_fits_beside_the_open_sidebar(browser: object, dashboard: str) -> None:
    """At 1366x768 with the sidebar open, every control of the toolbar is whole and on screen."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{dashboard}/briefing?step=2")
    whole(page)
    _counter(page, 2)
    main = page.locator('[data-testid="stMain"]').bounding_box()
    controls = [
        page.locator('.st-key-briefing [role="combobox"]'),
        page.get_by_text("Speaker notes", exact=True),
        *[page.locator(f'.deck [data-go="{go}"]') for go in ("first", "-1", "1", "last")],
        page.locator(".deck .counter"),
    ]
    for control in controls:
        box = _box(control)
        assert box["x"] >= main["x"] and box["x"] + box["width"] <= main["x"] + main["width"]
        assert box["y"] + box["height"] <= 768
        clipped = control.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not clipped, f"{control} is cut short"
    page.close()


def test_presenter_view_shows_the_note_of_the_step_and_keeps_it(
    browser: object, dashboard: str
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    briefing, _ = shipped_briefing()
    page.goto(f"{dashboard}/briefing?step=3&notes=1")
    whole(page)
    _counter(page, 3)
    _focus(page)
    notes = page.locator(".deck .presenter-panel")
    notes.get_by_text(briefing.steps[1].note[:40]).wait_for()
    page.keyboard.press("ArrowRight")
    _counter(page, 4)
    notes.get_by_text(briefing.steps[2].note[:40]).wait_for()
    page.keyboard.press("ArrowRight")
    _counter(page, 5)
    # Turning the notes off reruns the page; the room's view stays on the step reached.
    page.get_by_text("Speaker notes", exact=True).click()
    expect(page.locator(".deck .presenter-panel")).to_have_count(0)
    _counter(page, 5)
    page.wait_for_url("**step=5**")
    page.close()
