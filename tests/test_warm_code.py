"""The pages `make run` serves tell the browser to run the first page's widget code at once
(ui/warm_code.py): the page carries the script, the modules it names are in Streamlit's build
and served, and every other response passes through untouched."""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.server import serve
from ui.warm_code import FIRST_PAGE_WIDGETS, WarmFirstPage, module_files, script, with_script

PAGE = (
    b'<!DOCTYPE html><html><head><title>x</title><script type="module" crossorigin'
    b' src="./static/js/index.abc.js"></script></head><body></body></html>'
)
TAG = b'<script type="module">import("./static/js/PlotlyChart.abc.js");</script>'


def _respond(app: object, method: str = "GET") -> tuple[dict, bytes]:
    """Run the ASGI `app` for one HTTP request; its response's start message and whole body."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/", "headers": []}
    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start, body


def _app(body: bytes, headers: list[tuple[bytes, bytes]], status: int = 200, parts: int = 1):
    """An ASGI app that answers with `body`, in `parts` chunks."""

    async def app(scope: dict, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})  # type: ignore[operator]
        size = max(1, -(-len(body) // parts))
        chunks = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        for index, chunk in enumerate(chunks):
            more = index < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})  # type: ignore[operator]

    return app


def _headers(start: dict) -> dict[bytes, bytes]:
    return dict(start["headers"])


HTML = (b"content-type", b"text/html; charset=utf-8")


@pytest.mark.parametrize("parts", [1, 3])
def test_a_page_gets_the_script_first_in_its_head_and_its_new_length(parts: int) -> None:
    headers = [HTML, (b"content-length", str(len(PAGE)).encode())]
    start, body = _respond(WarmFirstPage(_app(PAGE, headers, parts=parts), TAG))
    assert body == PAGE.replace(b"<head>", b"<head>" + TAG)
    assert _headers(start)[b"content-length"] == str(len(body)).encode()


def test_a_gzipped_page_is_unpacked_and_sent_plain_with_the_script() -> None:
    packed = gzip.compress(PAGE)
    headers = [HTML, (b"content-encoding", b"gzip"), (b"content-length", str(len(packed)).encode())]
    start, body = _respond(WarmFirstPage(_app(packed, headers), TAG))
    assert TAG in body and body.startswith(b"<!DOCTYPE html>")
    assert b"content-encoding" not in _headers(start)
    assert _headers(start)[b"content-length"] == str(len(body)).encode()


@pytest.mark.parametrize(
    ("body", "headers", "status", "method"),
    [
        (b"console.log(1)", [(b"content-type", b"text/javascript")], 200, "GET"),  # not a page
        (b"", [HTML], 304, "GET"),  # the browser's copy is current
        (PAGE, [HTML, (b"content-encoding", b"br")], 200, "GET"),  # an encoding it cannot read
        (PAGE, [HTML], 200, "POST"),
        (b"<html><head></head><body>a component</body></html>", [HTML], 200, "GET"),  # not ours
        (
            gzip.compress(b"<html><head></head></html>"),
            [HTML, (b"content-encoding", b"gzip")],
            200,
            "GET",
        ),
    ],
)
def test_every_other_response_passes_through_as_it_came(
    body: bytes, headers: list, status: int, method: str
) -> None:
    start, sent = _respond(WarmFirstPage(_app(body, headers, status), TAG), method)
    assert sent == body
    assert start["headers"] == headers and start["status"] == status


def test_the_modules_are_found_by_name_and_one_missing_or_doubled_is_left_out(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "static" / "js"
    folder.mkdir(parents=True)
    for name in ["PlotlyChart.D9Z0_fxz.js", "Slider.a1.js", "Slider.b2.js", "SliderThumb.c3.js"]:
        (folder / name).write_text("")
    found = module_files(tmp_path, ["PlotlyChart", "Slider", "Button"])
    assert found == ["PlotlyChart.D9Z0_fxz.js"]
    assert (
        script(found)
        == b'<script type="module">import("./static/js/PlotlyChart.D9Z0_fxz.js");</script>'
    )
    assert script([]) == b""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (b'<html><HEAD lang="en"><title>x</title></HEAD></html>', b'<HEAD lang="en">' + TAG),
        (b"<html><header>no head</header></html>", None),  # a <header> is not a head
    ],
)
def test_the_head_is_found_in_any_case_and_a_page_without_one_is_unchanged(
    page: bytes, expected: bytes | None
) -> None:
    result = with_script(page, TAG)
    assert (expected in result) if expected else result == page


def test_streamlits_build_has_every_module_named() -> None:
    # After an upgrade that renames one, FIRST_PAGE_WIDGETS must follow the new build's names.
    assert [name.split(".")[0] for name in module_files()] == list(FIRST_PAGE_WIDGETS)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(REPO / "serve.py", tmp_path_factory.mktemp("served") / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("path", ["/", "/claims", "/briefing?step=2"])
def test_the_served_pages_carry_the_script_and_its_modules_are_served(
    served: str, path: str
) -> None:
    request = urllib.request.Request(served + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read()
        assert response.headers.get("Content-Encoding") is None
    # first in the head: fetched beside Streamlit's own script, not after it has run
    assert page.index(script(module_files())) < page.index(b'<script type="module" crossorigin')
    assert script(module_files()) in page.split(b"</head>")[0]
    for name in re.findall(rb'import\("\./static/js/([\w.-]+)"\)', page):
        with urllib.request.urlopen(f"{served}/static/js/{name.decode()}", timeout=30) as module:
            assert module.status == 200 and len(module.read()) > 0
