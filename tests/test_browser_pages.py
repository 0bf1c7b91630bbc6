"""Every page in a real Chromium on a freshly started server: a link to it opens it with no "Page
not found" notice, and axe-core finds no serious or critical accessibility violation on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.axe import axe_script, serious_violations
from tests.helpers import REPO, TIMEOUT_MS, serve_data, whole

pytestmark = pytest.mark.browser

# Each page's link, and what shows once it has drawn.
PAGES = {
    "home": ("/?country=UA", "h1:has-text('Claims timeline')"),
    "timeline": ("/timeline?country=UA", "h1:has-text('Claims timeline')"),
    "estimates": ("/estimates", "h1:has-text('Troop estimates')"),
    "claims": ("/claims", "h1:has-text('Contradicting claims')"),
    "sources": ("/sources", "h1:has-text('Sources')"),
    "map": ("/map", "h1:has-text('Map')"),
    "briefing": ("/briefing?step=3", ".deck .counter:has-text('Step 3 of')"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_link_opens_its_page_on_a_fresh_server_and_passes_axe(
    browser: object, name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    script = axe_script()
    link, drawn = PAGES[name]
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(REPO / "events", REPO / "seeds", log) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url + link)  # the server's very first visitor
        page.locator(drawn).first.wait_for()
        page.get_by_text("Showing", exact=False).first.wait_for()
        whole(page)  # axe reads the whole page: the filters and the rest follow the chart
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.locator('[data-testid="stDialog"]')).to_have_count(0)
        # The pages Streamlit lists are this app's, by their titles, not the files' names.
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_text("Briefing", exact=True)).to_be_visible()
        expect(nav.get_by_text("dashboard", exact=True)).to_have_count(0)
        assert page.url.startswith(url + link.split("?")[0])
        assert serious_violations(page, script) == []
        page.close()
