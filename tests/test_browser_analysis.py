"""The Estimates and Claims pages in a real Chromium: they draw, a click on a mark opens its card,
a link's page choices hold, and nothing is asked of any host but the dashboard's own server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    ARTIFACTS,
    CHART,
    LOCAL_HOSTS,
    open_dashboard,
    settled,
    showing,
    whole,
)

pytestmark = pytest.mark.browser


def _marker(page: object, trace: int) -> tuple[float, float]:
    """The centre of the first marker of the chart's `trace`-th scatter trace; Plotly reacts to
    the mouse there, not to the marker's own element, which lies under its drag layer."""
    point = page.locator(f".scatterlayer .trace:nth-child({trace}) .points path").first
    point.scroll_into_view_if_needed()  # a tall chart may hold it below the fold
    box = point.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_estimates_and_claims_in_chromium(browser: object, dashboard: str) -> None:
    requests: list[str] = []
    dialogs: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)

    # The first run of a fresh server serves only its main page, whatever the link asks for.
    page = open_dashboard(browser, dashboard, requests, dialogs)
    page.goto(f"{dashboard}/estimates?scale=log")
    whole(page)
    page.get_by_text("Troop estimates").wait_for()
    page.wait_for_selector(CHART)
    assert showing(page) == "Showing 9 of 9 events"
    assert page.evaluate("document.querySelector('.js-plotly-plot').layout.yaxis.type") == "log"
    page.locator('[data-testid="stDataFrame"]').wait_for()
    settled(page)  # the table drawn and the fonts loaded before the picture
    page.screenshot(path=ARTIFACTS / "estimates-1366x768.png")

    page.mouse.click(*_marker(page, 1))
    card = page.locator(".st-key-event_card")
    card.get_by_text("Quote in context").wait_for()
    page.wait_for_url("**event=**")
    assert "scale=log" in page.url
    card.get_by_text("Troops:", exact=False).wait_for()

    page.goto(f"{dashboard}/claims?alignment=allied&alignment=russia")
    whole(page)
    page.get_by_text("Contradicting claims", exact=True).wait_for()
    page.get_by_text("Showing 4 of 9 events").wait_for()
    page.get_by_text("1 more hidden by the filters", exact=False).wait_for()
    page.wait_for_selector(CHART)
    # who answered whom, and each side's record
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
    settled(page)
    page.screenshot(path=ARTIFACTS / "claims-1366x768.png", full_page=True)
    # the first two traces are the arcs and their arrowheads; the next holds marks, which open cards
    page.mouse.click(*_marker(page, 3))
    page.locator(".st-key-event_card").get_by_text("Quote in context").wait_for()

    page.close()
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
    assert dialogs == []
