"""The shipped data: it validates, every quote stands in its seed, and it covers the story."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from timeline import load_dataset, load_events
from timeline.load import event_files
from timeline.provenance import fold, passage

ROOT = Path(__file__).resolve().parent.parent
EVENTS_DIR = ROOT / "events"
SEEDS_DIR = ROOT / "seeds"
SEED_IDS = sorted(path.stem for path in SEEDS_DIR.glob("*.txt"))

# Each events file holds the events whose span starts in its window, so a curator finds them.
FILE_WINDOWS = {
    "2024-background.yaml": (dt.date(2000, 1, 1), dt.date(2024, 9, 30)),
    "2024-10.yaml": (dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    "2024-11.yaml": (dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
    "2024-12.yaml": (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
}


def _raw_events() -> list[dict]:
    """Every item of every events file as written, valid or not, so none escapes a check."""
    items = []
    for path in event_files(EVENTS_DIR):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return items


RAW_EVENTS = _raw_events()
DATASET = load_dataset(EVENTS_DIR, SEEDS_DIR)


def test_shipped_data_validates() -> None:
    events = load_events(EVENTS_DIR, SEEDS_DIR)
    assert len(events) == len(RAW_EVENTS)


def test_every_events_file_has_its_window() -> None:
    names = {path.name for path in event_files(EVENTS_DIR)}
    assert names == set(FILE_WINDOWS)


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_quote_is_in_its_seed(event: dict) -> None:
    text = (SEEDS_DIR / f"{event['source']}.txt").read_text(encoding="utf-8")
    found = passage(text, event["quote"])
    assert found is not None, f"{event['id']}: quote not in seed {event['source']}"
    assert fold(found.match) == fold(event["quote"])


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_quote_is_short(event: dict) -> None:
    assert len(fold(event["quote"])) <= 320


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_seed_is_described_and_cited_at_least_three_times(seed: str) -> None:
    assert seed in DATASET.sources
    assert (DATASET.events["source"] == seed).sum() >= 3


def test_no_two_events_share_claimant_date_and_quote() -> None:
    events = DATASET.events
    keys = Counter(
        zip(
            events["claimant"],
            events["start"],
            events["end"],
            events["quote"].map(fold),
            strict=True,
        )
    )
    assert [key for key, n in keys.items() if n > 1] == []


def test_every_contradiction_points_at_an_event() -> None:
    ids = {event["id"] for event in RAW_EVENTS}
    targets = {target for event in RAW_EVENTS for target in event.get("contradicts", [])}
    assert targets - ids == set()
    assert targets, "the data should link at least one pair of claims that cannot both be true"


def test_no_event_contradicts_itself() -> None:
    events = DATASET.events
    assert [
        i for i, links in zip(events["id"], events["contradicts"], strict=True) if i in links
    ] == []


def test_data_spans_october_to_december_2024() -> None:
    events = DATASET.events
    assert events["start"].min() <= pd.Timestamp("2024-10-31")
    assert events["end"].max() >= pd.Timestamp("2024-12-01")
    months = set(events["start"].dt.strftime("%Y-%m"))
    assert {"2024-10", "2024-11", "2024-12"} <= months


@pytest.mark.parametrize(("name", "window"), FILE_WINDOWS.items(), ids=list(FILE_WINDOWS))
def test_events_sit_in_the_file_for_their_date(name: str, window: tuple[dt.date, dt.date]) -> None:
    events = DATASET.events[DATASET.events["file"].map(lambda f: Path(f).name) == name]
    first, last = (pd.Timestamp(day) for day in window)
    assert len(events) > 0
    misplaced = events[(events["start"] < first) | (events["start"] > last)]
    assert misplaced["id"].tolist() == []


def test_every_alignment_in_the_data_has_a_distinct_colour() -> None:
    taxonomy = DATASET.taxonomy
    assert taxonomy is not None
    used = set(DATASET.events["alignment"]) | set(DATASET.events["outlet_alignment"])
    assert used <= set(taxonomy.alignments)
    colours = [a.colour.upper() for a in taxonomy.alignments.values()]
    assert len(set(colours)) == len(colours)


def test_every_status_has_a_colour() -> None:
    taxonomy = DATASET.taxonomy
    assert taxonomy is not None
    assert all(term.colour for term in taxonomy.statuses.values())


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision"),
    [
        # Dates the documents word relatively, read against each source's publication date.
        ("austin-seeing-evidence", "2024-10-23", "2024-10-23", "day"),
        ("eurasian-significant-numbers-last-week", "2024-12-09", "2024-12-15", "week"),
        ("nis-1500-vladivostok", "2024-10-08", "2024-10-13", "days"),
        ("hur-2600-kursk-by-end-october", "2024-10-21", "2024-10-31", "month_part"),
        ("nk-special-forces-plan-cancelled-2023", "2023-01-01", "2023-12-31", "year"),
        ("exilenova-warning-from-kursk", "2024-11-01", "2024-11-10", "month_part"),
        # The document's "August 21" is kept, not silently corrected to October 21.
        ("rok-summons-russian-ambassador", "2024-08-21", "2024-08-21", "day"),
    ],
)
def test_worded_dates_read_as_intended(event_id: str, start: str, end: str, precision: str) -> None:
    row = DATASET.events.set_index("id").loc[event_id]
    assert (row["start"], row["end"], row["precision"]) == (
        pd.Timestamp(start),
        pd.Timestamp(end),
        precision,
    )
