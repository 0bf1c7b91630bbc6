"""A crafted upload through the real page, in Chromium: loose files whose names hold a folder or a
climb out of it are refused with their reason, and the viewer's page keeps working; and the
server holds no uploaded bytes once an upload is read."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    FIXTURE,
    TIMEOUT_MS,
    TOTAL,
    count_text,
    own_data_zip,
    rerun_with_a_search,
    serve_data,
    whole,
)

pytestmark = pytest.mark.browser


def held_uploads(url: str) -> list[str]:
    """The server's metrics lines about uploaded files it still holds (Streamlit's file manager
    reports them only while it holds any)."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics") as response:
        return [line for line in response.read().decode().splitlines() if "UploadedFile" in line]


def loose_with(name: str) -> list[dict[str, object]]:
    """The fixture's events and sources as loose files, one events file sent under `name`."""
    files = [("sources.yaml", FIXTURE / "seeds" / "sources.yaml")]
    files += [(path.name, path) for path in sorted((FIXTURE / "seeds").glob("*.txt"))]
    files += [(name, FIXTURE / "events" / "october.yaml")]
    return [
        {"name": sent, "mimeType": "application/octet-stream", "buffer": path.read_bytes()}
        for sent, path in files
    ]


@pytest.mark.parametrize("name", ["../../x.yaml", "a/b.yaml"])
def test_a_loose_file_named_with_a_folder_is_refused_and_the_page_keeps_working(
    browser: object, tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(FIXTURE / "events", FIXTURE / "seeds", log) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        whole(page)
        count_text(page, TOTAL).wait_for()
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Open your own data").click()
        sidebar.locator('input[type="file"]').set_input_files(files=loose_with(name))
        # the name reaches the server as the browser sent it, and is refused for it
        refusal = sidebar.get_by_text("Not opened:")
        refusal.wait_for()
        assert f"'{name}' has a folder in its name; expected a file name." in refusal.inner_text()
        assert held_uploads(url) == [], "a refused upload's files are released at once"
        # the page keeps working: its filters rerun, and a good upload opens
        rerun_with_a_search(page, TOTAL)
        # a file chosen while the rerun still draws the sidebar goes unseen: wait for its end
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
        sidebar.locator('input[type="file"]').set_input_files(
            files=[{"name": "mine.zip", "mimeType": "application/zip", "buffer": own_data_zip()}]
        )
        count_text(page, TOTAL + 1, TOTAL + 1).wait_for()
        assert held_uploads(url) == [], "an opened upload's files are released too"
        page.close()
    assert "Traceback" not in log.read_text()
