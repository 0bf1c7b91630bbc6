"""Tests for the date grammar: phrases as sources word them, read against a publication date."""

import dataclasses
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dateparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.data.dates import (
    APPROXIMATE_MARGINS,
    BY,
    PRECISIONS,
    RECENT_WINDOWS,
    DateError,
    DateSpan,
    normalize,
)

THU = date(2024, 10, 24)  # a Thursday, like the NIS briefings
WED = date(2024, 11, 6)
MON = date(2024, 12, 16)
JAN = date(2024, 1, 3)  # a Wednesday, days after New Year
LEAP = date(2024, 2, 10)
DEC = date(2024, 12, 20)
SAT = date(2024, 10, 26)
SUN = date(2024, 10, 27)
WINTER = date(2025, 1, 15)


def row(text, reference, start, end, precision, qualifier=None):
    """One table row; dates as ISO strings keep the table readable."""
    span = DateSpan(date.fromisoformat(start), date.fromisoformat(end), precision, qualifier)
    return pytest.param(text, reference, span, id=f"{text.strip()}@{reference}")


TABLE = [
    # One day, as docs/dates.md words it and as reporters vary it.
    row("December 14", THU, "2024-12-14", "2024-12-14", "day"),
    row("on October 21", THU, "2024-10-21", "2024-10-21", "day"),
    row("2024-10-18", THU, "2024-10-18", "2024-10-18", "day"),
    row("2024.10.24 (Thu)", THU, "2024-10-24", "2024-10-24", "day"),
    row("2024-1-5", MON, "2024-01-05", "2024-01-05", "day"),
    row("October 18th", THU, "2024-10-18", "2024-10-18", "day"),
    row("18 October", THU, "2024-10-18", "2024-10-18", "day"),
    row("Oct. 18", THU, "2024-10-18", "2024-10-18", "day"),
    row("Sept. 5", WED, "2024-09-05", "2024-09-05", "day"),
    row("  October 18.  ", THU, "2024-10-18", "2024-10-18", "day"),
    row("OCTOBER 18, 2024", MON, "2024-10-18", "2024-10-18", "day"),
    row("18 October 2023", THU, "2023-10-18", "2023-10-18", "day"),
    row("Friday, October 18", THU, "2024-10-18", "2024-10-18", "day"),
    row("the 18th of October", THU, "2024-10-18", "2024-10-18", "day"),
    # A bare day of the month is a day of the month the reporter writes in.
    row("on the 18th", THU, "2024-10-18", "2024-10-18", "day"),
    row("the 3rd", date(2024, 10, 25), "2024-10-03", "2024-10-03", "day"),
    # A year left out is the one that puts the date nearest the reference, across New Year too.
    row("December 14", JAN, "2023-12-14", "2023-12-14", "day"),
    row("December", JAN, "2023-12-01", "2023-12-31", "month"),
    # Days counted back from the reference.
    row("yesterday", THU, "2024-10-23", "2024-10-23", "day"),
    row("yesterday", JAN, "2024-01-02", "2024-01-02", "day"),
    row("today", MON, "2024-12-16", "2024-12-16", "day"),
    row("tomorrow", MON, "2024-12-17", "2024-12-17", "day"),
    row("three days ago", THU, "2024-10-21", "2024-10-21", "day"),
    row("three days ago", JAN, "2023-12-31", "2023-12-31", "day"),
    row("5 days ago", WED, "2024-11-01", "2024-11-01", "day"),
    # A weekday is the latest such day on or before the reference; "last" is strictly before.
    row("on Wednesday", THU, "2024-10-23", "2024-10-23", "day"),
    row("on Wednesday", WED, "2024-11-06", "2024-11-06", "day"),
    row("Wednesday", MON, "2024-12-11", "2024-12-11", "day"),
    row("on Friday", JAN, "2023-12-29", "2023-12-29", "day"),
    row("on Thu", THU, "2024-10-24", "2024-10-24", "day"),
    row("last Wednesday", WED, "2024-10-30", "2024-10-30", "day"),
    # Ranges of days.
    row("between October 8 and 13", THU, "2024-10-08", "2024-10-13", "days"),
    row("October 8-13", THU, "2024-10-08", "2024-10-13", "days"),
    row("October 8\u201313", THU, "2024-10-08", "2024-10-13", "days"),
    row("from October 8 to October 13", THU, "2024-10-08", "2024-10-13", "days"),
    row("October 28 - November 3", THU, "2024-10-28", "2024-11-03", "days"),
    row("October 28 \u2014 November 3", THU, "2024-10-28", "2024-11-03", "days"),
    row("from October 18-20", THU, "2024-10-18", "2024-10-20", "days"),
    row("8-13 October", THU, "2024-10-08", "2024-10-13", "days"),
    row("between October 8 and 13, 2023", THU, "2023-10-08", "2023-10-13", "days"),
    row("from October 8 to 8", THU, "2024-10-08", "2024-10-08", "day"),
    # A range whose end would fall before its start rolls the end into the next year.
    row("December 28 - January 3", MON, "2024-12-28", "2025-01-03", "days"),
    row("December 28 \u2013 January 3", JAN, "2023-12-28", "2024-01-03", "days"),
    row("December 28, 2023 - January 3", JAN, "2023-12-28", "2024-01-03", "days"),
    row("December 28 - January 3, 2024", JAN, "2023-12-28", "2024-01-03", "days"),
    # Whole months and ranges of months.
    row("October", THU, "2024-10-01", "2024-10-31", "month"),
    row("in October 2024", JAN, "2024-10-01", "2024-10-31", "month"),
    row("Oct", MON, "2024-10-01", "2024-10-31", "month"),
    row("February", THU, "2025-02-01", "2025-02-28", "month"),
    row("February", date(2024, 6, 1), "2024-02-01", "2024-02-29", "month"),
    row("September-October", THU, "2024-09-01", "2024-10-31", "month"),
    row("between September and October", THU, "2024-09-01", "2024-10-31", "month"),
    row("November - January", THU, "2024-11-01", "2025-01-31", "month"),
    row("December 2023 to February 2024", THU, "2023-12-01", "2024-02-29", "month"),
    # Parts of a month: 1-10, 11-20, 21-last; beginning/start read as early.
    row("early November", THU, "2024-11-01", "2024-11-10", "month_part"),
    row("mid-October", THU, "2024-10-11", "2024-10-20", "month_part"),
    row("mid October", THU, "2024-10-11", "2024-10-20", "month_part"),
    row("late November", THU, "2024-11-21", "2024-11-30", "month_part"),
    row("the end of October", THU, "2024-10-21", "2024-10-31", "month_part"),
    row("end of October", WED, "2024-10-21", "2024-10-31", "month_part"),
    row("the beginning of November", THU, "2024-11-01", "2024-11-10", "month_part"),
    row("the start of November", THU, "2024-11-01", "2024-11-10", "month_part"),
    row("the middle of November", THU, "2024-11-11", "2024-11-20", "month_part"),
    row("late Nov.", THU, "2024-11-21", "2024-11-30", "month_part"),
    row("mid-October 2023", THU, "2023-10-11", "2023-10-20", "month_part"),
    row("late February", date(2023, 3, 1), "2023-02-21", "2023-02-28", "month_part"),
    # "the end of the month" is the reference's month.
    row("the end of the month", THU, "2024-10-21", "2024-10-31", "month_part"),
    row("the end of the month", WED, "2024-11-21", "2024-11-30", "month_part"),
    row("the end of the month", LEAP, "2024-02-21", "2024-02-29", "month_part"),
    row("the end of last month", JAN, "2023-12-21", "2023-12-31", "month_part"),
    # ISO weeks, Monday to Sunday.
    row("last week", THU, "2024-10-14", "2024-10-20", "week"),
    row("last week", JAN, "2023-12-25", "2023-12-31", "week"),
    row("last week", MON, "2024-12-09", "2024-12-15", "week"),
    row("this week", THU, "2024-10-21", "2024-10-27", "week"),
    row("this week", MON, "2024-12-16", "2024-12-22", "week"),
    row("this week", JAN, "2024-01-01", "2024-01-07", "week"),
    row("two weeks ago", THU, "2024-10-07", "2024-10-13", "week"),
    row("a week ago", THU, "2024-10-14", "2024-10-20", "week"),
    row("a week ago", JAN, "2023-12-25", "2023-12-31", "week"),
    row("eleven weeks ago", THU, "2024-08-05", "2024-08-11", "week"),
    # Months counted from the reference.
    row("last month", THU, "2024-09-01", "2024-09-30", "month"),
    row("last month", JAN, "2023-12-01", "2023-12-31", "month"),
    row("this month", MON, "2024-12-01", "2024-12-31", "month"),
    row("next month", MON, "2025-01-01", "2025-01-31", "month"),
    row("two months ago", THU, "2024-08-01", "2024-08-31", "month"),
    row("twelve months ago", JAN, "2023-01-01", "2023-01-31", "month"),
    # Years and their parts: Jan-Apr, May-Aug, Sep-Dec; "the end of the year" is December.
    row("2024", THU, "2024-01-01", "2024-12-31", "year"),
    row("this year", JAN, "2024-01-01", "2024-12-31", "year"),
    row("last year", JAN, "2023-01-01", "2023-12-31", "year"),
    row("last year", THU, "2023-01-01", "2023-12-31", "year"),
    row("early 2024", THU, "2024-01-01", "2024-04-30", "year_part"),
    row("mid-2024", THU, "2024-05-01", "2024-08-31", "year_part"),
    row("late 2024", THU, "2024-09-01", "2024-12-31", "year_part"),
    row("the end of the year", THU, "2024-12-01", "2024-12-31", "year_part"),
    row("the end of 2023", THU, "2023-12-01", "2023-12-31", "year_part"),
    row("the beginning of 2025", MON, "2025-01-01", "2025-04-30", "year_part"),
    row("the start of the year", JAN, "2024-01-01", "2024-04-30", "year_part"),
    # Deadlines: the span of what follows, qualified "by".
    row("by the end of October", THU, "2024-10-21", "2024-10-31", "month_part", "by"),
    row("by October 23", THU, "2024-10-23", "2024-10-23", "day", "by"),
    row("no later than October 23", THU, "2024-10-23", "2024-10-23", "day", "by"),
    row("by the end of the year", THU, "2024-12-01", "2024-12-31", "year_part", "by"),
    row("By early November", THU, "2024-11-01", "2024-11-10", "month_part", "by"),
    row("no later than December 28 - January 3", MON, "2024-12-28", "2025-01-03", "days", "by"),
    # Left to dateparser: its period gives the precision.
    row("10/18/2024", THU, "2024-10-18", "2024-10-18", "day"),
    row("18.10.2024", MON, "2024-10-18", "2024-10-18", "day"),
    row("October 18, 2024 at 10am", MON, "2024-10-18", "2024-10-18", "day"),
    row("Oct 18 2024 11pm EST", THU, "2024-10-18", "2024-10-18", "day"),
    row("in two days", THU, "2024-10-26", "2024-10-26", "day"),
    row("two hours ago", JAN, "2024-01-03", "2024-01-03", "day"),
    row("the day before yesterday", THU, "2024-10-22", "2024-10-22", "day"),
    row("in 3 weeks", THU, "2024-11-11", "2024-11-17", "week"),
    row("10/2024", JAN, "2024-10-01", "2024-10-31", "month"),
    row("in two years", THU, "2026-01-01", "2026-12-31", "year"),
    # "since X": from X's start to the reference, with X's precision.
    row("since early October", DEC, "2024-10-01", "2024-12-20", "month_part"),
    row("since October", THU, "2024-10-01", "2024-10-24", "month"),
    row("since October 18", THU, "2024-10-18", "2024-10-24", "day"),
    row("since last week", THU, "2024-10-14", "2024-10-24", "week"),
    row("since 2023", THU, "2023-01-01", "2024-10-24", "year"),
    row("since the summer", DEC, "2024-06-01", "2024-12-20", "season"),
    # "around X": X widened on each side by the margin for its precision.
    row("around October 20", THU, "2024-10-17", "2024-10-23", "approximate"),
    row("about October 20", THU, "2024-10-17", "2024-10-23", "approximate"),
    row("approximately October 8-13", THU, "2024-10-05", "2024-10-16", "approximate"),
    row("circa last week", THU, "2024-10-11", "2024-10-23", "approximate"),
    row("around mid-October", THU, "2024-10-06", "2024-10-25", "approximate"),
    row("about October", THU, "2024-09-24", "2024-11-07", "approximate"),
    row("around last summer", THU, "2024-05-18", "2024-09-14", "approximate"),
    row("about Q3 2024", THU, "2024-06-17", "2024-10-14", "approximate"),
    row("around late 2024", THU, "2024-08-18", "2025-01-14", "approximate"),
    row("about the first half of 2024", THU, "2023-12-02", "2024-07-30", "approximate"),
    row("circa 1960", THU, "1959-12-02", "1961-01-30", "approximate"),
    row("c. 1960", THU, "1959-12-02", "1961-01-30", "approximate"),
    row("around the 1960s", THU, "1959-01-01", "1970-12-31", "approximate"),
    row("about recently", THU, "2024-09-25", "2024-10-24", "approximate", "by"),
    row("by around October 20", THU, "2024-10-17", "2024-10-23", "approximate", "by"),
    # Meteorological seasons, northern hemisphere; winter runs into the next year.
    row("last summer", THU, "2024-06-01", "2024-08-31", "season"),
    row("last summer", date(2024, 7, 1), "2023-06-01", "2023-08-31", "season"),
    row("last winter", THU, "2023-12-01", "2024-02-29", "season"),
    row("last winter", WINTER, "2023-12-01", "2024-02-29", "season"),
    row("this winter", THU, "2024-12-01", "2025-02-28", "season"),
    row("this winter", WINTER, "2024-12-01", "2025-02-28", "season"),
    row("this summer", WINTER, "2025-06-01", "2025-08-31", "season"),
    row("this spring", THU, "2024-03-01", "2024-05-31", "season"),
    row("in the summer", THU, "2024-06-01", "2024-08-31", "season"),
    row("next spring", THU, "2025-03-01", "2025-05-31", "season"),
    row("last autumn", THU, "2023-09-01", "2023-11-30", "season"),
    row("this fall", THU, "2024-09-01", "2024-11-30", "season"),
    row("winter 2024", THU, "2024-12-01", "2025-02-28", "season"),
    row("winter 2023", THU, "2023-12-01", "2024-02-29", "season"),
    row("summer 2023", THU, "2023-06-01", "2023-08-31", "season"),
    row("the summer of 2022", THU, "2022-06-01", "2022-08-31", "season"),
    row("spring of last year", THU, "2023-03-01", "2023-05-31", "season"),
    # Quarters and halves of a year; without a year, the reference's.
    row("Q3 2024", THU, "2024-07-01", "2024-09-30", "quarter"),
    row("Q1", THU, "2024-01-01", "2024-03-31", "quarter"),
    row("q4 of 2023", THU, "2023-10-01", "2023-12-31", "quarter"),
    row("the third quarter", THU, "2024-07-01", "2024-09-30", "quarter"),
    row("the fourth quarter of last year", THU, "2023-10-01", "2023-12-31", "quarter"),
    row("the 2nd quarter of 2025", THU, "2025-04-01", "2025-06-30", "quarter"),
    row("last quarter", THU, "2024-07-01", "2024-09-30", "quarter"),
    row("this quarter", THU, "2024-10-01", "2024-12-31", "quarter"),
    row("next quarter", DEC, "2025-01-01", "2025-03-31", "quarter"),
    row("two quarters ago", JAN, "2023-07-01", "2023-09-30", "quarter"),
    row("the first half of 2024", THU, "2024-01-01", "2024-06-30", "half"),
    row("the second half of the year", THU, "2024-07-01", "2024-12-31", "half"),
    row("H1 2025", THU, "2025-01-01", "2025-06-30", "half"),
    # Decades.
    row("the 1960s", THU, "1960-01-01", "1969-12-31", "decade"),
    row("in the 1960s", THU, "1960-01-01", "1969-12-31", "decade"),
    row("the 1990's", THU, "1990-01-01", "1999-12-31", "decade"),
    row("2000s", THU, "2000-01-01", "2009-12-31", "decade"),
    # Ranges of years.
    row("2023-2024", THU, "2023-01-01", "2024-12-31", "year"),
    row("between 2020 and 2022", THU, "2020-01-01", "2022-12-31", "year"),
    # Combined parts: the first part's start to the second's end.
    row("mid-to-late October", THU, "2024-10-11", "2024-10-31", "month_part"),
    row("mid- to late October", THU, "2024-10-11", "2024-10-31", "month_part"),
    row("mid to late October", THU, "2024-10-11", "2024-10-31", "month_part"),
    row("early-to-mid November", THU, "2024-11-01", "2024-11-20", "month_part"),
    row("early or mid November", THU, "2024-11-01", "2024-11-20", "month_part"),
    row("mid-late February", THU, "2025-02-11", "2025-02-28", "month_part"),
    row("mid-late February", LEAP, "2024-02-11", "2024-02-29", "month_part"),
    row("by mid-to-late October", THU, "2024-10-11", "2024-10-31", "month_part", "by"),
    row("mid-to-late 2024", THU, "2024-05-01", "2024-12-31", "year_part"),
    # The weekend: the Saturday-Sunday on or before the reference; "last weekend" read on a
    # weekend day is the one before.
    row("over the weekend", THU, "2024-10-19", "2024-10-20", "days"),
    row("this weekend", THU, "2024-10-19", "2024-10-20", "days"),
    row("last weekend", THU, "2024-10-19", "2024-10-20", "days"),
    row("the weekend", MON, "2024-12-14", "2024-12-15", "days"),
    row("over the weekend", SAT, "2024-10-26", "2024-10-27", "days"),
    row("this weekend", SUN, "2024-10-26", "2024-10-27", "days"),
    row("last weekend", SUN, "2024-10-19", "2024-10-20", "days"),
    row("last weekend", SAT, "2024-10-19", "2024-10-20", "days"),
    row("this past weekend", THU, "2024-10-19", "2024-10-20", "days"),
    row("over the past weekend", SUN, "2024-10-19", "2024-10-20", "days"),
    row("at the weekend", MON, "2024-12-14", "2024-12-15", "days"),
    # Recent windows end at the reference: no later than it, roughly this far back.
    row("recently", THU, "2024-09-25", "2024-10-24", "approximate", "by"),
    row("lately", THU, "2024-09-25", "2024-10-24", "approximate", "by"),
    row("in recent days", THU, "2024-10-18", "2024-10-24", "approximate", "by"),
    row("in the past few days", THU, "2024-10-18", "2024-10-24", "approximate", "by"),
    row("in recent weeks", THU, "2024-09-27", "2024-10-24", "approximate", "by"),
    row("over the last few weeks", THU, "2024-09-27", "2024-10-24", "approximate", "by"),
    row("in recent months", THU, "2024-07-26", "2024-10-24", "approximate", "by"),
    # Earlier or later in a unit of the reference: counted from it, no outside event named.
    row("earlier this month", THU, "2024-10-01", "2024-10-24", "month"),
    row("later this year", THU, "2024-10-24", "2024-12-31", "year"),
    row("earlier this week", THU, "2024-10-21", "2024-10-24", "week"),
    row("earlier today", THU, "2024-10-24", "2024-10-24", "day"),
    # EDTF (ISO 8601-2), read by the edtf library; plain ISO dates and years keep their rules.
    row("2024-10-21/2024-10-31", THU, "2024-10-21", "2024-10-31", "days"),
    row("2024-10-18/2024-10-18", THU, "2024-10-18", "2024-10-18", "day"),
    row("2024-10", JAN, "2024-10-01", "2024-10-31", "month"),
    row("2023-12/2024-02", THU, "2023-12-01", "2024-02-29", "month"),
    row("2024-10~", THU, "2024-10-01", "2024-10-31", "approximate"),
    row("2024-10-20~", THU, "2024-10-20", "2024-10-20", "approximate"),
    row("2024-10-17~/2024-10-23~", THU, "2024-10-17", "2024-10-23", "approximate"),
    row("2024?", THU, "2024-01-01", "2024-12-31", "approximate"),
    row("2004?-06-11", THU, "2004-06-11", "2004-06-11", "approximate"),
    row("../2024-10-23", THU, "2024-10-23", "2024-10-23", "day", "by"),
    row("../2024-10", THU, "2024-10-01", "2024-10-31", "month", "by"),
    row("../2024-10~", THU, "2024-10-01", "2024-10-31", "approximate", "by"),
    row("2024-10/..", THU, "2024-10-01", "2024-10-24", "month"),
    row("2024-21", THU, "2024-03-01", "2024-05-31", "season"),
    row("2024-22", THU, "2024-06-01", "2024-08-31", "season"),
    row("2024-26", THU, "2024-06-01", "2024-08-31", "season"),
    row("2024-24", THU, "2024-12-01", "2025-02-28", "season"),
    row("2024-28", THU, "2024-12-01", "2025-02-28", "season"),
    row("2024-30", THU, "2024-12-01", "2025-02-28", "season"),
    row("2024-32", THU, "2024-06-01", "2024-08-31", "season"),
    row("2024-22/2024-23", THU, "2024-06-01", "2024-11-30", "season"),
    row("2024-33", THU, "2024-01-01", "2024-03-31", "quarter"),
    row("2024-35", THU, "2024-07-01", "2024-09-30", "quarter"),
    row("2024-37", THU, "2024-01-01", "2024-04-30", "year_part"),
    row("2024-39", THU, "2024-09-01", "2024-12-31", "year_part"),
    row("2024-40", THU, "2024-01-01", "2024-06-30", "half"),
    row("2024-41", THU, "2024-07-01", "2024-12-31", "half"),
    row("196X", THU, "1960-01-01", "1969-12-31", "decade"),
    row("196x", THU, "1960-01-01", "1969-12-31", "decade"),
    row("19XX", THU, "1900-01-01", "1999-12-31", "year"),
    row("2024-XX", THU, "2024-01-01", "2024-12-31", "year"),
    row("2024-10-XX", THU, "2024-10-01", "2024-10-31", "month"),
    row("1960/1969", THU, "1960-01-01", "1969-12-31", "year"),
    row("2023/2024", THU, "2023-01-01", "2024-12-31", "year"),
    # The nearest year: a phrase without one reads as the occurrence nearest the reference,
    # for a day, a month, a part of a month, a range and a season, across New Year both ways.
    row("in mid-December", WINTER, "2024-12-11", "2024-12-20", "month_part"),
    row("early January", DEC, "2025-01-01", "2025-01-10", "month_part"),
    row("on January 3", DEC, "2025-01-03", "2025-01-03", "day"),
    row("December 30", WINTER, "2024-12-30", "2024-12-30", "day"),
    row("January", DEC, "2025-01-01", "2025-01-31", "month"),
    row("November", WINTER, "2024-11-01", "2024-11-30", "month"),
    row("late December", WINTER, "2024-12-21", "2024-12-31", "month_part"),
    row("January 2-5", DEC, "2025-01-02", "2025-01-05", "days"),
    row("autumn", WINTER, "2024-09-01", "2024-11-30", "season"),
    row("spring", DEC, "2025-03-01", "2025-05-31", "season"),
    # Within the year nothing changes: the reference's year is the nearest.
    row("early November", THU, "2024-11-01", "2024-11-10", "month_part"),
    row("in mid-December", DEC, "2024-12-11", "2024-12-20", "month_part"),
    # A day that the nearest years lack is taken where it exists.
    row("February 29", date(2023, 5, 1), "2024-02-29", "2024-02-29", "day"),
    # "last decade" is the calendar decade before the reference's.
    row("last decade", date(2014, 6, 1), "2000-01-01", "2009-12-31", "decade"),
    row("this decade", THU, "2020-01-01", "2029-12-31", "decade"),
    # Anchored lengths of time stay dates.
    row("2 days ago", THU, "2024-10-22", "2024-10-22", "day"),
]


@pytest.mark.parametrize(("text", "reference", "expected"), TABLE)
def test_normalize(text, reference, expected):
    assert normalize(text, reference) == expected


@pytest.mark.parametrize(
    "text",
    ["15 hr", "2 min", "2.5 hours", "1.5 days", "1 decade", "100 decades", "1 year 2 months",
     "two weeks", "3 yrs", "10 seconds"],
)  # fmt: skip
def test_a_duration_is_not_a_date(text):
    with pytest.raises(DateError) as raised:
        normalize(text, THU)
    assert raised.value.text == text
    assert "is a duration, not a date" in str(raised.value)


def test_a_datetime_reference_counts_as_its_day():
    assert normalize("yesterday", datetime(2024, 10, 24, 23, 59)) == normalize("yesterday", THU)


def test_spans_compare_by_value_and_are_frozen():
    span = DateSpan(THU, THU, "day")
    assert span == DateSpan(date(2024, 10, 24), date(2024, 10, 24), "day", None)
    assert span != DateSpan(THU, THU, "day", "by")
    assert len({span, DateSpan(THU, THU, "day")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = WED


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("", THU),
        ("   ", THU),
        ("sometime", THU),
        ("sometime soonish", THU),
        ("asdf qwerty", THU),
        ("the war", THU),
        ("the month of October", THU),
        ("by", THU),
        ("no later than sometime", THU),
        ("October 32", THU),
        ("Oct. 0", THU),
        ("February 30", THU),
        ("2024-13-01", THU),
        ("2024-02-30", THU),
        # Backwards within a month is a typo, not a range into next year.
        ("October 13-8", THU),
        # Both years given, so there is nothing to roll.
        ("December 28, 2025 - January 3, 2024", THU),
        ("8-13", THU),
        # November has no 31st.
        ("the 31st", date(2024, 11, 6)),
        # dateparser alone would read these as January, January 13, February, January 2.
        ("a", THU),
        ("13", THU),
        ("two", THU),
        ("1 2", THU),
        # Timestamps and digit runs are not dates an editor writes.
        ("1729728000", THU),
        ("20241018", THU),
        ("next year", date(9999, 6, 1)),
        ("last week", date(1, 1, 1)),
        ("9999 days ago", date(1, 6, 1)),
        # dateparser reads these as the reference day or another day of 2024: a guess, refused.
        ("in the 1960s era", THU),
        ("at noon", THU),
        ("1960 or so", THU),
        ("the second", THU),
        ("this time", THU),
        # A season, quarter or half that does not exist, or says its year twice.
        ("last summer 2024", THU),
        ("Q5 2024", THU),
        ("the third half", THU),
        ("H3", THU),
        ("2024-2023", THU),
        # "since" or "around" nothing readable.
        ("since the war began", THU),
        ("around", THU),
        ("about the offensive", THU),
        ("late-to-early October", THU),
        # EDTF the library refuses, or that has no one span: a set, an unknown or both-open end.
        ("2024-13", THU),
        ("2024-10-32", THU),
        ("2024-20", THU),
        ("2024-42", THU),
        ("2024-1X", THU),
        ("2024-10/", THU),
        ("../..", THU),
        ("2024-10-20/2024-10-01", THU),
        ("2024/2025/2026", THU),
        ("[2024-10-01..2024-10-05]", THU),
        ("{2024-10-01,2024-10-05}", THU),
    ],
)
def test_not_understood(text, reference):
    with pytest.raises(DateError) as raised:
        normalize(text, reference)
    assert f"date '{text}' not understood" in str(raised.value)
    assert "expected e.g." in str(raised.value)
    assert raised.value.text == text


@pytest.mark.parametrize(
    "text",
    [
        "two days later",
        "days later",
        "a week later",
        "three weeks earlier",
        "the day before",
        "the day after",
        "the following week",
        "the following days",
        "the next day",
        "the previous month",
        "the same day",
        "that week",
        "at that time",
        "at the time",
        "then",
        "since then",
        "soon",
        "soon after",
        "shortly afterwards",
        "afterwards",
        "by then",
        "around then",
        "no later than two days later",
    ],
)
def test_relative_to_an_unnamed_event(text):
    with pytest.raises(DateError) as raised:
        normalize(text, THU)
    assert str(raised.value) == (
        f"date '{text}' is relative to an event the text does not name (later or earlier than "
        "what?); give an explicit date such as 'October 18', or the span with 'start:'/'end:' "
        "or 'said:'"
    )
    assert raised.value.text == text


def test_since_a_time_after_the_reference_says_so():
    with pytest.raises(DateError) as raised:
        normalize("since December", THU)
    assert str(raised.value) == (
        "date 'since December' starts after the reference date 2024-10-24; expected a time "
        "before it"
    )


def test_invalid_edtf_says_what_edtf_is_expected():
    with pytest.raises(DateError) as raised:
        normalize("2024-13/2024-14", THU)
    assert str(raised.value) == (
        "date '2024-13/2024-14' not understood; it looks like EDTF but the edtf library cannot "
        "read it as a span; expected e.g. '2024-10-21/2024-10-31', '2024-10~', '../2024-10-23', "
        "'2024-26', '196X'"
    )


def test_error_message_names_what_is_expected():
    with pytest.raises(DateError) as raised:
        normalize("sometime soonish", THU)
    assert str(raised.value) == (
        "date 'sometime soonish' not understood; expected e.g. 'October 18', "
        "'early November', 'between October 8 and 13', 'last week'"
    )


# Pieces of plausible date phrases, for hypothesis to combine.
FRAGMENTS = (
    "on",
    "in",
    "by",
    "no",
    "later",
    "than",
    "between",
    "from",
    "and",
    "to",
    "-",
    "\u2013",
    "\u2014",
    ",",
    ".",
    "(",
    ")",
    "early",
    "mid-",
    "mid",
    "late",
    "the",
    "end",
    "beginning",
    "start",
    "middle",
    "of",
    "last",
    "this",
    "next",
    "ago",
    "a",
    "an",
    "three",
    "twelve",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "October",
    "Oct.",
    "sept",
    "Dec",
    "February",
    "may",
    "Wednesday",
    "thu",
    "(Thu)",
    "yesterday",
    "today",
    "st",
    "th",
    "sometime",
    "2024-10-18",
    "2024.10.24",
    "since",
    "around",
    "about",
    "circa",
    "c.",
    "summer",
    "winter",
    "fall",
    "Q3",
    "h1",
    "quarter",
    "half",
    "first",
    "third",
    "the 1960s",
    "1990's",
    "weekend",
    "over",
    "recently",
    "recent",
    "past",
    "few",
    "later",
    "earlier",
    "then",
    "before",
    "-to-",
    "or",
    "~",
    "?",
    "/",
    "..",
    "2024-10",
    "196X",
    "2024-26",
    "../2024-10-23",
    "[",
)
phrases = st.tuples(
    st.sampled_from(["", " "]),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.integers(0, 10_000).map(str)),
        min_size=1,
        max_size=7,
    ),
).map(lambda parts: parts[0].join(parts[1]))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=40), phrases), reference=st.dates())
def test_any_text_gives_a_span_or_date_error(text, reference):
    try:
        span = normalize(text, reference)
    except DateError:
        return
    assert type(span.start) is date and type(span.end) is date
    assert span.start <= span.end
    assert span.precision in PRECISIONS
    assert span.qualifier in (None, BY)


# Words from the documents that name no date, with words a date phrase is built around; months
# that are also words ("may", "march") and units of time are left out on purpose.
NON_DATE_WORDS = (
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "and",
    "or",
    "with",
    "than",
    "no",
    "not",
    "about",
    "around",
    "since",
    "over",
    "during",
    "between",
    "early",
    "mid",
    "late",
    "end",
    "start",
    "beginning",
    "middle",
    "this",
    "that",
    "last",
    "past",
    "few",
    "several",
    "recent",
    "war",
    "troops",
    "soldiers",
    "forces",
    "special",
    "north",
    "korean",
    "korea",
    "russia",
    "russian",
    "ukraine",
    "kursk",
    "pyongyang",
    "kyiv",
    "front",
    "offensive",
    "deployment",
    "intelligence",
    "report",
    "reports",
    "said",
    "claims",
    "denied",
    "sources",
    "casualties",
    "heavy",
    "losses",
    "unknown",
    "unclear",
    "sometime",
    "some",
    "time",
    "point",
    "once",
    "first",
    "second",
    "third",
    "quarterly",
    "seasonal",
    "winterised",
    "decadent",
    "weekly",
    "monthly",
    "yearly",
    "daily",
    "x",
    "q",
    "h",
    "ca",
    "circa",
    "approximately",
)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(NON_DATE_WORDS),
            # Vowel-less words cannot spell a month, a weekday or a unit of time.
            st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=6,
    ),
    reference=st.dates(),
)
def test_words_that_name_no_date_never_resolve(words, reference):
    text = " ".join(words)
    with pytest.raises(DateError):
        normalize(text, reference)


FAR_FUTURE = datetime(2099, 6, 15, 12, tzinfo=UTC)


class PassesForTheReal(type):
    """Keep isinstance(x, datetime) true for real datetimes inside the patched modules."""

    def __instancecheck__(cls, instance):
        return isinstance(instance, cls.__mro__[1])


class FarFutureDatetime(datetime, metaclass=PassesForTheReal):
    @classmethod
    def now(cls, tz=None):
        moment = FAR_FUTURE.astimezone(tz) if tz else FAR_FUTURE.replace(tzinfo=None)
        return cls.combine(moment.date(), moment.timetz())

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def utcnow(cls):
        return cls.now()


class FarFutureDate(date, metaclass=PassesForTheReal):
    @classmethod
    def today(cls):
        return FAR_FUTURE.date()


CLOCKS = (("datetime", datetime, FarFutureDatetime), ("date", date, FarFutureDate))


@pytest.fixture
def far_future_clock(monkeypatch):
    """Make every clock that dateparser and timeline.data.dates could read say 2099.

    Both import the classes (`from datetime import datetime`), so swapping the module attributes
    for subclasses whose now()/today()/utcnow() answer 2099 reaches every read of the clock,
    without a fake-clock library. The caches are cleared so every phrase is read afresh.
    """
    for name, module in list(sys.modules.items()):
        if name == "timeline.data.dates" or name.split(".")[0] == "dateparser":
            for attribute, real, fake in CLOCKS:
                if getattr(module, attribute, None) is real:
                    monkeypatch.setattr(module, attribute, fake)
    normalize.cache_clear()
    yield
    normalize.cache_clear()


def test_the_clock_is_really_faked(far_future_clock):
    # Without RELATIVE_BASE dateparser reads the clock; the fake must reach it, or the test
    # below would pass for the wrong reason.
    assert dateparser.parse("yesterday").date() == FAR_FUTURE.date() - timedelta(days=1)
    assert dateparser.parse("October 18").year == 2099


def test_results_do_not_depend_on_today(far_future_clock):
    # Every row of the table, dateparser fallbacks included, read again with "today" in 2099.
    for param in TABLE:
        text, reference, expected = param.values
        assert normalize(text, reference) == expected, text


DATES_SECTION = (Path(__file__).parent.parent / "docs" / "dates.md").read_text(encoding="utf-8")
GRAMMAR_ROWS = [
    line.split(" | ")
    for line in DATES_SECTION.split("**EDTF.**", 1)[0].splitlines()
    if line.startswith("| `") and line.count(" | ") == 2
]


@pytest.mark.parametrize(
    ("phrase", "described"),
    [
        pytest.param(phrase, described, id=phrase)
        for written, _, described in GRAMMAR_ROWS
        for phrase in re.findall(r"`([^`]+)`", written)
    ],
)
def test_every_phrase_in_the_date_table_reads_as_its_row_says(phrase, described):
    # The table in docs/dates.md is read on Thursday 24 October 2024, as its text says.
    span = normalize(phrase, THU)
    precision = re.match(r"`(\w+)`", described)
    if precision:
        assert span.precision == precision[1]
    if "EDTF" not in described:
        assert (span.qualifier == "by") == ("qualifier `by`" in described)


def test_the_date_page_names_every_precision_margin_and_window():
    assert len(GRAMMAR_ROWS) >= 15
    for precision in PRECISIONS:
        assert f"`{precision}`" in DATES_SECTION
    margins = dict(re.findall(r"\| ([^|]+) \| (\d+) days \|", DATES_SECTION))
    assert set(margins.values()) == {str(days) for days in APPROXIMATE_MARGINS.values() if days}
    windows = re.findall(r"\| (`[^|]+) \| (\d+) \|", DATES_SECTION)
    for words, days in windows:
        for phrase in re.findall(r"`([^`]+)`", words):
            span = normalize(phrase, THU)
            assert (span.end - span.start).days + 1 == int(days), phrase
    assert {int(days) for _, days in windows} == set(RECENT_WINDOWS.values())
