"""The Estimates, Claims and Map pages over the shipped data in a real Chromium at 1366x768: the
labels the figures plan do not overlap once drawn, the June claim is named at the axis's edge
with no tick in hours, the Estimates table shows who, how many and when whole, and the map draws
every place the record names."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import pytest

from tests.helpers import ARTIFACTS, CHART, REPO, TIMEOUT_MS, settled, whole

pytestmark = pytest.mark.browser

LABELS = ".js-plotly-plot .scatterlayer .trace:last-child .textpoint text"


SERVED = REPO  # the shipped data, which conftest.dashboard serves


@pytest.fixture
def page(browser: object, dashboard: str) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    # The first run of a fresh server serves only its main page, whatever the link asks for.
    page.goto(dashboard)
    whole(page)
    page.wait_for_selector(CHART)
    yield page
    page.close()


def _boxes(page: object, selector: str) -> list[tuple[str, dict]]:
    texts = page.locator(selector)
    return [
        (texts.nth(i).text_content(), texts.nth(i).bounding_box()) for i in range(texts.count())
    ]


def _apart(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _labels_apart(page: object) -> list[str]:
    page.wait_for_selector(LABELS)
    labels = _boxes(page, LABELS)
    for (one, a), (other, b) in combinations(labels, 2):
        assert _apart(a, b), f"{one!r} overlaps {other!r}"
    return [text for text, _ in labels]


def test_estimates_labels_axis_and_table(page: object, dashboard: str) -> None:
    page.goto(f"{dashboard}/estimates?troops=batch")
    whole(page)
    page.wait_for_selector(CHART)
    labels = _labels_apart(page)
    assert "← Nishioka, said 2024-06-24" in labels and "HUR" in labels
    ticks = [text for text, _ in _boxes(page, ".js-plotly-plot .xtick text")]
    assert ticks and not any(":" in tick for tick in ticks)  # days, never hours
    assert not any("Jun" in tick or "Jul" in tick for tick in ticks)  # the story, not June on


# The grid (glide-data-grid) draws its cells on a canvas inside a scroller: a table wider than
# its box scrolls sideways, its scroll width beyond its client width.
GRID = """() => {
    const scroller = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
    const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    return {scroll: scroller.scrollWidth, client: scroller.clientWidth, left: box.left,
            right: box.right, mainLeft: main.left, mainRight: main.right};
}"""


@pytest.mark.parametrize(
    ("width", "height", "collapse"),
    [
        pytest.param(1366, 768, False, id="1366x768, sidebar open"),
        pytest.param(1920, 1080, False, id="1920x1080, sidebar open"),
        pytest.param(1024, 768, True, id="1024x768 projector, sidebar collapsed"),
    ],
)
def test_estimates_table_is_read_without_a_sideways_scroll(
    browser: object, dashboard: str, width: int, height: int, collapse: bool
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(dashboard)
    whole(page)
    page.wait_for_selector(CHART)
    # the batches: the most rows, and the longest source names and periods
    page.goto(f"{dashboard}/estimates?troops=batch")
    whole(page)
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    if collapse:
        page.locator('[data-testid="stSidebar"]').hover()
        page.get_by_label("Collapse sidebar").click()
        # collapsed, the sidebar slides off the left edge
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().right < 10"
        )
    table.scroll_into_view_if_needed()
    settled(page)
    grid = page.evaluate(GRID)
    assert grid["scroll"] <= grid["client"], f"the table scrolls sideways: {grid}"
    assert grid["mainLeft"] <= grid["left"] and grid["right"] <= min(grid["mainRight"], width)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"estimates-table-{width}x{height}.png")
    page.close()


def test_claims_labels_name_the_ends_of_the_arcs(page: object, dashboard: str) -> None:
    page.goto(f"{dashboard}/claims")
    whole(page)
    page.wait_for_selector(CHART)
    labels = _labels_apart(page)
    assert {"Kremlin", "Pyongyang", "Zelensky"} <= set(labels)


def test_the_map_places_kursk(page: object, dashboard: str) -> None:
    page.goto(f"{dashboard}/map")
    whole(page)
    page.wait_for_selector(".js-plotly-plot .geo .countries path")
    page.get_by_text("events on the map").wait_for()
    caption = page.get_by_text("events on the map").text_content()
    assert int(caption.split()[0]) >= 29  # 12 before the record's places were given lat/lon
    # Kursk events are on the map: a marker's hover names the Kursk region
    assert page.evaluate(
        """() => document.querySelector('.js-plotly-plot').data
            .some(t => (t.hovertext || []).some(h => h.includes('Kursk region')))"""
    )
