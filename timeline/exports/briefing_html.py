"""A briefing's steps as HTML, every step at once: the markup the dashboard's Briefing page moves
through in the browser, and the offline presentation file (one HTML file, no request made)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from timeline.charts.strip import strip_svg
from timeline.data import briefings, names
from timeline.data.load import Dataset
from timeline.data.model import Source, Taxonomy
from timeline.exports.options import ExportOptions, briefed
from timeline.exports.window import shown
from timeline.exports.words import heading, quoted
from timeline.present import (
    UNKNOWN_COLOUR,
    chip_ink,
    describe_span,
    palette,
    published,
)
from timeline.present import html_text as escape

_HERE = Path(__file__).parent
STYLE = (_HERE / "briefing.css").read_text(encoding="utf-8")
SCRIPT = (_HERE / "briefing.js").read_text(encoding="utf-8")

# A quote's type shrinks as it grows (then wraps), so that the longest fits one screen.
# (most characters, CSS class); sizes in briefing.css, scaled to the window's height.
QUOTE_SIZES = ((90, "quote-short"), (170, "quote-medium"), (280, "quote-long"))
QUOTE_LONGEST = "quote-longest"
NO_NOTE = "No speaker note for this step."


def quote_size(quote: str) -> str:
    """The CSS class of a quote's type size, by its length.

    quote_size("short words") == "quote-short"; a 300-character quote gets "quote-longest".
    """
    return next((name for most, name in QUOTE_SIZES if len(quote) <= most), QUOTE_LONGEST)


def _source_line(source: Source | None, fallback: str) -> str:
    """Outlet, title and publication date of a source, as escaped HTML."""
    if source is None:
        return f"Source {escape(fallback)}"
    return (
        f"<b>{escape(source.outlet)}</b>: “{escape(source.title)}”, published {published(source)}"
    )


def event_html(row: pd.Series, source: Source | None, taxonomy: Taxonomy | None) -> str:
    """One event's step: when, what (large), who with their side, the quote, and the source."""
    happened = describe_span(row["start"], row["end"], row["precision"], row["qualifier"])
    said = describe_span(
        row["said_start"], row["said_end"], row["said_precision"], row["said_qualifier"]
    )
    colour = palette(taxonomy, "alignment").get(row["alignment"], UNKNOWN_COLOUR)
    side = names.label("alignment", row["alignment"], taxonomy)
    country = names.label("claimant_country", row["claimant_country"], taxonomy)
    quote = str(row["quote"])
    return (
        f'<div class="briefing" style="--side: {escape(colour)}">'
        f'<p class="when">{escape(happened)} · said {escape(said)}</p>'
        f'<h2 class="title">{escape(str(row["title"]))}</h2>'
        f'<p class="who"><span class="chip" style="background: {escape(colour)}; '
        f'color: {chip_ink(colour)}">{escape(side)}</span>'
        f"{escape(str(row['claimant']))}, {escape(country)}</p>"
        f'<blockquote class="{quote_size(quote)}">{escape(quoted(quote))}</blockquote>'
        f'<p class="source">{_source_line(source, str(row["source"]))}</p>'
        "</div>"
    )


def title_html(title: str, subtitle: str | None, summary: briefings.Summary) -> str:
    """The title step: the briefing's title and subtitle, its events, sources and dates."""
    events = f"{summary.events} event" + ("" if summary.events == 1 else "s")
    sources = f"{summary.sources} source" + ("" if summary.sources == 1 else "s")
    span = f" · {escape(summary.span)}" if summary.span else ""
    lede = f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else ""
    return (
        '<div class="briefing">'
        f'<h1 class="title">{escape(title)}</h1>{lede}'
        f'<p class="facts">{events} from {sources}{span}</p>'
        "</div>"
    )


def closing_html(sources: list[Source]) -> str:
    """The closing step: every source the briefing cites, with its outlet and publication date."""
    items = "".join(f"<li>{_source_line(source, source.id)}</li>" for source in sources)
    return f'<div class="briefing"><h2 class="title">Sources</h2><ul class="sources">{items}</ul></div>'


def deck_html(
    rows: pd.DataFrame,
    dataset: Dataset,
    title: str,
    subtitle: str | None,
    notes: list[str | None] | None = None,
    *,
    presenter: bool = False,
    presenter_button: bool = False,
) -> str:
    """Every step of a briefing in one block: the controls, the title, one step per row of
    `rows`, the sources, the strip and, when `notes` are given (one per row), the presenter's
    panel with each step's note and the next step, shown with `presenter` or, with
    `presenter_button`, when that button or the P key asks for it. Only the first step shows until a script
    (briefing.js) moves it; all data is escaped, so it is always shown as text.
    """
    sections = [(title, title_html(title, subtitle, briefings.summary(rows)))]
    for _, row in rows.iterrows():
        source = dataset.sources.get(row["source"])
        sections.append((str(row["title"]), event_html(row, source, dataset.taxonomy)))
    sections.append(("Sources", closing_html(briefings.cited(rows, dataset.sources))))
    total = len(sections)
    stage = "".join(
        f'<section class="step" data-step="{number}" data-heading="{escape(heading_text)}"'
        f' aria-label="Step {number} of {total}"{"" if number == 1 else " hidden"}>'
        f"{body}</section>"
        for number, (heading_text, body) in enumerate(sections, start=1)
    )
    strip = strip_svg(rows, dataset.taxonomy)
    panel = ""
    if notes is not None:
        said = [None, *notes, None]
        items = "".join(
            f'<p class="note" data-step="{number}"{"" if number == 1 else " hidden"}>'
            f"{escape(note or NO_NOTE)}</p>"
            for number, note in enumerate(said, start=1)
        )
        panel = (
            '<aside class="presenter-panel" aria-label="Presenter view">'
            f"<div><h2>Speaker note</h2>{items}</div>"
            f'<div><h2>Next</h2><p class="next-step">{escape(sections[1][0])}</p></div></aside>'
        )
    toggle = (
        '<button type="button" data-toggle="presenter" aria-pressed="false">'
        "Presenter view (P)</button>"
        if presenter_button
        else ""
    )
    bar = (
        '<nav class="bar" aria-label="Briefing steps">'
        '<button type="button" data-go="first" aria-label="First step (Home)" disabled>&laquo;</button>'
        '<button type="button" data-go="-1" aria-label="Previous step (Left arrow, Page Up)" '
        "disabled>&lsaquo; Previous</button>"
        f'<span class="counter" aria-live="polite">Step <span class="number">1</span> of {total}'
        "</span>"
        '<button type="button" data-go="1" aria-label="Next step (Right arrow, Page Down)">'
        "Next &rsaquo;</button>"
        '<button type="button" data-go="last" aria-label="Last step (End)">&raquo;</button>'
        f"{toggle}</nav>"
    )
    return (
        f'<div class="deck{" presenter" if presenter else ""}" data-total="{total}">{bar}<div class="stage">{stage}</div>'
        f'<div class="strip" hidden>{strip}</div>{panel}</div>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; background: #ffffff; color: #111111;
  font-family: "Source Sans Pro", Arial, Helvetica, sans-serif; }}
main {{ box-sizing: border-box; min-height: 100vh; padding: 1rem 2rem; }}
{style}
</style>
</head>
<body>
<main>
{deck}
</main>
<script>
{script}
(() => {{
  const root = document.querySelector(".deck");
  const start = briefingStepInUrl(location.search) || 1;
  const deck = briefingDeck(root, start, (step) => {{
    // A file:// page may refuse a changed address; the step still moves.
    try {{ briefingKeepStepInUrl(window, step); }} catch (error) {{ }}
  }});
  const toggle = root.querySelector("[data-toggle=presenter]");
  function presenter(on) {{
    root.classList.toggle("presenter", on);
    toggle.setAttribute("aria-pressed", String(on));
  }}
  toggle.addEventListener("click", () => presenter(!root.classList.contains("presenter")));
  document.addEventListener("keydown", (event) => {{
    if ((event.key === "p" || event.key === "P") && !event.ctrlKey && !event.metaKey
        && !event.altKey) {{
      presenter(!root.classList.contains("presenter"));
      return;
    }}
    deck.key(event);
  }});
}})();
</script>
</body>
</html>
"""


def page(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    """The briefing as one offline HTML presentation: every step, the strip, keys and clicker,
    a presenter view (P) with the speaker notes and the next step, and the sources.

    Its steps are the options' briefing, else the events of the options' window (window.shown)
    in date order. The file makes no request: its style and script are inline, and its content
    policy forbids any other.
    """
    events = shown(events, dataset, options).events
    steps = briefed(events, options)
    ids = [row["id"] for row, _ in steps]
    rows = events.set_index("id", drop=False).loc[ids].reset_index(drop=True)
    title, subtitle = heading(dataset, options)
    deck = deck_html(
        rows, dataset, title, subtitle, [note for _, note in steps], presenter_button=True
    )
    text = _PAGE.format(title=escape(title), style=STYLE, deck=deck, script=SCRIPT)
    return text.encode("utf-8")
