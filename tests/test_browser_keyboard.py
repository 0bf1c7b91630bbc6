"""Every control reachable by keyboard, in a real Chromium at 1366x768: on every page of the
dashboard and in the offline exports (the offline HTML page, the briefing as one file), pressing Tab
from the top of the page focuses every interactive control shown (the sidebar's, the page's, the
charts' own toolbars) and comes round to the start, with no focus trap."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CHART, REPO, TIMEOUT_MS, settled, shipped, whole
from tests.keyboard import controls, unreached
from timeline.data.briefings import step_events
from timeline.exports import FORMATS, ExportOptions

pytestmark = pytest.mark.browser

# Each page's link, and what shows once it has drawn.
PAGES = {
    "timeline": ("/timeline", CHART),
    "estimates": ("/estimates", CHART),
    "claims": ("/claims", CHART),
    "sources": ("/sources", "h1:has-text('Sources')"),
    "map": ("/map", ".js-plotly-plot .geo .countries path"),
    "briefing": ("/briefing?step=3", ".deck .counter:has-text('Step 3 of')"),
}
SIDEBAR = '[data-testid="stSidebar"]'


SERVED = REPO  # the shipped data, which conftest.dashboard serves


def _opened(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    whole(page)
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_tab_reaches_every_control_of_the_page(browser: object, dashboard: str, name: str) -> None:
    link, drawn = PAGES[name]
    # A fresh server knows the pages' paths once its entrypoint has run.
    page = _opened(browser, dashboard)
    page.wait_for_selector(CHART)
    page.goto(dashboard + link)
    whole(page)
    page.locator(drawn).first.wait_for(state="attached")
    page.get_by_text("Showing", exact=False).first.wait_for()
    settled(page)
    # The dashboard's style (a component, mounted with the page) is what shows the button.
    page.get_by_label("Collapse sidebar").wait_for(state="visible")
    listed = [control["text"] for control in controls(page)]
    # The sidebar's own button is among them: Streamlit shows it only under the mouse, and a
    # hidden button takes no focus, so without the keyboard the sidebar could not be collapsed.
    assert 'button "Collapse sidebar"' in listed
    assert len(listed) >= 20  # the sidebar's filters, the page's controls, the charts' toolbars
    missed, trap = unreached(page)
    assert trap == [], f"Tab is trapped in {trap}"
    assert missed == [], f"Tab never reaches {missed}"
    page.close()


def test_the_collapsed_sidebar_opens_again_by_keyboard(browser: object, dashboard: str) -> None:
    page = _opened(browser, dashboard)
    page.wait_for_selector(CHART)
    collapse = page.get_by_label("Collapse sidebar")
    collapse.focus()
    page.keyboard.press("Enter")
    # collapsed, the sidebar slides off the left edge
    page.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().right < 10"
    )
    # the chart is drawn again for the wider room (its toolbar's buttons with it): list after
    page.wait_for_function(
        """() => { const plot = document.querySelector('.js-plotly-plot');
            return plot && plot.layout && plot.layout.meta
                && Math.abs(plot.layout.meta.width - plot.getBoundingClientRect().width) < 40; }"""
    )
    settled(page)
    assert 'button "Expand sidebar"' in [control["text"] for control in controls(page)]
    missed, trap = unreached(page)
    assert (missed, trap) == ([], [])
    page.get_by_label("Expand sidebar").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().left >= 0"
    )
    page.close()


@pytest.mark.parametrize("name", ["html", "briefing-html"])
def test_tab_reaches_every_control_of_the_offline_export(
    browser: object, tmp_path: Path, name: str
) -> None:
    dataset = shipped()
    briefing = dataset.briefings["north-korean-troops"]
    if name == "briefing-html":
        events = step_events(briefing, dataset.events)
        options = ExportOptions(briefing=briefing.steps, title=briefing.title)
    else:
        events, options = dataset.events, ExportOptions()
    path = tmp_path / f"export.{name}.html"
    path.write_bytes(FORMATS[name].build(events, dataset, options))
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    # from disk, with nothing but the file itself
    page.route("**/*", lambda route: (
        route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
        else route.abort()
    ))  # fmt: skip
    page.goto(path.as_uri())
    if name == "html":
        page.wait_for_selector(CHART)
    settled(page)
    assert len(controls(page)) >= 3  # the chart's toolbar, the deck's buttons
    missed, trap = unreached(page)
    assert trap == [], f"Tab is trapped in {trap}"
    assert missed == [], f"Tab never reaches {missed}"
    page.close()
