"""Where a quote stands in its source document: folding, checking and the passage around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Characters a copy-and-paste may change without changing the words: each folds to its plain twin.
EQUIVALENTS: dict[str, str] = {
    "'": "\u2018\u2019\u201a\u201b\u2032`",
    '"': "\u201c\u201d\u201e\u201f\u2033",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    " ": "\u00a0\u2009\u202f",
}
_FOLD_TABLE = str.maketrans(
    {variant: plain for plain, variants in EQUIVALENTS.items() for variant in variants}
)
_SPACES = re.compile(r"\s+")
# A sentence ends at . ! or ? (and any closing quote) before white space, or at a line break,
# since headings and datelines carry no full stop.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+|\s*\n\s*")


def fold(text: str) -> str:
    """The text with typographic quotes, dashes and runs of white space made plain.

    fold("the \u201cbuffer zone\u201d \u2014 in  Kursk") == 'the "buffer zone" - in Kursk'
    """
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)).strip()


def contains(text: str, quote: str) -> bool:
    """Whether `quote` occurs in `text` once both are folded."""
    # Most quotes are pasted exactly; only the rest pay for folding.
    return quote in text or fold(quote) in _folded(text)


@lru_cache(maxsize=64)
def _folded(text: str) -> str:
    return fold(text)


@dataclass(frozen=True)
class Passage:
    """A quote as it stands in the raw document, with the sentences around it."""

    before: str
    match: str
    after: str


def _pattern(quote: str) -> re.Pattern[str]:
    """A regex that finds `quote` in raw text whatever quotes, dashes and spacing the text uses."""
    parts = []
    for char in fold(quote):
        if char == " ":
            parts.append(r"\s+")
        elif char in EQUIVALENTS:
            parts.append("[" + re.escape(char + EQUIVALENTS[char]) + "]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The (start, end) offsets of `quote` in the raw `text`, or None when it is not there."""
    if not quote.strip():
        return None
    found = _pattern(quote).search(text)
    return found.span() if found else None


def passage(text: str, quote: str, sentences: int = 2) -> Passage | None:
    """The quote in context: up to `sentences` whole sentences either side of it, or None.

    passage("One. Two three. Four.", "three", 1) == Passage("One. Two ", "three", ". Four.")
    """
    span = locate(text, quote)
    if span is None:
        return None
    start, end = span
    boundaries = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    before_start = max(0, sum(b <= start for b in boundaries) - 1 - sentences)
    after_end = min(len(boundaries) - 1, sum(b < end for b in boundaries) + sentences)
    return Passage(
        before=text[boundaries[before_start] : start].lstrip(),
        match=text[start:end],
        after=text[end : boundaries[after_end]].rstrip(),
    )
