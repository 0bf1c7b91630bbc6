"""Every file a view can be exported as, in one registry: slides, images, an offline page,
TimelineJS, CSV and JSON. The dashboard and the command line both read FORMATS."""

from __future__ import annotations

import re

import pandas as pd

from timeline.data.filters import END_KEY, START_KEY, FilterState
from timeline.data.load import Dataset
from timeline.exports import briefing_html, html, image, markwhen, table, timelinejs
from timeline.exports.options import ExportOptions, Format

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FILE_STEM = "claims-timeline"
# a deck past this is no briefing; the last slide says what was left out
_LONGEST_STEM = 150


def _pptx(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    from timeline.exports import pptx  # python-pptx is slow to import; only decks need it

    return pptx.deck_file(events, dataset, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pptx", "PowerPoint slides", PPTX_MIME, "pptx", _pptx, draws=True),
        Format("png", "Chart image (PNG)", "image/png", "png", image.png, draws=True),
        Format("svg", "Chart drawing (SVG)", "image/svg+xml", "svg", image.svg, draws=True),
        Format("html", "Offline web page (HTML)", "text/html", "html", html.page),
        Format(
            "briefing-html",
            "Offline presentation (HTML)",
            "text/html",
            "briefing.html",
            briefing_html.page,
        ),
        Format(
            "timelinejs", "TimelineJS", "application/json", "timelinejs.json", timelinejs.timelinejs
        ),
        Format("markwhen", "markwhen (.mw)", "text/plain", "mw", markwhen.markwhen),
        Format(
            "excel-csv", "Spreadsheet (Excel CSV)", "text/csv", "excel.csv", table.spreadsheet_csv
        ),
        Format("csv", "Data for scripts (CSV, plain UTF-8)", "text/csv", "csv", table.csv),
        Format("json", "Data (JSON)", "application/json", "json", table.json_file),
    )
}


def filename(name: str, state: FilterState, *, briefing: str | None = None) -> str:
    """A file name that says what the export holds: its briefing, its filters and its dates.

    filename("pptx", FilterState(country=("RU",), start=date(2024, 10, 1), end=date(2024, 12, 31)))
    == "claims-timeline_country-RU_2024-10-01_2024-12-31.pptx"
    """
    parts = [FILE_STEM] + ([f"briefing-{_slug(briefing)}"] if briefing else [])
    for key, values in state.to_params().items():
        if key not in (START_KEY, END_KEY):
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
