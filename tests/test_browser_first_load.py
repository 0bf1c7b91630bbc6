"""The Timeline page's first load in a real Chromium. The chart comes first, then the filters and
the events table, with no click, in the run the browser asks for once it has drawn the chart
(ui.first_paint). At the width its labels are planned for by default (1366x768, sidebar open)
no run re-plans them; on a wider screen the browser reports its width and the chart is drawn
again for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.helpers import CHART, IDLE, PLANNED, REPO, TIMEOUT_MS, WHOLE, whole
from tests.server import serve

pytestmark = pytest.mark.browser

# The width probe (a custom component) is in the page; two frames later it has measured it, as
# it mounts and in its ResizeObserver's first callback, which runs before a frame is painted.
PROBE = '[data-testid^="stBidiComponent"]'
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve(REPO / "dashboard.py", log) as url:
        yield url


def _runs_asked(page: object) -> list[set[str]]:
    """A list that grows whenever the page asks the server for a run of the script: by the keys
    of the widgets whose values the request carries (every widget with a value, not only the
    one that changed)."""
    asked: list[set[str]] = []

    def sent(payload: str | bytes) -> None:
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            widgets = message.rerun_script.widget_states.widgets
            asked.append({widget.id.rsplit("-", 1)[-1] for widget in widgets})

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    return asked


# When the chart, the sidebar's filters and the events table each first appear, in ms.
APPEARED = f"""
window.appeared = {{}};
const watched = {{chart: '{CHART}', filters: '{WHOLE}', table: '[data-testid="stDataFrame"]'}};
new MutationObserver(() => {{
    for (const [name, selector] of Object.entries(watched)) {{
        if (!(name in window.appeared) && document.querySelector(selector)) {{
            window.appeared[name] = performance.now();
        }}
    }}
}}).observe(document, {{subtree: true, childList: true}});
"""


def _loaded(browser: object, url: str, width: int, height: int) -> tuple[object, list[set[str]]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(APPEARED)
    asked = _runs_asked(page)
    page.goto(url)
    page.wait_for_selector(CHART)
    whole(page)
    page.wait_for_function(PLANNED)
    page.wait_for_selector(PROBE, state="attached")
    page.evaluate(TWO_FRAMES)
    page.wait_for_function(IDLE)
    return page, asked


def test_the_chart_comes_first_then_the_filters_and_the_table_with_no_click(
    browser, shipped: str
) -> None:
    page, asked = _loaded(browser, shipped, 1366, 768)
    page.wait_for_selector('[data-testid="stDataFrame"]')
    appeared = page.evaluate("window.appeared")
    assert appeared["chart"] < appeared["filters"]
    assert appeared["chart"] < appeared["table"]
    # the run the page opens with, and the one its browser asked for once the chart was drawn
    assert len(asked) == 2 and "first_paint" in asked[1]
    page.close()


def test_a_laptop_first_load_plans_the_labels_once(browser, shipped: str) -> None:
    page, asked = _loaded(browser, shipped, 1366, 768)
    # no run re-plans the labels for a width within a few pixels of the one they were planned
    # for: the width probe never reported
    assert not [run for run in asked if "timeline_width" in run]
    assert page.locator(".js-plotly-plot").count() == 1
    page.close()


def test_a_wide_screen_gets_its_labels_planned_for_its_width(browser, shipped: str) -> None:
    page, asked = _loaded(browser, shipped, 1920, 1080)
    # the page's own run, the one the width probe asked for, the one once the chart was drawn
    assert len(asked) == 3
    assert [run for run in asked if "timeline_width" in run]
    assert page.evaluate("() => document.querySelector('.js-plotly-plot').layout.meta.width") > 1300
    page.close()


def test_as_served_the_charts_code_is_asked_for_before_the_server_is(
    browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # serve.py, as `make run` serves it, adds ui/warm_code.py's script to the page
    log = tmp_path_factory.mktemp("served") / "streamlit.log"
    with serve(REPO / "serve.py", log) as url:
        page, asked = _loaded(browser, url, 1366, 768)
        started = page.evaluate(
            "() => Object.fromEntries(performance.getEntriesByType('resource')"
            ".map(e => [e.name.split('/').pop().split('.')[0], e.startTime]))"
        )
        # Plotly's module is fetched before the page first asks the server anything (its
        # health), not once the chart's message has come
        assert started["PlotlyChart"] < started["health"]
        assert len(asked) == 2  # the two runs of a first visit, as without it
        assert page.locator(".js-plotly-plot").count() == 1
        page.close()
