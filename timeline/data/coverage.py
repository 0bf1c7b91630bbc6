"""What a source document says and what the timeline takes from it: its paragraphs with the
quoted passages marked, and the date phrases in sentences that no event quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import pandas as pd

from timeline.data.dates import DateError, DateSpan, normalize
from timeline.data.provenance import SENTENCE_END, locate

Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph and the ids of the events that quote it (none: nobody quotes it)."""

    text: str
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """A date phrase found in a text, where it stands, and the span the date grammar reads."""

    text: str
    start: int
    end: int
    span: DateSpan


@dataclass(frozen=True)
class Unquoted:
    """A sentence that no event quotes, and the date phrases the date grammar reads in it."""

    sentence: str
    phrases: tuple[Phrase, ...]


def quotes(events: pd.DataFrame, source_id: str) -> dict[str, str]:
    """Event id -> the passage each event quotes from document `source_id`, for the events that
    cite it: in their first appearance (source, quote) or in a further one (appearances).

    quotes(events, "002_fdf6a1604e5ac282")["nis-12000-special-forces"] == "decided to dispatch ..."
    """
    found: dict[str, str] = {}
    for event_id, source, quote, further in zip(
        events["id"], events["source"], events["quote"], events["appearances"], strict=True
    ):
        if source == source_id:
            found[event_id] = quote
            continue
        for appearance in further:
            if appearance["source"] == source_id:
                found[event_id] = appearance["quote"]
                break
    return found


def located(text: str, quotes: Mapping[str, str]) -> tuple[dict[str, Span], list[str]]:
    """Where each event's quote stands in `text`: (event id -> (start, end), ids not found).

    located("One two. Three.", {"a": "two", "b": "four"}) == ({"a": (4, 7)}, ["b"])
    """
    found: dict[str, Span] = {}
    missing: list[str] = []
    for event_id, quote in quotes.items():
        span = locate(text, quote)
        if span is None:
            missing.append(event_id)
        else:
            found[event_id] = span
    return found, missing


def _stripped(text: str, start: int, end: int) -> Span:
    """(start, end) moved inwards past white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, quoted: Mapping[str, Span]) -> list[list[Piece]]:
    """The text's paragraphs (its non-blank lines), each cut into pieces where quotes begin or end.

    A quote that runs over a line break is marked in each paragraph it touches; overlapping
    quotes make a piece that carries both events.
    paragraphs("A b c.\\nD e.", {"x": (2, 3)}) == [[Piece("A "), Piece("b", ("x",)), Piece(" c.")], [Piece("D e.")]]
    """
    result = []
    for line in re.finditer(r"[^\n]+", text):
        start, end = _stripped(text, *line.span())
        if start == end:
            continue
        cuts = {start, end}
        for first, last in quoted.values():
            cuts.update(cut for cut in (first, last) if start < cut < end)
        edges = sorted(cuts)
        pieces: list[Piece] = []
        for left, right in pairwise(edges):
            events = tuple(
                event_id for event_id, (first, last) in quoted.items() if first <= left < last
            )
            if pieces and pieces[-1].events == events:  # neighbours alike read as one run
                pieces[-1] = Piece(pieces[-1].text + text[left:right], events)
            else:
                pieces.append(Piece(text[left:right], events))
        result.append(pieces)
    return result


def sentences(text: str) -> list[Span]:
    """The (start, end) of each sentence of `text`, cut as the card's quote passages are cut.

    sentences("One. Two three!\\nFour") == [(0, 4), (5, 15), (16, 20)]
    """
    edges = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    spans = (_stripped(text, left, right) for left, right in pairwise(edges))
    return [(start, end) for start, end in spans if start < end]


# Candidate date phrases: each pattern finds phrases that may be dates, and only those that the
# date grammar reads are kept. Month and weekday names must be capitalised, so that "may" the
# verb and "sun" the star are not taken for dates; the words around them may take any case.
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?:\.|(?![A-Za-z]))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?<![\d,.])\d{1,2}(?:st|nd|rd|th)?(?![\d%])"
_YEAR = r"(?<![\d,.])(?:1[5-9]|20)\d\d(?![\w%]|[.,]\d)"
_DAY_DATE = (
    rf"(?:{_WEEKDAY},? )?(?:{_MONTH} ?{_DAY}|(?i:the )?{_DAY}(?i: of)? {_MONTH})(?:,? {_YEAR})?"
)
_MONTH_YEAR = rf"{_MONTH}(?:,? {_YEAR})?"
_TO = r"(?: ?[-\u2010-\u2015] ?| (?i:to|and|through|until|till) )"
_PART = r"(?i:(?:the )?(?:early|mid|middle of|late|beginning of|start of|end of)[ -]?)"
_NUMBER = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
# Words the date grammar reads before a phrase: a deadline, a start, an approximation.
_LEAD = r"(?:(?i:by|no later than|since|around|about|roughly|approximately|circa) )?"
_SEASON = r"(?i:(?:this |last |next |the )?(?:spring|summer|autumn|fall|winter))"
CANDIDATES: dict[str, str] = {
    "day": rf"{_LEAD}{_DAY_DATE}",
    "numeric day": r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)",
    "range of days": rf"(?i:between |from )?(?:{_DAY_DATE}|{_DAY}){_TO}(?:{_DAY_DATE}|{_DAY})",
    "range of months": rf"(?i:between |from )?{_MONTH_YEAR}{_TO}{_MONTH_YEAR}",
    "range of years": rf"(?i:between |from )?{_YEAR}{_TO}{_YEAR}",
    "month": rf"{_LEAD}{_MONTH_YEAR}",
    "part of a month or year": (
        rf"{_LEAD}{_PART}(?:{_MONTH_YEAR}|{_YEAR}|(?i:(?:this|the|last|next) (?:month|year)))"
    ),
    "season": rf"{_LEAD}{_SEASON}(?:,? (?i:of )?{_YEAR})?",
    "quarter or half": rf"(?i:(?:the )?(?:first|second|third|fourth) (?:quarter|half))(?i: of)? {_YEAR}",
    "decade": r"(?i:the )?(?:1[5-9]|20)\d0'?s",
    "this, last or next": r"(?i:(?:this|last|next) (?:week|month|quarter|year))",
    "weekend": r"(?i:(?:over |during |at )?(?:the|this|last) weekend)",
    "ago": rf"{_NUMBER} (?i:(?:day|week|month|year)s? ago)",
    "recently": r"(?i:recently|lately|(?:over )?(?:the )?(?:recent|past few|last few) (?:days|weeks|months))",
    "named day": r"(?i:today|yesterday|tomorrow|earlier this (?:week|month|year))",
    "weekday": rf"(?i:last )?{_WEEKDAY}",
    "day of this month": rf"(?i:on the ){_DAY}",
    "year": rf"{_LEAD}{_YEAR}",
}
_CANDIDATES = [re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])") for pattern in CANDIDATES.values()]


def _read(phrase: str, reference: date) -> DateSpan | None:
    try:
        return normalize(phrase, reference)
    except DateError:
        return None


def date_phrases(text: str, reference: date) -> list[Phrase]:
    """The date phrases in `text` that the date grammar reads against `reference`, in text order.

    Where candidates overlap the longest readable one wins: "between October 8 and 13" rather
    than "October 8". date_phrases("Seen on October 18.", date(2024, 10, 25))
    == [Phrase("October 18", 8, 18, DateSpan(date(2024, 10, 18), date(2024, 10, 18), "day"))]
    """
    found = {
        match.span() for pattern in _CANDIDATES for match in pattern.finditer(text) if match[0]
    }
    taken: list[Phrase] = []
    for start, end in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
        if any(start < phrase.end and phrase.start < end for phrase in taken):
            continue
        span = _read(text[start:end], reference)
        if span is not None:
            taken.append(Phrase(text[start:end], start, end, span))
    return sorted(taken, key=lambda phrase: phrase.start)


def unquoted_dates(text: str, reference: date, quoted: Iterable[Span]) -> list[Unquoted]:
    """The sentences of `text` that no quoted span touches and in which a date phrase is read.

    What the timeline may be missing: a dated statement in the document that no event draws on.
    """
    spans = list(quoted)
    result = []
    for start, end in sentences(text):
        if any(first < end and start < last for first, last in spans):
            continue
        sentence = text[start:end]
        phrases = date_phrases(sentence, reference)
        if phrases:
            result.append(Unquoted(sentence, tuple(phrases)))
    return result
