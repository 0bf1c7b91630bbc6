"""Refuses a WebSocket handshake from a foreign page before Streamlit's own origin check runs.

Streamlit (1.67) checks a cross-origin handshake with server_util.is_url_from_allowed_origins,
which, for an origin it does not know at once, looks up the machine's addresses, the public one
through a blocking request to checkip.amazonaws.com on the server's event loop: every viewer
waits while it times out, again at each attempt, and the request leaves the machine. This
middleware, installed through st.App's documented `middleware` argument (serve.py), answers
such a handshake first with the same refusal (HTTP 403), so that check only ever sees the
origins it accepts before any lookup: the page's own address, loopback names and
browser.serverAddress.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from streamlit import config

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The names Streamlit's check accepts before it tries any lookup.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "0.0.0.0"})


def allowed(origin: str | None, host: str | None) -> bool:
    """Whether a handshake with this Origin and Host header may reach Streamlit.

    allowed("http://localhost:9999", "127.0.0.1:8501") is True;
    allowed("https://evil.example", "127.0.0.1:8501") is False.
    """
    if origin is None:  # not a browser: no page can make it, and Streamlit allows it too
        return True
    parts = urlsplit(origin)
    if parts.netloc == host:  # the dashboard's own page
        return True
    names = set(LOOPBACK_NAMES)
    if config.is_manually_set("browser.serverAddress"):
        names.add(str(config.get_option("browser.serverAddress")))
    return parts.hostname in names


class OriginGuard:
    """ASGI middleware: a WebSocket handshake whose Origin is not allowed() is closed unopened."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            headers = {
                key.decode("latin-1").lower(): value.decode("latin-1")
                for key, value in scope.get("headers", [])
            }
            if not allowed(headers.get("origin"), headers.get("host")):
                await send({"type": "websocket.close", "code": 1008})  # the server answers 403
                return
        await self.app(scope, receive, send)
