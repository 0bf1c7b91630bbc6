"""The sidebar's "Open your own data": an upload read in memory, for this browser session only."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from timeline import Dataset
from timeline.data.isolated import MEMORY_LIMIT, TIME_LIMIT, UNEXPECTED, open_upload
from timeline.data.upload import MAX_EXPANDED_BYTES, MAX_FILES, MAX_UPLOAD_BYTES, MB, Refused
from ui import md, sidebar
from ui.network_guard import viewer_may_upload
from ui.selection import select_event

# Session-state keys: the upload's dataset and what to call it, a refusal to show, and a counter
# that names the uploader widget afresh, since Streamlit lets no code empty an uploader.
_DATASET = "_own_dataset"
_NAME = "_own_data_name"
_SKIPPED = "_own_data_skipped"
_REFUSAL = "_own_data_refusal"
_ROUND = "_own_data_round"

log = logging.getLogger(__name__)

# Reading an upload of 100,000 events takes a core and most of a gigabyte for tens of seconds: one
# at a time, across every browser session, so that viewers who upload at once do not stall the
# others, nor add up their memory.
_READING = threading.Lock()
WAITING = "Waiting: another viewer's upload is being read first; yours is next."

HELP = (
    "A zip of an `events/` and a `seeds/` folder (at its top or in one folder), or an events YAML "
    "file together with `sources.yaml` and its seed documents (`.txt`); without a `taxonomy.yaml` "
    "the shipped one is used. It is read in memory for this browser session only and never "
    f"stored. Limits: {MAX_UPLOAD_BYTES // MB} MB uploaded, {MAX_FILES} files, "
    f"{MAX_EXPANDED_BYTES // MB} MB unzipped, {TIME_LIMIT} s and {MEMORY_LIMIT // MB:,} MB to read "
    "it; no links, no paths outside the zip, UTF-8 text only."
)

# Why a viewer on another machine sees no upload: it would hold the server's memory for everyone.
NETWORK_UPLOADS = (
    ":material/lock: Opening your own data is for viewers on the machine that runs the dashboard: "
    "an upload takes the server's memory and time from everyone watching. Whoever runs it can "
    "allow it on the network with `make run ADDRESS=0.0.0.0 ALLOW_UPLOADS=1`."
)


def own_dataset() -> Dataset | None:
    """The dataset this browser session opened from an upload, or None for the shipped data."""
    return st.session_state.get(_DATASET)


def _widget() -> str:
    return f"own_data_{st.session_state.get(_ROUND, 0)}"


def _start_afresh() -> None:
    # The filters and the open card belong to the data they were chosen on.
    sidebar.clear_filters()
    select_event(None)


def _back() -> None:
    """Return this session to the shipped data and empty the uploader."""
    for key in (_DATASET, _NAME, _SKIPPED, _REFUSAL):
        st.session_state.pop(key, None)
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    _start_afresh()


def _release() -> None:
    """Drop this session's uploaded bytes from Streamlit's file manager, as `st.chat_input` does.

    The manager keeps a session's files until the session is shut down, and a session whose
    viewer leaves is kept for a reconnection, then forgotten without a shut-down: without this,
    every upload would stay in the server's memory for as long as it runs. The uploader is this
    page's only one.
    """
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_session_files(ctx.session_id)


def _open(widget: str, taxonomy: Path) -> None:
    """Read what was just uploaded; keep it as this session's data, or say why it was refused.

    Either way its bytes leave Streamlit's file manager at once (`_release`) and the uploader
    is replaced by an empty one. One upload is read at a time, whichever session sent it: a
    second waits. It is read in a child process under a time and a memory limit (`open_upload`).
    """
    files = st.session_state.get(widget) or []
    if not files:
        _back()
        return
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    default = taxonomy.read_bytes() if taxonomy.is_file() else None
    sent = [(file.name, file.getvalue()) for file in files]
    _release()
    if not _READING.acquire(blocking=False):
        with st.spinner(WAITING):
            _READING.acquire()
    try:
        opened = open_upload(sent, default)
    except Refused as refusal:
        st.session_state.pop(_DATASET, None)
        st.session_state[_REFUSAL] = str(refusal)
        return
    except Exception:  # a failure to start the reader must not cost the viewer the page
        log.exception("reading an upload failed")
        st.session_state.pop(_DATASET, None)
        st.session_state[_REFUSAL] = UNEXPECTED
        return
    finally:
        _READING.release()
    st.session_state[_DATASET] = opened.dataset
    st.session_state[_NAME] = opened.name
    st.session_state[_SKIPPED] = opened.skipped
    st.session_state.pop(_REFUSAL, None)
    _start_afresh()


def own_data_notice() -> None:
    """Say at the top of the main area that an upload is shown, and how long it stays."""
    if own_dataset() is not None:
        st.info(
            f"Showing your own data, {md(st.session_state[_NAME])}, not the shipped data. It "
            "stays in this browser tab only: a reload or an opened link returns to the shipped "
            "data.",
            icon=":material/upload_file:",
        )


def own_data_control(taxonomy: Path) -> None:
    """Draw "Open your own data" in the sidebar, and "Back to the shipped data" while it is open.

    `taxonomy` is the shipped taxonomy, used for an upload that brings none.
    """
    if not viewer_may_upload():
        st.sidebar.caption(NETWORK_UPLOADS)
        return
    refusal = st.session_state.get(_REFUSAL)
    if own_dataset() is not None:
        st.sidebar.info(
            f"Showing your own data, {md(st.session_state[_NAME])}, in this browser session only.",
            icon=":material/upload_file:",
        )
        st.sidebar.button("Back to the shipped data", on_click=_back, icon=":material/undo:")
    with st.sidebar.expander("Open your own data", expanded=refusal is not None):
        widget = _widget()
        st.file_uploader(
            "A zip, or YAML and text files",
            type=["zip", "yaml", "yml", "txt"],
            accept_multiple_files=True,
            key=widget,
            on_change=_open,
            args=(widget, taxonomy),
            max_upload_size=MAX_UPLOAD_BYTES // MB,
        )
        st.caption(HELP)
        if refusal:
            st.error(f"Not opened: {md(refusal)}", icon=":material/block:")
        if skipped := st.session_state.get(_SKIPPED):
            st.caption(f"Left out, not data: {md(', '.join(skipped))}")
