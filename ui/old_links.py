"""Links saved before the pages moved to their files' names (`/claims-view?...`) redirect to the
same page and query (`/claims?...`), so a link sent in an earlier briefing still opens its view."""

from __future__ import annotations

from collections.abc import Iterable

from ui.origin_guard import ASGIApp, Receive, Scope, Send

# The page names the dashboard serves (dashboard.py); each was once at /<name>-view.
PAGES = ("timeline", "estimates", "claims", "sources", "map", "briefing")


def new_path(path: str, pages: Iterable[str] = PAGES) -> str | None:
    """Where an old page link now lives, or None when the path is not an old page link.

    new_path("/claims-view") == "/claims"; new_path("/claims") is None.
    """
    stem, slash, name = path.rstrip("/").rpartition("/")
    if name.endswith("-view") and name.removesuffix("-view") in pages:
        return f"{stem}{slash}{name.removesuffix('-view')}"
    return None


class OldPageLinks:
    """ASGI middleware: an HTTP request for an old page path gets a permanent redirect (308) to
    the page's path with the same query string; every other request passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = new_path(scope["path"]) if scope["type"] == "http" else None
        if target is None:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        location = target + (f"?{query}" if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 308,
                "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})
