"""Counts of events by the fields a curator checks coverage with, and how said and happened differ."""

from __future__ import annotations

import pandas as pd

from timeline.data import fields
from timeline.data.dates import BY

# column -> how the count is headed; "month" is derived from each event's start.
STAT_COLUMNS = {**fields.STATS, "month": "Month (of the start)"}


def counted(events: pd.DataFrame) -> pd.DataFrame:
    """The claims that counts count: every event but the summaries of others (`summary_of`)."""
    return events[events["summary_of"].map(len) == 0]


def counts(events: pd.DataFrame) -> dict[str, pd.Series]:
    """For each of STAT_COLUMNS, the number of claims per value, most first (months in order).

    Claims, not appearances: a claim three documents carry counts once; a summary not at all.
    counts(df)["alignment"]["russia"] == number of claims whose claimant is on Russia's side
    """
    events = counted(events)
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


def statuses_by_alignment(events: pd.DataFrame) -> pd.DataFrame:
    """Claims per alignment (rows) and status (columns), summaries left out: each side's record.

    statuses_by_alignment(df).loc["russia", "confirmed"] == confirmed claims by Russia's side
    """
    events = counted(events)
    return pd.crosstab(events["alignment"], events["status"])


def appearances(events: pd.DataFrame) -> dict[str, int]:
    """claims (summaries left out), summaries, appearances of the claims, and the claims that
    more than one document carries and that more than one independent source carries."""
    claims = counted(events)
    return {
        "claims": len(claims),
        "summaries": len(events) - len(claims),
        "appearances": int(claims["appearance_count"].sum()),
        "repeated": int((claims["appearance_count"] > 1).sum()),
        "independently_sourced": int((claims["independent_sources"] > 1).sum()),
    }
