"""The view as one offline web page: the chart with plotly.js inlined, the events and the sources."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.io as pio

from timeline.data.load import Dataset
from timeline.exports.image import chart
from timeline.exports.options import ExportOptions
from timeline.exports.window import scope, shown
from timeline.exports.words import (
    both_times,
    citation,
    claimant,
    counts,
    edtf,
    heading,
    quoted,
    side,
)
from timeline.present import UNKNOWN_COLOUR, chip_ink, html_text, palette

CHART_WIDTH = 1300  # the page's 1400 px column less its padding, within a 1366 px window

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; background: white;
  margin: 1.5rem auto; max-width: 1400px; padding: 0 1rem; font-size: 17px; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2rem; }}
.filters, .meta, .source, .edtf {{ color: #555; }}
ol.events {{ padding-left: 1.5rem; }}
ol.events li {{ margin-bottom: 1.2rem; }}
.chip {{ display: inline-block; padding: 0 0.5em; border-radius: 0.6em;
  font-size: 0.85em; }}
blockquote {{ margin: 0.3rem 0 0.3rem 1rem; font-style: italic; border-left: 3px solid #ccc;
  padding-left: 0.7rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
{subtitle}<p class="filters">{filters}</p>
<p class="meta">{counts}</p>
{chart}
<h2>Events</h2>
<ol class="events">
{events}
</ol>
<h2>Sources</h2>
<ul>
{sources}
</ul>
</body>
</html>
"""


def page(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    colours = palette(dataset.taxonomy, "alignment")
    # Drawn at one width that fits a 1366 px window as well as a 1920 px one, so its labels,
    # planned for that width, never overlap or run past the plot.
    figure = chart(events, dataset, replace(options, width=CHART_WIDTH))
    view = shown(events, dataset, options)
    events = view.events
    drawing = pio.to_html(
        figure,
        validate=False,
        include_plotlyjs=True,
        full_html=False,
        config={"displaylogo": False},
    )
    rows = []
    for _, event in events.iterrows():
        colour = colours.get(event["alignment"], UNKNOWN_COLOUR)
        dates = edtf(event)
        rows.append(
            f'<li id="{html_text(event["id"])}"><strong>{html_text(event["title"])}</strong><br>'
            + "<br>".join(html_text(line) for line in both_times(event, options.axis))
            + (f' <span class="edtf">({html_text(dates)})</span>' if dates else "")
            + f"<br>{html_text(claimant(event, dataset))} "
            f'<span class="chip" style="background:{colour};color:{chip_ink(colour)}">{html_text(side(event, dataset))}</span>'
            f"<blockquote>{html_text(quoted(event['quote']))}</blockquote>"
            f'<span class="source">Source: {html_text(citation(event["source"], dataset))}</span></li>'
        )
    sources = [
        f"<li>{html_text(citation(s, dataset))}</li>" for s in dict.fromkeys(events["source"])
    ]
    headline, subtitle = heading(dataset, options)
    page = _PAGE.format(
        title=html_text(headline),
        subtitle=f"<p>{html_text(subtitle)}</p>\n" if subtitle else "",
        filters=html_text(scope(view, options, dataset)),
        counts=html_text(counts(events)),
        chart=drawing,
        events="\n".join(rows),
        sources="\n".join(sources),
    )
    return page.encode("utf-8")
