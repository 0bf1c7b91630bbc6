"""The date grammar: the span of days a date phrase covers, read against a publication date."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from dateparser.date import DateDataParser

PRECISIONS = ("day", "days", "week", "month_part", "month", "year_part", "year")
QUALIFIERS = (None, "by")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The inclusive days a date phrase covers, how precise it is, and "by" for a deadline."""

    start: date
    end: date
    precision: str
    qualifier: str | None = None


class DateError(ValueError):
    """A date phrase that neither the grammar nor dateparser can read; `text` is the phrase."""

    def __init__(self, text: str) -> None:
        super().__init__(
            f"date '{text}' not understood; expected e.g. 'October 18', 'early November', "
            "'between October 8 and 13', 'last week'"
        )
        self.text = text


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
TO = r" ?(?:-+|to|through|until|till) ?"

# Spelled out rather than taken from calendar.month_abbr, which follows the process's locale.
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
_WEEKDAYS = {name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six")
_NUMBER_WORDS += ("seven", "eight", "nine", "ten", "eleven", "twelve")
_NUMBERS = {"a": 1, "an": 1} | {word: n for n, word in enumerate(_NUMBER_WORDS, 1)}
NUMBER = "|".join(_NUMBERS) + r"|\d{1,4}"
_SHIFTS = {"this": 0, "the": 0, "last": -1, "next": 1, "today": 0, "yesterday": -1, "tomorrow": 1}
# Days of the month and months of the year that early / mid / late cover; "end of the year" is
# December alone while "late 2024" is September to December, as DESIGN.md decides.
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (12, 12)}
_PART_WORDS = {"beginning": "early", "start": "early", "middle": "mid"}

_QUALIFIER = re.compile(r"(?:by|no later than|not later than) ")
_PREFIX = re.compile(r"(?:on|in) ")
_DIGITS = re.compile(r"\d+", re.ASCII)
_MONTH_WORD = re.compile(rf"\b{MONTH}(?![a-z])")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


class _Unit(NamedTuple):
    """A calendar unit: how to step a day by n units, and the span of the unit holding a day."""

    step: Callable[[date, int], date]
    span: Callable[[date], tuple[date, date]]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# Keyed by dateparser's period names too, so its fallback answers become spans the same way.
UNITS = {
    "day": _Unit(lambda day, n: day + timedelta(days=n), lambda day: (day, day)),
    "week": _Unit(
        lambda day, n: day + timedelta(weeks=n),
        lambda day: (day - timedelta(day.weekday()), day + timedelta(6 - day.weekday())),
    ),
    "month": _Unit(
        _add_months,
        lambda day: (day.replace(day=1), day.replace(day=_last_day(day.year, day.month))),
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


def _parts(text: str) -> _Parts:
    """The year, month and day in text that a rule's pattern already vetted.

    _parts("oct. 18th, 2024") == _Parts(2024, 10, 18)
    """
    numbers = _DIGITS.findall(text)
    month = _MONTH_WORD.search(text)
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
    return date(parts.year or reference.year, parts.month, 1)


def _year_named(text: str, reference: date) -> int:
    """The year text names: '2024', 'this year', 'last year'."""
    word = text.split()[0]
    return reference.year + _SHIFTS[word] if word in _SHIFTS else int(text)


def _part(match: re.Match[str]) -> str:
    word = match["part"].split()[0]
    return _PART_WORDS.get(word, word)


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
    day = date(parts.year or reference.year, parts.month, parts.day)
    return DateSpan(day, day, "day")


@rule(rf"the (?P<d>{DAY})")
def _day_of_reference_month(match: re.Match[str], reference: date) -> DateSpan:
    # "on the 18th": reporters mean that day of the month they write in.
    day = reference.replace(day=int(_DIGITS.search(match["d"])[0]))
    return DateSpan(day, day, "day")


def _between(
    first: _Parts,
    last: _Parts,
    reference: date,
    start_of: Callable[[int, _Parts], date],
    end_of: Callable[[int, _Parts], date],
) -> tuple[date, date]:
    """First and last day of a range; a missing year comes from the other end, else the reference.

    Only a range that runs backwards across New Year (December to January) is rolled; "October
    13-8" stays an error rather than becoming eleven months.
    """
    start = start_of(first.year or last.year or reference.year, first)
    end = end_of(last.year or first.year or reference.year, last)
    if end < start and last.month < first.month:
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
    return date(year, parts.month, parts.day)


def _month_start(year: int, parts: _Parts) -> date:
    return date(year, parts.month, 1)


def _month_end(year: int, parts: _Parts) -> date:
    return date(year, parts.month, _last_day(year, parts.month))


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
    return DateSpan(start, end, "day" if start == end else "days")


@rule(rf"between (?P<a>{MONTH_YEAR}) and (?P<b>{MONTH_YEAR})")
@rule(rf"(?:from )?(?P<a>{MONTH_YEAR}){TO}(?P<b>{MONTH_YEAR})")
def _month_range(match: re.Match[str], reference: date) -> DateSpan:
    first, last = _parts(match["a"]), _parts(match["b"])
    start, end = _between(first, last, reference, _month_start, _month_end)
    return DateSpan(start, end, "month")


@rule(MONTH_YEAR)
def _month(match: re.Match[str], reference: date) -> DateSpan:
    return DateSpan(*UNITS["month"].span(_month_named(match[0], reference)), "month")


@rule(rf"(?:the )?{PART}[ -]?(?P<month>{MONTH_REF})")
def _month_part(match: re.Match[str], reference: date) -> DateSpan:
    month = _month_named(match["month"], reference)
    first, last = _MONTH_PARTS[_part(match)]
    last = min(last, _last_day(month.year, month.month))
    return DateSpan(month.replace(day=first), month.replace(day=last), "month_part")


@rule(rf"(?:the )?{PART}[ -]?(?P<year>{YEAR_REF})")
def _year_part(match: re.Match[str], reference: date) -> DateSpan:
    year = _year_named(match["year"], reference)
    first, last = _YEAR_PARTS[_part(match)]
    return DateSpan(date(year, first, 1), date(year, last, _last_day(year, last)), "year_part")


@rule(YEAR)
def _whole_year(match: re.Match[str], reference: date) -> DateSpan:
    return DateSpan(*UNITS["year"].span(date(int(match[0]), 1, 1)), "year")


def _unit_span(unit: str, reference: date, steps: int) -> DateSpan:
    return DateSpan(*UNITS[unit].span(UNITS[unit].step(reference, steps)), unit)


@rule(rf"(?P<n>{NUMBER}) (?P<unit>day|week|month|year)s? ago")
def _ago(match: re.Match[str], reference: date) -> DateSpan:
    steps = _NUMBERS.get(match["n"]) or int(match["n"])
    return _unit_span(match["unit"], reference, -steps)


@rule(r"(?P<shift>this|last|next) (?P<unit>week|month|year)")
def _this_last_next(match: re.Match[str], reference: date) -> DateSpan:
    return _unit_span(match["unit"], reference, _SHIFTS[match["shift"]])


@rule(r"today|yesterday|tomorrow")
def _named_day(match: re.Match[str], reference: date) -> DateSpan:
    return _unit_span("day", reference, _SHIFTS[match[0]])


@rule(rf"(?P<last>last )?(?P<weekday>{WEEKDAY})")
def _weekday(match: re.Match[str], reference: date) -> DateSpan:
    # "Wednesday": the latest one on or before the reference; "last Wednesday": strictly before.
    back = (reference.weekday() - _WEEKDAYS[match["weekday"][:3]]) % 7
    back = back or (7 if match["last"] else 0)
    return _unit_span("day", reference, -back)


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
    try:
        data = _parser(reference).get_date_data(text)
    # Odd input makes dateparser raise all sorts of errors; to the caller they all mean the same.
    except Exception as error:
        raise DateError(text) from error
    # dateparser reads a lone number, "a" or "two" as a month or a day ("a" is January); trust it
    # only when it found a year (relative phrases give one) or the text names a month.
    trusted = "year" in data.parts or _MONTH_WORD.search(text)
    if data.date_obj is None or data.period not in UNITS or not trusted:
        raise DateError(text)
    # The day as written: "11pm EST" stays on its own day rather than moving to UTC's.
    return DateSpan(*UNITS[data.period].span(data.date_obj.date()), data.period)


def _read(text: str, reference: date) -> DateSpan:
    qualifier = _QUALIFIER.match(text)
    if qualifier:
        return replace(_read(text[qualifier.end() :], reference), qualifier="by")
    bare = text[prefix.end() :] if (prefix := _PREFIX.match(text)) else text
    for pattern, build in RULES:
        match = pattern.fullmatch(bare)
        if match:
            return build(match, reference)
    return _fallback(text, reference)


@lru_cache(maxsize=1 << 16)
def normalize(text: str, reference: date) -> DateSpan:
    """The span a date phrase covers, read against the source's publication date.

    Raises DateError when nothing understands the text. Memoized per (text, reference).

    normalize("early November", date(2024, 10, 24))
    == DateSpan(date(2024, 11, 1), date(2024, 11, 10), "month_part")
    """
    cleaned = " ".join(text.translate(_DASHES).lower().split()).removesuffix(".")
    try:
        return _read(cleaned, date(reference.year, reference.month, reference.day))
    except (ValueError, OverflowError) as error:  # impossible dates: October 32, a year past 9999
        raise DateError(text) from error
