"""Counts of events by the fields a curator checks coverage with."""

from __future__ import annotations

import pandas as pd

# column -> how the count is headed; "month" is derived from each event's start.
STAT_COLUMNS = {
    "alignment": "alignment",
    "claimant_country": "claimant country",
    "kind": "kind",
    "status": "status",
    "month": "month (of the start)",
    "source": "source",
}


def counts(events: pd.DataFrame) -> dict[str, pd.Series]:
    """For each of STAT_COLUMNS, the number of events per value, most first.

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
