"""The Map and Sources pages in a real Chromium with every request to another host refused: the
map draws its countries from the dashboard's own server, its place says it is drawing until they
are in, hover and click work, the document's quotes open their cards, and no request leaves the
machine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    ARTIFACTS,
    CHART,
    FIXTURE,
    LOCAL_HOSTS,
    PLACES,
    TIMEOUT_MS,
    serve_data,
    settled,
    whole,
)
from timeline.charts import geo
from timeline.present import FONT_SIZE

COUNTRIES = ".js-plotly-plot .geo .countries path"
# The map's box: what its placeholder says (none once hidden), its size, whether it is drawn.
MAP_BOX = """() => {
    const box = document.querySelector('.st-key-map_chart');
    if (!box) return null;
    const rect = box.getBoundingClientRect();
    return {note: getComputedStyle(box, '::before').content, top: rect.top, height: rect.height,
            plotted: !!box.querySelector('.main-svg'),
            drawn: !!box.querySelector('.geo .countries path'),
            legend: [...box.querySelectorAll('.legend text')]
                .map((text) => parseFloat(getComputedStyle(text).fontSize))};
}"""
MARKERS = ".js-plotly-plot .scattergeo path.point"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the fixture data plus two more located events."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    shutil.copy(PLACES, root / "events")
    with serve_data(root / "events", root / "seeds", root / "streamlit.log") as url:
        yield url


class Offline:
    """A Chromium page that can reach only this machine; it notes every URL it asked for."""

    def __init__(self, browser: object) -> None:
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.page = browser.new_page(viewport={"width": 1366, "height": 768})
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route("**/*", self._only_local)

    def _only_local(self, route: object) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def hosts(self) -> set[str | None]:
        return {
            urlsplit(url).hostname
            for url in self.requests
            if not url.startswith(("data:", "blob:"))
        }


def _centre(page: object, selector: str, index: int) -> tuple[float, float]:
    box = page.locator(selector).nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_map_draws_offline_and_opens_cards(browser: object, dashboard: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    offline = Offline(browser)
    page = offline.page
    # The first request of a fresh server must be the entrypoint's own URL: until st.navigation
    # has run once, Streamlit does not know the pages' URL paths.
    page.goto(dashboard)
    whole(page)
    page.wait_for_selector(CHART)
    with page.expect_response("**/app/static/world_110m.json") as geometry:
        page.goto(f"{dashboard}/map")
        page.wait_for_selector(COUNTRIES)
    assert geometry.value.status == 200
    whole(page)
    page.get_by_text("Showing 11 of 11 events").wait_for()
    # one path draws every border; from the shipped geometry it runs to many thousand points
    assert len(page.locator(COUNTRIES).first.get_attribute("d")) > 10_000
    expect(page.locator(MARKERS)).to_have_count(3, timeout=60_000)
    page.get_by_text("8 of the 11 events shown have no location").wait_for()
    settled(page)
    page.screenshot(path=ARTIFACTS / "map-1366x768.png")

    page.mouse.move(*_centre(page, MARKERS, 0))
    page.locator(".hoverlayer").get_by_text("Kursk", exact=False).first.wait_for()
    page.mouse.click(*_centre(page, MARKERS, 0))
    card = page.locator(".st-key-event_card")
    card.get_by_text("Quote in context").wait_for()
    page.wait_for_url("**event=**")

    page.goto(f"{dashboard}/map?status=confirmed&colour=status")
    whole(page)
    page.wait_for_selector(COUNTRIES)
    page.get_by_text("Showing 3 of 11 events").wait_for()
    expect(page.locator(MARKERS)).to_have_count(1, timeout=60_000)
    page.locator(".legend").get_by_text("Confirmed").wait_for()

    page.close()
    assert offline.refused == []
    assert offline.hosts() <= LOCAL_HOSTS, f"requests left the machine: {offline.hosts()}"


def test_the_map_says_it_is_drawing_until_its_outlines_are_in(
    browser: object, dashboard: str
) -> None:
    offline = Offline(browser)
    page = offline.page
    page.goto(dashboard)
    whole(page)
    page.wait_for_selector(CHART)
    # The outlines' request is held, as a slow server or a busy machine holds it: Plotly has drawn
    # the map's frame and legend and waits for them.
    held: list[object] = []
    page.route("**/app/static/world_110m.json", lambda route: held.append(route))
    page.goto(f"{dashboard}/map")
    page.wait_for_selector(".st-key-map_chart .main-svg", state="attached")
    page.wait_for_function("() => document.querySelector('.st-key-map_chart .legend text')")
    assert len(held) == 1
    waiting = page.evaluate(MAP_BOX)
    assert waiting["plotted"] and not waiting["drawn"]
    assert waiting["note"] == '"Drawing the map…"', "the room sees an empty frame"
    assert waiting["height"] >= geo.HEIGHT and waiting["top"] < 768 - 100  # seen, at its size
    assert min(waiting["legend"]) >= FONT_SIZE >= 14
    ARTIFACTS.mkdir(exist_ok=True)
    settled(page)
    page.screenshot(path=ARTIFACTS / "map-drawing-1366x768.png")

    held[0].continue_()
    page.wait_for_selector(COUNTRIES, state="attached")
    drawn = page.evaluate(MAP_BOX)
    assert drawn["drawn"] and drawn["note"] == "none"
    assert (drawn["top"], drawn["height"]) == (waiting["top"], waiting["height"])  # no jump
    page.close()
    assert offline.refused == []


def test_the_sources_page_offline(browser: object, dashboard: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    offline = Offline(browser)
    page = offline.page
    page.goto(dashboard)
    whole(page)
    page.wait_for_selector(CHART)
    page.goto(f"{dashboard}/sources?source=alpha")
    whole(page)
    page.get_by_text("Dated sentences no event quotes (1)").wait_for()
    page.get_by_text("Showing 11 of 11 events").wait_for()
    page.locator(
        "span", has_text="decided to send about 12,000 soldiers to Russia"
    ).first.wait_for()
    settled(page)
    page.screenshot(path=ARTIFACTS / "sources-1366x768.png")

    page.locator(".st-key-quote_alpha_ua-hur-kursk button").click()
    card = page.locator(".st-key-event_card")
    card.get_by_text("Quote in context").wait_for()
    # the card's event joins the document in the URL, so the link reopens both
    page.wait_for_url(lambda url: "event=ua-hur-kursk" in url and "source=alpha" in url)
    card.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "sources-card-1366x768.png")

    page.close()
    assert offline.refused == []
    assert offline.hosts() <= LOCAL_HOSTS, f"requests left the machine: {offline.hosts()}"
