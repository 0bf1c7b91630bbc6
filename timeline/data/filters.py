"""The dashboard's filter state, its round trip through URL query params, and applying it to events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from timeline.data import fields, names
from timeline.data.model import Taxonomy, clip

_SHOWN = 40  # longest URL value repeated back in a notice
# The URL keys of the filters the registry has no field for: the date range and the search.
START_KEY, END_KEY, QUERY_KEY = "from", "to", "q"
URL_KEYS = (*fields.FILTER_KEYS, START_KEY, END_KEY, QUERY_KEY)


class FilterState:
    """What the user narrowed the events to; an empty field puts no constraint on its column.

    The multi-choice filters are named by their URL keys (fields.FILTER_KEYS):
    FilterState(country=("RU", "KP"), status=("denied",), start=date(2024, 10, 1), query="Kursk").
    Values are kept in the order given, without duplicates or empty strings, and the query is
    stripped, so two states that filter alike and were built alike compare equal.
    """

    __slots__ = ("_choices", "end", "query", "start")

    def __init__(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        query: str = "",
        **choices: Iterable[str],
    ) -> None:
        unknown = set(choices) - set(fields.FILTER_KEYS)
        if unknown:
            raise TypeError(
                f"no filter {', '.join(sorted(unknown))}; expected: {', '.join(fields.FILTER_KEYS)}"
            )
        # Widgets hand over lists and datetimes; normalizing here keeps the state hashable and
        # makes equality mean "filters the same way".
        self._choices = tuple(
            (key, tuple(dict.fromkeys(v for v in choices.get(key, ()) if v)))
            for key in fields.FILTER_KEYS
        )
        self.start = start.date() if isinstance(start, dt.datetime) else start
        self.end = end.date() if isinstance(end, dt.datetime) else end
        self.query = query.strip()

    def get(self, key: str) -> tuple[str, ...]:
        """The values chosen for the filter of URL key `key` (empty: no constraint)."""
        return dict(self._choices)[key]

    @property
    def choices(self) -> dict[str, tuple[str, ...]]:
        """URL key -> the values chosen, for every multi-choice filter."""
        return dict(self._choices)

    def _key(self) -> tuple:
        return (self._choices, self.start, self.end, self.query)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FilterState) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        parts = [f"{key}={values!r}" for key, values in self._choices if values]
        parts += [
            f"{name}={getattr(self, name)!r}" for name in ("start", "end") if getattr(self, name)
        ]
        parts += [f"query={self.query!r}"] if self.query else []
        return f"FilterState({', '.join(parts)})"

    def replace(self, **changes: Any) -> FilterState:
        """A copy with some filters changed: state.replace(country=("UA",), query="")."""
        current: dict[str, Any] = {**self.choices, "start": self.start, "end": self.end}
        return FilterState(**{**current, "query": self.query, **changes})

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, str | Sequence[str]],
        choices: Mapping[str, Collection[str]] | None = None,
    ) -> tuple[FilterState, list[str]]:
        """The state a URL's query params describe, and one notice per bad value it ignored.

        `choices` maps a URL key to its allowed values, matched ignoring case (?country=ru reads
        as RU); keys it does not list accept any value.
        Unknown keys are ignored silently. Repeated keys give several values; a mapping with a
        `get_all(key)` method (like `st.query_params`) is read through it so none are lost.

        FilterState.from_params({"country": ["RU", "KP"], "from": "notadate"})
        == (FilterState(country=("RU", "KP")), ["Ignored from='notadate': not a date like 2024-10-01."])
        """
        choices = choices or {}
        notices: list[str] = []
        multi: dict[str, list[str]] = {}
        for key in fields.FILTER_KEYS:
            allowed = choices.get(key)
            # A link typed by hand may say ?country=ru: values are matched ignoring case.
            folded = {str(v).casefold(): v for v in allowed} if allowed is not None else {}
            multi[key] = []
            for value in _values(params, key):
                value = folded.get(value.casefold(), value)
                if allowed is not None and value not in allowed:
                    notices.append(
                        f"Ignored {key}={shown(value)}: not one of the values available."
                    )
                else:
                    multi[key].append(value)
        start = _date(params, START_KEY, notices)
        end = _date(params, END_KEY, notices)
        if start is not None and end is not None and start > end:
            notices.append(f"Ignored from={start} and to={end}: from is after to.")
            start = end = None
        queries = _values(params, QUERY_KEY)
        query = queries[-1] if queries else ""
        return cls(**multi, start=start, end=end, query=query), notices

    def to_params(self) -> dict[str, list[str]]:
        """The URL query params for this state, non-empty fields only.

        FilterState(country=("RU", "KP"), query="Kursk").to_params()
        == {"country": ["RU", "KP"], "q": ["Kursk"]}
        """
        params = {key: list(values) for key, values in self._choices}
        params[START_KEY] = [self.start.isoformat()] if self.start else []
        params[END_KEY] = [self.end.isoformat()] if self.end else []
        params[QUERY_KEY] = [self.query] if self.query else []
        return {key: values for key, values in params.items() if values}

    def is_empty(self) -> bool:
        """True when the state lets every event through."""
        return self == FilterState()


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
        notices.append(f"Ignored {key}={shown(values[-1])}: not a date like 2024-10-01.")
        return None


def shown(value: str) -> str:
    """A URL value quoted for a notice, cut short so a long link cannot flood the page."""
    return repr(clip(value, _SHOWN + 1))


def apply(df: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The events that pass every non-empty field of `state` (a view of `df`, never a mutation).

    The date range keeps events whose inclusive span overlaps [start, end]; the query is a
    case-insensitive literal substring of the title, the claimant or the quote.
    """
    keep = pd.Series(True, index=df.index)
    for key, values in state.choices.items():
        if values:
            keep &= df[fields.FILTER_KEYS[key].column].isin(values)
    if state.start is not None:
        keep &= df["end"] >= pd.Timestamp(state.start)
    if state.end is not None:
        keep &= df["start"] <= pd.Timestamp(state.end)
    if state.query:
        found = pd.Series(False, index=df.index)
        for column in fields.SEARCHED:
            found |= df[column].str.contains(state.query, case=False, regex=False, na=False)
        keep &= found
    return df[keep]


def choices(df: pd.DataFrame) -> dict[str, list[str]]:
    """URL key -> the sorted distinct values of its column in `df`.

    choices(events) == {"country": ["KP", "RU", "UA"], "alignment": [...], ...}
    """
    return {key: sorted(df[f.column].dropna().unique()) for key, f in fields.FILTER_KEYS.items()}


def describe(state: FilterState, taxonomy: Taxonomy | None) -> str:
    """The filters in words, for a title or a slide; "All events" when nothing is filtered.

    describe(FilterState(country=("RU",), status=("denied",)), taxonomy)
    == "Source country (claimant): Russia (RU); Status: Denied"
    """
    parts = []
    for key, values in state.choices.items():
        if values:
            field = fields.FILTER_KEYS[key]
            named = ", ".join(names.label(field.column, value, taxonomy) for value in values)
            parts.append(f"{field.label}: {named}")
    if state.start or state.end:
        parts.append(f"{state.start or '…'} to {state.end or '…'}")
    if state.query:
        parts.append(f"matching “{state.query}”")
    return "; ".join(parts) or "All events"
