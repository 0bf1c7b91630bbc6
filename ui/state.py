"""The session-state keys the URL, the sidebar and the pages share, each owned here once."""

from __future__ import annotations

from datetime import date

import pandas as pd

from timeline.data import fields

# Filter widgets: one multiselect per registry filter, keyed by its URL key.
DATES = "filter_dates"
QUERY = "filter_q"
# The URL parameter of the open event card.
EVENT_PARAM = "event"
# Set once per browser session, when the widgets were seeded from the URL.
SEEDED = "_seeded_from_url"
# What the URL asked for that could not be honoured, shown under the filters until they change.
NOTICES = "_url_notices"
SELECTED = "_selected_event"
VIEW = "_view"


def filter_key(url_key: str) -> str:
    """The session-state key of the multiselect of the filter with URL key `url_key`."""
    return f"filter_{url_key}"


FILTER_WIDGETS = {url_key: filter_key(url_key) for url_key in fields.FILTER_KEYS}


def bounds(events: pd.DataFrame) -> tuple[date | None, date | None]:
    """The first and last day the events cover, or (None, None) when there are none."""
    if events.empty:
        return None, None
    return events["start"].min().date(), events["end"].max().date()
