"""Counts of events by the fields a curator checks coverage with, and how said and happened differ."""

from __future__ import annotations

import pandas as pd

from timeline.data import fields
from timeline.data.dates import BY

# column -> how the count is headed; "month" is derived from each event's start.
STAT_COLUMNS = {**fields.STATS, "month": "Month (of the start)"}


def counts(events: pd.DataFrame) -> dict[str, pd.Series]:
    """For each of STAT_COLUMNS, the number of events per value, most first (months in order).

    counts(df)["alignment"]["russia"] == number of events whose claimant is on Russia's side
    """
    frame = events.assign(month=events["start"].dt.strftime("%Y-%m"))
    result = {}
    for column in STAT_COLUMNS:
        series = frame[column].value_counts(sort=False)
        result[column] = (
            series.sort_index()
            if column == "month"
            else series.sort_values(ascending=False, kind="stable")
        )
    return result


def times(events: pd.DataFrame) -> dict[str, float | int | None]:
    """How the two times of the events relate.

    said_dated: events whose said-time the data gives (not just "by the publication");
    corrected: events whose document date the curator corrects (tag source-problem);
    lag_median_days / lag_max_days: days between when a claim was said and the span it is about
    (either way round; 0 when they overlap), over the events with a said-date; None when none has one.
    """
    dated = events[~events["said_qualifier"].eq(BY)]
    after = (dated["said_start"] - dated["end"]).dt.days.clip(lower=0)
    before = (dated["start"] - dated["said_end"]).dt.days.clip(lower=0)
    lag = after + before
    return {
        "said_dated": len(dated),
        "corrected": int(events["corrected"].sum()),
        "lag_median_days": float(lag.median()) if len(lag) else None,
        "lag_max_days": int(lag.max()) if len(lag) else None,
    }
