"""Fuzzing the loader: random event mappings, date phrases and YAML text never raise; whatever is
wrong comes back as a located problem and every valid event is still loaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import Problem, load_dataset
from timeline.data.model import Event
from timeline.data.upload import MemoryFolder

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
# The fixture in memory, so thousands of examples never touch the disk.
FILES = {
    path.relative_to(FIXTURE).as_posix(): path.read_bytes()
    for path in FIXTURE.rglob("*")
    if path.is_file()
}
TOTAL = 9  # events in the fixture
VALID = yaml.safe_load(FILES["events/october.yaml"])[0]

DATE_WORDS = [
    "early", "mid", "late", "mid-to-late", "the end of", "by", "no later than", "since", "around",
    "between", "and", "from", "to", "-", "October", "November", "December", "Dec.", "8", "13", "31",
    "0", "99999", "2024", "1960s", "Q3", "the first half of", "last", "this", "week", "weekend",
    "month", "year", "winter", "summer", "three days ago", "yesterday", "on Wednesday", "recently",
    "in recent weeks", "two days later", "soon", "2024-10-18", "2024-02-30", "2024.10.24 (Thu)",
    "T", ":", "/", "?", "~", "%", "\u00a0", "\u2013", "\u0000",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
date_phrases = st.lists(st.sampled_from(DATE_WORDS), min_size=1, max_size=6).map(
    " ".join
) | st.text(max_size=40)
field_names = st.sampled_from([*Event.model_fields, "claimaint", "said", ""])


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """A valid event with some fields replaced, dropped or added, and a random date phrase."""
    event = dict(VALID, id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)))
    event["date"] = draw(date_phrases)
    for name in draw(st.lists(field_names, max_size=4)):
        action = draw(st.sampled_from(["replace", "drop"]))
        if action == "drop":
            event.pop(name, None)
        else:
            event[name] = draw(values)
    return event


def load(files: dict[str, bytes]) -> tuple[Any, list[Problem]]:
    dataset = load_dataset(MemoryFolder(files, "events"), MemoryFolder(files, "seeds"))
    for problem in dataset.problems:
        assert isinstance(problem, Problem)
        assert problem.path.startswith(("events/", "seeds/"))
        assert problem.line is None or problem.line >= 1
        assert problem.message and "Traceback" not in problem.message
    return dataset, dataset.problems


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), min_size=1, max_size=5))
def test_random_events_are_loaded_or_reported_never_raised(items: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False)
    dataset, problems = load({**FILES, "events/zz-fuzz.yaml": text.encode("utf-8")})
    from_fuzz = dataset.events["file"] == "events/zz-fuzz.yaml"
    # the fixture's events are all still there, whatever came after them
    assert (~from_fuzz).sum() == TOTAL
    # nothing is dropped silently: without a problem in the file, every item is an event
    if not any(p.path == "events/zz-fuzz.yaml" for p in problems):
        assert from_fuzz.sum() == len(items), problems


@settings(max_examples=100, deadline=None)
@given(date_phrases)
def test_any_date_phrase_is_read_or_reported(phrase: str) -> None:
    item = dict(VALID, id="fuzzed-date", date=phrase)
    text = yaml.safe_dump([item], allow_unicode=True)
    dataset, problems = load({**FILES, "events/zz-fuzz.yaml": text.encode("utf-8")})
    loaded = "fuzzed-date" in set(dataset.events["id"])
    located = [p for p in problems if p.path == "events/zz-fuzz.yaml"]
    assert loaded != bool(located), (phrase, located)
    if loaded:
        row = dataset.events.set_index("id").loc["fuzzed-date"]
        assert row["start"] <= row["end"]


YAML_PIECES = ["- ", "id: ", ":", "[", "]", "{", "}", "&a ", "*a", "!!python/object ", "'", '"',
               "\n", "  ", "#", "? ", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "\t", "\\", "é", "x"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join) | st.text(max_size=200))
def test_any_yaml_text_is_loaded_or_reported(text: str) -> None:
    dataset, _problems = load({**FILES, "events/zz-fuzz.yaml": text.encode("utf-8")})
    assert (dataset.events["file"] != "events/zz-fuzz.yaml").sum() == TOTAL
