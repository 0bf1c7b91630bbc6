"""How wide the main area really is in the reader's browser, so a chart's labels are planned for
the room they have (sidebar open or collapsed, a laptop, a projector, a wide screen)."""

from __future__ import annotations

import streamlit.components.v2 as components

# A change smaller than this is not worth redrawing the chart for.
STEP_PX = 40

# Reports the width of the element the component sits in (the main column) now and whenever it
# changes by STEP_PX or more: the sidebar opening or closing, the window resized.
_JS = f"""
export default function (component) {{
    const {{ setStateValue, parentElement }} = component;
    const host = parentElement.host || parentElement;
    let reported = 0;
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


def main_width(key: str) -> int | None:
    """The main area's width in CSS pixels, as the browser last reported it; None until it has."""
    result = _probe(key=key, on_width_change=lambda: None)
    width = getattr(result, "width", None)
    return int(width) if isinstance(width, (int, float)) and width > 0 else None
