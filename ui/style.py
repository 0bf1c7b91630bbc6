"""The dashboard's own CSS, for what Streamlit has no setting for, on every page; a component
rather than HTML in Markdown, which the dashboard never renders."""

from __future__ import annotations

import streamlit.components.v2 as components

from timeline.charts import geo
from ui import first_paint

# The element that carries the style takes no room on the page.
_KEY = "dashboard_style"

_CSS = f"""
.st-key-{_KEY}, .st-key-{first_paint.KEY} {{ display: none; }}

/* Streamlit shows the sidebar's collapse button only while the mouse is over the sidebar, and
   a hidden button takes no focus: by keyboard the sidebar could not be collapsed, which a
   1366x768 screen needs for the briefing. Always shown, it is a Tab stop like the others. */
[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] {{ visibility: visible; }}

/* Plotly draws nothing of a map until it has fetched and projected the outlines. From the
   moment Streamlit lays out the map's box (before Plotly has even loaded) it holds the map's
   place at its least height and says so, its words high enough to be above the fold, until
   the drawn map holds the countries' borders; clicks pass through to the map. */
.st-key-map_chart {{ position: relative; min-height: {geo.HEIGHT}px; }}
.st-key-map_chart::before {{
    content: "Drawing the map…";
    position: absolute; inset: 0; z-index: 1; pointer-events: none;
    display: flex; align-items: flex-start; justify-content: center; padding-top: 8rem;
    font-size: 1.3rem; color: inherit; background: {geo.OCEAN};
}}
.st-key-map_chart:has(.geo .countries path)::before {{ content: none; }}
"""

_style = components.component("dashboard_style", css=_CSS, isolate_styles=False)


def dashboard_style() -> None:
    """Apply the dashboard's CSS to the page; the frame calls it first on every run."""
    _style(key=_KEY)
