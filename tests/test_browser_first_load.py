"""The Timeline page's first load in a real Chromium: at the width its labels are planned for by
default (1366x768, sidebar open) the page runs once and the chart is sent once; on a wider screen
the browser reports its width and the chart is drawn again for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.helpers import CHART, PLANNED, REPO, TIMEOUT_MS
from tests.server import serve

pytestmark = pytest.mark.browser

# The width probe (a custom component) is in the page; two frames later it has measured it, as
# it mounts and in its ResizeObserver's first callback, which runs before a frame is painted.
PROBE = '[data-testid^="stBidiComponent"]'
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
IDLE = "() => document.querySelector('[data-test-script-state=\"notRunning\"]') !== null"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve(REPO / "dashboard.py", log) as url:
        yield url


def _runs_asked(page: object) -> list[int]:
    """A list that grows by one whenever the page asks the server for a run of the script."""
    asked: list[int] = []

    def sent(payload: str | bytes) -> None:
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            asked.append(1)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    return asked


def _loaded(browser: object, url: str, width: int, height: int) -> tuple[object, list[int]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    asked = _runs_asked(page)
    page.goto(url)
    page.wait_for_selector(CHART)
    page.wait_for_function(PLANNED)
    page.wait_for_selector(PROBE, state="attached")
    page.evaluate(TWO_FRAMES)
    page.wait_for_function(IDLE)
    return page, asked


def test_a_laptop_first_load_runs_the_page_once(browser, shipped: str) -> None:
    page, asked = _loaded(browser, shipped, 1366, 768)
    # the run the page opens with, and no second one to re-plan the labels for a width within
    # a few pixels of the one they were planned for
    assert len(asked) == 1
    assert page.locator(".js-plotly-plot").count() == 1
    page.close()


def test_a_wide_screen_gets_its_labels_planned_for_its_width(browser, shipped: str) -> None:
    page, asked = _loaded(browser, shipped, 1920, 1080)
    # the page's own run, then the one the width probe asked for
    assert len(asked) == 2
    assert page.evaluate("() => document.querySelector('.js-plotly-plot').layout.meta.width") > 1300
    page.close()
