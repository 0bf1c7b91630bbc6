"""The events as a markwhen document (.mw): one event per claim, under a section per lane, dated
in the plain ISO days markwhen reads, with the bound or season the dates stand for in its text.

markwhen (its parser 1.2) reads neither EDTF's open start `../2024-10-23` nor a season
`2023-26`: a "no later than" is written as its last day and a season as its days, the words
and the EDTF kept in the event's text.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from timeline.data.load import Dataset
from timeline.exports.options import ExportOptions
from timeline.exports.window import scope, shown
from timeline.exports.words import (
    both_times,
    citation,
    claimant,
    edtf,
    heading,
    lane_label,
    short_title,
    side,
)
from timeline.present import AXIS_COLUMNS

# markwhen reads a line that starts with a date as a new event, `#` as a section and `- ` as a
# list; a text line starting so gets a "· " first.
_STRUCTURE = re.compile(r"^\s*(\d|#|[-*>]\s)")
# Right under an event's first line, `key: value` is a property rather than text.
_PROPERTY = re.compile(r"^[\w ]+:")


# A full-width number sign: looks like `#`, and markwhen does not read it as a tag.
_HASH = "\uff03"


def _untagged(text: str) -> str:
    return " ".join(text.split()).replace("#", _HASH)


def _line(text: str, structure: re.Pattern[str] = _STRUCTURE) -> str:
    """One line of text, which markwhen keeps as text: folded onto one line, its `#` (a tag to
    markwhen) made a full-width one."""
    text = _untagged(str(text))
    return f"· {text}" if structure.match(text) or _STRUCTURE.match(text) else text


def _dates(event: pd.Series, axis: str) -> str:
    """The event's date part: its first to last day, or its last day for "no later than" (the
    day the chart marks), which markwhen reads in place of EDTF's open start `../day`."""
    start_column, end_column, _, qualifier_column = AXIS_COLUMNS[axis]
    first, last = f"{event[start_column]:%Y-%m-%d}", f"{event[end_column]:%Y-%m-%d}"
    if event.get(qualifier_column) == "by" or first == last:
        return last
    return f"{first}/{last}"


def markwhen(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    view = shown(events, dataset, options)
    title, subtitle = heading(dataset, options)
    about = " · ".join(filter(None, [subtitle, scope(view, options, dataset)]))
    # The header is YAML: JSON strings are YAML strings, so quotes and colons stay text.
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(about, ensure_ascii=False)}",
        "---",
        "",
    ]
    start_column, end_column = AXIS_COLUMNS[options.axis][:2]
    ordered = view.events.sort_values([start_column, end_column, "id"], kind="stable")
    groups = ordered.assign(
        _lane=[lane_label(event, options.lane, dataset) for _, event in ordered.iterrows()]
    )
    for lane, members in groups.groupby("_lane", sort=False):
        lines += [f"# {_line(lane)}", ""]
        for _, event in members.iterrows():
            short = _untagged(short_title(event))
            lines.append(f"{_dates(event, options.axis)}: {short}")
            body = [
                *both_times(event, options.axis),
                edtf(event),
                f"{claimant(event, dataset)} · {side(event, dataset)}",
                f"“{event['quote'].strip()}”",
                f"Source: {citation(event['source'], dataset)}",
                f"id: {event['id']}",
            ]
            # The full title first, where a property would be read.
            lines.append(_line(event["title"], _PROPERTY))
            lines += [_line(text) for text in body if text] + [""]
    return "\n".join(lines).encode("utf-8")
