"""Tests for EDTF output: each span's string, read back by the edtf library and by normalize."""

import re
from datetime import date, timedelta

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.data.dates import PRECISIONS, DateSpan, normalize
from timeline.data.edtf import to_edtf

THU = date(2024, 10, 24)
DEC = date(2024, 12, 20)


def _day(moment) -> date | float:
    """A bound from the library as a date; an open end stays the library's infinity."""
    return moment if isinstance(moment, float) else date(*moment[:3])


def library_bounds(text: str) -> tuple[date | float, date | float]:
    """The first and last day the edtf library reads in text."""
    parsed = edtf.parse_edtf(text)
    return _day(parsed.lower_strict()), _day(parsed.upper_strict())


def expected_bounds(span: DateSpan, text: str) -> tuple[date | float, date | float]:
    """The bounds the library should read in span's EDTF string."""
    if span.qualifier == "by" and text.startswith("../"):
        return -float("inf"), span.end
    if re.fullmatch(r"\d{4}-28", text):
        # The library ends a northern winter on December 31 of its year (its SEASON_L2_MONTHS_RANGE
        # says so), where meteorology and the grammar run it to the end of February.
        return span.start, date(span.start.year, 12, 31)
    return span.start, span.end


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("October 18", THU, "2024-10-18"),
        ("2024-10-18", THU, "2024-10-18"),
        ("October 8-13", THU, "2024-10-08/2024-10-13"),
        ("October 28 - November 3", THU, "2024-10-28/2024-11-03"),
        ("October", THU, "2024-10"),
        ("September-October", THU, "2024-09/2024-10"),
        ("late October", THU, "2024-10-21/2024-10-31"),
        ("mid-to-late October", THU, "2024-10-11/2024-10-31"),
        ("last week", THU, "2024-10-14/2024-10-20"),
        ("over the weekend", THU, "2024-10-19/2024-10-20"),
        ("since early October", DEC, "2024-10-01/2024-12-20"),
        ("by October 23", THU, "../2024-10-23"),
        ("by the end of October", THU, "../2024-10-31"),
        ("by October", THU, "../2024-10"),
        ("by the end of this year", THU, "../2024-12"),
        ("by winter 2024", THU, "../2025-02"),
        ("around October 20", THU, "2024-10-17~/2024-10-23~"),
        ("about October", THU, "2024-09-24~/2024-11-07~"),
        ("2024-10~", THU, "2024-10~"),
        ("2024-10-20~", THU, "2024-10-20~"),
        ("../2024-10~", THU, "../2024-10~"),
        ("recently", THU, "2024-09-25~/2024-10-24"),
        ("in recent days", THU, "2024-10-18~/2024-10-24"),
        ("last summer", THU, "2024-26"),
        ("last spring", DEC, "2024-25"),
        ("this autumn", THU, "2024-27"),
        ("winter 2024", THU, "2024-28"),
        # 21-24 leave the hemisphere open; the grammar's seasons are northern, so 25-28 go out.
        ("2024-22", THU, "2024-26"),
        ("Q1 2024", THU, "2024-33"),
        ("Q3 2024", THU, "2024-35"),
        ("the fourth quarter", THU, "2024-36"),
        ("early 2024", THU, "2024-37"),
        ("mid-2024", THU, "2024-38"),
        ("late 2024", THU, "2024-39"),
        ("the first half of 2024", THU, "2024-40"),
        ("the second half of 2024", THU, "2024-41"),
        ("the end of the year", THU, "2024-12"),
        ("2024", THU, "2024"),
        ("2023-2024", THU, "2023/2024"),
        ("the 1960s", THU, "196X"),
        ("the 2000s", THU, "200X"),
    ],
)
def test_to_edtf(text, reference, expected):
    span = normalize(text, reference)
    assert to_edtf(span) == expected
    assert library_bounds(expected) == expected_bounds(span, expected)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        # A span's shape decides the form unless its precision names a grouping it matches.
        (DateSpan(date(2024, 7, 1), date(2024, 9, 30), "month"), "2024-07/2024-09"),
        (DateSpan(date(2024, 7, 1), date(2024, 9, 30), "quarter"), "2024-35"),
        (DateSpan(date(2024, 6, 1), date(2024, 8, 31), "season"), "2024-26"),
        (DateSpan(date(2024, 6, 1), date(2024, 8, 31), "days"), "2024-06/2024-08"),
        (DateSpan(date(2024, 7, 1), date(2024, 9, 30), "season"), "2024-07/2024-09"),
        (DateSpan(date(2024, 10, 1), date(2024, 10, 31), "days"), "2024-10"),
        (DateSpan(date(1960, 1, 1), date(1969, 12, 31), "year"), "1960/1969"),
        (DateSpan(date(1961, 1, 1), date(1970, 12, 31), "decade"), "1961/1970"),
        (DateSpan(date(2023, 12, 1), date(2024, 2, 29), "season"), "2023-28"),
        (DateSpan(date(2024, 10, 20), date(2024, 10, 20), "approximate"), "2024-10-20~"),
        (DateSpan(date(2024, 1, 1), date(2024, 12, 31), "approximate"), "2024~"),
        (DateSpan(date(2024, 10, 20), date(2024, 10, 20), "day", "by"), "../2024-10-20"),
        (DateSpan(date(2024, 1, 1), date(2024, 12, 31), "year", "by"), "../2024"),
        (DateSpan(date(2024, 7, 1), date(2024, 9, 30), "quarter", "by"), "../2024-09"),
        (DateSpan(date(1960, 1, 1), date(1969, 12, 31), "decade", "by"), "../1969"),
        (DateSpan(date(987, 3, 1), date(987, 3, 1), "day"), "0987-03-01"),
    ],
)
def test_to_edtf_of_curated_spans(span, expected):
    assert to_edtf(span) == expected
    assert library_bounds(expected) == expected_bounds(span, expected)


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        # What the pinned library reads in the season codes, so an upgrade that changes it shows.
        ("2024-25", date(2024, 3, 1), date(2024, 5, 31)),
        ("2024-26", date(2024, 6, 1), date(2024, 8, 31)),
        ("2024-27", date(2024, 9, 1), date(2024, 11, 30)),
        ("2024-28", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-22", date(2024, 6, 1), date(2024, 8, 31)),
    ],
)
def test_what_the_library_reads_in_season_codes(code, first, last):
    assert library_bounds(code) == (first, last)


@st.composite
def spans(draw) -> DateSpan:
    """Any span, with whole months, years, seasons, quarters and decades drawn often."""
    year = draw(st.integers(1000, 8999))
    shape = draw(st.sampled_from(["days", "months", "years"]))
    if shape == "days":
        start = draw(st.dates(date(1000, 1, 1), date(8999, 12, 31)))
        end = start + timedelta(days=draw(st.integers(0, 800)))
    elif shape == "months":
        start = date(year, draw(st.integers(1, 12)), 1)
        last = date(year, start.month, 1) + timedelta(days=31 * draw(st.integers(0, 30)))
        end = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        first = year - year % 10 if draw(st.booleans()) else year
        start, end = date(first, 1, 1), date(first + draw(st.integers(0, 12)), 12, 31)
    precision = draw(st.sampled_from(PRECISIONS))
    return DateSpan(start, end, precision, draw(st.sampled_from([None, "by"])))


# Each example runs the library's parser twice (about 10 ms), so fewer than the usual 300.
@settings(max_examples=150, deadline=None)
@given(span=spans())
def test_every_span_reads_back_with_its_bounds(span):
    text = to_edtf(span)
    assert library_bounds(text) == expected_bounds(span, text)
    # normalize reads it back to the same days: all of them, or for "by" the same last day.
    read = normalize(text, date(9999, 12, 31))
    assert read.end == span.end
    assert read.start == span.start or span.qualifier == "by"
    assert read.qualifier == span.qualifier or span.precision == "approximate"
    assert (read.precision == "approximate") == (span.precision == "approximate")
