"""EDTF (ISO 8601-2, the Library of Congress Extended Date/Time Format) strings for date spans."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from timeline.data.dates import BY, EDTF_GROUPS, DateSpan

# The code written for a grouping, by (first month, months): the northern hemisphere's seasons
# (25-28; the grammar's seasons are northern, and 21-24 leave the hemisphere open), quarters
# (33-36), four-month thirds (37-39, the year_part spans) and halves (40-41).
_GROUP_CODES = {
    (first, months): code
    for code, (first, months, _) in EDTF_GROUPS.items()
    if code not in range(21, 25) and code not in range(29, 33)
}


def _whole_months(start: date, end: date) -> int | None:
    """How many whole months start..end covers, or None when it does not cover whole months."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _ends(start: date, end: date) -> tuple[str, str]:
    """Both ends as EDTF dates: years, months or days, the coarsest the span covers whole."""
    months = _whole_months(start, end)
    if months is not None and start.month == 1 and end.month == 12:
        return f"{start.year:04d}", f"{end.year:04d}"
    if months is not None:
        return f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
    return start.isoformat(), end.isoformat()


def _grouping(span: DateSpan) -> str | None:
    """The season, quarter, third or half code ('2024-26'), or decade ('196X'), the span is."""
    start, end = span.start, span.end
    months = _whole_months(start, end)
    code = _GROUP_CODES.get((start.month, months or 0))
    if code is not None and EDTF_GROUPS[code][2] == span.precision:
        return f"{start.year:04d}-{code}"
    if span.precision == "decade" and start == date(start.year, 1, 1) and start.year % 10 == 0:
        return f"{start.year // 10:03d}X" if end == date(start.year + 9, 12, 31) else None
    return None


@lru_cache(maxsize=1 << 16)
def to_edtf(span: DateSpan) -> str:
    """The EDTF string for a span; plain string work, memoized, as it runs once per event.

    A day, month or year is written as itself, whole months or years as an interval of them,
    other days as an interval of days; a season, quarter, four-month third or half that is
    exactly one as its ISO 8601-2 code ("last summer" -> "2024-26", "Q3 2024" -> "2024-35");
    a decade as "196X"; "by" as an open start ("../2024-10-23"); an approximate span with "~"
    on both ends ("2024-10-17~/2024-10-23~"), but a recent window, which ends firmly at the
    reference ("by"), with "~" on its start only.

    to_edtf(DateSpan(date(2024, 10, 21), date(2024, 10, 31), "month_part"))
    == "2024-10-21/2024-10-31"
    """
    first, last = _ends(span.start, span.end)
    by = span.qualifier == BY
    if span.precision == "approximate":
        if first == last:
            return f"../{last}~" if by else f"{last}~"
        return f"{first}~/{last}" if by else f"{first}~/{last}~"
    if by:
        # The library reads no grouping code or decade as an interval's end, so the end goes
        # as a date.
        return f"../{last}"
    grouping = _grouping(span)
    if grouping is not None:
        return grouping
    return first if first == last else f"{first}/{last}"
