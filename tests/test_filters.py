"""FilterState: its round trip through URL params, its notices for bad values, and apply()."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import TAXONOMY, make_events
from timeline.data.filters import FilterState, apply, choices
from timeline.data.names import label

D = dt.date

EVENTS = make_events(
    [
        {
            "id": "nis",
            "title": "NIS says Pyongyang will send about 12,000 special forces",
            "claimant": "South Korea's National Intelligence Service",
            "claimant_country": "KR",
            "alignment": "allied",
            "kind": "intelligence_claim",
            "status": "reported",
            "start": "2024-10-18",
            "quote": "decided to dispatch about 12,000 special operation forces",
            "location": "Vladivostok",
        },
        {
            "id": "zelensky",
            "title": "Zelensky says troops are training on Russian ranges",
            "claimant": "Volodymyr Zelensky",
            "claimant_country": "UA",
            "alignment": "ukraine",
            "kind": "official_statement",
            "status": "confirmed",
            "start": "2024-10-08",
            "end": "2024-10-13",
            "precision": "days",
            "quote": "North Korean personnel are being trained at Russian ranges",
        },
        {
            "id": "peskov",
            "title": "Kremlin calls the reports a canard",
            "claimant": "Dmitry Peskov",
            "claimant_country": "RU",
            "alignment": "russia",
            "kind": "denial",
            "status": "denied",
            "start": "2024-10-24",
            "quote": "Another canard (sic). [Nothing] to add: 1+1*2 = a.b?",
            "notes": "ZEBRA appears only in the notes",
        },
        {
            "id": "kcna",
            "title": "KCNA denies any deployment",
            "claimant": "KCNA",
            "claimant_country": "KP",
            "alignment": "dprk",
            "kind": "denial",
            "status": "denied",
            "start": "2024-11-01",
            "end": "2024-11-30",
            "precision": "month",
            "quote": "a groundless rumour spread by the puppets",
        },
        {
            "id": "hur",
            "title": "Losses reported in the Kursk region",
            "claimant": "Ukraine's Main Intelligence Directorate (HUR)",
            "claimant_country": "UA",
            "alignment": "ukraine",
            "kind": "combat_report",
            "status": "reported",
            "start": "2024-12-14",
            "quote": "suffered significant losses near Kursk",
        },
        {
            "id": "rutte",
            "title": "NATO confirms troops sent to Russia",
            "claimant": "Mark Rutte",
            "claimant_country": "NATO",
            "alignment": "allied",
            "kind": "official_statement",
            "status": "confirmed",
            "start": "2024-10-21",
            "end": "2024-10-31",
            "precision": "month_part",
            "qualifier": "by",
            "quote": "I can confirm today that North Korean troops have been sent to Russia",
        },
    ]
)
ALL = sorted(["nis", "zelensky", "peskov", "kcna", "hur", "rutte"])


def ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["id"])


STATES = [
    FilterState(),
    FilterState(country=("RU",)),
    FilterState(country=("RU", "KP"), alignment=("russia", "dprk")),
    FilterState(kind=("denial", "combat_report"), status=("denied",)),
    FilterState(claimant=("South Korea's National Intelligence Service", "KCNA")),
    FilterState(start=D(2024, 10, 1)),
    FilterState(end=D(2024, 12, 31)),
    FilterState(start=D(2024, 10, 1), end=D(2024, 12, 31)),
    FilterState(start=D(2024, 10, 18), end=D(2024, 10, 18)),
    FilterState(query="Kursk"),
    FilterState(query="a&b=c?d #e %20 +"),
    FilterState(query="Стрелков 北朝鮮"),
    FilterState(
        country=("UA",),
        alignment=("ukraine",),
        kind=("official_statement",),
        status=("confirmed",),
        claimant=("Volodymyr Zelensky",),
        start=D(2024, 10, 1),
        end=D(2024, 10, 31),
        query="troops",
    ),
]


@pytest.mark.parametrize("state", STATES)
def test_round_trip_through_params(state: FilterState) -> None:
    assert FilterState.from_params(state.to_params()) == (state, [])


texts = st.text(min_size=0, max_size=12)


@st.composite
def states(draw: st.DrawFn) -> FilterState:
    start, end = draw(st.none() | st.dates()), draw(st.none() | st.dates())
    if start is not None and end is not None and start > end:
        start, end = end, start
    multi = st.lists(texts, max_size=4).map(tuple)
    return FilterState(
        country=draw(multi),
        alignment=draw(multi),
        kind=draw(multi),
        status=draw(multi),
        claimant=draw(multi),
        start=start,
        end=end,
        query=draw(texts),
    )


@given(states())
def test_any_state_survives_the_round_trip(state: FilterState) -> None:
    assert FilterState.from_params(state.to_params()) == (state, [])


@pytest.mark.parametrize(
    ("state", "params"),
    [
        (FilterState(), {}),
        (FilterState(country=("RU", "KP")), {"country": ["RU", "KP"]}),
        (
            FilterState(alignment=("russia",), kind=("denial",), status=("denied",)),
            {"alignment": ["russia"], "kind": ["denial"], "status": ["denied"]},
        ),
        (FilterState(claimant=("KCNA",)), {"claimant": ["KCNA"]}),
        (
            FilterState(start=D(2024, 10, 1), end=D(2024, 12, 31)),
            {"from": ["2024-10-01"], "to": ["2024-12-31"]},
        ),
        (FilterState(query="  Kursk "), {"q": ["Kursk"]}),
        (FilterState(query="   "), {}),
    ],
)
def test_to_params_names_only_the_fields_in_use(state: FilterState, params: dict) -> None:
    assert state.to_params() == params


@pytest.mark.parametrize(
    ("params", "state"),
    [
        ({}, FilterState()),
        ({"country": "RU"}, FilterState(country=("RU",))),
        ({"country": ["RU", "KP"]}, FilterState(country=("RU", "KP"))),
        ({"country": ["RU", "KP", "RU"]}, FilterState(country=("RU", "KP"))),
        ({"country": ["", "RU"], "q": "", "from": ""}, FilterState(country=("RU",))),
        ({"q": ["first", "last"]}, FilterState(query="last")),
        ({"from": ["2024-10-01", "2024-11-01"]}, FilterState(start=D(2024, 11, 1))),
        ({"from": " 2024-10-01 "}, FilterState(start=D(2024, 10, 1))),
        ({"to": "2024-10-01"}, FilterState(end=D(2024, 10, 1))),
        (
            {"from": "2024-10-01", "to": "2024-10-01"},
            FilterState(start=D(2024, 10, 1), end=D(2024, 10, 1)),
        ),
        ({"utm_source": "mail", "page": "timeline"}, FilterState()),
        (
            {"alignment": ("russia", "dprk"), "kind": ["denial"], "status": "denied"},
            FilterState(alignment=("russia", "dprk"), kind=("denial",), status=("denied",)),
        ),
    ],
)
def test_from_params_reads_single_and_repeated_keys(params: dict, state: FilterState) -> None:
    assert FilterState.from_params(params) == (state, [])


class QueryParams(dict):
    """Like st.query_params: item access gives the last value, get_all() gives every value."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs

    def get_all(self, key: str) -> list[str]:
        return [value for k, value in self.pairs if k == key]


def test_from_params_keeps_every_repeated_value_of_a_streamlit_like_mapping() -> None:
    params = QueryParams([("country", "RU"), ("country", "KP"), ("q", "troops")])
    assert params["country"] == "KP"
    assert FilterState.from_params(params) == (
        FilterState(country=("RU", "KP"), query="troops"),
        [],
    )


ALLOWED = {"country": ["KP", "RU", "UA"], "alignment": ["dprk", "russia", "ukraine"]}


@pytest.mark.parametrize(
    ("params", "state", "notices"),
    [
        (
            {"country": ["RU", "XX"], "alignment": "russia"},
            FilterState(country=("RU",), alignment=("russia",)),
            ["country='XX'"],
        ),
        (
            {"alignment": ["martian", "dprk"], "country": "KP"},
            FilterState(country=("KP",), alignment=("dprk",)),
            ["alignment='martian'"],
        ),
        (
            {"from": "notadate", "to": "2024-12-31", "country": "UA"},
            FilterState(country=("UA",), end=D(2024, 12, 31)),
            ["from='notadate'"],
        ),
        (
            {"from": "2024-10-01", "to": "2024-13-45"},
            FilterState(start=D(2024, 10, 1)),
            ["to='2024-13-45'"],
        ),
        (
            {"from": "2024-12-31", "to": "2024-10-01", "q": "Kursk"},
            FilterState(query="Kursk"),
            ["from=2024-12-31 and to=2024-10-01"],
        ),
        (
            {"country": ["XX", "YY"], "alignment": "martian", "from": "soon", "kind": "anything"},
            FilterState(kind=("anything",)),
            ["country='XX'", "country='YY'", "alignment='martian'", "from='soon'"],
        ),
        (
            {"country": "<script>" + "x" * 500},
            FilterState(),
            ["country='<script>" + "x" * 32 + "…'"],
        ),
    ],
)
def test_bad_values_are_ignored_with_one_notice_each(
    params: dict, state: FilterState, notices: list[str]
) -> None:
    got, got_notices = FilterState.from_params(params, ALLOWED)
    assert got == state
    assert len(got_notices) == len(notices)
    for notice, fragment in zip(got_notices, notices, strict=True):
        assert fragment in notice


def test_without_choices_any_value_is_accepted() -> None:
    assert FilterState.from_params({"country": "XX"}) == (FilterState(country=("XX",)), [])


@pytest.mark.parametrize(
    ("built", "same_as"),
    [
        (FilterState(country=["RU", "KP"]), FilterState(country=("RU", "KP"))),
        (FilterState(kind=("denial", "denial", "")), FilterState(kind=("denial",))),
        (FilterState(start=dt.datetime(2024, 10, 1, 15, 30)), FilterState(start=D(2024, 10, 1))),
        (FilterState(end=pd.Timestamp("2024-10-01")), FilterState(end=D(2024, 10, 1))),
        (FilterState(query="  troops\n"), FilterState(query="troops")),
    ],
)
def test_state_normalizes_what_widgets_hand_over(built: FilterState, same_as: FilterState) -> None:
    assert built == same_as
    assert hash(built) == hash(same_as)


@pytest.mark.parametrize(
    ("state", "empty"),
    [
        (FilterState(), True),
        (FilterState(query="  "), True),
        (FilterState(country=("",)), True),
        (FilterState(query="x"), False),
        (FilterState(status=("denied",)), False),
        (FilterState(end=D(2024, 1, 1)), False),
    ],
)
def test_is_empty(state: FilterState, empty: bool) -> None:
    assert state.is_empty() is empty


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (FilterState(), ALL),
        (FilterState(country=("UA",)), ["hur", "zelensky"]),
        (FilterState(country=("UA", "RU")), ["hur", "peskov", "zelensky"]),
        (FilterState(country=("NATO",)), ["rutte"]),
        (FilterState(country=("GB",)), []),
        (FilterState(alignment=("allied",)), ["nis", "rutte"]),
        (FilterState(alignment=("russia", "dprk")), ["kcna", "peskov"]),
        (FilterState(kind=("denial",)), ["kcna", "peskov"]),
        (FilterState(status=("confirmed",)), ["rutte", "zelensky"]),
        (FilterState(claimant=("KCNA", "Mark Rutte")), ["kcna", "rutte"]),
        (FilterState(claimant=("kcna",)), []),
        (FilterState(country=("UA",), status=("confirmed",)), ["zelensky"]),
        (FilterState(alignment=("allied",), kind=("denial",)), []),
        (FilterState(country=("UA",), query="kursk"), ["hur"]),
    ],
)
def test_each_field_narrows_to_its_values(state: FilterState, expected: list[str]) -> None:
    assert ids(apply(EVENTS, state)) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 10, 10), D(2024, 10, 10), ["zelensky"]),  # inside a span
        (D(2024, 10, 13), None, ["hur", "kcna", "nis", "peskov", "rutte", "zelensky"]),  # last day
        (D(2024, 10, 14), None, ["hur", "kcna", "nis", "peskov", "rutte"]),
        (None, D(2024, 10, 8), ["zelensky"]),  # first day of a span
        (None, D(2024, 10, 7), []),
        (D(2024, 10, 14), D(2024, 10, 17), []),  # the gap between two events
        (D(2024, 10, 18), D(2024, 10, 18), ["nis"]),  # a one-day event on the boundary
        (D(2024, 10, 25), D(2024, 10, 26), ["rutte"]),  # span partly inside
        (D(2024, 10, 30), D(2024, 11, 2), ["kcna", "rutte"]),  # overlaps two spans' edges
        (D(2024, 11, 15), D(2024, 11, 20), ["kcna"]),  # range inside a month span
        (D(2024, 9, 1), D(2025, 1, 31), ALL),
        (D(1, 1, 1), D(9999, 12, 31), ALL),  # outside pandas' nanosecond range
        (D(2024, 12, 15), None, []),
        (D(2024, 10, 20), D(2024, 10, 10), []),  # reversed: nothing can overlap it
    ],
)
def test_date_range_keeps_spans_that_overlap_it(
    start: dt.date | None, end: dt.date | None, expected: list[str]
) -> None:
    assert ids(apply(EVENTS, FilterState(start=start, end=end))) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kursk", ["hur"]),  # title and quote of the same event
        ("KURSK", ["hur"]),
        ("kcna", ["kcna"]),  # claimant and title
        ("mark rutte", ["rutte"]),  # claimant only
        ("dispatch", ["nis"]),  # quote only
        ("north korean", ["rutte", "zelensky"]),
        ("troops", ["rutte", "zelensky"]),
        ("(sic)", ["peskov"]),  # regex characters match literally
        ("[Nothing]", ["peskov"]),
        ("1+1*2", ["peskov"]),
        ("a.b?", ["peskov"]),
        (".", ["peskov"]),
        ("a.c", []),  # a dot is not "any character"
        ("(HUR)", ["hur"]),
        ("Vladivostok", []),  # location is not searched
        ("ZEBRA", []),  # nor are the notes
        ("nis,", []),
        ("canard (sic). [nothing]", ["peskov"]),
    ],
)
def test_query_is_a_literal_case_insensitive_substring(query: str, expected: list[str]) -> None:
    assert ids(apply(EVENTS, FilterState(query=query))) == expected


def test_apply_leaves_the_frame_alone() -> None:
    before = EVENTS.copy(deep=True)
    narrowed = apply(EVENTS, FilterState(country=("UA",), query="kursk", start=D(2024, 12, 1)))
    assert ids(narrowed) == ["hur"]
    pd.testing.assert_frame_equal(EVENTS, before)
    assert list(narrowed.columns) == list(EVENTS.columns)


def test_apply_on_an_empty_frame() -> None:
    empty = EVENTS.iloc[0:0]
    assert apply(empty, FilterState(country=("UA",), query="x", start=D(2024, 1, 1))).empty


def test_choices_are_the_sorted_values_present() -> None:
    assert choices(EVENTS) == {
        "country": ["KP", "KR", "NATO", "RU", "UA"],
        "outlet_country": ["KR"],
        "alignment": ["allied", "dprk", "russia", "ukraine"],
        "kind": ["combat_report", "denial", "intelligence_claim", "official_statement"],
        "status": ["confirmed", "denied", "reported"],
        "claimant": [
            "Dmitry Peskov",
            "KCNA",
            "Mark Rutte",
            "South Korea's National Intelligence Service",
            "Ukraine's Main Intelligence Directorate (HUR)",
            "Volodymyr Zelensky",
        ],
    }


def test_choices_validate_a_link_built_from_the_same_data() -> None:
    params = {"country": ["UA", "GB"], "kind": "denial", "claimant": "Nobody"}
    state, notices = FilterState.from_params(params, choices(EVENTS))
    assert state == FilterState(country=("UA",), kind=("denial",))
    assert len(notices) == 2


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("UA", "Ukraine (UA)"),
        ("RU", "Russia (RU)"),  # the taxonomy's short name, not "Russian Federation"
        ("KP", "North Korea (KP)"),
        ("US", "United States (US)"),
        ("EU", "European Union (EU)"),
        ("NATO", "NATO"),  # a body named by its code is not repeated
        ("ZZ", "ZZ"),
        ("not a code", "not a code"),
    ],
)
def test_country_label(code: str, named: str) -> None:
    assert label("claimant_country", code, TAXONOMY) == named
    assert label("outlet_country", code, TAXONOMY) == named


def test_country_label_without_a_taxonomy_is_the_code() -> None:
    assert label("claimant_country", "UA", None) == "UA"
