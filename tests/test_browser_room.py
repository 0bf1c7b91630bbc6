"""The Timeline page read from the back of a room, in a real Chromium at a laptop's, a wide
screen's and a projector's size: the chart first, labels drawn for the width it really has,
none overlapping another label or a mark, the card opening where the eye is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import CHART, PLANNED, TIMEOUT_MS, whole
from tests.server import serve
from ui import chart

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


# Every drawn label's box, every mark's box (dots, triangles, rings, bars) and the plot area.
BOXES = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const box = (element) => {
        const r = element.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    const labels = [...plot.querySelectorAll('.scatterlayer .trace .textpoint text')]
        .filter((text) => text.textContent.trim()).map((text) => [text.textContent, box(text)]);
    const marks = [...plot.querySelectorAll(
        '.scatterlayer .trace .points path, .barlayer .trace .point path')]
        .filter((mark) => {
            const style = getComputedStyle(mark);
            return style.opacity !== '0' && parseFloat(mark.style.opacity || '1') > 0;
        })
        .map(box).filter((b) => b[2] - b[0] > 0 && b[3] - b[1] > 0);
    return {labels, marks, plot: box(plot.querySelector('.draglayer .nsewdrag')),
            meta: plot.layout.meta, top: plot.getBoundingClientRect().top};
}"""

SIZES = [
    pytest.param(1920, 1080, True, 1.0, id="1920x1080, sidebar collapsed"),
    pytest.param(1366, 768, True, 0.8, id="1366x768, sidebar collapsed"),
    pytest.param(1366, 768, False, 0.6, id="1366x768, sidebar open"),
    pytest.param(1024, 768, True, 0.5, id="1024x768 projector"),
]
SLACK = 1.0  # px: text boxes touching at an edge do not overlap


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the shipped data, whose story window has some 80 events."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve(REPO / "dashboard.py", log) as url:
        yield url


def _overlap(one: list[float], other: list[float]) -> bool:
    return (
        one[0] < other[2] - SLACK
        and other[0] < one[2] - SLACK
        and one[1] < other[3] - SLACK
        and other[1] < one[3] - SLACK
    )


def _opened(browser, url: str, width: int, height: int, collapse: bool):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    whole(page)
    page.wait_for_selector(CHART)
    if collapse:
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.hover()
        page.get_by_label("Collapse sidebar").click()
        # collapsed, the sidebar slides off the left edge
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().right < 10"
        )
    page.wait_for_function(PLANNED)
    return page


@pytest.mark.parametrize(("width", "height", "collapse", "share"), SIZES)
def test_labels_fill_the_width_the_chart_has_and_overlap_nothing(
    browser,
    shipped: str,
    width: int,
    height: int,
    collapse: bool,
    share: float,
) -> None:
    page = _opened(browser, shipped, width, height, collapse)
    drawn = page.evaluate(BOXES)
    meta = drawn["meta"]
    assert len(drawn["labels"]) == meta["labels"] and meta["visible"] > 50
    # a bar over most of the window (two of them) has no room beside it for a label
    assert len(drawn["labels"]) >= min(share * meta["visible"], meta["visible"] - 2), meta
    _assert_clear(drawn)
    # the chart comes first: it starts in the top half of the screen, under one row of controls
    assert drawn["top"] < height / 2
    page.close()


def _assert_clear(drawn: dict) -> None:
    """No drawn label runs past the plot, overlaps another label or overlaps a mark."""
    labels, marks, plot = drawn["labels"], drawn["marks"], drawn["plot"]
    for number, (text, box) in enumerate(labels):
        assert plot[0] - SLACK <= box[0] and box[2] <= plot[2] + SLACK, f"{text} runs past the plot"
        for other_text, other in labels[number + 1 :]:
            assert not _overlap(box, other), f"{text!r} overlaps {other_text!r}"
        hit = [mark for mark in marks if _overlap(box, mark)]
        assert not hit, f"{text!r} overlaps a mark at {hit[0]}"


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_one_screen_holds_every_lane_in_the_window(
    browser, shipped: str, width: int, height: int
) -> None:
    page = _opened(browser, f"{shipped}/?height=screen", width, height, collapse=True)
    # drawn for the window the browser reported, less Streamlit's header bar
    page.wait_for_function(
        "() => { const plot = document.querySelector('.js-plotly-plot');"
        f" return plot && plot.layout.height === window.innerHeight - {chart.HEADER_PX}; }}"
    )
    page.wait_for_function(PLANNED)
    page.locator(".js-plotly-plot").evaluate("(plot) => plot.scrollIntoView({block: 'end'})")
    drawn = page.evaluate(BOXES)
    chart_box = page.locator(".js-plotly-plot").bounding_box()
    assert chart_box is not None and chart_box["y"] >= 0 and chart_box["height"] <= height
    lanes = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert len(lanes) == 14 and "Western governments (unnamed) (WEST)" in lanes
    assert 0 < len(drawn["labels"]) == drawn["meta"]["labels"] < drawn["meta"]["visible"]
    _assert_clear(drawn)
    page.close()


def test_a_clicked_event_opens_its_card_on_screen(browser, shipped: str) -> None:
    page = _opened(browser, shipped, 1366, 768, False)
    # the first lane's first mark: near the top of the chart, on screen
    marks = page.locator(".scatterlayer .trace .points path")
    box = min(
        (marks.nth(n).bounding_box() for n in range(marks.count())),
        key=lambda b: (b["height"] == 0, b["y"]),
    )
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Quote in context").wait_for()
    shown = dialog.bounding_box()
    # in the viewport, over the chart: no scrolling to find it
    assert shown["y"] < 768 and shown["y"] + min(shown["height"], 300) <= 768
    page.get_by_label("Close").first.click()
    dialog.wait_for(state="detached")
    # closing the dialog closes the card, and the link forgets it
    page.wait_for_function("() => !location.search.includes('event=')")
    page.close()


@pytest.fixture(scope="module")
def offline_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from timeline import load_dataset
    from timeline.exports import FORMATS, ExportOptions

    data = load_dataset(REPO / "events", REPO / "seeds")
    page = tmp_path_factory.mktemp("offline") / "timeline.html"
    page.write_bytes(FORMATS["html"].build(data.events, data, ExportOptions()))
    return page


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_offline_page_labels_overlap_nothing_and_stay_in_the_plot(
    browser,
    offline_page: Path,
    width: int,
    height: int,
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(offline_page.as_uri())
    page.wait_for_selector(".js-plotly-plot .textpoint text")
    drawn = page.evaluate(BOXES)
    labels, marks, plot = drawn["labels"], drawn["marks"], drawn["plot"]
    assert labels and len(labels) == drawn["meta"]["labels"]
    for number, (text, box) in enumerate(labels):
        assert plot[0] - SLACK <= box[0] and box[2] <= plot[2] + SLACK, f"{text} runs past the plot"
        assert box[2] <= width, f"{text} runs off the page"
        for other_text, other in labels[number + 1 :]:
            assert not _overlap(box, other), f"{text!r} overlaps {other_text!r}"
        assert not [mark for mark in marks if _overlap(box, mark)], f"{text!r} overlaps a mark"
    page.close()
