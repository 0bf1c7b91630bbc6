"""The Export control pages share: every registry format of the view on screen, as a download."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable

import streamlit as st

from timeline import exports
from timeline.exports import FORMATS, ExportOptions
from ui.data import View
from ui.network_guard import viewer_may_upload

log = logging.getLogger(__name__)

NETWORK_EXPORTS = (
    "Slides and chart images are prepared for viewers on the machine that runs the dashboard; "
    "whoever runs it can allow them on the network (make run ADDRESS=0.0.0.0 ALLOW_UPLOADS=1)."
)


# A fragment: picking a format or preparing a file reruns this control alone, not the page and
# its charts around it (the view it exports is the one the page was drawn with).
@st.fragment
def export_control(
    view: View, options: ExportOptions, key: str, *, briefing: str | None = None
) -> None:
    """One "Export" control: pick a format, download the view's events in it.

    Quick formats download at once, built when clicked, on their own thread. Drawn ones
    (Format.draws) take a "Prepare" click first, with a spinner while the chart is drawn; the file
    is kept for this view only, so a changed filter or option asks for a new one. `briefing`
    names the briefing exported, for the file name.
    """
    # Drawing holds a browser and seconds of the server's time: not for any viewer on a network.
    offered = [n for n in FORMATS if viewer_may_upload() or not FORMATS[n].draws]
    with st.container(border=True, key=key):
        picker, action = st.columns([3, 2], vertical_alignment="bottom")
        name = picker.selectbox(
            "Export", offered, format_func=lambda n: FORMATS[n].label, key=f"{key}_format",
            help="The events shown, as slides, an image, an offline page or data. Spreadsheet "
            "cells that would run as formulas are made text."
            + ("" if len(offered) == len(FORMATS) else " " + NETWORK_EXPORTS),
        )  # fmt: skip
        fmt = FORMATS[name]
        file_name = exports.filename(name, view.state, briefing=briefing)

        def offer(data: bytes | Callable[[], bytes]) -> None:
            action.download_button(
                f"Download {fmt.label}", data=data, file_name=file_name, mime=fmt.mime,
                icon=":material/download:", on_click="ignore", width="stretch",
                key=f"{key}_download",
            )  # fmt: skip

        # Drawn formats take seconds: built when asked for, never on a rerun. The others are
        # built by the download itself.
        if not fmt.draws:
            offer(lambda: fmt.build(view.events, view.dataset, options))
            return
        store = f"{key}_prepared"
        wanted = _signature(name, view, options, file_name)
        prepared = st.session_state.get(store)
        if prepared is None or prepared[0] != wanted:
            if not action.button(
                f"Prepare {fmt.label}", key=f"{key}_prepare", icon=":material/build:",
                width="stretch",
            ):  # fmt: skip
                return
            with st.spinner(f"Drawing the chart for the {fmt.label.lower()}…"):
                try:
                    prepared = (wanted, fmt.build(view.events, view.dataset, options))
                except Exception:  # a missing browser, say: tell the viewer, log the details
                    log.exception("export %s failed", name)
                    st.error(
                        f"The {fmt.label.lower()} could not be made; the details are in the "
                        "server's log. The data formats still work.",
                        icon=":material/error:",
                    )
                    return
            st.session_state[store] = prepared
        offer(prepared[1])


def _signature(name: str, view: View, options: ExportOptions, file_name: str) -> Hashable:
    """What a prepared file was built from: a file is offered again only for the same view."""
    steps = tuple((step.event, step.note) for step in options.briefing or ())
    settings = (
        options.lane, options.colour, options.axis, options.window, options.title,
        options.subtitle,
    )  # fmt: skip
    return (name, file_name, view.state, settings, steps, tuple(view.events["id"]))
