"""The date grammar: the span of days a date phrase covers, read against a publication date."""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

import edtf
from dateparser.date import DateDataParser

# Finest to coarsest; "approximate" last, as a span widened by a margin has no calendar unit.
PRECISIONS = (
    "day",
    "days",
    "week",
    "month_part",
    "month",
    "season",
    "quarter",
    "year_part",
    "half",
    "year",
    "decade",
    "approximate",
)
# The one qualifier: "by" reads a span as "no later than" its last day (a deadline, an undated claim).
Qualifier = Literal["by"]
BY: Qualifier = "by"


def day_precision(start: date, end: date) -> str:
    """The precision of a span given by its days alone: a day, or a run of days."""
    return "day" if start == end else "days"


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The inclusive days a date phrase covers, how precise it is, and "by" for a deadline."""

    start: date
    end: date
    precision: str
    qualifier: Qualifier | None = None


NOT_UNDERSTOOD = (
    "not understood; expected e.g. 'October 18', 'early November', 'between October 8 and 13', "
    "'last week'"
)
UNNAMED_EVENT = (
    "is relative to an event the text does not name (later or earlier than what?); give an "
    "explicit date such as 'October 18', or the span with 'start:'/'end:' or 'said:'"
)
DURATION = (
    "is a duration, not a date: a length of time names a date only with a word that anchors "
    "it ('2 days ago', 'in 2 days'); give the date itself"
)
NOT_EDTF = (
    "not understood; it looks like EDTF but the edtf library cannot read it as a span; expected "
    "e.g. '2024-10-21/2024-10-31', '2024-10~', '../2024-10-23', '2024-26', '196X'"
)


class DateError(ValueError):
    """A date phrase that cannot be read; `text` is the phrase, `reason` says why."""

    def __init__(self, text: str, reason: str = NOT_UNDERSTOOD) -> None:
        super().__init__(f"date '{text}' {reason}")
        self.text = text
        self.reason = reason


# Pieces of the rules' patterns, which match cleaned text: lower case, single spaces, "-" dashes.
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"\d{4}"
DAY_DATE = rf"(?:{WEEKDAY},? )?(?:{MONTH} ?{DAY}|(?:the )?{DAY}(?: of)? {MONTH})(?:,? {YEAR})?"
MONTH_YEAR = rf"{MONTH}(?:,? {YEAR})?"
MONTH_REF = rf"{MONTH_YEAR}|(?:this|the|last|next) month"
YEAR_REF = rf"{YEAR}|(?:this|the|last|next) year"
PART = r"(?P<part>early|mid|middle of|late|beginning of|start of|end of)"
# "mid-to-late", "mid- to late", "early or mid": a first part whose start the span takes.
FIRST_PART = r"(?:(?P<first>early|mid|late)(?:-? (?:to|or) -?|-to-|-))?"
TO = r" ?(?:-+|to|through|until|till) ?"
SEASON = r"spring|summer|autumn|fall|winter"
# Cleaned text keeps EDTF's characters; a year (or "..") first keeps out "10/18/2024".
EDTF = r"(?:\.\.|\d{2}[\dx]{2})[\dx?~%./-]*|[\[{].*"

# Spelled out rather than taken from calendar.month_abbr, which follows the process's locale.
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
_WEEKDAYS = {name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_NUMBER_WORDS: tuple[str, ...] = ("one", "two", "three", "four", "five", "six")
_NUMBER_WORDS += ("seven", "eight", "nine", "ten", "eleven", "twelve")
_NUMBERS = {"a": 1, "an": 1} | {word: n for n, word in enumerate(_NUMBER_WORDS, 1)}
NUMBER = "|".join(_NUMBERS) + r"|\d{1,4}"
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_SHIFTS = {"this": 0, "the": 0, "last": -1, "next": 1, "today": 0, "yesterday": -1, "tomorrow": 1}
# Days of the month and months of the year that early / mid / late cover; "end of the year" is
# December alone while "late 2024" is September to December, as the date table in docs/dates.md says.
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (12, 12)}
_PART_WORDS = {"beginning": "early", "start": "early", "middle": "mid"}
# Meteorological seasons of the northern hemisphere: each is three whole months from this one,
# so winter runs into the next year ("winter 2024" is December 2024 to February 2025).
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# Months in each division of a year: "Q3", "the third quarter", "the first half", "H2".
_DIVISIONS = {"q": "quarter", "h": "half", "quarter": "quarter", "half": "half"}
_DIVISION_MONTHS = {"quarter": 3, "half": 6}
# How far "around X" widens X on each side, in days, by X's precision: a few days for a day or a
# week, more for coarser spans. An already approximate span is not widened again.
APPROXIMATE_MARGINS = {
    "day": 3,
    "days": 3,
    "week": 3,
    "month_part": 5,
    "month": 7,
    "season": 14,
    "quarter": 14,
    "year_part": 14,
    "half": 30,
    "year": 30,
    "decade": 365,
    "approximate": 0,
}
# Days up to and including the reference that a vague "recent" phrase covers.
RECENT_WINDOWS = {"recently": 30, "lately": 30, "days": 7, "weeks": 28, "months": 91}
# ISO 8601-2 sub-year groupings, as EDTF writes them after the year ("2024-26"): first month,
# months and precision. 21-24 are seasons "independent of location", read here as the northern
# ones; 25-28 are the northern and 29-32 the southern hemisphere's; 33-36 quarters, 37-39
# four-month thirds (the year_part spans), 40-41 halves. The edtf library parses them all but
# ends winter on December 31, so the months come from this table.
EDTF_GROUPS: dict[int, tuple[int, int, str]] = {
    21: (3, 3, "season"),
    22: (6, 3, "season"),
    23: (9, 3, "season"),
    24: (12, 3, "season"),
    25: (3, 3, "season"),
    26: (6, 3, "season"),
    27: (9, 3, "season"),
    28: (12, 3, "season"),
    29: (9, 3, "season"),
    30: (12, 3, "season"),
    31: (3, 3, "season"),
    32: (6, 3, "season"),
    33: (1, 3, "quarter"),
    34: (4, 3, "quarter"),
    35: (7, 3, "quarter"),
    36: (10, 3, "quarter"),
    37: (1, 4, "year_part"),
    38: (5, 4, "year_part"),
    39: (9, 4, "year_part"),
    40: (1, 6, "half"),
    41: (7, 6, "half"),
}

QUALIFIER = re.compile(r"(?:by|no later than|not later than) ")
_PREFIX = re.compile(r"(?:on|in) ")
_DIGITS = re.compile(r"\d+", re.ASCII)
_YEAR_NUMBER = re.compile(r"(?<!\d)\d{4}(?!\d)", re.ASCII)
MONTH_WORD = re.compile(rf"\b{MONTH}(?![a-z])")
WEEKDAY_WORD = re.compile(rf"\b{WEEKDAY}(?![a-z])")
_RELATIVE_TIME = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|now|ago"
    rf"|(?:{NUMBER}|few|several) (?:second|minute|hour|day|week|fortnight|month|year)s?)\b"
)
# Phrases that count from an event the text does not name: two days later than what?
_UNNAMED_EVENT = re.compile(
    r"\b(?:later|earlier|afterwards?|beforehand|thereafter|previously|then|soon|shortly"
    r"|meanwhile|subsequently|eventually)\b"
    r"|\b(?:before|after)$"
    r"|\b(?:following|previous|preceding|next|same|that) "
    r"(?:day|night|morning|evening|week|weekend|month|year|time)s?\b"
    r"|\bat the time\b"
)
# A length of time with no word that anchors it ("ago", "since", "in"): "15 hr", "1 year 2 months".
_DURATION_UNIT = (
    r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:(?:ou)?rs?)?|days?|weeks?|fortnights?|months?"
    r"|y(?:(?:ea)?rs?)?|decades?|centur(?:y|ies))"
)
_DURATION_AMOUNT = rf"(?:\d+(?:[.,]\d+)?|{NUMBER}|few|several|half an?)"
_DURATION = re.compile(
    rf"(?:{_DURATION_AMOUNT}) ?{_DURATION_UNIT}(?:,? (?:and )?(?:{_DURATION_AMOUNT}) ?{_DURATION_UNIT})*"
)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
# A sentence's full stop, but not the ".." of an open EDTF interval.
_FULL_STOP = re.compile(r"(?<!\.)\.$")


class _Unit(NamedTuple):
    """A calendar unit: how to step a day by n units, and the span of the unit holding a day."""

    step: Callable[[date, int], date]
    span: Callable[[date], tuple[date, date]]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _months(first: date, count: int) -> tuple[date, date]:
    """The first and last day of count whole months from first's month."""
    last = _add_months(first, count - 1)
    return first.replace(day=1), last.replace(day=_last_day(last.year, last.month))


# Keyed by dateparser's period names too, so its fallback answers become spans the same way.
UNITS = {
    "day": _Unit(lambda day, n: day + timedelta(days=n), lambda day: (day, day)),
    "week": _Unit(
        lambda day, n: day + timedelta(weeks=n),
        lambda day: (day - timedelta(day.weekday()), day + timedelta(6 - day.weekday())),
    ),
    "month": _Unit(_add_months, lambda day: _months(day, 1)),
    "quarter": _Unit(
        lambda day, n: _add_months(day, 3 * n),
        lambda day: _months(day.replace(month=(day.month - 1) // 3 * 3 + 1), 3),
    ),
    "year": _Unit(
        lambda day, n: date(day.year + n, 1, 1),
        lambda day: (date(day.year, 1, 1), date(day.year, 12, 31)),
    ),
}


class _Parts(NamedTuple):
    """What a day or month phrase names; None where it is silent."""

    year: int | None
    month: int | None
    day: int | None


def _known(value: int | None, what: str) -> int:
    """A part a rule's pattern promises; a ValueError (read as DateError) if it is missing."""
    if value is None:
        raise ValueError(f"the phrase names no {what}")
    return value


def _parts(text: str) -> _Parts:
    """The year, month and day in text that a rule's pattern already vetted.

    _parts("oct. 18th, 2024") == _Parts(2024, 10, 18)
    """
    numbers = _DIGITS.findall(text)
    month = MONTH_WORD.search(text)
    return _Parts(
        year=next((int(n) for n in numbers if len(n) == 4), None),
        month=_MONTHS[month[0][:3]] if month else None,
        day=next((int(n) for n in numbers if len(n) <= 2), None),
    )


def _month_named(text: str, reference: date) -> date:
    """The first day of the month text names: 'october 2024', 'october', 'last month'."""
    word = text.split()[0]
    if word in _SHIFTS:
        return _add_months(reference, _SHIFTS[word])
    parts = _parts(text)
    return date(parts.year or reference.year, _known(parts.month, "month"), 1)


def _year_named(text: str | None, reference: date) -> int:
    """The year text names: '2024', 'this year', 'last year'; None is the reference's."""
    if text is None:
        return reference.year
    word = text.split()[0]
    return reference.year + _SHIFTS[word] if word in _SHIFTS else int(text)


def _parts_named(match: re.Match[str]) -> tuple[str, str]:
    """The first and last of the parts a phrase names: ('mid', 'late') for 'mid-to-late'."""
    word = match["part"].split()[0]
    last = _PART_WORDS.get(word, word)
    return match["first"] or last, last


def _distance(span: tuple[date, date], reference: date) -> int:
    """Days from the reference to the nearest day of the span; 0 when the span holds it."""
    start, end = span
    if start <= reference <= end:
        return 0
    return min(abs((start - reference).days), abs((end - reference).days))


def _nearest(reference: date, span_in: Callable[[int], tuple[date, date]]) -> tuple[date, date]:
    """The span a phrase without a year names in the year nearest the reference: the reference's,
    the one before or the one after (a tie goes to the reference's year).

    "mid-December" read on 15 January 2025 is 11-20 December 2024; "early January" read on
    20 December 2024 is 1-10 January 2025.
    """
    spans = []
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            spans.append(span_in(year))
        except ValueError:  # February 29 in a year that has none
            continue
    if not spans:
        raise ValueError("no year near the reference has that day")
    return min(spans, key=lambda span: _distance(span, reference))


Build = Callable[[re.Match[str], date], DateSpan]


class Rule(NamedTuple):
    pattern: re.Pattern[str]
    build: Build


RULES: list[Rule] = []


def rule(pattern: str) -> Callable[[Build], Build]:
    """Register build for text that fully matches pattern; rules are tried in definition order."""

    def register(build: Build) -> Build:
        RULES.append(Rule(re.compile(pattern, re.ASCII), build))
        return build

    return register


@rule(rf"(?P<y>{YEAR})(?P<sep>[-./])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?: ?\({WEEKDAY}\))?")
def _numeric_day(match: re.Match[str], reference: date) -> DateSpan:
    day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    return DateSpan(day, day, "day")


@rule(DAY_DATE)
def _day(match: re.Match[str], reference: date) -> DateSpan:
    parts = _parts(match[0])
    if parts.year is not None:
        day = _on_day(parts.year, parts)
        return DateSpan(day, day, "day")
    start, end = _nearest(reference, lambda year: (_on_day(year, parts),) * 2)
    return DateSpan(start, end, "day")


@rule(rf"the (?P<d>{DAY})")
def _day_of_reference_month(match: re.Match[str], reference: date) -> DateSpan:
    # "on the 18th": reporters mean that day of the month they write in.
    day = reference.replace(day=int(match["d"].rstrip("stndrh")))
    return DateSpan(day, day, "day")


def _between(
    first: _Parts,
    last: _Parts,
    reference: date,
    start_of: Callable[[int, _Parts], date],
    end_of: Callable[[int, _Parts], date],
) -> tuple[date, date]:
    """First and last day of a range; a missing year comes from the other end, else the range
    falls in the year nearest the reference.

    Only a range that runs backwards across New Year (December to January) is rolled; "October
    13-8" stays an error rather than becoming eleven months.
    """
    if first.year is None and last.year is None:
        # No year at either end: the range as it falls in the year nearest the reference.
        return _nearest(
            reference,
            lambda year: _between(first._replace(year=year), last, reference, start_of, end_of),
        )
    start = start_of(first.year or last.year or reference.year, first)
    end = end_of(last.year or first.year or reference.year, last)
    if end < start and _known(last.month, "month") < _known(first.month, "month"):
        if last.year is None:
            end = end_of(end.year + 1, last)
        elif first.year is None:
            start = start_of(start.year - 1, first)
    if end < start:
        raise ValueError(f"range ends on {end}, before it starts on {start}")
    return start, end


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _on_day(year: int, parts: _Parts) -> date:
    return date(year, _known(parts.month, "month"), _known(parts.day, "day"))


def _month_start(year: int, parts: _Parts) -> date:
    return date(year, _known(parts.month, "month"), 1)


def _month_end(year: int, parts: _Parts) -> date:
    month = _known(parts.month, "month")
    return date(year, month, _last_day(year, month))


@rule(rf"between (?P<a>{DAY_DATE}|{DAY}) and (?P<b>{DAY_DATE}|{DAY})(?:,? (?P<y>{YEAR}))?")
@rule(rf"(?:from )?(?P<a>{DAY_DATE}|{DAY}){TO}(?P<b>{DAY_DATE}|{DAY})(?:,? (?P<y>{YEAR}))?")
def _day_range(match: re.Match[str], reference: date) -> DateSpan:
    first, last = _parts(match["a"]), _parts(match["b"])
    # A bare day borrows the month of the other end: "October 8-13", "8-13 October".
    first, last = (
        first._replace(month=first.month or last.month),
        last._replace(month=last.month or first.month, year=last.year or _year(match["y"])),
    )
    if first.month is None:
        raise ValueError("a range of days needs a month")
    start, end = _between(first, last, reference, _on_day, _on_day)
    return DateSpan(start, end, day_precision(start, end))


@rule(rf"between (?P<a>{MONTH_YEAR}) and (?P<b>{MONTH_YEAR})")
@rule(rf"(?:from )?(?P<a>{MONTH_YEAR}){TO}(?P<b>{MONTH_YEAR})")
def _month_range(match: re.Match[str], reference: date) -> DateSpan:
    first, last = _parts(match["a"]), _parts(match["b"])
    start, end = _between(first, last, reference, _month_start, _month_end)
    return DateSpan(start, end, "month")


@rule(rf"between (?P<a>{YEAR}) and (?P<b>{YEAR})")
@rule(rf"(?:from )?(?P<a>{YEAR}){TO}(?P<b>{YEAR})")
def _year_range(match: re.Match[str], reference: date) -> DateSpan:
    start, end = date(int(match["a"]), 1, 1), date(int(match["b"]), 12, 31)
    if end < start:
        raise ValueError(f"range ends on {end}, before it starts on {start}")
    return DateSpan(start, end, "year")


def _in_nearest_year(
    text: str, reference: date, span_of: Callable[[date], tuple[date, date]]
) -> tuple[date, date]:
    """The span of the month text names ('october 2024', 'last month', 'october'); a month
    without a year is taken in the year that puts the span nearest the reference."""
    parts = _parts(text)
    if text.split()[0] in _SHIFTS or parts.year is not None:
        return span_of(_month_named(text, reference))
    month = _known(parts.month, "month")
    return _nearest(reference, lambda year: span_of(date(year, month, 1)))


@rule(MONTH_YEAR)
def _month(match: re.Match[str], reference: date) -> DateSpan:
    return DateSpan(*_in_nearest_year(match[0], reference, UNITS["month"].span), "month")


@rule(rf"(?:the )?{FIRST_PART}{PART}[ -]?(?P<month>{MONTH_REF})")
def _month_part(match: re.Match[str], reference: date) -> DateSpan:
    first, last = _parts_named(match)
    if _MONTH_PARTS[last][1] < _MONTH_PARTS[first][0]:
        raise ValueError(f"'{first}' comes after '{last}'")

    def part(month: date) -> tuple[date, date]:
        end = min(_MONTH_PARTS[last][1], _last_day(month.year, month.month))
        return month.replace(day=_MONTH_PARTS[first][0]), month.replace(day=end)

    return DateSpan(*_in_nearest_year(match["month"], reference, part), "month_part")


@rule(rf"(?:the )?{FIRST_PART}{PART}[ -]?(?P<year>{YEAR_REF})")
def _year_part(match: re.Match[str], reference: date) -> DateSpan:
    year = _year_named(match["year"], reference)
    first, last = _parts_named(match)
    start, end = _YEAR_PARTS[first][0], _YEAR_PARTS[last][1]
    if end < start:
        raise ValueError(f"'{first}' comes after '{last}'")
    return DateSpan(date(year, start, 1), date(year, end, _last_day(year, end)), "year_part")


@rule(YEAR)
def _whole_year(match: re.Match[str], reference: date) -> DateSpan:
    return DateSpan(*UNITS["year"].span(date(int(match[0]), 1, 1)), "year")


@rule(r"(?:the )?(?P<y>\d{3}0)'?s")
def _decade(match: re.Match[str], reference: date) -> DateSpan:
    year = int(match["y"])
    return DateSpan(date(year, 1, 1), date(year + 9, 12, 31), "decade")


def _season_span(year: int, season: str) -> tuple[date, date]:
    return _months(date(year, _SEASONS[season], 1), 3)


@rule(
    rf"(?:(?P<shift>this|last|next) |the )?(?P<season>{SEASON})(?:,? (?:of )?(?P<year>{YEAR_REF}))?"
)
def _season(match: re.Match[str], reference: date) -> DateSpan:
    season, shift = match["season"], match["shift"]
    if match["year"]:
        if shift:
            raise ValueError("a season takes 'last'/'this'/'next' or a year, not both")
        return DateSpan(*_season_span(_year_named(match["year"], reference), season), "season")
    around = [_season_span(reference.year + n, season) for n in (-2, -1, 0, 1)]
    if shift == "last":  # the latest one over before the reference
        start, end = [span for span in around if span[1] < reference][-1]
    elif shift == "next":  # the first one to begin after it
        start, end = next(span for span in around if span[0] > reference)
    elif shift == "this":  # the one under way, else the one that begins in the reference's year
        start, end = next(
            (span for span in around if span[0] <= reference <= span[1]),
            _season_span(reference.year, season),
        )
    else:  # the one under way, else the nearest
        start, end = _nearest(reference, lambda year: _season_span(year, season))
    return DateSpan(start, end, "season")


@rule(rf"(?P<division>q|h)(?P<n>[1-4])(?:,? (?:of )?(?P<year>{YEAR_REF}))?")
@rule(
    rf"(?:the )?(?P<n>{'|'.join(_ORDINALS)}) (?P<division>quarter|half)(?: of (?P<year>{YEAR_REF}))?"
)
def _division(match: re.Match[str], reference: date) -> DateSpan:
    precision = _DIVISIONS[match["division"]]
    months = _DIVISION_MONTHS[precision]
    n = _ORDINALS.get(match["n"]) or int(match["n"])
    if n * months > 12:
        raise ValueError(f"a year has no {match['n']} {precision}")
    first = date(_year_named(match["year"], reference), (n - 1) * months + 1, 1)
    return DateSpan(*_months(first, months), precision)


def _unit_span(unit: str, reference: date, steps: int) -> DateSpan:
    return DateSpan(*UNITS[unit].span(UNITS[unit].step(reference, steps)), unit)


@rule(rf"(?P<n>{NUMBER}) (?P<unit>day|week|month|quarter|year)s? ago")
def _ago(match: re.Match[str], reference: date) -> DateSpan:
    steps = _NUMBERS.get(match["n"]) or int(match["n"])
    return _unit_span(match["unit"], reference, -steps)


@rule(r"(?P<shift>this|last|next) decade")
def _this_last_next_decade(match: re.Match[str], reference: date) -> DateSpan:
    # The calendar decade: "last decade" read in 2014 is 2000-2009, not the ten years before.
    first = reference.year // 10 * 10 + 10 * _SHIFTS[match["shift"]]
    return DateSpan(date(first, 1, 1), date(first + 9, 12, 31), "decade")


@rule(r"(?P<shift>this|last|next) (?P<unit>week|month|quarter|year)")
def _this_last_next(match: re.Match[str], reference: date) -> DateSpan:
    return _unit_span(match["unit"], reference, _SHIFTS[match["shift"]])


@rule(r"(?P<when>earlier|later) (?:this (?P<unit>week|month|year)|today)")
def _earlier_later(match: re.Match[str], reference: date) -> DateSpan:
    # Counted from the reference, so these name no outside event: the unit's part before or after.
    unit = match["unit"] or "day"
    start, end = UNITS[unit].span(reference)
    start, end = (start, reference) if match["when"] == "earlier" else (reference, end)
    return DateSpan(start, end, unit)


@rule(r"today|yesterday|tomorrow")
def _named_day(match: re.Match[str], reference: date) -> DateSpan:
    return _unit_span("day", reference, _SHIFTS[match[0]])


@rule(rf"(?P<last>last )?(?P<weekday>{WEEKDAY})")
def _weekday(match: re.Match[str], reference: date) -> DateSpan:
    # "Wednesday": the latest one on or before the reference; "last Wednesday": strictly before.
    back = (reference.weekday() - _WEEKDAYS[match["weekday"][:3]]) % 7
    back = back or (7 if match["last"] else 0)
    return _unit_span("day", reference, -back)


@rule(r"(?:over |during |at )?(?:(?P<last>last|(?:this |the )?past)|the|this) weekend")
def _weekend(match: re.Match[str], reference: date) -> DateSpan:
    # The Saturday-Sunday on or before the reference; "last weekend" ("this past weekend") read on
    # a Saturday or Sunday is the one before, as "last Wednesday" read on a Wednesday is.
    saturday = reference - timedelta((reference.weekday() - 5) % 7)
    if match["last"] and reference.weekday() >= 5:
        saturday -= timedelta(weeks=1)
    return DateSpan(saturday, saturday + timedelta(days=1), "days")


@rule(
    r"recently|lately|(?:over )?(?:the )?(?:recent|past few|last few) (?P<unit>days|weeks|months)"
)
def _recent(match: re.Match[str], reference: date) -> DateSpan:
    window = RECENT_WINDOWS[match["unit"] or match[0]]
    return DateSpan(reference - timedelta(days=window - 1), reference, "approximate", BY)


@rule(r"since (?P<x>.+)")
def _since(match: re.Match[str], reference: date) -> DateSpan:
    span = _read(match["x"], reference)
    if span.start > reference:
        raise DateError(
            match[0], f"starts after the reference date {reference}; expected a time before it"
        )
    return DateSpan(span.start, reference, span.precision)


@rule(r"(?:around|about|approximately|approx\.?|roughly|circa|ca\.|c\.) (?P<x>.+)")
def _around(match: re.Match[str], reference: date) -> DateSpan:
    span = _read(match["x"], reference)
    margin = timedelta(days=APPROXIMATE_MARGINS[span.precision])
    return DateSpan(span.start - margin, span.end + margin, "approximate", span.qualifier)


def _from_struct(moment: time.struct_time) -> date:
    return date(moment.tm_year, moment.tm_mon, moment.tm_mday)


def _shape(start: date, end: date) -> str:
    """The precision a span of days implies by its shape: day, month, year, decade, else days."""
    if start == end or start.day != 1 or end != UNITS["month"].span(end)[1]:
        return day_precision(start, end)
    if start.month != 1 or end.month != 12:
        return "month"
    return "decade" if start.year % 10 == 0 and end.year == start.year + 9 else "year"


def _edtf_date(parsed: edtf.EDTFObject) -> tuple[date, date, str]:
    """The days and precision of one EDTF date (not an interval), as the library reads it."""
    inner = parsed.date if isinstance(parsed, edtf.UncertainOrApproximate) else parsed
    if isinstance(inner, edtf.Season):
        first, months, precision = EDTF_GROUPS[int(inner.season)]
        return *_months(date(int(inner.year), first, 1), months), precision
    start, end = _from_struct(parsed.lower_strict()), _from_struct(parsed.upper_strict())
    return start, end, _shape(start, end)


@rule(EDTF)
def _edtf(match: re.Match[str], reference: date) -> DateSpan:
    text = match[0].upper()
    # An unknown end ("2024-10/") has no span; the library would make one up ten years on.
    if text.endswith("/") or text.count("/") > 1:
        raise DateError(match[0], NOT_EDTF)
    try:
        parsed = edtf.parse_edtf(text)
    # The library raises its parse error, and on some malformed input others.
    except Exception as error:
        raise DateError(match[0], NOT_EDTF) from error
    qualifier = None
    if not isinstance(parsed, edtf.Interval):
        if not isinstance(parsed, (edtf.Date, edtf.UncertainOrApproximate)):
            raise DateError(match[0], NOT_EDTF)  # sets of dates: no one span
        start, end, precision = _edtf_date(parsed)
    elif text.startswith("../"):
        if text.endswith("/.."):
            raise DateError(match[0], NOT_EDTF)
        # Open start: no later than the end, as "by X" reads.
        start, end, precision = _edtf_date(parsed.upper)
        qualifier = BY
    elif text.endswith("/.."):
        # Open end: from the start until the reference, as "since X" reads.
        start, _, precision = _edtf_date(parsed.lower)
        end = reference
    else:
        start, _, first = _edtf_date(parsed.lower)
        _, end, last = _edtf_date(parsed.upper)
        precision = first if first == last != "day" else _shape(start, end)
    if end < start:
        raise ValueError(f"range ends on {end}, before it starts on {start}")
    if re.search(r"[?~%]", text):
        precision = "approximate"
    return DateSpan(start, end, precision, qualifier)


@lru_cache(maxsize=1024)
def _parser(reference: date) -> DateDataParser:
    """One dateparser reader per reference date, with every clock-reading default pinned."""
    return DateDataParser(
        languages=["en"],
        settings={
            # Noon, so that "two hours ago" stays on the reference day.
            "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day, 12),
            # A missing year is the reference's, not the nearest past or future one.
            "PREFER_DATES_FROM": "current_period",
            # A missing day or month is the first, never a default that can fall back to
            # today's day or month.
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_MONTH_OF_YEAR": "first",
            # The timestamp parsers read any long number as a moment; the no-spaces one reads
            # digit runs as nonsense ("20241018" as the year 4101) and fills a missing year
            # from today's date rather than RELATIVE_BASE.
            "PARSERS": ["relative-time", "absolute-time"],
        },
    )


def _fallback(text: str, reference: date) -> DateSpan:
    """dateparser's reading of text, kept only where the text bears it out."""
    if _UNNAMED_EVENT.search(text):
        raise DateError(text, UNNAMED_EVENT)
    # Without a month, weekday, number or unit of time dateparser can only have guessed (it
    # reads "in the 1960s" and "at noon" as days of 2024).
    named = (MONTH_WORD, WEEKDAY_WORD, _DIGITS, _RELATIVE_TIME)
    if not any(pattern.search(text) for pattern in named):
        raise DateError(text)
    try:
        data = _parser(reference).get_date_data(text)
    # Odd input makes dateparser raise all sorts of errors; to the caller they all mean the same.
    except Exception as error:
        raise DateError(text) from error
    # dateparser reads a lone number, "a" or "two" as a month or a day ("a" is January); trust it
    # only when it found a year (relative phrases give one) or the text names a month.
    trusted = "year" in data.parts or MONTH_WORD.search(text)
    if data.date_obj is None or data.period not in UNITS or not trusted:
        raise DateError(text)
    # The day as written: "11pm EST" stays on its own day rather than moving to UTC's.
    day = data.date_obj.date()
    # A year written in the text is the year of the answer, or the answer is a guess.
    years = {int(year) for year in _YEAR_NUMBER.findall(text)}
    if years and day.year not in years:
        raise DateError(text)
    return DateSpan(*UNITS[data.period].span(day), data.period)


def _read(text: str, reference: date) -> DateSpan:
    qualifier = QUALIFIER.match(text)
    if qualifier:
        return replace(_read(text[qualifier.end() :], reference), qualifier=BY)
    # Only the whole text: "in 2 days" and "2 days ago" are anchored, and other rules read them.
    if _DURATION.fullmatch(text):
        raise DateError(text, DURATION)
    bare = text[prefix.end() :] if (prefix := _PREFIX.match(text)) else text
    for pattern, build in RULES:
        match = pattern.fullmatch(bare)
        if match:
            return build(match, reference)
    return _fallback(text, reference)


@lru_cache(maxsize=1 << 16)
def normalize(text: str, reference: date) -> DateSpan:
    """The span a date phrase (or an EDTF string) covers, read against the publication date.

    Raises DateError, saying why, when the text cannot be read or names no date by itself.
    Memoized per (text, reference).

    normalize("early November", date(2024, 10, 24))
    == DateSpan(date(2024, 11, 1), date(2024, 11, 10), "month_part")
    """
    cleaned = _FULL_STOP.sub("", " ".join(text.translate(_DASHES).lower().split()))
    try:
        return _read(cleaned, date(reference.year, reference.month, reference.day))
    except DateError as error:  # raised for a part of the text; reported for the whole
        raise DateError(text, error.reason) from error
    except (ValueError, OverflowError) as error:  # impossible dates: October 32, a year past 9999
        raise DateError(text) from error
