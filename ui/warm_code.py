"""The page tells the browser to run the code of the first page's widgets while it waits for the
server, so the chart's code is ready when the chart arrives.

Streamlit's frontend loads a widget's code (a module of its own) the first time a run shows that
kind of widget: Plotly's, 4.7 MB, only once the chart's message has come, about 0.8 s after the
page was asked for; evaluating it then is most of the time to the first chart. Meanwhile the
browser has little to do: it waits for the server to open the session and run the script. The
page Streamlit serves (its index.html) gets one more module script, first in its head, that
imports the modules of the widgets the first page shows; the browser keeps each module once, so
the widget's own import later finds it ready. Only modules Streamlit's build has are named:
after an upgrade that renames one, the page works as before without its head start, and
tests/test_warm_code.py fails until FIRST_PAGE_WIDGETS follows the new names.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit

from ui.origin_guard import ASGIApp, Receive, Scope, Send

# Streamlit's built pages and scripts; index.html refers to its modules as ./static/js/<file>.
STATIC = Path(streamlit.__file__).parent / "static"
# The widgets of a session's first run (ui.first_paint): the chart, the components (the run's
# report that the chart is drawn), the Window slider and the Timeline's buttons.
FIRST_PAGE_WIDGETS = ("PlotlyChart", "BidiComponent", "Slider", "Button")
_HEAD = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
# What marks Streamlit's own page (index.html) among the HTML the server may send.
APP_SCRIPT = b"./static/js/index."


def module_files(static: Path = STATIC, widgets: Iterable[str] = FIRST_PAGE_WIDGETS) -> list[str]:
    """The files of the widgets' modules in Streamlit's build (<name>.<hash>.js), in order;
    a widget with no such file, or more than one, is left out."""
    found = []
    for widget in widgets:
        pattern = re.compile(rf"{re.escape(widget)}\.[\w-]+\.js")
        files = [path.name for path in (static / "static" / "js").glob(f"{widget}.*.js")]
        matches = [name for name in files if pattern.fullmatch(name)]
        if len(matches) == 1:
            found.append(matches[0])
    return found


def script(files: Iterable[str]) -> bytes:
    """The module script that imports `files` from ./static/js/, as index.html's own do."""
    imports = "".join(f'import("./static/js/{name}");' for name in files)
    return f'<script type="module">{imports}</script>'.encode() if imports else b""


def with_script(page: bytes, tag: bytes) -> bytes:
    """`page` with `tag` first in its head (unchanged if it has none): the browser then fetches
    the modules beside Streamlit's own script rather than after it has run."""
    opening = _HEAD.search(page)
    return page[: opening.end()] + tag + page[opening.end() :] if opening else page


class WarmFirstPage:
    """ASGI middleware: Streamlit's page (index.html, whatever the page's path) carries
    script(module_files()) first in its head.

    An HTML response is read whole (the page is about 6 kB), unpacked if gzipped, and sent
    uncompressed with its length; only Streamlit's own page gets the script. Every other
    response passes through as it comes.
    """

    def __init__(self, app: ASGIApp, tag: bytes | None = None) -> None:
        self.app = app
        self.tag = script(module_files()) if tag is None else tag

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not self.tag:
            await self.app(scope, receive, send)
            return
        start: MutableMapping[str, Any] | None = None
        body: list[bytes] = []

        async def rewrite(message: MutableMapping[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(
                    b"text/html"
                ):
                    start = message  # held until the whole page is read
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await send_page(start, b"".join(body))
                return
            await send(message)

        async def send_page(message: MutableMapping[str, Any], raw: bytes) -> None:
            encoding = dict(message.get("headers", [])).get(b"content-encoding", b"")
            page = gzip.decompress(raw) if encoding == b"gzip" else raw
            if encoding not in (b"", b"gzip") or APP_SCRIPT not in page:
                # not Streamlit's page, or in an encoding this cannot read: sent as it came
                await send(message)
                await send({"type": "http.response.body", "body": raw})
                return
            page = with_script(page, self.tag)
            headers = [
                (name, value)
                for name, value in message.get("headers", [])
                if name.lower() not in (b"content-length", b"content-encoding")
            ]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**message, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, rewrite)
