"""What a viewer may ask the server for, decided before Streamlit reads a byte: a viewer on another
machine cannot upload (unless the operator allows it) or read the metrics, and no viewer can send
more than the upload limit in all, across its files, while earlier ones are still held."""

from __future__ import annotations

import ipaddress
import os
from collections import defaultdict
from collections.abc import Iterable

from streamlit.runtime import Runtime

from timeline.data.upload import MAX_FILES, MAX_UPLOAD_BYTES
from ui.origin_guard import ASGIApp, Receive, Scope, Send

# `make run ALLOW_UPLOADS=1` sets it: viewers on the network may upload and prepare drawn exports.
ALLOW_ENV = "TIMELINE_ALLOW_NETWORK_UPLOADS"
# Multipart framing around one file: its boundary and headers.
_FRAMING_BYTES = 64 * 1024


def network_may_upload() -> bool:
    """Whether the operator let viewers on other machines upload and prepare drawn exports."""
    return os.environ.get(ALLOW_ENV) == "1"


def viewer_may_upload() -> bool:
    """For a page: whether this browser session may upload and prepare drawn exports (Streamlit
    gives no address for a viewer on this machine)."""
    import streamlit as st

    return is_local(st.context.ip_address) or network_may_upload()


def is_local(address: object) -> bool:
    """Whether a client address is this machine (loopback). No address string (a Unix socket, a
    script run by Streamlit's AppTest) is local: the middleware above decides for the server."""
    if not isinstance(address, str):
        return True
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _held_bytes(session_id: str) -> int:
    """Bytes Streamlit holds for this session's uploads (its in-memory store), 0 if unknown."""
    if not Runtime.exists():
        return 0
    storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", {})
    return sum(len(record.data) for record in storage.get(session_id, {}).values())


def _held_files(session_id: str) -> int:
    if not Runtime.exists():
        return 0
    storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", {})
    return len(storage.get(session_id, {}))


async def _answer(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


def _declared_length(headers: Iterable[tuple[bytes, bytes]]) -> int | None:
    for key, value in headers:
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class NetworkGuard:
    """ASGI middleware for the metrics and upload routes (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # bytes of uploads under way, by session: parallel uploads count before they are stored
        self.in_flight: defaultdict[str, int] = defaultdict(int)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        client = scope.get("client")
        local = is_local(client[0] if client else None)
        if path.endswith("/_stcore/metrics") and not local:
            await _answer(send, 403, "The metrics are for this machine only.")
            return
        if "/_stcore/upload_file/" not in path:
            await self.app(scope, receive, send)
            return
        if not local and not network_may_upload():
            await _answer(send, 403, "Uploads are open to this machine only.")
            return
        if scope["method"] != "PUT":
            await self.app(scope, receive, send)
            return
        session_id = path.rstrip("/").split("/")[-2]
        declared = _declared_length(scope.get("headers", []))
        held = _held_bytes(session_id) + self.in_flight[session_id]
        if declared is None or held + declared > MAX_UPLOAD_BYTES + _FRAMING_BYTES:
            await _answer(send, 413, f"The upload limit is {MAX_UPLOAD_BYTES} bytes in all.")
            return
        if _held_files(session_id) >= MAX_FILES:
            await _answer(send, 413, f"The upload limit is {MAX_FILES} files.")
            return
        self.in_flight[session_id] += declared
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight[session_id] -= declared
            if not self.in_flight[session_id]:
                del self.in_flight[session_id]
