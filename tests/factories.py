"""Small events frames and a taxonomy, shaped like the loader's output, for filter and figure tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from timeline.data import fields
from timeline.data.dates import DateSpan
from timeline.data.edtf import to_edtf
from timeline.data.load import Dataset, event_from_row
from timeline.data.model import LABEL_CHARS, Alignment, Event, Taxonomy, Term, clip

TAXONOMY = Taxonomy(
    alignments={
        "ukraine": Alignment(label="Ukraine", colour="#0072B2", meaning="Kyiv"),
        "allied": Alignment(label="Allied", colour="#56B4E9", meaning="Kyiv's partners"),
        "russia": Alignment(label="Russia", colour="#D55E00", meaning="the Kremlin"),
        "dprk": Alignment(label="DPRK", colour="#CC79A7", meaning="Pyongyang"),
        "independent": Alignment(label="Independent", colour="#009E73", meaning="no side"),
    },
    kinds={
        "intelligence_claim": Term(label="Intelligence claim"),
        "official_statement": Term(label="Official statement", colour="#E69F00"),
        "denial": Term(label="Denial"),
        "combat_report": Term(label="Combat report"),
    },
    statuses={
        "reported": Term(label="Reported"),
        "confirmed": Term(label="Confirmed", colour="#009E73"),
        "disputed": Term(label="Disputed"),
        "denied": Term(label="Denied"),
    },
    bodies={"NATO": "NATO", "EU": "European Union"},
    country_names={"RU": "Russia", "KP": "North Korea", "KR": "South Korea"},
)

# One plausible event; each test row overrides what it is about.
DEFAULTS: dict[str, Any] = {
    "title": "NIS says Pyongyang will send about 12,000 special forces",
    "date_text": "October 18",
    "start": "2024-10-18",
    "end": None,  # same as start
    "precision": "day",
    "qualifier": None,
    "label": None,  # the title shortened
    "corrected": False,
    "start_given": False,
    "edtf": None,  # written from the span
    "said_given": False,
    "said_edtf": None,
    "said_text": None,
    "said_start": None,  # the publication day, "by"
    "said_end": None,
    "said_precision": "day",
    "said_qualifier": None,
    "kind": "intelligence_claim",
    "claimant": "South Korea's National Intelligence Service",
    "claimant_country": "KR",
    "alignment": "allied",
    "status": "reported",
    "troops": None,
    "troops_max": None,
    "troops_kind": None,
    "location": None,
    "lat": float("nan"),
    "lon": float("nan"),
    "source": "002_fdf6a1604e5ac282",
    "quote": "decided to dispatch about 12,000 special operation forces",
    "claimant_short": None,
    "appearances": (),
    "appearance_count": 1,
    "first_seen": None,  # the publication
    "independent_sources": 1,
    "corroborated_by": (),
    "forecast": False,
    "summary_of": (),
    "contradicts": (),
    "tags": (),
    "notes": None,
    "outlet": "Yonhap",
    "outlet_country": "KR",
    "outlet_alignment": "allied",
    "published": "2024-10-18",
    "file": "events/test.yaml",
}

COLUMNS = fields.COLUMNS


def _span(record: dict[str, Any], prefix: str) -> DateSpan:
    def day(value: Any) -> dt.date:
        return pd.Timestamp(value).date()

    return DateSpan(
        day(record[f"{prefix}start"]),
        day(record[f"{prefix}end"]),
        record[f"{prefix}precision"],
        record[f"{prefix}qualifier"],
    )


def event_of(dataset: Dataset, event_id: str) -> Event | None:
    """The validated event of that id, rebuilt from its row as the card does; None if absent."""
    found = dataset.events[dataset.events["id"] == event_id]
    return None if found.empty else event_from_row(found.iloc[0])


def make_events(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """An events frame with the loader's columns and dtypes; each row needs an `id`.

    make_events([{"id": "a"}, {"id": "b", "start": "2024-11-01", "end": "2024-11-30"}])
    """
    records = []
    for row in rows:
        record = {**DEFAULTS, **row}
        record["end"] = record["end"] or record["start"]
        record["label"] = record["label"] or clip(record["title"], LABEL_CHARS)
        record["edtf"] = record["edtf"] or to_edtf(_span(record, ""))
        if record["said_start"] is None:
            record["said_start"], record["said_qualifier"] = record["published"], "by"
        record["said_end"] = record["said_end"] or record["said_start"]
        record["said_edtf"] = record["said_edtf"] or to_edtf(_span(record, "said_"))
        if record["troops"] is not None and record["troops_kind"] is None:
            record["troops_kind"] = "deployed"
        record["first_seen"] = record["first_seen"] or record["published"]
        for column in ("appearances", "corroborated_by", "summary_of", "contradicts", "tags"):
            record[column] = list(record[column])
        records.append(record)
    return fields.typed_frame(records)
