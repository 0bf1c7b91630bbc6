"""The dashboard in a real Chromium: it draws, follows a link's filters, opens a card on a click,
downloads, shows markup as text, and asks nothing of any host but its own server."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.server import serve

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
CHART = ".js-plotly-plot .main-svg"
TIMEOUT_MS = 120_000  # a cold server on a busy CI machine takes its time
XSS = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser test, not skip it")
        pytest.skip(f"{CHROMIUM} is missing (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def serve_data(events_dir: Path, seeds_dir: Path, log: Path) -> AbstractContextManager[str]:
    """The dashboard served over the given data."""
    return serve(
        REPO / "dashboard.py", log, {"EVENTS_DIR": str(events_dir), "SEEDS_DIR": str(seeds_dir)}
    )


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(FIXTURE / "events", FIXTURE / "seeds", log) as url:
        yield url


def _open(browser: object, url: str, requests: list[str], dialogs: list[str]) -> object:
    """A new page at `url` with its chart drawn. Every URL it requests goes into `requests`, the
    message of every alert or prompt it raises into `dialogs`, from the first byte on."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector(CHART)
    return page


def _count(page: object) -> str:
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.get_by_text("Showing", exact=False).inner_text()


def _point(page: object, index: int = 0) -> tuple[float, float]:
    """The centre of the chart's `index`-th marker; Plotly reacts to the mouse there, not to the
    marker's own element, which lies under its drag layer."""
    box = page.locator(".scatterlayer .trace .points path").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_dashboard_in_chromium(browser: object, dashboard: str) -> None:
    requests: list[str] = []
    dialogs: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)

    page = _open(browser, dashboard, requests, dialogs)
    page.wait_for_timeout(1000)  # let the table and fonts settle before the picture
    assert _count(page) == "Showing 9 of 9 events"
    page.screenshot(path=ARTIFACTS / "dashboard-1366x768.png")

    page.goto(f"{dashboard}/?country=UA&country=RU&kind=denial")
    page.wait_for_selector(CHART)
    page.get_by_text("Showing 1 of 9 events").wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Russia (RU)").is_visible()

    page.goto(f"{dashboard}/?kind=denial")
    page.wait_for_selector(CHART)
    page.mouse.click(*_point(page))
    card = page.locator(".st-key-event_card")
    card.get_by_text("Quote in context").wait_for()
    assert card.get_by_text("Kremlin calls the reports a fabrication").is_visible()
    page.wait_for_url("**event=ru-kremlin-denial**")
    card.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "dashboard-card-1366x768.png")

    export = page.locator(".st-key-timeline_export")
    export.scroll_into_view_if_needed()
    export.locator('[data-testid="stSelectbox"]').click()
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
        page = _open(browser, f"{url}/?event=markup-title&q=onerror", [], dialogs)
        card = page.locator(".st-key-event_card")
        card.get_by_text("Quote in context").wait_for()
        assert card.get_by_text(XSS, exact=True).is_visible()
        assert card.get_by_text("<script>window.ran = true</script>", exact=False).is_visible()
        page.mouse.move(*_point(page))
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


def _boxes(page: object, selector: str) -> list[dict]:
    """The on-screen boxes of the visible elements `selector` finds."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(node => getComputedStyle(node).opacity !== "0"
                && node.getAttribute("style")?.includes("opacity: 0;") !== true)
            .map(node => node.getBoundingClientRect())
            .filter(box => box.width > 0 && box.height > 0)
            .map(box => ({x: box.x, y: box.y, right: box.right, bottom: box.bottom}))""",
        selector,
    )


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
    page.wait_for_selector(LABELS)
    page.wait_for_timeout(500)
    layout = page.evaluate("document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
    assert [day[:10] for day in layout] == ["2024-10-01", "2025-01-01"]  # the story, whole days
    meta = page.evaluate("document.querySelector('.js-plotly-plot').layout.meta")
    labels = _boxes(page, LABELS)
    assert len(labels) == meta["labels"] >= 10
    marks = _boxes(page, MARKS)
    for index, label in enumerate(labels):
        assert not any(_overlap(label, other) for other in labels[index + 1 :])
        assert not any(_overlap(label, mark) for mark in marks), label
    page.screenshot(path=ARTIFACTS / f"timeline-{width}x{height}.png")

    page.goto(f"{shipped}/?axis=said")
    page.wait_for_selector(LABELS)
    assert page.get_by_role("radio", name="when it was said").is_checked()
    said = page.evaluate("document.querySelector('.js-plotly-plot').layout.meta")
    assert said["labels"] >= 5 and page.locator(LABELS).count() == said["labels"]
    page.screenshot(path=ARTIFACTS / f"timeline-said-{width}x{height}.png")
    page.close()
