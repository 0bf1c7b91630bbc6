"""The words every export shares: titles, times, claimants, citations, and text made safe for HTML."""

from __future__ import annotations

from typing import Any

import pandas as pd

from timeline.data import fields, names
from timeline.data.load import Dataset
from timeline.data.model import clip
from timeline.exports.options import ExportOptions
from timeline.present import AXES, AXIS_COLUMNS, describe_span, published

# The column that words each time as the source does, and what a reader calls that time.
WORDED = {"happened": "date_text", "said": "said_text"}
TIME_NAMES = {"happened": "Happened", "said": "Said"}
GENERIC_TITLE = "Claims timeline"
OUTLET_CHARS = 41  # an outlet named in a chart's source line


def heading(dataset: Dataset, options: ExportOptions) -> tuple[str, str | None]:
    """The export's title and subtitle: the options' (a briefing's), else the case's, else a
    generic title without subtitle."""
    if options.title:
        return options.title, options.subtitle
    if dataset.case is not None:
        return dataset.case.title, dataset.case.subtitle
    return GENERIC_TITLE, None


def date_span(events: pd.DataFrame) -> str:
    """The days the events cover, 'from to' in ISO dates, or '' when there are none."""
    if events.empty:
        return ""
    first, last = events["start"].min(), events["end"].max()
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def counts(events: pd.DataFrame) -> str:
    """'12 events from 3 sources'."""
    n, sources = len(events), events["source"].nunique()
    return f"{n} event{'s' if n != 1 else ''} from {sources} source{'s' if sources != 1 else ''}"


def when(event: pd.Series, axis: str = "happened") -> str:
    """When an event happened (or, for axis "said", when it was said), as the source words it
    and as the dates it reads as; '' when the event has no such dates.

    when(event) == '“between October 8 and 13” → 2024-10-08 to 2024-10-13'
    """
    start_column, end_column, precision_column, qualifier_column = AXIS_COLUMNS[axis]
    if not present(event.get(start_column)):
        return ""
    span = describe_span(
        event[start_column], event[end_column], event[precision_column], event[qualifier_column]
    )
    worded = event.get(WORDED[axis])
    return f"“{worded}” → {span}" if present(worded) else span


def both_times(event: pd.Series, axis: str = "happened") -> list[str]:
    """The event's two times in words, the one the chart places it by first.

    both_times(event) == ["Happened: “late October” → ...", "Said: “October 18” → 2024-10-18"]
    """
    order = (axis, *(other for other in AXES if other != axis))
    return [f"{TIME_NAMES[a]}: {text}" for a in order if (text := when(event, a))]


def edtf(event: pd.Series) -> str:
    """The EDTF forms of an event's dates, 'EDTF 2024-10-08/2024-10-13; said 2024-10-18', or ''."""
    parts = [
        f"{label}{event[column]}"
        for column, label in (("edtf", "EDTF "), ("said_edtf", "said "))
        if present(event.get(column))
    ]
    return "; ".join(parts)


def claimant(event: pd.Series, dataset: Dataset) -> str:
    """'South Korea's National Intelligence Service · South Korea (KR)'."""
    country = names.label("claimant_country", event["claimant_country"], dataset.taxonomy)
    return f"{event['claimant']} · {country}"


def side(event: pd.Series, dataset: Dataset) -> str:
    """The label of the event's alignment, the side of the information war it speaks for."""
    return names.label("alignment", event["alignment"], dataset.taxonomy)


def lane_label(event: pd.Series, lane: str, dataset: Dataset) -> str:
    """The name of the lane (a fields.LANES column) the event sits in, as the chart names it."""
    if fields.BY_COLUMN[lane].vocabulary == "sources":
        source = dataset.sources.get(event[lane])
        return source.outlet if source is not None else str(event[lane])
    return names.label(lane, event[lane], dataset.taxonomy)


def short_title(event: pd.Series) -> str:
    """The event's short label, as the chart shows it; its title when it has none."""
    label = event.get("label")
    return str(label) if present(label) else str(event["title"])


def citation(source_id: str, dataset: Dataset) -> str:
    """A source as a reference list gives it: outlet, “title”, publication date (and URL)."""
    source = dataset.sources.get(source_id)
    if source is None:
        return source_id
    text = f"{source.outlet}, “{source.title}”, {published(source)}"
    return f"{text}, {source.url}" if source.url else text


def source_line(events: pd.DataFrame, dataset: Dataset) -> str:
    """The chart's source line: how many events, and the outlets they were read from."""
    outlets = [
        clip(dataset.sources[s].outlet if s in dataset.sources else s, OUTLET_CHARS)
        for s in dict.fromkeys(events["source"])
    ]
    shown = "; ".join(outlets[:3]) + (f"; and {len(outlets) - 3} more" if len(outlets) > 3 else "")
    return f"Source: {counts(events)}" + (f" ({shown})" if shown else "")


def present(value: Any) -> bool:
    """False for every kind of missing value pandas may hold."""
    value = fields.plain(value)
    return isinstance(value, list) or value not in (None, "")


# A quote inside the quote takes single marks, so the marks around it are never doubled.
_INNER_MARKS = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", '"': "'"})


def quoted(quote: str) -> str:
    """A quote inside typographic double marks; the double marks it holds become single ones.

    quoted('He said "yes."') == "“He said 'yes.'”"; the curly double marks of a quote become
    curly single ones in the same way.
    """
    return f"“{quote.strip().translate(_INNER_MARKS)}”"
