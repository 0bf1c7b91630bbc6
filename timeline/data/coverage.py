"""What a source document says and what the timeline takes from it: its paragraphs with the
quoted passages marked, and the date phrases in sentences that no event quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import pandas as pd

from timeline.data.dates import (
    DAY,
    EDTF,
    MONTH_WORD,
    QUALIFIER,
    RULES,
    WEEKDAY_WORD,
    DateError,
    DateSpan,
    normalize,
)
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


# Candidate date phrases come from the date grammar's own rules (dates.RULES), so the aid finds
# every phrase the grammar reads and reads it as the grammar does. The rules fully match cleaned
# text; here they are searched in the text lowered in place (same length, so offsets hold), each
# with its leading "by" and between word edges; a rule that reads a phrase after "since" or
# "around" gets the other rules in place of the rest. What the aid adds is caution about prose:
# month and weekday names must be capitalised and a weekday written in full (but "(Thu)"), so
# that "may" the verb and "the Sun" are not dates; "the 18th" is a day only after "on" ("the 18th Brigade");
# a number is not part of a larger one ("13,000"); and a reading outside 1500-2099 is a count.
def _anonymous(pattern: str) -> str:
    """A rule's pattern with its groups unnamed, so that several fit in one expression."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace("(?P=sep)", "[-./]")


_REST = "(?P<x>.+)"
_EDGE_BEFORE = r"(?<![\w-])(?<!\d[.,])"
_EDGE_AFTER = r"(?![\w-]|[.,]\d)"
_PLAIN_RULES = [
    _anonymous(rule.pattern.pattern)
    for rule in RULES
    if _REST not in rule.pattern.pattern and not rule.pattern.fullmatch("the 18th")
]
_PLAIN_RULES[_PLAIN_RULES.index(_anonymous(EDTF))] = _anonymous(EDTF.split("|[")[0])
_ANY_PLAIN = "|".join(f"(?:{pattern})" for pattern in _PLAIN_RULES)
_NESTING = [
    _anonymous(rule.pattern.pattern.replace(_REST, f"(?:{_ANY_PLAIN})"))
    for rule in RULES
    if _REST in rule.pattern.pattern
]
_CANDIDATES = [
    re.compile(rf"{_EDGE_BEFORE}(?:{_anonymous(QUALIFIER.pattern)})?(?:{pattern}){_EDGE_AFTER}")
    for pattern in [*_PLAIN_RULES, *_NESTING, rf"on the {DAY}"]
]
_LOWERED = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def _lowered(text: str) -> str:
    """The text as the rules read it, character for character: lower case, "-" for every dash,
    a space for every white space."""
    return "".join(
        " " if char.isspace() else low if len(low := char.lower()) == 1 else char
        for char in text.translate(_LOWERED)
    )


def _as_prose_writes_it(phrase: str) -> bool:
    """Whether the month and weekday names in a phrase are capitalised, and weekdays in full."""
    lowered = _lowered(phrase)
    for pattern in (MONTH_WORD, WEEKDAY_WORD):
        for match in pattern.finditer(lowered):
            if not phrase[match.start()].isupper():
                return False
            abbreviated = not match[0].endswith("day")
            # "2024.10.24 (Thu)" as datelines write it; elsewhere "Sun" is the star
            if (
                pattern is WEEKDAY_WORD
                and abbreviated
                and phrase[match.end() : match.end() + 1] != ")"
            ):
                return False
    return True


def _read(phrase: str, reference: date) -> DateSpan | None:
    if not _as_prose_writes_it(phrase):
        return None
    try:
        span = normalize(phrase, reference)
    except DateError:
        return None
    return span if span.start.year >= 1500 and span.end.year <= 2099 else None


def date_phrases(text: str, reference: date) -> list[Phrase]:
    """The date phrases in `text` that the date grammar reads against `reference`, in text order.

    Where candidates overlap the longest readable one wins: "between October 8 and 13" rather
    than "October 8". date_phrases("Seen on October 18.", date(2024, 10, 25))
    == [Phrase("October 18", 8, 18, DateSpan(date(2024, 10, 18), date(2024, 10, 18), "day"))]
    """
    lowered = _lowered(text)
    found = {
        match.span() for pattern in _CANDIDATES for match in pattern.finditer(lowered) if match[0]
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
