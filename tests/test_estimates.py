"""The Estimates core: where a said-time sits, which numbers are counted, the table and the figure."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.factories import TAXONOMY, make_events
from timeline.charts import estimates
from timeline.charts.estimates import (
    counts,
    estimates_figure,
    estimates_frame,
    estimates_table,
    number_words,
    said_position,
)
from timeline.present import FONT_SIZE, palette

XSS = "<img src=x onerror=alert(1)>"

SAID = [
    # (said_start, said_end, said_qualifier, x, style)
    ("2024-10-18", "2024-10-18", None, "2024-10-18 12:00", "day"),
    ("2024-10-08", "2024-10-13", None, "2024-10-11 00:00", "span"),
    ("2024-11-01", "2024-11-30", None, "2024-11-16 00:00", "span"),
    ("2024-10-25", "2024-10-25", "by", "2024-10-25 12:00", "by"),
    # "by the end of October": drawn at its last day
    ("2024-10-21", "2024-10-31", "by", "2024-10-31 12:00", "by"),
]


@pytest.mark.parametrize(("start", "end", "qualifier", "x", "style"), SAID)
def test_said_position(start: str, end: str, qualifier: str | None, x: str, style: str) -> None:
    events = make_events(
        [{"id": "a", "said_start": start, "said_end": end, "said_qualifier": qualifier}]
    )
    position, styles = said_position(events)
    assert position.iloc[0] == pd.Timestamp(x)
    assert styles.iloc[0] == style


CLAIMS = make_events(
    [
        # said on three days by two claimants, plus one casualty figure and one without a number
        {
            "id": "nis-oct",
            "claimant": "NIS",
            "troops": 1500,
            "said_start": "2024-10-18",
            "said_qualifier": None,
            "start": "2024-10-08",
            "end": "2024-10-13",
            "precision": "days",
        },
        {
            "id": "nis-dec",
            "claimant": "NIS",
            "troops": 10000,
            "troops_max": 12000,
            "said_start": "2024-12-10",
            "said_qualifier": None,
        },
        {"id": "nis-nov", "claimant": "NIS", "troops": 3000, "published": "2024-11-05"},
        {
            "id": "hur",
            "claimant": "HUR",
            "alignment": "ukraine",
            "claimant_country": "UA",
            "troops": 11000,
            "said_start": "2024-11-01",
            "said_end": "2024-11-03",
            "said_qualifier": None,
        },
        {
            "id": "kia",
            "claimant": "HUR",
            "alignment": "ukraine",
            "troops": 200,
            "troops_kind": "casualties",
            "published": "2024-12-20",
        },
        {"id": "no-number", "claimant": "Kremlin", "alignment": "russia"},
    ]
)


def test_counts_every_kind() -> None:
    none = {"deployed": 0, "planned": 0, "batch": 0, "casualties": 0, "unit": 0, "recruited": 0}
    assert counts(CLAIMS) == none | {"deployed": 4, "casualties": 1}
    assert counts(CLAIMS.iloc[0:0]) == none


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        ("deployed", ["nis-oct", "hur", "nis-nov", "nis-dec"]),  # in the order they were said
        ("casualties", ["kia"]),
        ("unit", []),
    ],
)
def test_frame_holds_the_kind_in_the_order_said(kind: str, ids: list[str]) -> None:
    assert list(estimates_frame(CLAIMS, kind)["id"]) == ids


def test_an_unknown_kind_or_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="no troops kind 'soldiers'"):
        estimates_frame(CLAIMS, "soldiers")
    with pytest.raises(ValueError, match="no scale 'cubic'"):
        estimates_figure(CLAIMS, TAXONOMY, scale="cubic")


@pytest.mark.parametrize(
    ("troops", "troops_max", "words"),
    [
        (12000, None, "12,000"),
        (12000, pd.NA, "12,000"),
        (10000, 12000, "10,000-12,000"),
        (40, 40, "40"),
        (1500, 3000, "1,500-3,000"),
    ],
)
def test_number_words(troops: int, troops_max: object, words: str) -> None:
    assert number_words(troops, troops_max) == words


def test_table_says_who_how_many_when_and_about_when() -> None:
    table = estimates_table(estimates_frame(CLAIMS), TAXONOMY)
    assert list(table.columns) == [
        "Claimant",
        "Troops",
        "Up to",
        "Said",
        "About",
        "Side",
        "Quote",
        "Source",
    ]
    first, last = table.iloc[0], table.iloc[-1]
    assert (first["Claimant"], first["Side"], first["Troops"]) == ("NIS", "Allied", 1500)
    assert first["Said"] == "2024-10-18"
    assert first["About"] == "2024-10-08 to 2024-10-13"
    assert table.iloc[2]["Said"] == "no later than 2024-11-05"
    assert (last["Troops"], last["Up to"]) == (10000, 12000)
    assert table.iloc[1]["Side"] == "Ukraine"
    assert first["Source"] == "Yonhap"


def _traces(figure, meta: str) -> list:
    return [trace for trace in figure.data if trace.meta == meta]


def test_one_marker_per_claim_carries_its_id_and_its_side_colour() -> None:
    figure = estimates_figure(CLAIMS, TAXONOMY)
    colours = palette(TAXONOMY, "alignment")
    marked = {}
    for style in estimates.MARKERS:
        for trace in _traces(figure, style):
            for (event_id,), y in zip(trace.customdata, trace.y, strict=True):
                marked[event_id] = (style, y, trace.marker.color)
    assert marked == {
        "nis-oct": ("day", 1500, colours["allied"]),
        "nis-dec": ("day", 10000, colours["allied"]),
        "nis-nov": ("by", 3000, colours["allied"]),
        "hur": ("span", 11000, colours["ukraine"]),
    }
    # one legend entry per side
    assert sorted(t.name for t in figure.data if t.showlegend) == ["Allied", "Ukraine"]


def test_a_range_is_a_vertical_bar_and_a_said_span_a_horizontal_line() -> None:
    figure = estimates_figure(CLAIMS, TAXONOMY)
    [ranged] = _traces(figure, "range")
    assert list(ranged.y) == [10000, 12000, None]
    assert ranged.x[0] == ranged.x[1]
    [said] = _traces(figure, "said_span")
    assert list(said.y) == [11000, 11000, None]
    assert [pd.Timestamp(x) for x in said.x[:2]] == [
        pd.Timestamp("2024-11-01"),
        pd.Timestamp("2024-11-04"),
    ]


def test_a_claimants_claims_are_joined_in_the_order_said() -> None:
    figure = estimates_figure(CLAIMS, TAXONOMY)
    [joins] = _traces(figure, "claimant")
    # NIS said three numbers: two segments; HUR one deployed number: none
    assert list(joins.y) == [1500, 3000, None, 3000, 10000, None]
    assert all(trace.hoverinfo == "skip" for trace in _traces(figure, "claimant"))


@pytest.mark.parametrize(("scale", "axis"), [("linear", "linear"), ("log", "log")])
def test_scale(scale: str, axis: str) -> None:
    assert estimates_figure(CLAIMS, TAXONOMY, scale=scale).layout.yaxis.type == axis


def test_casualties_are_their_own_series() -> None:
    figure = estimates_figure(CLAIMS, TAXONOMY, kind="casualties")
    ids = [
        row[0] for trace in figure.data if trace.customdata is not None for row in trace.customdata
    ]
    assert ids == ["kia"]
    assert figure.layout.yaxis.title.text == "Casualties"


def test_hover_gives_the_period_and_shows_markup_as_text() -> None:
    events = make_events(
        [
            {
                "id": "x",
                "claimant": XSS,
                "quote": f"{XSS} said 5,000",
                "troops": 5000,
                "date_text": "late October",
                "start": "2024-10-21",
                "end": "2024-10-31",
                "precision": "month_part",
            }
        ]
    )
    [trace] = [t for t in estimates_figure(events, TAXONOMY).data if t.customdata is not None]
    hover = trace.hovertext[0]
    assert "About: 2024-10-21 to 2024-10-31 (roughly: part of a month)" in hover
    assert "Said: no later than 2024-10-18" in hover
    assert "<img" not in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover


def test_no_number_of_the_kind_says_so() -> None:
    figure = estimates_figure(CLAIMS, TAXONOMY, kind="unit")
    assert not figure.data
    assert "unit size" in figure.layout.annotations[0].text
    assert not estimates_figure(CLAIMS.iloc[0:0], None).data


@pytest.mark.parametrize(
    ("ids", "start", "end"),
    [
        # said 2024-10-18 .. 2024-12-10: 53 days, padded by at least a week each side
        (["nis-oct", "nis-dec"], "2024-10-11 12:00", "2024-12-17 12:00"),
        # one claim: a week either side, two weeks Plotly ticks in days, never in hours
        (["nis-oct"], "2024-10-11 12:00", "2024-10-25 12:00"),
    ],
)
def test_the_axis_leaves_room_for_the_marks_at_its_edges(
    ids: list[str], start: str, end: str
) -> None:
    figure = estimates_figure(CLAIMS[CLAIMS["id"].isin(ids)], TAXONOMY)
    assert "%H" not in figure.layout.xaxis.tickformat and "%-d" in figure.layout.xaxis.tickformat
    assert [pd.Timestamp(x) for x in figure.layout.xaxis.range] == [
        pd.Timestamp(start),
        pd.Timestamp(end),
    ]


def test_no_taxonomy_still_draws() -> None:
    figure = estimates_figure(CLAIMS, None)
    assert {t.name for t in figure.data if t.showlegend} == {"allied", "ukraine"}


def test_every_text_has_its_size_set() -> None:
    # Streamlit's chart theme fills in smaller sizes wherever the figure leaves one unset.
    layout = estimates_figure(CLAIMS, TAXONOMY).layout
    sizes = [
        layout.font.size,
        layout.legend.font.size,
        layout.xaxis.tickfont.size,
        layout.xaxis.title.font.size,
        layout.yaxis.tickfont.size,
        layout.yaxis.title.font.size,
    ]
    assert sizes == [FONT_SIZE] * len(sizes)


def _labels(figure) -> dict[str, str]:
    [labels] = _traces(figure, "labels")
    return dict(zip(labels.text, labels.textposition, strict=True))


def test_each_mark_is_labelled_with_its_claimants_short_name() -> None:
    events = CLAIMS.copy()
    events.loc[events["claimant"] == "HUR", "claimant_short"] = "Ukr. intel"
    figure = estimates_figure(events, TAXONOMY, width=1400)
    # three NIS claims (the short name missing: the claimant) and HUR's, all with room to spare
    [labels] = _traces(figure, "labels")
    assert sorted(labels.text) == ["NIS", "NIS", "NIS", "Ukr. intel"]
    assert labels.textfont.size >= 14 and labels.hoverinfo == "skip"
    assert figure.layout.meta["hidden_labels"] == 0
    assert not figure.layout.annotations


def test_crowded_labels_are_thinned_by_the_stated_rule() -> None:
    # twelve claims said on one day with close numbers: their labels cannot all fit
    crowded = make_events(
        [
            {"id": f"c{i}", "claimant": f"Claimant number {i}", "troops": 1000 + 10 * i,
             "said_start": "2024-10-18", "said_qualifier": None}
            for i in range(12)
        ]
    )  # fmt: skip
    figure = estimates_figure(crowded, TAXONOMY, width=880)
    labelled = _traces(figure, "labels")[0].text
    hidden = figure.layout.meta["hidden_labels"]
    assert 0 < len(labelled) < 12 and len(labelled) + hidden == 12
    assert f"{hidden} labels left off where they would overlap" in figure.layout.annotations[0].text
    # a wider plot has room for more of them
    wide = estimates_figure(crowded, TAXONOMY, width=1900)
    assert len(_traces(wide, "labels")[0].text) >= len(labelled)
    assert "left off" in estimates.LABEL_RULE


def test_a_claim_said_long_before_the_story_is_named_at_the_left_edge() -> None:
    events = make_events(
        [
            {"id": "june", "claimant": "Tsutomu Nishioka", "claimant_short": "Nishioka",
             "troops": 10000, "said_start": "2024-06-24", "said_qualifier": None},
            {"id": "oct", "claimant": "NIS", "troops": 1500, "said_start": "2024-10-18",
             "said_qualifier": None},
            {"id": "dec", "claimant": "NIS", "troops": 3000, "said_start": "2024-12-10",
             "said_qualifier": None},
        ]
    )  # fmt: skip
    story = (pd.Timestamp("2024-10-01").date(), pd.Timestamp("2024-12-31").date())
    figure = estimates_figure(events, TAXONOMY, window=story)
    start, end = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    # the axis spans the story, not June to December; ticked in days
    assert pd.Timestamp("2024-09-15") < start < pd.Timestamp("2024-10-01")
    assert pd.Timestamp("2025-01-01") <= end < pd.Timestamp("2025-01-20")
    assert "%H" not in figure.layout.xaxis.tickformat
    [earlier] = _traces(figure, "earlier")
    assert [row[0] for row in earlier.customdata] == ["june"]
    assert start < pd.Timestamp(earlier.x[0]) < pd.Timestamp("2024-10-01")
    assert "← Nishioka, said 2024-06-24" in _labels(figure)
