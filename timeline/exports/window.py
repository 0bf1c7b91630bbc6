"""The stretch of time an export holds: the page's window, by default the story window, and the
events that fall in it, so that every export shows what the page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from timeline.charts.timeline import opening_window
from timeline.data import filters
from timeline.data.load import Dataset
from timeline.exports.options import ExportOptions
from timeline.present import AXIS_COLUMNS

_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Shown:
    """The window an export shows (None: every event), its events, and those left out."""

    window: tuple[dt.date, dt.date] | None
    events: pd.DataFrame
    earlier: int  # events wholly before the window
    later: int  # events wholly after it

    @property
    def everything(self) -> bool:
        return self.earlier == 0 and self.later == 0

    def span(self, axis: str) -> tuple[dt.date, dt.date] | None:
        """The days a chart of these events shows: the window, else the events' first to last."""
        if self.window is not None or self.events.empty:
            return self.window
        start, end = AXIS_COLUMNS[axis][:2]
        return self.events[start].min().date(), self.events[end].max().date()


def shown(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> Shown:
    """The window of `options` and the events (placed by its axis) that overlap it.

    The window is the options' own; with none, the one the page opens on (the case's story,
    cut to the date filter); none at all when `options.everything` or for a briefing, whose
    steps the curator chose whatever their dates.
    """
    start_column, end_column = AXIS_COLUMNS[options.axis][:2]
    undated = not {start_column, end_column} <= set(events.columns)  # a bare table's rows
    if options.everything or options.briefing is not None or events.empty or undated:
        return Shown(None, events, 0, 0)
    window = options.window or opening_window(
        events, dataset.case, options.axis, (options.filters.start, options.filters.end)
    )
    if window is None:
        return Shown(None, events, 0, 0)
    start, end = events[start_column], events[end_column]
    first, after = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + _DAY
    earlier, later = end < first, start >= after
    return Shown(window, events[~earlier & ~later], int(earlier.sum()), int(later.sum()))


def scope(shown: Shown, options: ExportOptions, dataset: Dataset) -> str:
    """The filters and the window in words, for a title or subtitle: 'All events' only when
    nothing is filtered and no event is left out of the window.

    scope(Shown((oct1, dec31), events, 12, 0), ExportOptions(), dataset)
    == "2024-10-01 to 2024-12-31 (12 earlier events not shown)"
    """
    filtered = (
        "" if options.filters.is_empty() else filters.describe(options.filters, dataset.taxonomy)
    )
    window = _window_words(shown)
    if not filtered:
        return window or "All events"
    return f"{filtered}; {window}" if window else filtered


def _window_words(shown: Shown) -> str:
    if shown.window is None or shown.everything:
        return ""
    left_out = [
        f"{count} {side} event{'s' if count != 1 else ''}"
        for count, side in ((shown.earlier, "earlier"), (shown.later, "later"))
        if count
    ]
    return f"{shown.window[0]} to {shown.window[1]} ({' and '.join(left_out)} not shown)"
