"""The dashboard in a real Chromium: it draws, follows a link's filters, opens a card on a click,
downloads, shows markup as text, and asks nothing of any host but its own server."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers import (
    ARTIFACTS,
    CHART,
    FIXTURE,
    LOCAL_HOSTS,
    REPO,
    TIMEOUT_MS,
    open_dashboard,
    open_select,
    point,
    serve_data,
    settled,
    showing,
    whole,
)

XSS = "<img src=x onerror=alert(1)>"
# The app at rest: its script run over, so the chart is drawn at its final width and a point
# found now stays where it is until the next click.
AT_REST = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DIALOG = '[role="dialog"]'


def _at_rest(page: object) -> None:
    page.wait_for_selector(AT_REST)
    settled(page)


def _close_card(page: object) -> None:
    """Close the card's dialog, which holds the page inert under it, and wait until it is gone."""
    page.locator(DIALOG).get_by_role("button", name="Close").first.click()
    page.locator(DIALOG).wait_for(state="detached")
    _at_rest(page)


pytestmark = pytest.mark.browser


def test_dashboard_in_chromium(browser: object, dashboard: str) -> None:
    requests: list[str] = []
    dialogs: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)

    page = open_dashboard(browser, dashboard, requests, dialogs)
    page.locator('[data-testid="stDataFrame"]').wait_for()
    settled(page)  # the table drawn and the fonts loaded before the picture
    assert showing(page) == "Showing 9 of 9 events"
    page.screenshot(path=ARTIFACTS / "dashboard-1366x768.png")

    page.goto(f"{dashboard}/?country=UA&country=RU&kind=denial")
    whole(page)
    page.wait_for_selector(CHART)
    page.get_by_text("Showing 1 of 9 events").wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Russia (RU)").is_visible()

    page.goto(f"{dashboard}/?kind=denial")
    whole(page)
    page.wait_for_selector(CHART)
    _at_rest(page)
    page.mouse.click(*point(page))
    # The card opens in a dialog over the chart.
    card = page.locator(DIALOG).locator(".st-key-event_card")
    card.get_by_text("Quote in context").wait_for()
    assert card.get_by_text("Kremlin calls the reports a fabrication").is_visible()
    page.wait_for_url("**event=ru-kremlin-denial**")
    card.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "dashboard-card-1366x768.png")
    _close_card(page)

    export = page.locator(".st-key-timeline_export")
    export.scroll_into_view_if_needed()
    open_select(page, export.locator('[data-testid="stSelectbox"]'))
    page.get_by_role("option", name="Data (JSON)").click()
    with page.expect_download() as download:
        export.get_by_role("button", name="Download Data (JSON)").click()
    rows = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == ["ru-kremlin-denial"]

    page.close()
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
    assert dialogs == []


XSS_EVENT = f"""\
- id: markup-title
  title: '{XSS}'
  date: October 18
  kind: statement
  claimant: '<script>window.ran = true</script>'
  claimant_country: UA
  alignment: ukraine
  status: reported
  source: alpha
  quote: any such move would be lawful under its treaty with Moscow
"""


def test_markup_in_the_data_runs_nothing(browser: object, tmp_path: pytest.TempPathFactory) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "events" / "zz-markup.yaml").write_text(XSS_EVENT, encoding="utf-8")
    dialogs: list[str] = []
    with serve_data(data / "events", data / "seeds", tmp_path / "streamlit.log") as url:
        page = open_dashboard(browser, f"{url}/?event=markup-title&q=onerror", [], dialogs)
        card = page.locator(DIALOG).locator(".st-key-event_card")
        card.get_by_text("Quote in context").wait_for()
        assert card.get_by_text(XSS, exact=True).is_visible()
        assert card.get_by_text("<script>window.ran = true</script>", exact=False).is_visible()
        assert (
            page.locator(DIALOG).get_by_role("heading", level=2, name=XSS, exact=True).is_visible()
        )
        # The dialog covers the chart: close it to hover the event's point.
        _close_card(page)
        page.mouse.move(*point(page))
        page.locator(".hoverlayer").get_by_text(XSS, exact=False).wait_for()
        assert page.locator('img[src="x"]').count() == 0
        assert page.evaluate("window.ran") is None
        page.close()
    assert dialogs == []


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the repository's own data: the case, its story window and labels."""
    log = tmp_path_factory.mktemp("shipped") / "streamlit.log"
    with serve_data(REPO / "events", REPO / "seeds", log) as url:
        yield url


LABELS = ".js-plotly-plot .scatterlayer .textpoint text"
MARKS = ".js-plotly-plot .barlayer .point path, .js-plotly-plot .scatterlayer .points path"


# The on-screen boxes of the visible elements a selector finds.
BOXES = """selector => [...document.querySelectorAll(selector)]
    .filter(node => getComputedStyle(node).opacity !== "0"
        && node.getAttribute("style")?.includes("opacity: 0;") !== true)
    .map(node => node.getBoundingClientRect())
    .filter(box => box.width > 0 && box.height > 0)
    .map(box => ({x: box.x, y: box.y, right: box.right, bottom: box.bottom}))"""


def _boxes(page: object, selector: str) -> list[dict]:
    return page.evaluate(BOXES, selector)


def _labels_drawn(page: object) -> None:
    """Wait until every label the figure keeps is on screen, and the page is at rest."""
    page.wait_for_function(
        f"selector => ({BOXES})(selector).length"
        " === document.querySelector('.js-plotly-plot').layout.meta.labels",
        arg=LABELS,
    )
    settled(page)


def _overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        a["x"] + slack < b["right"]
        and b["x"] + slack < a["right"]
        and a["y"] + slack < b["bottom"]
        and b["y"] + slack < a["bottom"]
    )


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_timeline_labels_and_story_window_in_chromium(
    browser: object, shipped: str, width: int, height: int
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(shipped)
    whole(page)
    page.wait_for_selector(LABELS)
    _labels_drawn(page)
    layout = page.evaluate("document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
    assert [day[:10] for day in layout] == ["2024-10-01", "2025-01-01"]  # the story, whole days
    # One snapshot of the plan and of what is drawn, so a redraw between reads cannot mix two.
    meta, labels, marks = page.evaluate(
        f"([labels, marks]) => [document.querySelector('.js-plotly-plot').layout.meta,"
        f" ({BOXES})(labels), ({BOXES})(marks)]",
        [LABELS, MARKS],
    )
    assert len(labels) == meta["labels"] >= 10
    for index, label in enumerate(labels):
        assert not any(_overlap(label, other) for other in labels[index + 1 :])
        assert not any(_overlap(label, mark) for mark in marks), label
    page.screenshot(path=ARTIFACTS / f"timeline-{width}x{height}.png")

    page.goto(f"{shipped}/?axis=said")
    whole(page)
    page.wait_for_selector(LABELS)
    # The choices are in a popover whose button names them; open it to see the one checked.
    choices = page.locator('[data-testid="stPopover"] button').first
    lines = choices.inner_text().splitlines()
    assert any(line.endswith(" · when it was said") for line in lines), lines
    choices.click()
    assert page.get_by_role("radio", name="when it was said").is_checked()
    page.keyboard.press("Escape")
    said = page.evaluate("document.querySelector('.js-plotly-plot').layout.meta")
    assert said["labels"] >= 5 and page.locator(LABELS).count() == said["labels"]
    page.screenshot(path=ARTIFACTS / f"timeline-said-{width}x{height}.png")
    page.close()
