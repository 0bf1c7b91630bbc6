"""Date spans in words, as the card, the hover, the briefing and the slides say them."""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

import pandas as pd

DateLike: TypeAlias = dt.date | pd.Timestamp


def _day(value: DateLike) -> dt.date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def describe_span(start: DateLike, end: DateLike, precision: str, qualifier: object = None) -> str:
    """A span as a reader says it, with how precisely it is known.

    describe_span(date(2024, 10, 8), date(2024, 10, 13), "days") == "2024-10-08 to 2024-10-13"
    describe_span(date(2024, 11, 1), date(2024, 11, 10), "month_part") == "2024-11-01 to 2024-11-10 (roughly: part of a month)"
    describe_span(d, d, "day", "by") == "no later than 2024-10-23"
    """
    first, last = _day(start), _day(end)
    words = f"{first}" if first == last else f"{first} to {last}"
    if qualifier == "by":
        words = f"no later than {last}"
    rough = ROUGHLY.get(str(precision))
    return f"{words} (roughly: {rough})" if rough else words


# Precisions below a day's or a run of days', as said after the span.
ROUGHLY = {
    "week": "a week",
    "month_part": "part of a month",
    "month": "a month",
    "season": "a season",
    "quarter": "a quarter",
    "half": "half a year",
    "year_part": "part of a year",
    "year": "a year",
    "decade": "a decade",
    "approximate": "approximate",
}


def lag_days(said_start: DateLike, said_end: DateLike, start: DateLike, end: DateLike) -> int:
    """Days from when a claim was said to what it is about: positive when said after it began,
    negative when said before (a forecast), 0 when the two overlap.

    lag_days(oct18, oct18, oct8, oct13) == 5; lag_days(oct24, oct24, dec1, dec31) == -38
    """
    said_first, said_last = _day(said_start), _day(said_end)
    first, last = _day(start), _day(end)
    if said_first > last:
        return (said_first - last).days
    if said_last < first:
        return -(first - said_last).days
    return 0


def lag_words(
    said_start: DateLike,
    said_end: DateLike,
    start: DateLike,
    end: DateLike,
    said_qualifier: object = None,
) -> str:
    """The lag between saying and happening, in words; a said-time known only as "no later than"
    gives a bound.

    lag_words(oct18, oct18, oct8, oct13) == "said 5 days after it happened"
    lag_words(oct25, oct25, oct24, oct24, "by") == "said at most 1 day after it happened"
    """
    days = lag_days(said_start, said_end, start, end)
    unit = "day" if abs(days) == 1 else "days"
    bound = said_qualifier == "by"
    if days == 0:
        return "said by the time it was happening" if bound else "said while it was happening"
    if days > 0:
        return f"said {'at most ' if bound else ''}{days} {unit} after it happened"
    return f"said {'at least ' if bound else ''}{-days} {unit} before it happened (a forecast)"
