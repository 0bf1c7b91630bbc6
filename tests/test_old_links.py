"""Old page links (`/claims-view?...`) redirect to the page's own path with the query kept."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from ui.old_links import PAGES, OldPageLinks, new_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/claims-view", "/claims"),
        ("/briefing-view/", "/briefing"),
        ("/app/map-view", "/app/map"),
        ("/claims", None),
        ("/nothing-view", None),
        ("/", None),
        ("/_stcore/stream", None),
    ],
)
def test_an_old_page_path_maps_to_the_page(path, expected):
    assert new_path(path) == expected


def test_the_old_names_are_the_pages_the_dashboard_serves():
    served = set(re.findall(r'page\("(\w+)"', (ROOT / "dashboard.py").read_text("utf-8")))
    assert set(PAGES) == served


def _call(path: str, query: bytes = b"", kind: str = "http") -> tuple[list[dict], list[str]]:
    sent: list[dict] = []
    reached: list[str] = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "path": path, "query_string": query}
    asyncio.run(OldPageLinks(app)(scope, receive, send))
    return sent, reached


def test_an_old_link_is_redirected_with_its_query():
    sent, reached = _call("/briefing-view", b"briefing=north-korean-troops&step=5")
    assert reached == []
    assert sent[0]["status"] == 308
    assert dict(sent[0]["headers"])[b"location"] == b"/briefing?briefing=north-korean-troops&step=5"


def test_every_other_request_passes_through():
    for path, kind in (("/claims", "http"), ("/claims-view", "websocket"), ("/", "http")):
        sent, reached = _call(path, kind=kind)
        assert (sent, reached) == ([], [path])
