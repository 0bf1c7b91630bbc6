"""One claim, several appearances: each quote checked in its own seed, and the frame's counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from tests.helpers import AGENCY_CLAIM
from timeline import exports, load_dataset
from timeline.data import snapshot
from timeline.data.briefings import BRIEFINGS_DIR
from timeline.data.load import event_from_row

GOOD = Path(__file__).parent / "fixtures" / "good"
RELAY_TEXT = (
    "The Relay\n\nCiting the agency, the Relay writes that about 3,000 soldiers were moved east.\n"
    "An analyst, who watched the port himself, says 3,000 soldiers arrived there.\n"
)
# The good fixture's first event, as the tests below extend it.
CLAIM = AGENCY_CLAIM


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The good fixture plus a third seed, `relay`, published before the wire (2024-10-20)."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    seeds = tmp_path / "seeds"
    (seeds / "relay.txt").write_text(RELAY_TEXT, encoding="utf-8")
    with (seeds / "sources.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "- id: relay\n  file: relay.txt\n  title: The Relay repeats it\n  outlet: The Relay\n"
            "  outlet_country: FR\n  outlet_alignment: allied\n  published: 2024-10-20\n"
        )
    return tmp_path


def write(data: Path, *items: dict[str, Any]) -> None:
    """Replace the October events file with `items` (November's stay)."""
    text = yaml.safe_dump(list(items), sort_keys=False, allow_unicode=True)
    (data / "events" / "2024-10.yaml").write_text(text, encoding="utf-8")


def line_of(data: Path, needle: str) -> int:
    lines = (data / "events" / "2024-10.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


RELAYED = {"source": "relay", "quote": "about 3,000 soldiers were moved east", "date": "recently"}
WITNESSED = {
    "source": "relay",
    "quote": "says 3,000 soldiers arrived there",
    "independent": True,
}


def test_a_claim_with_one_document_is_one_appearance(data: Path) -> None:
    write(data, CLAIM)
    row = load_dataset(data / "events", data / "seeds").events.set_index("id").loc[CLAIM["id"]]
    assert row["appearance_count"] == 1 and row["independent_sources"] == 1
    assert list(row["appearances"]) == []
    assert row["first_seen"] == pd.Timestamp("2024-10-24")


def test_appearances_count_first_seen_and_independent_sources(data: Path) -> None:
    write(data, CLAIM | {"appearances": [RELAYED]})
    dataset = load_dataset(data / "events", data / "seeds")
    assert dataset.problems == []
    row = dataset.events.set_index("id").loc[CLAIM["id"]]
    assert row["appearance_count"] == 2
    # The relay is earlier than the wire: the claim is first seen there.
    assert row["first_seen"] == pd.Timestamp("2024-10-20")
    # A relay is not independent of the claimant's own document.
    assert row["independent_sources"] == 1
    assert row["appearances"][0]["source"] == "relay"


def test_an_appearance_marked_independent_counts_as_a_source(data: Path) -> None:
    write(data, CLAIM | {"appearances": [WITNESSED]})
    row = load_dataset(data / "events", data / "seeds").events.set_index("id").loc[CLAIM["id"]]
    assert row["independent_sources"] == 2


def test_an_appearance_quote_is_checked_in_its_own_seed_at_its_line(data: Path) -> None:
    bad = RELAYED | {"quote": "about 4,000 soldiers were moved east"}
    write(data, CLAIM | {"appearances": [bad]})
    dataset = load_dataset(data / "events", data / "seeds")
    assert [(p.line, p.message) for p in dataset.problems] == [
        (
            line_of(data, "about 4,000"),
            "event 'agency-3000-moved': appearance 1: quote not found in seed 'relay': "
            "'about 4,000 soldiers were moved east'",
        )
    ]
    # The claim's top-level quote is in the wire, not in the relay: each quote in its own seed.
    swapped = RELAYED | {"quote": CLAIM["quote"]}
    write(data, CLAIM | {"appearances": [swapped]})
    assert "appearance 1: quote not found" in str(
        load_dataset(data / "events", data / "seeds").problems
    )


@pytest.mark.parametrize(
    ("appearance", "expected"),
    [
        (RELAYED | {"source": "nowhere"}, "appearance 1: unknown source 'nowhere'"),
        (RELAYED | {"source": "wire", "quote": "perhaps 10,000 in all"}, "already an appearance"),
        (RELAYED | {"independant": True}, "unknown field `independant`"),
    ],
)
def test_a_bad_appearance_is_a_located_problem(data: Path, appearance, expected) -> None:
    write(data, CLAIM | {"appearances": [appearance]})
    problems = load_dataset(data / "events", data / "seeds").problems
    assert len(problems) == 1 and expected in problems[0].message
    assert problems[0].path.endswith("2024-10.yaml") and problems[0].line is not None


@pytest.mark.parametrize("name", ["corroborated_by", "summary_of"])
def test_links_to_claims_must_name_events_in_the_record(data: Path, name: str) -> None:
    write(data, CLAIM | {name: ["no-such-claim"]})
    problems = load_dataset(data / "events", data / "seeds").problems
    assert [(p.line, p.message) for p in problems] == [
        (
            line_of(data, name),
            f"event 'agency-3000-moved': {name.replace('_', ' ')} unknown event id 'no-such-claim'",
        )
    ]


def test_a_claim_cannot_corroborate_itself(data: Path) -> None:
    write(data, CLAIM | {"corroborated_by": [CLAIM["id"]]})
    problems = load_dataset(data / "events", data / "seeds").problems
    assert "`corroborated_by` names the event itself" in str(problems)


def test_the_event_comes_back_from_its_row_with_its_appearances(data: Path) -> None:
    item = CLAIM | {
        "appearances": [WITNESSED],
        "claimant_short": "Agency",
        "forecast": False,
        "troops_kind": "batch",
    }
    write(data, item)
    dataset = load_dataset(data / "events", data / "seeds")
    event = event_from_row(dataset.events.set_index("id", drop=False).loc[CLAIM["id"]])
    assert event.appearances[0].independent and event.appearances[0].quote == WITNESSED["quote"]
    assert event.short_claimant == "Agency" and event.troops_kind == "batch"
    assert event.sources == ["wire", "relay"]


def write_briefing(data: Path, briefing: dict[str, Any]) -> Path:
    folder = data / "events" / BRIEFINGS_DIR
    folder.mkdir(exist_ok=True)
    path = folder / "test.yaml"
    path.write_text(yaml.safe_dump(briefing, sort_keys=False), encoding="utf-8")
    return path


def test_a_note_relying_on_an_event_not_in_the_record_is_an_error(data: Path) -> None:
    path = write_briefing(
        data,
        {
            "title": "T",
            "steps": [{"event": "agency-3000-moved", "relies_on": ["ministry-denies", "ghost"]}],
        },
    )
    problems = load_dataset(data / "events", data / "seeds").problems
    ghost = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "ghost" in line)
    assert [(p.path, p.line) for p in problems] == [(str(path), ghost)]
    assert "relies on 'ghost', which is not an event in the record" in problems[0].message


def test_a_curated_order_needs_its_reason(data: Path) -> None:
    steps = [{"event": "agency-3000-moved"}]
    write_briefing(data, {"title": "T", "order": "curated", "steps": steps})
    problems = load_dataset(data / "events", data / "seeds").problems
    assert "`order: curated` needs `order_reason`" in str(problems)
    write_briefing(
        data, {"title": "T", "order": "curated", "order_reason": "By theme.", "steps": steps}
    )
    dataset = load_dataset(data / "events", data / "seeds")
    assert dataset.problems == [] and dataset.briefings["test"].order_reason == "By theme."


def test_first_seen_is_a_date_column(data: Path) -> None:
    write(data, CLAIM)
    events = load_dataset(data / "events", data / "seeds").events
    assert events["first_seen"].dtype == "datetime64[ns]"
    denial = events.set_index("id").loc["ministry-denies"]
    assert denial["first_seen"].date() == dt.date(2024, 11, 6)


def test_a_snapshot_keeps_the_appearances(data: Path, tmp_path: Path) -> None:
    write(data, CLAIM | {"appearances": [WITNESSED]})
    dataset = load_dataset(data / "events", data / "seeds")
    snapshot.write(dataset, tmp_path / "snapshot")
    events = snapshot.read(tmp_path / "snapshot").events.set_index("id")
    assert list(events.loc[CLAIM["id"], "appearances"]) == [
        {"source": "relay", "quote": WITNESSED["quote"], "date": None, "independent": True,
         "notes": None}
    ]  # fmt: skip
    assert list(events.loc["ministry-denies", "appearances"]) == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_exports_carry_every_appearance(data: Path, fmt: str) -> None:
    write(data, CLAIM | {"appearances": [WITNESSED]})
    dataset = load_dataset(data / "events", data / "seeds")
    built = exports.FORMATS[fmt].build(dataset.events, dataset, exports.ExportOptions())
    text = built.decode("utf-8")
    assert WITNESSED["quote"] in text and "independent_sources" in text
    if fmt == "json":
        [row] = [row for row in json.loads(text) if row["id"] == CLAIM["id"]]
        assert row["appearances"][0]["source"] == "relay" and row["first_seen"] == "2024-10-20"
    else:
        [row] = [row for row in csv.DictReader(io.StringIO(text)) if row["id"] == CLAIM["id"]]
        assert json.loads(row["appearances"])["independent"] is True
