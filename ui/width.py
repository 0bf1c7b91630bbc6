"""How wide the main area really is in the reader's browser, so a chart's labels are planned for
the room they have (sidebar open or collapsed, a laptop, a projector, a wide screen); and how
tall the browser's window is, for a chart drawn to fit one screen."""

from __future__ import annotations

from typing import Any, overload

import streamlit as st
import streamlit.components.v2 as components

# A change smaller than this is not worth redrawing the chart for.
STEP_PX = 40

# Reports `data.measure` when it is STEP_PX or more from what the page was drawn for
# (`data.drawn`, null when the page had none): "width", of the element the component sits in
# (the main column), or "height", of the browser's window. Either on first load, when the sidebar
# opens or closes, when the window is resized. A size close to the drawn one is not reported,
# since each report reruns the whole page.
_JS = f"""
export default function (component) {{
    const {{ setStateValue, parentElement, data }} = component;
    const host = parentElement.host || parentElement;
    const measure = data.measure;
    const size = measure === "height"
        ? () => window.innerHeight
        : () => host.getBoundingClientRect().width;
    let reported = data.drawn || 0;
    const report = () => {{
        const now = Math.round(size());
        if (now > 0 && Math.abs(now - reported) >= {STEP_PX}) {{
            reported = now;
            setStateValue(measure, now);
        }}
    }};
    const observer = new ResizeObserver(report);
    observer.observe(host);
    window.addEventListener("resize", report);
    report();
    return () => {{
        observer.disconnect();
        window.removeEventListener("resize", report);
    }};
}}
"""

_probe = components.component("timeline_main_width", js=_JS)


def _size(state: object, measure: str) -> int | None:
    """The size in the probe's state (session state before the probe runs, or its result)."""
    size = getattr(state, measure, None)
    return int(size) if isinstance(size, (int, float)) and size > 0 else None


def _reported(key: str, measure: str, default: int | None) -> int | None:
    drawn = _size(st.session_state.get(key), measure) or default
    # A report only reruns the page, so the callback that subscribes to it does nothing.
    changed: dict[str, Any] = {f"on_{measure}_change": lambda: None}
    found = _probe(key=key, data={"drawn": drawn, "measure": measure}, **changed)
    return _size(found, measure) or default


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
    return _reported(key, "width", default)


def window_height(key: str, default: int) -> int:
    """The browser window's inner height in CSS pixels, as it last reported it; until it has,
    `default` (with one that fits the reader's screen, the first load is one run)."""
    return _reported(key, "height", default) or default
