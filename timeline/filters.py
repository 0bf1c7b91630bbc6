"""The dashboard's filter state, its round trip through URL query params, and applying it to events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields

import pandas as pd

from timeline.model import Taxonomy

# Multi-valued fields: state field -> (URL key, events column). Order is the order of the URL.
MULTI = {
    "countries": ("country", "claimant_country"),
    "alignments": ("alignment", "alignment"),
    "kinds": ("kind", "kind"),
    "statuses": ("status", "status"),
    "claimants": ("claimant", "claimant"),
}
# Columns the text search looks in.
SEARCHED = ("title", "claimant", "quote")

_SHOWN = 40  # longest URL value repeated back in a notice


@dataclass(frozen=True)
class FilterState:
    """What the user narrowed the events to; an empty field puts no constraint on its column.

    Values are kept in the order given, without duplicates or empty strings, and the query is
    stripped, so two states that filter alike and were built alike compare equal.
    """

    countries: tuple[str, ...] = ()
    alignments: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    query: str = ""

    def __post_init__(self) -> None:
        # Widgets hand over lists and datetimes; normalizing here keeps the state hashable and
        # makes equality mean "filters the same way".
        for name in MULTI:
            values = getattr(self, name)
            object.__setattr__(self, name, tuple(dict.fromkeys(v for v in values if v)))
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime):
                object.__setattr__(self, name, value.date())
        object.__setattr__(self, "query", self.query.strip())

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, str | Sequence[str]],
        choices: Mapping[str, Collection[str]] | None = None,
    ) -> tuple[FilterState, list[str]]:
        """The state a URL's query params describe, and one notice per bad value it ignored.

        `choices` maps a URL key to its allowed values; keys it does not list accept any value.
        Unknown keys are ignored silently. Repeated keys give several values; a mapping with a
        `get_all(key)` method (like `st.query_params`) is read through it so none are lost.

        FilterState.from_params({"country": ["RU", "KP"], "from": "notadate"})
        == (FilterState(countries=("RU", "KP")), ["Ignored from='notadate': not a date like 2024-10-01."])
        """
        choices = choices or {}
        notices: list[str] = []
        multi: dict[str, list[str]] = {}
        for name, (key, _column) in MULTI.items():
            allowed = choices.get(key)
            multi[name] = []
            for value in _values(params, key):
                if allowed is not None and value not in allowed:
                    notices.append(
                        f"Ignored {key}={_shown(value)}: not one of the values available."
                    )
                else:
                    multi[name].append(value)
        start = _date(params, "from", notices)
        end = _date(params, "to", notices)
        if start is not None and end is not None and start > end:
            notices.append(f"Ignored from={start} and to={end}: from is after to.")
            start = end = None
        queries = _values(params, "q")
        query = queries[-1] if queries else ""
        return cls(**multi, start=start, end=end, query=query), notices

    def to_params(self) -> dict[str, list[str]]:
        """The URL query params for this state, non-empty fields only.

        FilterState(countries=("RU", "KP"), query="Kursk").to_params()
        == {"country": ["RU", "KP"], "q": ["Kursk"]}
        """
        params = {key: list(getattr(self, name)) for name, (key, _column) in MULTI.items()}
        params["from"] = [self.start.isoformat()] if self.start else []
        params["to"] = [self.end.isoformat()] if self.end else []
        params["q"] = [self.query] if self.query else []
        return {key: values for key, values in params.items() if values}

    def is_empty(self) -> bool:
        """True when the state lets every event through."""
        return all(getattr(self, f.name) == f.default for f in fields(self))


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    """The non-empty values given for `key`: a lone string is one value, not its characters."""
    get_all = getattr(params, "get_all", None)
    raw = get_all(key) if callable(get_all) else params.get(key, [])
    values = [raw] if isinstance(raw, str) else list(raw)
    return [value for value in values if value]


def _date(
    params: Mapping[str, str | Sequence[str]], key: str, notices: list[str]
) -> dt.date | None:
    """The last ISO date given for `key`; a value that is not one becomes a notice."""
    values = _values(params, key)
    if not values:
        return None
    try:
        return dt.date.fromisoformat(values[-1].strip())
    except ValueError:
        notices.append(f"Ignored {key}={_shown(values[-1])}: not a date like 2024-10-01.")
        return None


def _shown(value: str) -> str:
    """A URL value quoted for a notice, cut short so a long link cannot flood the page."""
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def apply(df: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The events that pass every non-empty field of `state` (a view of `df`, never a mutation).

    The date range keeps events whose inclusive span overlaps [start, end]; the query is a
    case-insensitive literal substring of the title, the claimant or the quote.
    """
    keep = pd.Series(True, index=df.index)
    for name, (_key, column) in MULTI.items():
        values = getattr(state, name)
        if values:
            keep &= df[column].isin(values)
    if state.start is not None:
        keep &= df["end"] >= pd.Timestamp(state.start)
    if state.end is not None:
        keep &= df["start"] <= pd.Timestamp(state.end)
    if state.query:
        found = pd.Series(False, index=df.index)
        for column in SEARCHED:
            found |= df[column].str.contains(state.query, case=False, regex=False, na=False)
        keep &= found
    return df[keep]


def choices(df: pd.DataFrame) -> dict[str, list[str]]:
    """URL key -> the sorted distinct values of its column in `df`.

    choices(events) == {"country": ["KP", "RU", "UA"], "alignment": [...], ...}
    """
    return {key: sorted(df[column].dropna().unique()) for key, column in MULTI.values()}


def country_label(code: str, taxonomy: Taxonomy | None) -> str:
    """A country or body as the sidebar shows it: its name with its code, or the bare code.

    country_label("UA", taxonomy) == "Ukraine (UA)"; country_label("ZZ", taxonomy) == "ZZ"
    """
    name = taxonomy.country_name(code) if taxonomy is not None else None
    return f"{name} ({code})" if name and name != code else code
