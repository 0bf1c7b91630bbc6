"""Provenance: folding, locating a quote in its raw document, and the passage around it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.data.provenance import Passage, contains, fold, locate, passage

DOC = (
    "Seoul said on Friday that troops had left.\n\n"
    "The agency said \u201cabout 1,500\u201d were moved \u2014 by sea \u2014 between October 8 and 13. "
    "Moscow called it \u2018a fake\u2019. Kyiv disagreed!\nA heading\nThe end."
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("\u201cquoted\u201d", '"quoted"'),
        ("it\u2019s", "it's"),
        ("a \u2014 b \u2013 c", "a - b - c"),
        ("  many\n\tspaces\u00a0here ", "many spaces here"),
        ("plain", "plain"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ('said "about 1,500" were moved - by sea - between October 8', True),
        ("Moscow called it 'a fake'.", True),
        ("troops had left.  The agency", True),
        ("about 15,000", False),
        ("moscow called it", False),  # case is part of the words
        ("", True),
    ],
)
def test_contains_ignores_only_typography(quote, found):
    assert contains(DOC, quote) is found


def test_locate_returns_raw_offsets():
    start, end = locate(DOC, "called it 'a fake'")
    assert DOC[start:end] == "called it \u2018a fake\u2019"
    assert locate(DOC, "not there") is None
    assert locate(DOC, "   ") is None


@pytest.mark.parametrize(
    ("quote", "sentences", "expected"),
    [
        ("called it", 0, Passage("Moscow ", "called it", " \u2018a fake\u2019.")),
        (
            "called it",
            1,
            Passage(
                "The agency said \u201cabout 1,500\u201d were moved \u2014 by sea \u2014 between October 8 and 13. Moscow ",
                "called it",
                " \u2018a fake\u2019. Kyiv disagreed!",
            ),
        ),
        # a line break ends a sentence too: headings carry no full stop
        (
            "Kyiv disagreed",
            1,
            Passage("Moscow called it \u2018a fake\u2019. ", "Kyiv disagreed", "!\nA heading"),
        ),
        (
            "Seoul said",
            1,
            Passage(
                "",
                "Seoul said",
                " on Friday that troops had left.\n\nThe agency said \u201cabout 1,500\u201d were moved \u2014 by sea \u2014 between October 8 and 13.",
            ),
        ),
        ("The end.", 2, Passage("Kyiv disagreed!\nA heading\n", "The end.", "")),
        ("absent words", 2, None),
    ],
)
def test_passage_shows_whole_sentences_around_the_quote(quote, sentences, expected):
    assert passage(DOC, quote, sentences) == expected


@given(st.text(max_size=200), st.integers(0, 199), st.integers(1, 40))
def test_every_substring_is_found_where_it_stands(text, start, length):
    quote = text[start : start + length]
    if quote.strip():
        assert contains(text, quote)
        found = passage(text, quote, 1)
        assert found is not None
        assert fold(found.match) == fold(quote)
