"""Many viewers at once, in one real Chromium: eight pages, each its own browser context and
filters, each with its own count; one opens its own data, another an event card, and no other
page sees either."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    CHART,
    FIXTURE,
    LOCAL_HOSTS,
    TIMEOUT_MS,
    TOTAL,
    count_text,
    own_data_zip,
    point,
    rerun_with_a_search,
    serve_data,
)

pytestmark = pytest.mark.browser

# (query string, events it shows): eight views at once, each a different filter
VIEWS = [
    ("", TOTAL),
    ("?country=UA", 2),
    ("?country=UA&country=RU", 3),
    ("?alignment=allied", 3),
    ("?alignment=dprk&alignment=sceptic", 2),
    ("?kind=statement", 3),
    ("?status=denied", 1),
    ("?from=2024-12-01", 3),
]
UPLOADER, SELECTOR = 0, 6  # the page that opens its own data; the one that opens a card


def test_eight_viewers_at_once_each_see_their_own_view(
    browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    requests: list[str] = []
    with serve_data(FIXTURE / "events", FIXTURE / "seeds", log) as url:
        contexts = [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in VIEWS]
        pages = []
        for context in contexts:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.on("request", lambda request: requests.append(request.url))
            pages.append(page)
        # every page is asked for before any has answered: eight sessions run side by side
        for page, (query, _shown) in zip(pages, VIEWS, strict=True):
            page.goto(f"{url}/{query}", wait_until="commit")
        for page, (query, shown) in zip(pages, VIEWS, strict=True):
            count_text(page, shown).wait_for()
            assert page.url == f"{url}/{query}", "the URL keeps the view's filters"

        # one viewer opens their own data
        uploader = pages[UPLOADER]
        sidebar = uploader.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Open your own data").click()
        sidebar.locator('input[type="file"]').set_input_files(
            files=[{"name": "mine.zip", "mimeType": "application/zip", "buffer": own_data_zip()}]
        )
        count_text(uploader, TOTAL + 1, TOTAL + 1).wait_for()
        sidebar.get_by_text("Showing your own data, mine.zip").wait_for()

        # another opens an event's card with a click on the chart
        selector = pages[SELECTOR]
        selector.wait_for_selector(CHART)
        selector.mouse.click(*point(selector))
        selector.locator(".st-key-event_card").get_by_text("Quote in context").wait_for()
        selector.wait_for_url("**event=ru-kremlin-denial**")

        # every other viewer reruns and still sees the shipped data, its own count, no card
        for index, (page, (_query, shown)) in enumerate(zip(pages, VIEWS, strict=True)):
            if index in (UPLOADER, SELECTOR):
                continue
            rerun_with_a_search(page, shown)
            assert page.get_by_text("Showing your own data").count() == 0
            assert page.get_by_text("An event only the uploading viewer has").count() == 0
            assert page.locator(".st-key-event_card").count() == 0
            assert "event=" not in page.url
        # and the two who acted keep what they did through a rerun of their own
        rerun_with_a_search(uploader, TOTAL + 1, TOTAL + 1)
        assert uploader.locator(".st-key-event_card").count() == 0
        # The card is a dialog that makes the sidebar inert while it is open, so the selector's
        # own rerun is a reload: its link holds the card, which opens again.
        selector.reload()
        count_text(selector, 1).wait_for()
        expect(selector.locator(".st-key-event_card")).to_have_count(1, timeout=60_000)
        assert selector.get_by_text("Showing your own data").count() == 0

        # a viewer arriving now gets the shipped data
        late = contexts[1].new_page()
        late.set_default_timeout(TIMEOUT_MS)
        late.goto(url)
        count_text(late, TOTAL).wait_for()
        for context in contexts:
            context.close()
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
