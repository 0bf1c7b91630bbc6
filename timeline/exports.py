"""Every file a view can be exported as, in one registry: slides, images, an offline page,
TimelineJS, CSV and JSON. The dashboard and the command line both read FORMATS."""

from __future__ import annotations

import atexit
import datetime as dt
import html
import json
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Protocol

import pandas as pd
import plotly.io as pio

from timeline import fields, figures, filters
from timeline.filters import FilterState
from timeline.load import Dataset
from timeline.print_style import PLOT_WIDTH_LOST, print_style

# The column that words each time as the source does, and what a reader calls that time.
WORDED = {"happened": "date_text", "said": "said_text"}
TIME_NAMES = {"happened": "Happened", "said": "Said"}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
GENERIC_TITLE = "Claims timeline"
FILE_STEM = "claims-timeline"
# Joins list cells (contradicts, tags) in CSV, where a cell holds one string.
LIST_SEPARATOR = ";"
# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The ISO span columns and the EDTF column that goes right after each.
EDTF_BESIDE = {"end": "edtf", "said_end": "said_edtf"}
# Characters XML 1.0 forbids: SVG and PowerPoint's XML cannot hold them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_EVENT_SLIDES = 300  # a deck past this is no briefing; the last slide says what was left out
_LONGEST_STEM = 150

# How each date precision reads in words, and how much of a date TimelineJS may show.
PRECISION_WORDS = {
    "day": "",
    "days": "",
    "week": "known to the week",
    "month_part": "known to part of a month",
    "month": "known to the month",
    "season": "known to the season",
    "quarter": "known to the quarter",
    "half": "known to the half-year",
    "year_part": "known to part of a year",
    "year": "known to the year",
    "decade": "known to the decade",
    "approximate": "approximate",
}
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


class BriefingStep(Protocol):
    """One step of a briefing: the event shown and what the presenter says over it."""

    event: str
    note: str | None


@dataclass(frozen=True)
class ExportOptions:
    """How the view is drawn and sized in an export, and what it was filtered by.

    `briefing` gives the steps a deck walks through (objects with `.event` and `.note`) and
    `title` and `subtitle` replace the case's (a briefing's own, say). `window` is the first
    and last day the chart shows, as on the page; by default the one the page opens on.
    """

    lane: str = "claimant_country"
    colour: str = "alignment"
    axis: str = "happened"
    filters: FilterState = field(default_factory=FilterState)
    briefing: Sequence[BriefingStep] | None = None
    window: tuple[dt.date, dt.date] | None = None
    title: str | None = None
    subtitle: str | None = None
    scale: float = 1.0
    width: int = 1920
    height: int = 1080

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("lane", self.lane, figures.LANES),
            ("colour", self.colour, figures.COLOURS),
            ("axis", self.axis, figures.AXES),
        ):
            if value not in allowed:
                raise ValueError(f"{name} {value!r}: expected one of {', '.join(allowed)}")
        if not 0 < self.scale <= 4:
            raise ValueError(f"scale {self.scale}: expected a number above 0, at most 4")
        for name in ("width", "height"):
            if not 200 <= getattr(self, name) <= 8000:
                raise ValueError(f"{name} {getattr(self, name)}: expected 200 to 8000 pixels")


Build = Callable[[pd.DataFrame, Dataset, ExportOptions], bytes]


@dataclass(frozen=True)
class Format:
    """One kind of export file: its registry name, its label, MIME type, extension and builder."""

    name: str
    label: str
    mime: str
    extension: str
    build: Build
    draws: bool = False  # drawn by a headless browser: seconds, where the others take less

    @property
    def is_text(self) -> bool:
        """True when the file is text, which a terminal can take on standard output."""
        return self.mime.startswith("text/") or self.mime.endswith(("json", "+xml"))


# ---------------------------------------------------------------- words shared by the formats


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
    start_column, end_column, precision_column, qualifier_column = figures.AXIS_COLUMNS[axis]
    if not _present(event.get(start_column)):
        return ""
    start, end = f"{event[start_column]:%Y-%m-%d}", f"{event[end_column]:%Y-%m-%d}"
    span = start if start == end else f"{start} to {end}"
    if event.get(qualifier_column) == "by":
        span = f"no later than {end}"
    precision = str(event[precision_column])
    if words := PRECISION_WORDS.get(precision, precision.replace("_", " ")):
        span += f" ({words})"
    worded = event.get(WORDED[axis])
    return f"“{worded}” → {span}" if _present(worded) else span


def both_times(event: pd.Series, axis: str = "happened") -> list[str]:
    """The event's two times in words, the one the chart places it by first.

    both_times(event) == ["Happened: “late October” → ...", "Said: “October 18” → 2024-10-18"]
    """
    order = (axis, *(other for other in figures.AXES if other != axis))
    return [f"{TIME_NAMES[a]}: {text}" for a in order if (text := when(event, a))]


def edtf(event: pd.Series) -> str:
    """The EDTF forms of an event's dates, 'EDTF 2024-10-08/2024-10-13; said 2024-10-18', or ''."""
    parts = [
        f"{label}{event[column]}"
        for column, label in (("edtf", "EDTF "), ("said_edtf", "said "))
        if _present(event.get(column))
    ]
    return "; ".join(parts)


def claimant(event: pd.Series, dataset: Dataset) -> str:
    """'South Korea's National Intelligence Service · South Korea (KR)'."""
    country = fields.label("claimant_country", event["claimant_country"], dataset.taxonomy)
    return f"{event['claimant']} · {country}"


def side(event: pd.Series, dataset: Dataset) -> str:
    """The label of the event's alignment, the side of the information war it speaks for."""
    return fields.label("alignment", event["alignment"], dataset.taxonomy)


def lane_label(event: pd.Series, lane: str, dataset: Dataset) -> str:
    """The name of the lane (a figures.LANES column) the event sits in, as the chart names it."""
    if fields.BY_COLUMN[lane].vocabulary == "sources":
        source = dataset.sources.get(event[lane])
        return source.outlet if source is not None else str(event[lane])
    return fields.label(lane, event[lane], dataset.taxonomy)


def citation(source_id: str, dataset: Dataset) -> str:
    """A source as a reference list gives it: outlet, “title”, publication date (and URL)."""
    source = dataset.sources.get(source_id)
    if source is None:
        return source_id
    published = f"{source.published:%Y-%m-%d}" + (
        " (estimated)" if source.published_estimated else ""
    )
    text = f"{source.outlet}, “{source.title}”, {published}"
    return f"{text}, {source.url}" if source.url else text


def source_line(events: pd.DataFrame, dataset: Dataset) -> str:
    """The chart's source line: how many events, and the outlets they were read from."""
    outlets = [
        _short(dataset.sources[s].outlet if s in dataset.sources else s)
        for s in dict.fromkeys(events["source"])
    ]
    shown = "; ".join(outlets[:3]) + (f"; and {len(outlets) - 3} more" if len(outlets) > 3 else "")
    return f"Source: {counts(events)}" + (f" ({shown})" if shown else "")


def _short(text: str, longest: int = 40) -> str:
    """Text cut to `longest` characters at a word, with an ellipsis when cut."""
    if len(text) <= longest:
        return text
    return text[:longest].rsplit(" ", 1)[0].rstrip(" ,;(") + "…"


def _present(value: Any) -> bool:
    """False for every kind of missing value pandas may hold."""
    if isinstance(value, (list, tuple)):
        return True
    return value is not None and not pd.isna(value) and value != ""


# ------------------------------------------------------------------------------ the chart


def drawable(events: pd.DataFrame) -> pd.DataFrame:
    """The events with the control characters XML forbids taken out of their texts (a copy,
    when there are any): the chart is drawn as SVG, which cannot hold them."""
    texts = [c for c in events.columns if events[c].dtype == object or events[c].dtype == "str"]
    bad = [c for c in texts if events[c].astype("string").str.contains(NOT_XML, na=False).any()]
    if not bad:
        return events
    return events.assign(
        **{c: events[c].astype("string").str.replace(NOT_XML, "", regex=True) for c in bad}
    )


def chart(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> dict[str, Any]:
    """A fresh timeline figure of the events, styled for print at the options' size, as the
    plain dict plotly.js reads (print_style)."""
    events = drawable(events)
    figure = figures.timeline_figure(
        events,
        dataset.taxonomy,
        lane=options.lane,
        colour=options.colour,
        axis=options.axis,
        window=options.window
        or figures.opening_window(
            events, dataset.case, options.axis, (options.filters.start, options.filters.end)
        ),
        height=options.height,
        # Labels are thinned for the room the plot has in print, so none runs off its edge.
        width=options.width - PLOT_WIDTH_LOST,
    )
    subtitle = filters.describe(options.filters, dataset.taxonomy)
    if not events.empty:
        subtitle += f" · {counts(events)} · {date_span(events)}"
    return print_style(
        figure,
        title=heading(dataset, options)[0],
        subtitle=subtitle,
        source_line=source_line(events, dataset),
        width=options.width,
        height=options.height,
    )


_renderer_lock = threading.Lock()
_renderer = {"started": False, "stopped_at_exit": False}


def start_renderer() -> None:
    """Start the process's one kaleido browser unless it runs already; returns at once.

    Starting a browser costs seconds and a drawing a fraction of one, so one serves the whole
    process; the browser comes up in the background, so a caller who knows a drawing will be
    wanted (the command line, before it loads the data) can start it early.
    """
    import kaleido  # imported here: it starts nothing, but takes a while to import

    with _renderer_lock:
        if not _renderer["started"]:
            # No MathJax: kaleido would otherwise fetch it from a CDN.
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _renderer["started"] = True


def stop_renderer() -> None:
    """Stop the kaleido browser, if it runs; the next drawing starts it again."""
    import kaleido

    with _renderer_lock:
        if _renderer["started"]:
            kaleido.stop_sync_server(silence_warnings=True)
            _renderer["started"] = False


def render(figure: dict[str, Any], image_format: str, options: ExportOptions) -> bytes:
    """The figure drawn as PNG or SVG by kaleido in a headless Chromium (start_renderer).

    The browser's queue is not safe for two callers at once, so drawings take turns.
    """
    import kaleido

    start_renderer()
    opts = {
        "format": image_format,
        "width": options.width,
        "height": options.height,
        "scale": options.scale,
    }
    with _renderer_lock:
        try:
            return kaleido.calc_fig_sync(figure, opts=opts)
        finally:
            if not _renderer["stopped_at_exit"]:
                # Registered once the browser has made its profile folder, so that this runs
                # first at exit and the browser removes the folder itself; kaleido's own hook
                # runs too late for that and leaves the folder to a warning.
                atexit.register(kaleido.stop_sync_server, silence_warnings=True)
                _renderer["stopped_at_exit"] = True


def _png(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    return render(chart(events, dataset, options), "png", options)


def _svg(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    return render(chart(events, dataset, options), "svg", options)


# ------------------------------------------------------------------------- CSV and JSON


def _plain(value: Any) -> Any:
    """A cell as a JSON value: ISO dates, lists as lists, every kind of missing as None.

    _plain(pd.Timestamp("2024-10-18")) == "2024-10-18"
    """
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        # numpy arrays (a list column read back from Parquet) and numpy scalars
        return _plain(value.tolist())
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _ordered_columns(df: pd.DataFrame) -> list[str]:
    """The frame's columns with each EDTF column moved beside the ISO span it describes."""
    columns = [c for c in df.columns if c not in EDTF_BESIDE.values()]
    for after, column in EDTF_BESIDE.items():
        if column in df.columns:
            at = columns.index(after) + 1 if after in columns else len(columns)
            columns.insert(at, column)
    return columns


def table(df: pd.DataFrame, cell: Callable[[Any], Any] = _plain) -> pd.DataFrame:
    """The events as plain values, column by column (`cell` makes each one: by default ISO dates,
    lists, None for missing), with `file` relative to the data folder, so that no export shows
    where the server keeps its data."""
    columns = _ordered_columns(df)
    if "file" in df.columns:
        df = df.assign(file=[PurePath(f).name if isinstance(f, str) else f for f in df["file"]])
    return pd.DataFrame(
        {column: [cell(value) for value in df[column]] for column in columns},
        columns=columns,
        index=range(len(df)),
        # object keeps 12000 an int beside a missing value, where pandas would make it 12000.0
        dtype=object,
    )


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `df` as plain dicts, ready for json.dumps.

    records(events)[0]["start"] == "2024-10-18"
    """
    return table(df).to_dict(orient="records")


def _json(events: pd.DataFrame, _dataset: Dataset, _options: ExportOptions) -> bytes:
    return json.dumps(records(events), ensure_ascii=False, indent=2).encode("utf-8")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ' before it.

    neutralise("=HYPERLINK(...)") == "'=HYPERLINK(...)"
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> Any:
    plain = _plain(value)
    if isinstance(plain, list):
        plain = LIST_SEPARATOR.join("" if item is None else str(item) for item in plain)
    return neutralise(plain) if isinstance(plain, str) else plain


def _csv(events: pd.DataFrame, _dataset: Dataset, _options: ExportOptions) -> bytes:
    # CRLF, as RFC 4180 has it: the csv writer then quotes a cell holding a lone CR too.
    return table(events, _csv_cell).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


# --------------------------------------------------------------------------- TimelineJS


def _timelinejs_date(day: pd.Timestamp, precision: str) -> dict[str, int]:
    parts = _TIMELINEJS_PARTS.get(precision, _DAY_PARTS)
    return {part: int(getattr(day, part)) for part in parts}


def _timelinejs(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    items = []
    for _, event in events.iterrows():
        start_column, end_column, precision_column, _ = figures.AXIS_COLUMNS[options.axis]
        start = _timelinejs_date(event[start_column], event[precision_column])
        end = _timelinejs_date(event[end_column], event[precision_column])
        body = [
            *(f"<p>{_h(line)}</p>" for line in both_times(event, options.axis)[1:]),
            f"<p>{_h(claimant(event, dataset))} · {_h(side(event, dataset))}</p>",
            f"<blockquote>“{_h(event['quote'].strip())}”</blockquote>",
            f"<p>Source: {_h(citation(event['source'], dataset))}</p>",
        ]
        if dates := edtf(event):
            body.append(f"<p>{_h(dates)}</p>")
        item = {
            "unique_id": event["id"],
            "start_date": start,
            "display_date": when(event, options.axis),
            "text": {"headline": _h(event["title"]), "text": "".join(body)},
            "group": lane_label(event, options.lane, dataset),
        }
        if end != start:
            item["end_date"] = end
        for column in ("edtf", "said_edtf"):
            if _present(event.get(column)):
                item[column] = event[column]
        items.append(item)
    intro = [filters.describe(options.filters, dataset.taxonomy), counts(events), date_span(events)]
    headline, subtitle = heading(dataset, options)
    if subtitle:
        intro.insert(0, subtitle)
    document = {
        "title": {
            "text": {
                "headline": _h(headline),
                "text": "".join(f"<p>{_h(line)}</p>" for line in intro if line),
            }
        },
        "events": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _h(text: str) -> str:
    """Data text for a format that reads HTML (TimelineJS, the offline page): shown, never run."""
    return html.escape(str(text), quote=True)


# ------------------------------------------------------------------------- offline HTML

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
.chip {{ display: inline-block; padding: 0 0.5em; border-radius: 0.6em; color: white;
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


def _html(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    colours = figures.palette(dataset.taxonomy, "alignment")
    figure = chart(events, dataset, options)
    # The page is read in a browser window, not at a slide's size: let the chart take its width.
    del figure["layout"]["width"]
    figure["layout"]["autosize"] = True
    drawing = pio.to_html(
        figure,
        validate=False,
        include_plotlyjs=True,
        full_html=False,
        config={"displaylogo": False, "responsive": True},
    )
    rows = []
    for _, event in events.iterrows():
        colour = colours.get(event["alignment"], figures.UNKNOWN_COLOUR)
        dates = edtf(event)
        rows.append(
            f'<li id="{_h(event["id"])}"><strong>{_h(event["title"])}</strong><br>'
            + "<br>".join(_h(line) for line in both_times(event, options.axis))
            + (f' <span class="edtf">({_h(dates)})</span>' if dates else "")
            + f"<br>{_h(claimant(event, dataset))} "
            f'<span class="chip" style="background:{colour}">{_h(side(event, dataset))}</span>'
            f"<blockquote>“{_h(event['quote'].strip())}”</blockquote>"
            f'<span class="source">Source: {_h(citation(event["source"], dataset))}</span></li>'
        )
    sources = [f"<li>{_h(citation(s, dataset))}</li>" for s in dict.fromkeys(events["source"])]
    headline, subtitle = heading(dataset, options)
    page = _PAGE.format(
        title=_h(headline),
        subtitle=f"<p>{_h(subtitle)}</p>\n" if subtitle else "",
        filters=_h(filters.describe(options.filters, dataset.taxonomy)),
        counts=_h(f"{counts(events)} · {date_span(events)}" if len(events) else counts(events)),
        chart=drawing,
        events="\n".join(rows),
        sources="\n".join(sources),
    )
    return page.encode("utf-8")


# ---------------------------------------------------------------------------------- PPTX


def _pptx(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    from timeline.deck import deck  # python-pptx is slow to import; only decks need it

    image = render(chart(events, dataset, options), "png", options)
    return deck(events, dataset, options, image)


def briefed(events: pd.DataFrame, options: ExportOptions) -> list[tuple[pd.Series, str | None]]:
    """The events a deck walks through with their speaker notes: the briefing's steps in order
    when there is a briefing (steps whose event is not in `events` are left out), else every
    event in the order of the chart's axis, without notes."""
    if options.briefing is None:
        start, end = figures.AXIS_COLUMNS[options.axis][:2]
        ordered = events.sort_values([start, end, "id"], kind="stable")
        return [(event, None) for _, event in ordered.iterrows()]
    by_id = events.set_index("id", drop=False)
    return [
        (by_id.loc[step.event], step.note) for step in options.briefing if step.event in by_id.index
    ]


# ---------------------------------------------------------------------------- the registry

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pptx", "PowerPoint slides", PPTX_MIME, "pptx", _pptx, draws=True),
        Format("png", "Chart image (PNG)", "image/png", "png", _png, draws=True),
        Format("svg", "Chart drawing (SVG)", "image/svg+xml", "svg", _svg, draws=True),
        Format("html", "Offline web page (HTML)", "text/html", "html", _html),
        Format("timelinejs", "TimelineJS", "application/json", "timelinejs.json", _timelinejs),
        Format("csv", "Spreadsheet (CSV)", "text/csv", "csv", _csv),
        Format("json", "Data (JSON)", "application/json", "json", _json),
    )
}


def build(name: str, events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    """The bytes of the export `name` (a FORMATS key) of these events."""
    return FORMATS[name].build(events, dataset, options)


def filename(name: str, state: FilterState, *, briefing: str | None = None) -> str:
    """A file name that says what the export holds: its briefing, its filters and its dates.

    filename("pptx", FilterState(country=("RU",), start=date(2024, 10, 1), end=date(2024, 12, 31)))
    == "claims-timeline_country-RU_2024-10-01_2024-12-31.pptx"
    """
    parts = [FILE_STEM] + ([f"briefing-{_slug(briefing)}"] if briefing else [])
    for key, values in state.to_params().items():
        if key not in ("from", "to"):
            parts.append(f"{key}-{'+'.join(_slug(value) for value in values)}")
    if state.start and state.end:
        parts += [state.start.isoformat(), state.end.isoformat()]
    elif state.start or state.end:
        parts.append(f"from-{state.start}" if state.start else f"to-{state.end}")
    stem = "_".join(parts)
    if len(stem) > _LONGEST_STEM:
        stem = stem[:_LONGEST_STEM].rstrip("-_+")
    return f"{stem}.{FORMATS[name].extension}"


def _slug(value: str) -> str:
    """A filter value as a file name may carry it: letters, digits, dots and dashes."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", value).strip("-.") or "x"
