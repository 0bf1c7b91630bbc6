"""Hostile text from every data file in a real Chromium, every request to another host refused:
no page asks another host for anything, and no link or icon is made from the data."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.helpers import CHART, LOCAL_HOSTS, TIMEOUT_MS, serve_data, whole
from tests.hostile import hostile_copy

pytestmark = pytest.mark.browser

# The card of the event whose every field holds a payload, on each page that shows one.
PAGES = [
    "/?event=kr-nis-12000",
    "/map-view?colour=alignment",
    "/map-view?colour=kind",
    "/map-view?colour=status",
    "/map-view?colour=outlet_alignment",
    "/?lane=claimant_country&event=kr-nis-12000",
    "/sources-view?source=alpha",
    "/claims-view",
    "/estimates-view",
]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = hostile_copy(tmp_path_factory.mktemp("hostile") / "data")
    with serve_data(root / "events", root / "seeds", root / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_hostile_data_makes_no_request_link_or_icon(
    browser: object, dashboard: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []

    def only_local(route: object) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", only_local)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(dashboard)  # the entrypoint first: the pages' paths are known once it has run
    whole(page)
    page.wait_for_selector(CHART)
    page.goto(dashboard + path)
    whole(page)
    if "sources" not in path:  # the one page without a chart
        page.wait_for_selector(CHART)
    page.get_by_text("END1").first.wait_for()  # a payload is drawn (END1, END10, END16, ...)
    assert not refused, refused
    # an SVG link (a Plotly legend's) carries its address in xlink:href
    links = page.eval_on_selector_all(
        "a", "links => links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
    )
    assert not [link for link in links if "evil" in link or "javascript" in link], links
    icons = page.locator('[data-testid="stMain"] [data-testid="stIconMaterial"]').all_inner_texts()
    assert "verified" not in icons
    assert not page.locator('[data-testid="stMain"] img[src^="data:image/svg"]').count()
    assert not dialogs
    page.close()
