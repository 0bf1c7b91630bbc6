"""The event whose card is open: one per browser session, shared by every page."""

from __future__ import annotations

import streamlit as st

from ui import state


def select_event(event_id: str | None) -> None:
    """Open the card of `event_id`, or close it with None; meant as a widget callback."""
    st.session_state[state.SELECTED] = event_id


def selected_event() -> str | None:
    """The id of the event whose card is open, if any."""
    return st.session_state.get(state.SELECTED)
