"""What every column of the events frame is: one registry that filters, lanes, colours, the table,
the stats, the URL and the schema checks all derive from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

if TYPE_CHECKING:
    from timeline.data.model import Taxonomy

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

TROOPS_KINDS = {
    "deployed": "Troops sent",
    "planned": "Planned total",
    "batch": "One batch",
    "casualties": "Casualties",
    "unit": "Unit size",
    "recruited": "Recruited",
}


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


def label(column: str, value: Any, taxonomy: Taxonomy | None) -> str:
    """How the dashboard names one value of a column.

    label("claimant_country", "UA", taxonomy) == "Ukraine (UA)"; label("alignment", "russia", ...) == "Russia"
    """
    if taxonomy is None:
        vocabulary = BY_COLUMN[column].vocabulary if column in BY_COLUMN else None
        return TROOPS_KINDS.get(value, str(value)) if vocabulary == "troops_kinds" else str(value)
    return taxonomy.label(column, value)


def labels(df: pd.DataFrame, column: str, taxonomy: Taxonomy | None) -> dict[str, str]:
    """Value -> label for every value of `column` in `df`, in the order lanes and legends show them.

    Values of a taxonomy vocabulary keep its order (values it lacks follow, sorted); countries sort
    by name; sources are named by their outlet, with the seed id where two seeds share an outlet.
    """
    present = set(df[column].dropna().unique())
    vocabulary = BY_COLUMN[column].vocabulary
    if vocabulary == "sources":
        outlets = df.drop_duplicates(column).set_index(column)["outlet"]
        shared = outlets.duplicated(keep=False)
        return {
            value: f"{outlets[value]} ({value})" if shared[value] else str(outlets[value])
            for value in sorted(present)
        }
    if vocabulary in ("alignments", "kinds", "statuses") and taxonomy is not None:
        terms = getattr(taxonomy, vocabulary)
        known = [key for key in terms if key in present]
        return {key: terms[key].label for key in known} | {
            key: str(key) for key in sorted(present - set(terms))
        }
    named = {value: label(column, value, taxonomy) for value in present}
    return dict(sorted(named.items(), key=lambda item: item[1]))


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
