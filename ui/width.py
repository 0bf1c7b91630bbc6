"""How wide the main area really is in the reader's browser, so a chart's labels are planned for
the room they have (sidebar open or collapsed, a laptop, a projector, a wide screen)."""

from __future__ import annotations

from typing import overload

import streamlit as st
import streamlit.components.v2 as components

# A change smaller than this is not worth redrawing the chart for.
STEP_PX = 40

# Reports the width of the element the component sits in (the main column) when it is STEP_PX or
# more from the width the page was drawn for (`data.drawn`, null when the page had none): on
# first load, the sidebar opening or closing, the window resized. A width close to the drawn one
# is not reported, since each report reruns the whole page.
_JS = f"""
export default function (component) {{
    const {{ setStateValue, parentElement, data }} = component;
    const host = parentElement.host || parentElement;
    let reported = (data && data.drawn) || 0;
    const report = () => {{
        const width = Math.round(host.getBoundingClientRect().width);
        if (width > 0 && Math.abs(width - reported) >= {STEP_PX}) {{
            reported = width;
            setStateValue("width", width);
        }}
    }};
    const observer = new ResizeObserver(report);
    observer.observe(host);
    report();
    return () => observer.disconnect();
}}
"""

_probe = components.component("timeline_main_width", js=_JS)


def _width(state: object) -> int | None:
    """The width in the probe's state (session state before the probe runs, or its result)."""
    width = getattr(state, "width", None)
    return int(width) if isinstance(width, (int, float)) and width > 0 else None


@overload
def main_width(key: str) -> int | None: ...
@overload
def main_width(key: str, default: int) -> int: ...
def main_width(key: str, default: int | None = None) -> int | None:
    """The main area's width in CSS pixels, as the browser last reported it; until it has,
    `default`.

    With a `default` that fits the reader's screen (within STEP_PX), the browser never reports:
    the first load is one run of the page rather than two.
    """
    drawn = _width(st.session_state.get(key)) or default
    return _width(_probe(key=key, data={"drawn": drawn}, on_width_change=lambda: None)) or default
