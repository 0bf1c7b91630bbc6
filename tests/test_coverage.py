"""A document against its events: quoted passages located and marked, and the dated sentences no
event quotes found with the date grammar."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from timeline import load_dataset
from timeline.data import coverage
from timeline.data.coverage import Piece
from timeline.data.dates import DateSpan, normalize

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
REFERENCE = date(2024, 10, 25)  # a Friday
D = date


@pytest.mark.parametrize(
    ("text", "quoted", "expected"),
    [
        ("A b c.", {}, [[Piece("A b c.")]]),
        ("A b c.", {"x": (2, 3)}, [[Piece("A "), Piece("b", ("x",)), Piece(" c.")]]),
        ("A b c.", {"x": (0, 6)}, [[Piece("A b c.", ("x",))]]),
        # paragraphs are lines; blank lines and the white space around a line go
        ("One.\n\n  Two.  \n", {}, [[Piece("One.")], [Piece("Two.")]]),
        # a quote over a line break is marked in both paragraphs
        (
            "One two\nthree four",
            {"x": (4, 13)},
            [[Piece("One "), Piece("two", ("x",))], [Piece("three", ("x",)), Piece(" four")]],
        ),
        # overlapping quotes: the shared run carries both events
        (
            "abcdef",
            {"x": (0, 4), "y": (2, 6)},
            [[Piece("ab", ("x",)), Piece("cd", ("x", "y")), Piece("ef", ("y",))]],
        ),
        # two quotes side by side stay apart
        ("abcd", {"x": (0, 2), "y": (2, 4)}, [[Piece("ab", ("x",)), Piece("cd", ("y",))]]),
        ("", {}, []),
    ],
)
def test_paragraphs_mark_the_quoted_runs(text, quoted, expected):
    assert coverage.paragraphs(text, quoted) == expected


@pytest.mark.parametrize(
    ("text", "quotes", "found", "missing"),
    [
        ("One two. Three.", {"a": "two", "b": "four"}, {"a": (4, 7)}, ["b"]),
        # typographic quotes and line breaks in the text do not hide a quote
        ("He said \u201cso\u201d\nthen", {"a": 'said "so" then'}, {"a": (3, 17)}, []),
        ("text", {"a": "  "}, {}, ["a"]),
        ("text", {}, {}, []),
    ],
)
def test_located_finds_each_quote_or_says_it_is_missing(text, quotes, found, missing):
    assert coverage.located(text, quotes) == (found, missing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two three!\nFour", ["One.", "Two three!", "Four"]),
        ('He said "go." Then', ['He said "go."', "Then"]),
        ("Heading\nBody text. More", ["Heading", "Body text.", "More"]),
        ("  \n ", []),
    ],
)
def test_sentences(text, expected):
    assert [text[a:b] for a, b in coverage.sentences(text)] == expected


PHRASES = [
    # (sentence, [(phrase, start, end, precision, qualifier)])
    ("Seen on October 18.", [("October 18", D(2024, 10, 18), D(2024, 10, 18), "day", None)]),
    ("Filed 25 October 2024.", [("25 October 2024", D(2024, 10, 25), D(2024, 10, 25), "day", None)]),
    ("On Monday, October 21, troops.", [("Monday, October 21", D(2024, 10, 21), D(2024, 10, 21), "day", None)]),
    ("trained between October 8 and 13.", [("between October 8 and 13", D(2024, 10, 8), D(2024, 10, 13), "days", None)]),
    ("met 8-13 October", [("8-13 October", D(2024, 10, 8), D(2024, 10, 13), "days", None)]),
    ("from October to December", [("from October to December", D(2024, 10, 1), D(2024, 12, 31), "month", None)]),
    ("in early November", [("early November", D(2024, 11, 1), D(2024, 11, 10), "month_part", None)]),
    ("by the end of November, if", [("by the end of November", D(2024, 11, 21), D(2024, 11, 30), "month_part", "by")]),
    ("in late 2024", [("late 2024", D(2024, 9, 1), D(2024, 12, 31), "year_part", None)]),
    ("Last week they left", [("Last week", D(2024, 10, 14), D(2024, 10, 20), "week", None)]),
    ("two weeks ago", [("two weeks ago", D(2024, 10, 7), D(2024, 10, 13), "week", None)]),
    ("said on Wednesday", [("Wednesday", D(2024, 10, 23), D(2024, 10, 23), "day", None)]),
    ("said yesterday", [("yesterday", D(2024, 10, 24), D(2024, 10, 24), "day", None)]),
    ("on the 18th", [("on the 18th", D(2024, 10, 18), D(2024, 10, 18), "day", None)]),
    ("since October the war", [("since October", D(2024, 10, 1), D(2024, 10, 25), "month", None)]),
    ("the war of 1950 \u2013 1953", [("1950 \u2013 1953", D(1950, 1, 1), D(1953, 12, 31), "year", None)]),
    ("in the 1850s", [("the 1850s", D(1850, 1, 1), D(1859, 12, 31), "decade", None)]),
    ("Seen in 2022 and this year", [("2022", D(2022, 1, 1), D(2022, 12, 31), "year", None), ("this year", D(2024, 1, 1), D(2024, 12, 31), "year", None)]),
    ("over the weekend", [("over the weekend", D(2024, 10, 19), D(2024, 10, 20), "days", None)]),
    ("in May", [("May", D(2024, 5, 1), D(2024, 5, 31), "month", None)]),
    # not dates: the verb "may", a weekday-like word, numbers that are not years
    ("It may violate sanctions", []),
    ("the Sun rose", []),
    ("some 13,000 mercenaries, 78% of them", []),
    ("between 3 and 5 units", []),
    ("", []),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), PHRASES)
def test_date_phrases_are_the_ones_the_grammar_reads(sentence, expected):
    found = coverage.date_phrases(sentence, REFERENCE)
    assert [
        (p.text, p.span.start, p.span.end, p.span.precision, p.span.qualifier) for p in found
    ] == expected
    for phrase in found:
        assert sentence[phrase.start : phrase.end] == phrase.text


def _date_table() -> str:
    """The date grammar's table: docs/dates.md once the README's long sections move there."""
    root = Path(__file__).resolve().parent.parent
    docs = root / "docs" / "dates.md"
    text = (docs if docs.exists() else root / "README.md").read_text(encoding="utf-8")
    section = text.split("### Dates", 1)[-1].split("\n## ", 1)[0]
    return section.split("**EDTF.**", 1)[0]


TABLE_PHRASES = [
    phrase
    for line in _date_table().splitlines()
    if line.startswith("| `") and line.count(" | ") == 2
    for phrase in re.findall(r"`([^`]+)`", line.split(" | ")[0])
]


def test_the_date_table_is_found():
    assert len(TABLE_PHRASES) >= 60


@pytest.mark.parametrize("phrase", TABLE_PHRASES)
def test_the_aid_reads_every_phrase_of_the_date_table_as_the_grammar_does(phrase):
    """The converse of the grammar's own table test: in prose, the aid finds each phrase whole
    (less the "on" or "in" the grammar reads past) and reads the span the grammar reads."""
    thursday = date(2024, 10, 24)  # the table's reference day
    found = coverage.date_phrases(f"Then {phrase} and", thursday)
    assert [(p.text, p.span) for p in found] == [
        (re.sub(r"^(?:on|in) ", "", phrase), normalize(phrase, thursday))
    ]


def test_unquoted_dates_skip_sentences_an_event_quotes():
    text = "Seen on October 18, he said. Nothing here. Left on October 20."
    quoted = [(text.index("he said"), text.index("he said") + 7)]
    found = coverage.unquoted_dates(text, REFERENCE, quoted)
    assert [(u.sentence, [p.text for p in u.phrases]) for u in found] == [
        ("Left on October 20.", ["October 20"])
    ]
    both = coverage.unquoted_dates(text, REFERENCE, [])
    assert [u.sentence for u in both] == ["Seen on October 18, he said.", "Left on October 20."]


def test_the_fixture_documents_against_their_events():
    """The fixture's alpha dispatch: every event's quote is found, and the dateline and the
    Pentagon's training dates, which no event quotes, are what the curator is shown."""
    dataset = load_dataset(FIXTURE / "events", FIXTURE / "seeds")
    events = dataset.events
    expected = {
        "alpha": [("Filed from Brussels, 25 October 2024.", ["25 October 2024"])],
        "bravo": [
            ("Published 16 December 2024; an invented text for tests.", ["16 December 2024"])
        ],
    }
    for source_id, source in dataset.sources.items():
        mine = events[events["source"] == source_id]
        found, missing = coverage.located(
            dataset.texts[source_id], dict(zip(mine["id"], mine["quote"], strict=True))
        )
        assert missing == [] and len(found) == len(mine) > 0
        unquoted = coverage.unquoted_dates(
            dataset.texts[source_id], source.published, found.values()
        )
        assert [(u.sentence, [p.text for p in u.phrases]) for u in unquoted] == expected[source_id]
    alpha = dataset.texts["alpha"]
    training = alpha.index("some 10,000 soldiers")
    assert any(
        DateSpan(D(2024, 10, 8), D(2024, 10, 13), "days") == p.span
        for p in coverage.date_phrases(alpha[training:], dataset.sources["alpha"].published)
    )
