"""Synthetic datasets in the project's format, of any size, for the benchmarks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

TAXONOMY = Path(__file__).resolve().parent.parent / "events" / "taxonomy.yaml"

# A realistic mix: how the shipped data words its dates, in roughly the proportions it does.
DATE_PHRASES = [
    "October 18", "on October 21", "December 14", "2024-10-18", "November 4", "October 8",
    "yesterday", "on Wednesday", "three days ago", "last week", "this week", "two weeks ago",
    "between October 8 and 13", "October 28 - November 3", "from October 8 to October 13",
    "early November", "mid-October", "late November", "the end of October", "October",
    "in October 2024", "last month", "by the end of October", "by October 23", "2024",
    "late 2024", "the end of the year", "September-October", "a week ago", "December 28 - January 3",
]  # fmt: skip
ALIGNMENTS = ["ukraine", "allied", "russia", "dprk", "independent", "sceptic"]
COUNTRIES = ["UA", "US", "KR", "RU", "KP", "GB", "JP", "NATO", "EU"]
KINDS = ["intelligence_claim", "official_statement", "denial", "deployment", "combat"]
STATUSES = ["reported", "confirmed", "disputed", "denied"]
SOURCES = 5
SENTENCES = 400
EVENTS_PER_FILE = 1000


def _sentence(rng: random.Random, n: int) -> str:
    words = ["troops", "soldiers", "Kursk", "officials", "said", "reported", "units", "the", "near"]
    return f"Sentence {n}: " + " ".join(rng.choice(words) for _ in range(12)) + "."


def write_dataset(folder: Path, n: int, seed: int = 0) -> tuple[Path, Path]:
    """Write `n` valid synthetic events (and taxonomy, sources, seeds) under `folder`.

    Returns (events_dir, seeds_dir).
    """
    rng = random.Random(seed)
    events_dir, seeds_dir = folder / "events", folder / "seeds"
    events_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(TAXONOMY, events_dir / "taxonomy.yaml")
    sentences = {}
    sources = []
    for s in range(SOURCES):
        sentences[s] = [_sentence(rng, i) for i in range(SENTENCES)]
        (seeds_dir / f"doc{s}.txt").write_text("\n".join(sentences[s]), encoding="utf-8")
        sources.append(
            {
                "id": f"doc{s}",
                "file": f"doc{s}.txt",
                "title": f"Document {s}",
                "outlet": f"Outlet {s}",
                "outlet_country": rng.choice(COUNTRIES[:7]),
                "outlet_alignment": rng.choice(ALIGNMENTS),
                "published": f"2024-{rng.randint(10, 12)}-{rng.randint(1, 28):02d}",
            }
        )
    (seeds_dir / "sources.yaml").write_text(
        yaml.safe_dump(sources, sort_keys=False), encoding="utf-8"
    )
    events = []
    # Thousands of claimants at 100k events, as a year of reported incidents has.
    claimants = max(50, n // 20)
    for i in range(n):
        s = rng.randrange(SOURCES)
        event = {
            "id": f"event-{i}",
            "title": f"Claimant {i % claimants} says something about event {i}",
            "date": rng.choice(DATE_PHRASES),
            "kind": rng.choice(KINDS),
            "claimant": f"Claimant {i % claimants}",
            "claimant_country": rng.choice(COUNTRIES),
            "alignment": rng.choice(ALIGNMENTS),
            "status": rng.choice(STATUSES),
            "source": f"doc{s}",
            "quote": rng.choice(sentences[s]),
        }
        if rng.random() < 0.3:
            event["troops"] = rng.choice([1500, 3000, 10000, 11000, 12000])
        if rng.random() < 0.2:
            event["tags"] = ["kursk"]
        events.append(event)
    for f, first in enumerate(range(0, n, EVENTS_PER_FILE)):
        chunk = events[first : first + EVENTS_PER_FILE]
        (events_dir / f"part-{f:04d}.yaml").write_text(
            yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return events_dir, seeds_dir
