"""A note that holds a chart's place, at its size, until the browser has drawn the chart."""

from __future__ import annotations

import streamlit as st

# Shown over the chart's box from the moment Streamlit lays the box out (before Plotly has even
# loaded) until the drawn chart holds `drawn`, its words near the top so they are above the fold;
# pointer events pass through it to the chart. In CSS alone, so it needs no script and no rerun:
# `:has()` hides it the moment the chart is drawn.
_STYLE = """
<style data-holds="{key}">
.stElementContainer:has(> .stMarkdown style[data-holds="{key}"]) {{ display: none; }}
.st-key-{key} {{ position: relative; min-height: {height}px; }}
.st-key-{key}::before {{
    content: "{text}";
    position: absolute; inset: 0; z-index: 1; pointer-events: none;
    display: flex; align-items: flex-start; justify-content: center; padding-top: 8rem;
    font-size: 1.3rem; color: inherit; background: {background};
}}
.st-key-{key}:has({drawn})::before {{ content: none; }}
</style>
"""


def until_drawn(key: str, *, drawn: str, text: str, height: int, background: str) -> None:
    """Hold the place of the chart shown with `key`: a box `height` px tall, on `background`,
    saying `text` until the chart holds an element that matches the CSS selector `drawn`.

    Call it before the chart; `text` and `drawn` are the page's own words, never data.
    """
    # Markdown, not st.html: Streamlit loads st.html's code only when a page first uses it, which
    # on a fresh visit came after the map itself; markdown is drawn by the code that drew the title.
    style = _STYLE.format(key=key, drawn=drawn, text=text, height=height, background=background)
    st.markdown(style, unsafe_allow_html=True)
