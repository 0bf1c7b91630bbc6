"""The codebook's rules (docs/codebook.md), checked over a loaded record: what `validate` adds to
the schema's checks, each finding an error or a warning with the file and line it is about."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path, PurePath
from typing import Any, Literal

from timeline.data.briefings import BRIEFINGS_DIR, Briefing, briefing_files
from timeline.data.load import Dataset, event_from_row
from timeline.data.model import Event
from timeline.data.provenance import fold
from timeline.data.yamlfile import Problem, YamlFile, read_yaml

Level = Literal["error", "warning"]
# Words too common to make a shared phrase distinctive.
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this", "to", "was",
    "were", "which", "who", "will", "with",
))  # fmt: skip
# A shared run of this many words, most of them not stopwords, marks a likely duplicate.
PHRASE_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")
_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]|\.\d)|(?<![\w.,])\d+(?:\.\d+)?%?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class _Claim:
    """A claim as the codebook reads it: the event, its frame row, its item as written, its place."""

    event: Event
    row: dict[str, Any]
    item: dict[str, Any]
    file: YamlFile
    index: int

    def line(self, *loc: Any) -> int:
        return self.file.line((self.index, *loc))

    def where(self) -> str:
        return f"{self.file.path}:{self.line('id')}"


class _Findings:
    """The findings so far, each located at a field of a claim or of a briefing step."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, claim: _Claim, field: str, level: Level, message: str) -> None:
        line = claim.line(field) if field in claim.item else claim.line("id")
        self.found.append(
            Problem(str(claim.file.path), line, f"event {claim.event.id!r}: {message}", level)
        )


def check(dataset: Dataset, events_dir: str | Path) -> list[Problem]:
    """Every codebook finding about the valid events and the briefings of `dataset`, file order.

    The YAML files are read again for the lines and for what an item gives (a default the loader
    fills, like `troops_kind`, is not a value the curator wrote).
    """
    claims = _claims(dataset)
    findings = _Findings()
    for rule in RULES:
        rule(claims, dataset, findings)
    found = findings.found + _briefing_order(dataset, claims, Path(events_dir))
    return sorted(found, key=lambda p: (p.path, p.line or 0))


def _claims(dataset: Dataset) -> dict[str, _Claim]:
    """The valid events by id, each with its row, its written item and its place in its file."""
    rows = {row["id"]: row for row in dataset.events.to_dict("records")}
    claims: dict[str, _Claim] = {}
    for path in dict.fromkeys(dataset.events["file"]):
        file, data = read_yaml(Path(path), [])
        if file is None or not isinstance(data, list):
            continue
        for index, item in enumerate(data):
            event_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(event_id, str) and event_id in rows and event_id not in claims:
                row = rows[event_id]
                claims[event_id] = _Claim(event_from_row(row), row, item, file, index)
    return claims


Rule = Callable[[dict[str, _Claim], Dataset, _Findings], None]


def _same(text: str, other: str) -> bool:
    return fold(text).casefold() == fold(other).casefold()


def confirmed_is_earned(claims: dict[str, _Claim], dataset: Dataset, findings: _Findings) -> None:
    """Confirmed needs corroboration: a claim by another claimant, not of the same government
    or service (another claimant_country, or a body) and not an outlet relaying the claim."""
    bodies = dataset.taxonomy.bodies if dataset.taxonomy else {}
    for claim in claims.values():
        event = claim.event
        if event.status != "confirmed":
            continue
        if not event.corroborated_by:
            findings.add(
                claim,
                "status",
                "error",
                "status confirmed without `corroborated_by`: name the claims by another party "
                "that support it, or use reported (a document's verb is not corroboration)",
            )
        relays = {
            name
            for source in event.sources
            if source in dataset.sources
            for name in (dataset.sources[source].outlet, dataset.sources[source].author)
            if name
        }
        for other_id in event.corroborated_by:
            other = claims.get(other_id)
            if other is None:
                continue  # not a valid event: the loader reports it
            reason = _not_independent(event, other.event, relays, bodies)
            if reason:
                findings.add(
                    claim,
                    "corroborated_by",
                    "error",
                    f"{other_id!r} cannot corroborate it: {reason}",
                )


def _not_independent(
    event: Event, other: Event, relays: set[str], bodies: dict[str, str]
) -> str | None:
    """Why `other` does not corroborate `event`, or None when it may."""
    if _same(other.claimant, event.claimant):
        return f"the same claimant ({other.claimant})"
    if any(_same(other.claimant, relay) for relay in relays):
        return f"{other.claimant} relays the claim in one of its documents"
    country = event.claimant_country
    if other.claimant_country == country and country not in bodies:
        return (
            f"the same government or service ({country}); corroboration comes from another "
            "country or a body"
        )
    return None


def labels_name_the_claimant(
    claims: dict[str, _Claim], _dataset: Dataset, findings: _Findings
) -> None:
    """An unconfirmed claim's label (its title when it has none) names who claims it."""
    for claim in claims.values():
        event = claim.event
        if event.status == "confirmed":
            continue
        # The frame's label is the title shortened when none was given: the title is checked.
        field = "label" if claim.item.get("label") else "title"
        text = event.label if field == "label" and event.label else event.title
        names = [event.claimant_short, event.claimant]
        if not any(name and fold(name).casefold() in fold(text).casefold() for name in names):
            findings.add(
                claim,
                field,
                "error",
                f"the {field} of a {event.status} claim does not name its claimant "
                f"({event.short_claimant!r}): {text!r}; begin it with who claims it, or give "
                "`claimant_short` for a long name",
            )


def numbers_say_what_they_count(
    claims: dict[str, _Claim], _dataset: Dataset, findings: _Findings
) -> None:
    """A troop figure says what it counts."""
    for claim in claims.values():
        if "troops" in claim.item and "troops_kind" not in claim.item:
            findings.add(
                claim,
                "troops",
                "error",
                "`troops` without `troops_kind`: say what the figure counts (deployed, planned, "
                "batch, casualties, unit or recruited)",
            )


def said_before_happened(claims: dict[str, _Claim], _dataset: Dataset, findings: _Findings) -> None:
    """A claim about a time after it was said is a forecast, and a forecast is about later."""
    for claim in claims.values():
        row, event = claim.row, claim.event
        after = row["start"] > row["said_end"]
        field = "start" if event.start is not None else "date"
        if after and not event.forecast:
            findings.add(
                claim,
                field,
                "warning",
                f"happens from {row['start']:%Y-%m-%d}, after it was said (by "
                f"{row['said_end']:%Y-%m-%d}): mark it `forecast: true`, or date what it is about",
            )
        elif event.forecast and row["end"] <= row["said_start"]:
            findings.add(
                claim,
                "forecast",
                "warning",
                f"marked a forecast, but what it is about ends {row['end']:%Y-%m-%d}, no later "
                f"than it was said ({row['said_start']:%Y-%m-%d})",
            )


def estimates_stay_uncertain(
    claims: dict[str, _Claim], dataset: Dataset, findings: _Findings
) -> None:
    """A claim placed only at an estimated publication date is drawn as 'by' or approximate."""
    for claim in claims.values():
        event, row = claim.event, claim.row
        source = dataset.sources.get(event.source)
        if source is None or not source.published_estimated or event.start is None:
            continue
        at_publication = event.start == source.published and row["end"].date() == source.published
        if at_publication and event.qualifier != "by" and event.precision != "approximate":
            findings.add(
                claim,
                "start",
                "warning",
                f"placed at the estimated publication date {source.published} as an exact day; "
                "add `qualifier: by` or `precision: approximate`",
            )


def _signature(claim: _Claim) -> tuple[set[str], set[tuple[str, ...]]]:
    """The distinctive figures and phrases of a claim's quotes, every appearance's included."""
    figures: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    quotes = [claim.event.quote, *(a.quote for a in claim.event.appearances)]
    for quote in quotes:
        text = fold(quote).casefold()
        for match in _FIGURE.finditer(text):
            figure = match[0].replace(",", "")
            number = float(figure.rstrip("%"))
            if figure.endswith("%") or (number >= 100 and not _YEAR.match(figure)):
                figures.add(figure)
        words = _WORD.findall(text)
        for start in range(len(words) - PHRASE_WORDS + 1):
            run = tuple(words[start : start + PHRASE_WORDS])
            if sum(word not in _STOPWORDS for word in run) >= 3:
                phrases.add(run)
    return figures, phrases


def duplicates_are_found(claims: dict[str, _Claim], _dataset: Dataset, findings: _Findings) -> None:
    """Two claims by one claimant, about overlapping spans, sharing a figure or a phrase."""
    # Only claims that share a figure or a phrase are compared: an index from each to its claims.
    sharing: dict[tuple[str, Any], list[_Claim]] = defaultdict(list)
    for claim in claims.values():
        claimant = fold(claim.event.claimant).casefold()
        figures, phrases = _signature(claim)
        for mark in (*sorted(figures), *(" ".join(run) for run in sorted(phrases))):
            sharing[(claimant, mark)].append(claim)
    compared: set[tuple[str, str]] = set()
    for (_claimant, mark), group in sharing.items():
        for first, second in combinations(group, 2):
            pair = (first.event.id, second.event.id)
            if pair in compared:
                continue
            compared.add(pair)
            a, b = first.row, second.row
            if _summarises(first.event, second.event) or a["start"] > b["end"]:
                continue
            if b["start"] > a["end"]:
                continue
            findings.add(
                second,
                "quote",
                "warning",
                f"likely the same claim as {first.event.id!r} ({first.where()}): the same "
                f"claimant, overlapping dates, and both quotes carry {mark!r}; merge them as "
                "appearances of one claim",
            )


def _summarises(event: Event, other: Event) -> bool:
    return event.id in other.summary_of or other.id in event.summary_of


RULES: tuple[Rule, ...] = (
    confirmed_is_earned,
    labels_name_the_claimant,
    numbers_say_what_they_count,
    said_before_happened,
    estimates_stay_uncertain,
    duplicates_are_found,
)


def _briefing_order(dataset: Dataset, claims: dict[str, _Claim], events_dir: Path) -> list[Problem]:
    """A briefing in said order whose step goes back in time: a warning at that step."""
    found = []
    for name, briefing in dataset.briefings.items():
        if briefing.order != "said":
            continue
        path = _briefing_path(events_dir, name)
        file, data = read_yaml(path, []) if path is not None else (None, None)
        if file is None or not isinstance(data, dict):
            continue
        lines = _step_lines(file, data)
        for previous, step in pairwise(_dated_steps(briefing, claims)):
            if step[1] < previous[1]:
                found.append(
                    Problem(
                        str(path),
                        lines.get(step[0]),
                        f"step {step[0]!r} (said {step[1]:%Y-%m-%d}) goes back in time after "
                        f"{previous[0]!r} (said {previous[1]:%Y-%m-%d}); order the steps as "
                        "the claims were said, or declare `order: curated` with `order_reason`",
                        "warning",
                    )
                )
    return found


def _briefing_path(events_dir: Path, name: str) -> Path | None:
    files = briefing_files(events_dir / BRIEFINGS_DIR)
    return next((Path(str(p)) for p in files if PurePath(p.name).stem == name), None)


def _step_lines(file: YamlFile, data: dict[str, Any]) -> dict[str, int]:
    steps = data.get("steps") or []
    return {
        step["event"]: file.line(("steps", index, "event"))
        for index, step in enumerate(steps)
        if isinstance(step, dict) and isinstance(step.get("event"), str)
    }


def _dated_steps(briefing: Briefing, claims: dict[str, _Claim]) -> Iterator[tuple[str, Any]]:
    """(event id, first day said) of each step whose event is valid, in step order."""
    for step in briefing.steps:
        if step.event in claims:
            yield step.event, claims[step.event].row["said_start"]
