"""The events as a TimelineJS 3 document (its JSON format), every text escaped as HTML: TimelineJS
assigns headline, text, display_date and the group label with innerHTML."""

from __future__ import annotations

import json

import pandas as pd

from timeline.data.load import Dataset
from timeline.exports.options import ExportOptions
from timeline.exports.window import scope, shown
from timeline.exports.words import (
    both_times,
    citation,
    claimant,
    counts,
    edtf,
    heading,
    lane_label,
    present,
    quoted,
    short_title,
    side,
    when,
)
from timeline.present import AXIS_COLUMNS, html_text

_TIMELINEJS_PARTS = {
    "month": ("year", "month"),
    "season": ("year", "month"),
    "quarter": ("year", "month"),
    "half": ("year", "month"),
    "year_part": ("year", "month"),
    "year": ("year",),
    "decade": ("year",),
}
_DAY_PARTS = ("year", "month", "day")


def _timelinejs_date(day: pd.Timestamp, precision: str) -> dict[str, int]:
    parts = _TIMELINEJS_PARTS.get(precision, _DAY_PARTS)
    return {part: int(getattr(day, part)) for part in parts}


# TimelineJS gives each group a row of its own under the slides: past six rows, a slide's quote
# and source no longer fit a 1366x768 screen. More lanes than that (the 14 claimant countries)
# go without groups; each slide's text names its claimant, country and side either way.
MAX_GROUPS = 6


def timelinejs(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    view = shown(events, dataset, options)
    events = view.events
    opens = pd.Timestamp(view.window[0]) if view.window is not None else None
    lanes = {lane_label(event, options.lane, dataset) for _, event in events.iterrows()}
    grouped = len(lanes) <= MAX_GROUPS
    items = []
    for _, event in events.iterrows():
        start_column, end_column, precision_column, _ = AXIS_COLUMNS[options.axis]
        start = _timelinejs_date(event[start_column], event[precision_column])
        if opens is not None and event[start_column] < opens:
            # A span reaching back before the window starts on its first day, so that TimelineJS
            # opens on the window and not years before it; display_date words the whole span.
            start = _timelinejs_date(opens, "days")
        end = _timelinejs_date(event[end_column], event[precision_column])
        body = [
            f"<p><strong>{html_text(event['title'])}</strong></p>",
            *(f"<p>{html_text(line)}</p>" for line in both_times(event, options.axis)[1:]),
            f"<p>{html_text(claimant(event, dataset))} · {html_text(side(event, dataset))}</p>",
            f"<blockquote>{html_text(quoted(event['quote']))}</blockquote>",
            f"<p>Source: {html_text(citation(event['source'], dataset))}</p>",
        ]
        if dates := edtf(event):
            body.append(f"<p>{html_text(dates)}</p>")
        item = {
            "unique_id": event["id"],
            "start_date": start,
            "display_date": html_text(when(event, options.axis)),
            # The short label: TimelineJS sets headlines in large capitals, and a full title
            # would push the quote and the source off a 1366x768 screen.
            "text": {"headline": html_text(short_title(event)), "text": "".join(body)},
        }
        if grouped:
            item["group"] = html_text(lane_label(event, options.lane, dataset))
        if end != start:
            item["end_date"] = end
        for column in ("edtf", "said_edtf"):
            if present(event.get(column)):
                item[column] = event[column]
        items.append(item)
    intro = [scope(view, options, dataset), counts(events)]
    headline, subtitle = heading(dataset, options)
    if subtitle:
        intro.insert(0, subtitle)
    document = {
        "title": {
            "text": {
                "headline": html_text(headline),
                "text": "".join(f"<p>{html_text(line)}</p>" for line in intro if line),
            }
        },
        "events": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
