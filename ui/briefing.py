"""The briefing's screens in large type: the title step, one event per step, the sources at the
end. Every piece of data is escaped before it joins the HTML, so data is always shown as text."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from timeline.data import fields
from timeline.data.briefings import Summary
from timeline.data.model import Source, Taxonomy
from timeline.present import UNKNOWN_COLOUR, describe_span, html_text, palette

STEP_KEY = "briefing_step"
STEP_PARAM = "step"
NOTES_PARAM = "notes"

# A quote's type shrinks as it grows (then wraps), so that the longest fits one screen.
# (most characters, CSS class); sizes in STYLE, scaled to the window's height.
QUOTE_SIZES = ((90, "quote-short"), (170, "quote-medium"), (280, "quote-long"))
QUOTE_LONGEST = "quote-longest"

# Sizes follow the window's height (vh), within bounds, so a step fills 1366x768 and 1920x1080
# alike without scrolling; colours are inherited, so the light and the dark theme both read.
STYLE = """
<style>
.stMainBlockContainer { padding-top: 4.25rem; padding-bottom: 0.5rem; }
/* Page Up and Page Down buttons only carry a clicker's keys; Previous and Next show the way. */
.st-key-briefing_clicker { display: none; }
.briefing { line-height: 1.25; overflow-wrap: anywhere; }
.briefing .when { font-size: clamp(1rem, 2.9vh, 2rem); opacity: 0.85; margin: 0 0 0.3em; }
.briefing .title { font-size: clamp(1.6rem, 5.2vh, 3.6rem); font-weight: 700; margin: 0 0 0.35em; }
.briefing .who { font-size: clamp(1rem, 2.9vh, 2rem); margin: 0 0 0.6em; }
.briefing .chip { display: inline-block; padding: 0.05em 0.55em; border-radius: 0.8em;
  font-weight: 600; margin-right: 0.4em; }
.briefing blockquote { margin: 0 0 0.6em; padding: 0.1em 0 0.1em 0.8em;
  border-left: 0.35em solid var(--side, #7F7F7F); font-style: normal; }
.briefing .quote-short { font-size: clamp(1.4rem, 5vh, 3.4rem); }
.briefing .quote-medium { font-size: clamp(1.25rem, 4.3vh, 3rem); }
.briefing .quote-long { font-size: clamp(1.1rem, 3.6vh, 2.5rem); }
.briefing .quote-longest { font-size: clamp(1rem, 2.9vh, 2rem); }
.briefing .source { font-size: clamp(0.9rem, 2.2vh, 1.5rem); opacity: 0.85; margin: 0; }
.briefing .subtitle { font-size: clamp(1.2rem, 3.2vh, 2.2rem); margin: 0 0 0.8em; }
.briefing .facts { font-size: clamp(1rem, 2.6vh, 1.8rem); margin: 0 0 0.3em; }
.briefing ul.sources { font-size: clamp(1rem, 2.4vh, 1.7rem); padding-left: 1.2em; margin: 0; }
.briefing ul.sources li { margin-bottom: 0.3em; }
</style>
"""


def quote_size(quote: str) -> str:
    """The CSS class of a quote's type size, by its length.

    quote_size("short words") == "quote-short"; a 300-character quote gets "quote-longest".
    """
    return next((name for most, name in QUOTE_SIZES if len(quote) <= most), QUOTE_LONGEST)


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (#RRGGBB), by WCAG contrast."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def _source_line(source: Source | None, fallback: str) -> str:
    """Outlet, title and publication date of a source, as escaped HTML."""
    if source is None:
        return f"Source {html_text(fallback)}"
    published = f"published {source.published}" + (
        " (estimated)" if source.published_estimated else ""
    )
    return f"<b>{html_text(source.outlet)}</b>: “{html_text(source.title)}”, {published}"


def event_html(row: pd.Series, source: Source | None, taxonomy: Taxonomy | None) -> str:
    """One event's step: when, what (large), who with their side, the quote, and the source."""
    happened = describe_span(row["start"], row["end"], row["precision"], row["qualifier"])
    said = describe_span(
        row["said_start"], row["said_end"], row["said_precision"], row["said_qualifier"]
    )
    colour = palette(taxonomy, "alignment").get(row["alignment"], UNKNOWN_COLOUR)
    side = fields.label("alignment", row["alignment"], taxonomy)
    country = fields.label("claimant_country", row["claimant_country"], taxonomy)
    quote = str(row["quote"])
    return (
        f'<div class="briefing" style="--side: {html_text(colour)}">'
        f'<p class="when">{html_text(happened)} · said {html_text(said)}</p>'
        f'<p class="title">{html_text(row["title"])}</p>'
        f'<p class="who"><span class="chip" style="background: {html_text(colour)}; '
        f'color: {_ink(colour)}">{html_text(side)}</span>'
        f"{html_text(row['claimant'])}, {html_text(country)}</p>"
        f'<blockquote class="{quote_size(quote)}">“{html_text(quote)}”</blockquote>'
        f'<p class="source">{_source_line(source, str(row["source"]))}</p>'
        "</div>"
    )


def title_html(title: str, subtitle: str | None, summary: Summary) -> str:
    """The title step: the briefing's title and subtitle, its events, sources and dates."""
    events = f"{summary.events} event" + ("" if summary.events == 1 else "s")
    sources = f"{summary.sources} source" + ("" if summary.sources == 1 else "s")
    span = f" · {html_text(summary.span)}" if summary.span else ""
    lede = f'<p class="subtitle">{html_text(subtitle)}</p>' if subtitle else ""
    return (
        '<div class="briefing">'
        f'<p class="title">{html_text(title)}</p>{lede}'
        f'<p class="facts">{events} from {sources}{span}</p>'
        "</div>"
    )


def closing_html(sources: list[Source]) -> str:
    """The closing step: every source the briefing cites, with its outlet and publication date."""
    items = "".join(f"<li>{_source_line(source, source.id)}</li>" for source in sources)
    return (
        f'<div class="briefing"><p class="title">Sources</p><ul class="sources">{items}</ul></div>'
    )


def step_from_url(total: int) -> str | None:
    """Open the briefing at the URL's `?step=` (1 to `total`) once; returns a notice if ignored."""
    if STEP_KEY in st.session_state:
        return None
    wanted = st.query_params.get(STEP_PARAM)
    st.session_state[STEP_KEY] = 1
    if wanted is None:
        return None
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٣"
    if re.fullmatch(r"[0-9]{1,6}", wanted) and 1 <= int(wanted) <= total:
        st.session_state[STEP_KEY] = int(wanted)
        return None
    return f"Ignored {STEP_PARAM}={wanted[:40]!r}: expected a number from 1 to {total}."


def notes_from_url(key: str) -> str | None:
    """Turn the notes toggle `key` on for `?notes=1` once; returns a notice for another value."""
    if key in st.session_state:
        return None
    wanted = st.query_params.get(NOTES_PARAM)
    st.session_state[key] = wanted == "1"
    if wanted in (None, "1", "0"):
        return None
    return f"Ignored {NOTES_PARAM}={wanted[:40]!r}: expected 1 (speaker notes on) or 0."


def go_to(step: int) -> None:
    """The on_click of the step buttons: show `step`."""
    st.session_state[STEP_KEY] = step


def first_step() -> None:
    """The on_change of the briefing's choice: a new briefing opens on its title."""
    st.session_state[STEP_KEY] = 1
