"""What every column of the events frame is: one registry that filters, lanes, colours, the table,
the stats, the URL and the schema checks all derive from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

# How a column is stored: its pandas dtype follows from this.
Kind = Literal["text", "code", "date", "int", "float", "list", "bool"]
# Where a column's value comes from: the event item, the source document it cites, or the loader
# (dates read by the grammar, the file the event came from).
Origin = Literal["event", "source", "derived"]
# What the dashboard does with a column.
Role = Literal["filter", "lane", "colour", "table", "stat", "search"]

# Names of the vocabularies values are labelled from: the taxonomy's, the countries (ISO 3166-1
# or a taxonomy body), the sources (by outlet), and the fixed list of what a troop number counts.
Vocabulary = Literal["alignments", "kinds", "statuses", "countries", "sources", "troops_kinds"]


@dataclass(frozen=True)
class TroopsKind:
    """One thing a troop number can count: its name, and what the Estimates chart says it counts
    so that nobody adds casualties to troops sent."""

    label: str
    counted: str


TROOPS_KINDS = {
    "deployed": TroopsKind(
        "Troops sent",
        "Counted: North Korean troops a claim says were sent to Russia or its front in "
        "all; not plans, single batches, unit sizes or casualties.",
    ),
    "planned": TroopsKind(
        "Planned total",
        "Counted: the total a claim says is planned or will be sent; not troops sent yet.",
    ),
    "batch": TroopsKind(
        "One batch",
        "Counted: the soldiers of one batch or shipment a claim describes; not a revised total.",
    ),
    "casualties": TroopsKind(
        "Casualties",
        "Counted: North Korean soldiers a claim says were killed, wounded or captured; "
        "not troops sent.",
    ),
    "unit": TroopsKind(
        "Unit size",
        "Counted: the size of one unit a claim describes (a company, a battalion); not the "
        "whole deployment.",
    ),
    "recruited": TroopsKind(
        "Recruited",
        "Counted: soldiers a claim says were recruited or mobilised; not troops sent abroad.",
    ),
}
# What a number counts when its event does not say.
DEFAULT_TROOPS_KIND = "deployed"


@dataclass(frozen=True)
class Field:
    """One column of the events frame and everything the dashboard needs to know about it."""

    column: str
    label: str
    kind: Kind = "text"
    origin: Origin = "event"
    url_key: str | None = None
    vocabulary: Vocabulary | None = None
    roles: frozenset[Role] = frozenset()
    help: str | None = None

    def has(self, role: Role) -> bool:
        return role in self.roles


def _field(
    column: str,
    label: str,
    kind: Kind = "text",
    *,
    origin: Origin = "event",
    url: str | None = None,
    vocabulary: Vocabulary | None = None,
    roles: Iterable[Role] = (),
    help: str | None = None,
) -> Field:
    roles = frozenset(roles)
    if ("filter" in roles) != (url is not None):
        raise ValueError(f"{column}: a filter needs a URL key, and only a filter has one")
    return Field(column, label, kind, origin, url, vocabulary, roles, help)


# Registry order is the order of the frame's columns, of the sidebar's filters and of the table.
FIELDS: tuple[Field, ...] = (
    _field("id", "Id"),
    _field("title", "Title", roles=("table", "search")),
    _field("label", "Label", origin="derived", help="The label given, or the title shortened."),
    _field("date_text", "As worded", origin="derived", roles=("table",)),
    _field("start", "Start", "date", origin="derived", roles=("table",)),
    _field("end", "End", "date", origin="derived", roles=("table",)),
    _field("precision", "Precision", "code", origin="derived"),
    _field("qualifier", "Qualifier", "code", origin="derived"),
    _field("corrected", "Date corrected", "bool", origin="derived"),
    _field("start_given", "Span given explicitly", "bool", origin="derived"),
    _field(
        "edtf",
        "Happened (EDTF)",
        origin="derived",
        help="The span in the Extended Date/Time Format (ISO 8601-2), uncertainty included.",
    ),
    _field("said_text", "Said, as worded", origin="derived"),
    _field("said_start", "Said", "date", origin="derived", roles=("table",)),
    _field("said_end", "Said (last day)", "date", origin="derived"),
    _field("said_precision", "Said precision", "code", origin="derived"),
    _field("said_qualifier", "Said qualifier", "code", origin="derived"),
    _field("said_given", "Said span given explicitly", "bool", origin="derived"),
    _field("said_edtf", "Said (EDTF)", origin="derived"),
    _field(
        "claimant_country",
        "Source country (claimant)",
        "code",
        url="country",
        vocabulary="countries",
        roles=("filter", "lane", "table", "stat"),
        help="The country of whoever made the claim.",
    ),
    _field(
        "outlet_country",
        "Outlet country",
        "code",
        origin="source",
        url="outlet_country",
        vocabulary="countries",
        roles=("filter", "lane"),
        help="The country of the outlet whose document relays the claim.",
    ),
    _field(
        "alignment",
        "Alignment",
        "code",
        url="alignment",
        vocabulary="alignments",
        roles=("filter", "lane", "colour", "table", "stat"),
    ),
    _field(
        "kind",
        "Kind",
        "code",
        url="kind",
        vocabulary="kinds",
        roles=("filter", "lane", "colour", "table", "stat"),
    ),
    _field(
        "status",
        "Status",
        "code",
        url="status",
        vocabulary="statuses",
        roles=("filter", "colour", "table", "stat"),
    ),
    _field("claimant", "Claimant", "code", url="claimant", roles=("filter", "table", "search")),
    _field("claimant_short", "Claimant (short)", help="The claimant's short name for labels."),
    _field("troops", "Troops", "int", roles=("table",)),
    _field("troops_max", "Troops (upper end)", "int"),
    _field("troops_kind", "Troops counted", "code", vocabulary="troops_kinds"),
    _field("location", "Location"),
    _field("lat", "Latitude", "float"),
    _field("lon", "Longitude", "float"),
    _field("source", "Source", "code", vocabulary="sources", roles=("lane", "stat")),
    _field("quote", "Quote", roles=("search",)),
    _field(
        "appearances",
        "Further appearances",
        "list",
        help="Further documents carrying the same claim: source, quote, date wording, independent.",
    ),
    _field("appearance_count", "Appearances", "int", origin="derived", roles=("table",)),
    _field(
        "first_seen",
        "First seen",
        "date",
        origin="derived",
        help="The earliest publication among the documents that carry the claim.",
    ),
    _field(
        "independent_sources",
        "Independent sources",
        "int",
        origin="derived",
        help="The claimant's own document plus appearances marked independent; relays do not count.",
    ),
    _field("corroborated_by", "Corroborated by", "list"),
    _field("forecast", "Forecast", "bool"),
    _field("summary_of", "Summary of", "list"),
    _field("contradicts", "Contradicts", "list"),
    _field("tags", "Tags", "list"),
    _field("notes", "Curator's note"),
    _field("outlet", "Outlet", "code", origin="source", roles=("table",)),
    _field(
        "outlet_alignment",
        "Outlet alignment",
        "code",
        origin="source",
        vocabulary="alignments",
        roles=("colour",),
    ),
    _field("published", "Published", "date", origin="source"),
    _field("file", "File", origin="derived"),
)

BY_COLUMN: dict[str, Field] = {f.column: f for f in FIELDS}
COLUMNS: list[str] = [f.column for f in FIELDS]


def with_role(role: Role) -> list[Field]:
    """The fields that play `role`, in registry order."""
    return [f for f in FIELDS if f.has(role)]


FILTERS: list[Field] = with_role("filter")
FILTER_KEYS: dict[str, Field] = {f.url_key: f for f in FILTERS if f.url_key}
LANES: dict[str, str] = {f.column: f.label for f in with_role("lane")}
COLOURS: dict[str, str] = {f.column: f.label for f in with_role("colour")}
SEARCHED: tuple[str, ...] = tuple(f.column for f in with_role("search"))
STATS: dict[str, str] = {f.column: f.label for f in with_role("stat")}
TAXONOMY_CHECKED: dict[str, Vocabulary] = {
    f.column: f.vocabulary
    for f in FIELDS
    if f.vocabulary in ("alignments", "kinds", "statuses", "countries")
}


def plain(value: Any) -> Any:
    """A frame cell as a plain Python value: every kind of missing as None, a timestamp as its
    date (a datetime when off midnight), arrays and tuples as lists (a list cell read back from
    Parquet arrives as an array), numpy scalars as Python ones.

    plain(pd.Timestamp("2024-10-18")) == date(2024, 10, 18); plain(pd.NA) is None
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(item) for item in value]
    if isinstance(value, pd.Timestamp):
        return (
            None
            if value is pd.NaT
            else value.date()
            if value == value.normalize()
            else value.to_pydatetime()
        )
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def typed_frame(
    records: Iterable[Mapping[str, Any] | tuple], columns: list[str] = COLUMNS
) -> pd.DataFrame:
    """An events frame of `records` (tuples in `columns` order, or mappings), with the registry's dtypes.

    Dates become datetime64[ns], whole numbers nullable Int64, floats float64, flags bool.
    """
    frame = pd.DataFrame.from_records(list(records), columns=columns)
    for column in columns:
        kind = BY_COLUMN[column].kind
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        elif kind == "int":
            frame[column] = frame[column].astype("Int64")
        elif kind == "float":
            frame[column] = frame[column].astype("float64")
        elif kind == "bool":
            frame[column] = frame[column].fillna(False).astype(bool)
    return frame


def checked_columns(origin: Origin) -> list[str]:
    """The columns from `origin` whose values must be in a taxonomy vocabulary or be a country."""
    return [c for c in TAXONOMY_CHECKED if BY_COLUMN[c].origin == origin]
