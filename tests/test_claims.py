"""The Claims core: contradiction pairs and who answered whom, the arcs chart, each side's record."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.factories import DEFAULTS, TAXONOMY, make_events
from timeline.charts import claims
from timeline.charts.claims import (
    NO_PAIRS,
    answer_words,
    contradiction_pairs,
    contradictions_figure,
    disputed_at_home,
    pairs_table,
    status_counts,
    status_figure,
)
from timeline.present import FONT_SIZE, palette

DEFAULT_CLAIMANT = DEFAULTS["claimant"]
XSS = "<img src=x onerror=alert(1)>"


def said(day: str, by: bool = False) -> dict:
    return {"said_start": day, "said_qualifier": "by" if by else None}


EVENTS = make_events(
    [
        {"id": "nis", "claimant": "NIS", "alignment": "allied", **said("2024-10-18")},
        {"id": "hur", "claimant": "HUR", "alignment": "ukraine", **said("2024-10-23")},
        # the Kremlin answers both, listing them
        {
            "id": "kremlin",
            "claimant": "Kremlin",
            "alignment": "russia",
            "status": "denied",
            "contradicts": ["nis", "hur"],
            **said("2024-10-24"),
        },
        # listed from both ends: one pair; the earlier said is A
        {
            "id": "kcna",
            "claimant": "KCNA",
            "alignment": "dprk",
            "contradicts": ["ukmod"],
            **said("2024-12-20", by=True),
        },
        {
            "id": "ukmod",
            "claimant": "UK MoD",
            "alignment": "allied",
            "contradicts": ["kcna"],
            **said("2024-12-16"),
        },
        {"id": "alone", "claimant": "Analysts", "alignment": "independent"},
        # said together: the claim about the later time answers the other, whichever lists it
        {"id": "z-early", "start": "2024-10-01", "contradicts": ["a-late"], **said("2024-11-01")},
        {"id": "a-late", "start": "2024-10-05", **said("2024-11-01")},
    ]
)


def test_every_pair_once_with_the_earlier_claim_first() -> None:
    pairs = contradiction_pairs(EVENTS)
    assert list(zip(pairs["a_id"], pairs["b_id"], pairs["lag"], strict=True)) == [
        ("nis", "kremlin", 6),
        ("hur", "kremlin", 1),
        ("z-early", "a-late", 0),
        ("ukmod", "kcna", 4),
    ]
    assert list(pairs["a_claimant"]) == ["NIS", "HUR", DEFAULT_CLAIMANT, "UK MoD"]
    assert list(pairs["b_status"]) == ["denied", "denied", "reported", "reported"]


@pytest.mark.parametrize(
    ("kept", "pairs"),
    [
        (list(EVENTS["id"]), 4),
        (["nis", "kremlin"], 1),  # a pair shows when both of its claims pass the filters
        (["nis", "hur"], 0),
        (["kremlin"], 0),
        (["kcna", "ukmod", "alone"], 1),
        ([], 0),
    ],
)
def test_filters_apply_to_both_sides(kept: list[str], pairs: int) -> None:
    assert len(contradiction_pairs(EVENTS[EVENTS["id"].isin(kept)])) == pairs


def test_an_id_that_names_no_event_or_itself_makes_no_pair() -> None:
    events = make_events(
        [{"id": "a", "contradicts": ["gone", "a"]}, {"id": "b", "contradicts": ["a"]}]
    )
    assert list(zip(*contradiction_pairs(events)[["a_id", "b_id"]].T.values, strict=True)) == [
        ("a", "b")
    ]


@pytest.mark.parametrize(
    ("lag", "a_by", "b_by", "words"),
    [
        (0, False, False, "the same day"),
        (1, False, False, "1 day later"),
        (6, False, False, "6 days later"),
        (6, True, False, "at least 6 days later"),
        (6, False, True, "at most 6 days later"),
        (0, False, True, "the same day at most"),
        (0, True, False, "the same day"),
        (4, True, True, "not known: both are dated only by their documents, 4 days apart"),
        (0, True, True, "not known: both are dated only by their documents, of the same day"),
    ],
)
def test_answer_words(lag: int, a_by: bool, b_by: bool, words: str) -> None:
    assert answer_words(lag, a_by, b_by) == words


def test_pairs_table_puts_each_claim_with_its_quote_side_by_side() -> None:
    table = pairs_table(contradiction_pairs(EVENTS), TAXONOMY)
    assert list(table.columns) == [
        *(f"A: {c}" for c in ("claimant", "side", "said", "status", "quote")),
        *(f"B: {c}" for c in ("claimant", "side", "said", "status", "quote")),
        "B answered",
    ]
    row = table.iloc[3]
    assert (row["A: claimant"], row["A: side"], row["A: said"]) == (
        "UK MoD",
        "Allied",
        "2024-12-16",
    )
    assert (row["B: side"], row["B: said"]) == ("DPRK", "no later than 2024-12-20")
    assert row["B answered"] == "at most 4 days later"
    assert table.iloc[0]["B: status"] == "Denied"
    assert table.iloc[0]["A: quote"] == EVENTS.iloc[0]["quote"]


def test_chart_marks_each_paired_claim_in_its_lane_and_draws_an_arc_per_pair() -> None:
    pairs = contradiction_pairs(EVENTS)
    figure = contradictions_figure(EVENTS, pairs, TAXONOMY)
    marks = [t for t in figure.data if t.meta not in ("arcs", "answers", "labels")]
    ids = sorted(row[0] for t in marks for row in t.customdata)
    assert "alone" not in ids  # it contradicts nothing
    assert ids == sorted(set(EVENTS["id"]) - {"alone"})
    lanes = list(figure.layout.yaxis.ticktext)
    assert lanes == ["Ukraine", "Allied", "Russia", "DPRK"]
    colours = palette(TAXONOMY, "alignment")
    for trace in marks:
        for (event_id,), y in zip(trace.customdata, trace.y, strict=True):
            side = EVENTS.set_index("id").loc[event_id, "alignment"]
            assert round(y) == lanes.index(TAXONOMY.alignments[side].label)
            assert trace.marker.color == colours[side]
    [arcs] = [t for t in figure.data if t.meta == "arcs"]
    assert list(arcs.x).count(None) == len(pairs)
    assert arcs.hoverinfo == "skip"  # a click at an arc's end is the mark's
    [answers] = [t for t in figure.data if t.meta == "answers"]
    assert [t.meta for t in figure.data[:2]] == ["arcs", "answers"]  # under the marks
    assert list(answers.marker.size).count(12) == len(pairs)
    assert "Kremlin answered NIS: 6 days later" in answers.hovertext


def test_claims_said_the_same_day_in_one_lane_stay_apart() -> None:
    events = make_events(
        [
            {"id": "a", "contradicts": ["b", "c"]},
            {"id": "b", "alignment": "allied"},
            {"id": "c", "alignment": "allied"},
        ]
    )
    figure = contradictions_figure(events, contradiction_pairs(events), TAXONOMY)
    ys = [y for t in figure.data if t.meta not in ("arcs", "answers", "labels") for y in t.y]
    assert len(set(ys)) == 3


def test_markup_in_the_data_is_text_in_the_hover() -> None:
    events = make_events(
        [{"id": "a", "title": XSS, "claimant": XSS, "contradicts": ["b"]}, {"id": "b"}]
    )
    figure = contradictions_figure(events, contradiction_pairs(events), TAXONOMY)
    hovers = [h for t in figure.data if t.hovertext for h in t.hovertext if h]
    assert hovers and not any("<img" in h for h in hovers)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in hovers)


def test_no_pairs_says_so() -> None:
    figure = contradictions_figure(EVENTS, contradiction_pairs(EVENTS.iloc[0:1]), TAXONOMY)
    assert not figure.data
    assert figure.layout.annotations[0].text == NO_PAIRS
    assert contradiction_pairs(EVENTS.iloc[0:0]).empty


RECORD = make_events(
    [
        {"id": "r1", "alignment": "russia", "status": "denied", "outlet_alignment": "russia"},
        {"id": "r2", "alignment": "russia", "status": "disputed", "outlet_alignment": "russia"},
        {"id": "r3", "alignment": "russia", "status": "disputed", "outlet_alignment": "allied"},
        {"id": "r4", "alignment": "russia", "status": "reported", "outlet_alignment": "russia"},
        {"id": "a1", "alignment": "allied", "status": "confirmed", "outlet_alignment": "allied"},
        {"id": "a2", "alignment": "allied", "status": "reported", "outlet_alignment": "allied"},
        {"id": "u1", "alignment": "ukraine", "status": "reported", "outlet_alignment": "allied"},
    ]
)


def test_status_counts_in_taxonomy_order() -> None:
    counts = status_counts(RECORD, TAXONOMY)
    assert list(counts.index) == ["ukraine", "allied", "russia"]
    assert list(counts.columns) == ["reported", "confirmed", "disputed", "denied"]
    assert counts.loc["russia"].tolist() == [1, 0, 2, 1]
    assert counts.loc["allied"].tolist() == [1, 1, 0, 0]


def test_status_figure_stacks_statuses_in_their_colours() -> None:
    figure = status_figure(RECORD, TAXONOMY)
    assert figure.layout.barmode == "stack"
    assert [t.name for t in figure.data] == ["Reported", "Confirmed", "Disputed", "Denied"]
    colours = palette(TAXONOMY, "status")
    assert [t.marker.color for t in figure.data] == [colours[s] for s in TAXONOMY.statuses]
    disputed = figure.data[2]
    assert list(disputed.y) == ["Ukraine", "Allied", "Russia"]
    assert list(disputed.x) == [0, 0, 2]
    assert disputed.hovertext[2] == "Russia: 2 disputed (50% of its 4)"
    assert not status_figure(RECORD.iloc[0:0], TAXONOMY).data


def test_share_its_own_documents_call_disputed() -> None:
    home = disputed_at_home(RECORD, TAXONOMY).set_index("side")
    assert home.loc["russia", ["claims", "own", "disputed"]].tolist() == [4, 3, 1]
    assert home.loc["russia", "share"] == pytest.approx(1 / 3)
    assert home.loc["allied", "share"] == 0
    assert home.loc["ukraine", "own"] == 0 and pd.isna(home.loc["ukraine", "share"])


def test_arcs_bow_sideways_when_said_together() -> None:
    events = make_events(
        [
            {"id": "a", "alignment": "allied", "contradicts": ["b"], **said("2024-10-25", True)},
            {"id": "b", "alignment": "russia", **said("2024-10-25", True)},
        ]
    )
    figure = contradictions_figure(events, contradiction_pairs(events), TAXONOMY)
    [arcs] = [t for t in figure.data if t.meta == "arcs"]
    mark = pd.Timestamp("2024-10-25 12:00")
    xs = [pd.Timestamp(x) for x in arcs.x if x is not None]
    assert xs[0] == xs[-1] == mark  # from mark to mark
    assert all(x > mark for x in xs[1:-1])  # a bow to the right, not a line over both marks
    ys = [y for y in arcs.y if y is not None]
    assert (ys[0], ys[-1]) == (0, 1)  # from the allied lane to the Russian
    # a week either side (estimates.padded_range): two weeks, ticked in days, never hours
    assert [pd.Timestamp(x) for x in figure.layout.xaxis.range] == [
        mark - pd.Timedelta(days=7),
        mark + pd.Timedelta(days=7),
    ]


@pytest.mark.parametrize("chart", ["contradictions", "status"])
def test_every_text_has_its_size_set(chart: str) -> None:
    # Streamlit's chart theme fills in smaller sizes wherever the figure leaves one unset.
    if chart == "status":
        layout = status_figure(RECORD, TAXONOMY).layout
    else:
        layout = contradictions_figure(EVENTS, contradiction_pairs(EVENTS), TAXONOMY).layout
    sizes = [
        layout.font.size,
        layout.legend.font.size,
        layout.xaxis.tickfont.size,
        layout.xaxis.title.font.size,
        layout.yaxis.tickfont.size,
    ]
    assert sizes == [FONT_SIZE] * len(sizes)


@pytest.mark.parametrize(("max_pairs", "drawn"), [(1, 1), (2, 2), (10, 4)])
def test_the_chart_draws_at_most_max_pairs_in_the_order_said(max_pairs: int, drawn: int) -> None:
    pairs = contradiction_pairs(EVENTS)
    figure = contradictions_figure(EVENTS, pairs, TAXONOMY, max_pairs=max_pairs)
    [arcs] = [t for t in figure.data if t.meta == "arcs"]
    assert list(arcs.x).count(None) == drawn
    marked = {row[0] for t in figure.data if t.customdata is not None for row in t.customdata}
    assert marked == set(pairs["a_id"].head(drawn)) | set(pairs["b_id"].head(drawn))


def test_the_shipped_statuses_use_no_colour_of_a_side() -> None:
    from pathlib import Path

    from timeline.data.load import load_taxonomy

    problems: list = []
    shipped = load_taxonomy(
        Path(__file__).resolve().parent.parent / "events" / "taxonomy.yaml", problems
    )
    assert shipped is not None and not problems
    sides = [palette(shipped, "alignment")[key] for key in shipped.alignments]
    statuses = [palette(shipped, "status")[key] for key in shipped.statuses]

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))

    # every status colour is far (in RGB) from every side's and from every other status's
    for status in statuses:
        assert (
            min(
                sum((a - b) ** 2 for a, b in zip(rgb(status), rgb(side), strict=True)) ** 0.5
                for side in sides
            )
            > 60
        )
    assert len({s.upper() for s in statuses}) == len(statuses)


def test_arcs_read_from_a_room_and_say_who_is_at_each_end() -> None:
    events = EVENTS.copy()
    events.loc[events["claimant"] == "Kremlin", "claimant_short"] = "Moscow"
    figure = contradictions_figure(events, contradiction_pairs(events), TAXONOMY, width=1900)
    [arcs] = [t for t in figure.data if t.meta == "arcs"]
    assert arcs.line.width >= 2.5 and arcs.line.color == claims.ARC_COLOUR
    [labels] = [t for t in figure.data if t.meta == "labels"]
    assert "Moscow" in labels.text and "NIS" in labels.text
    assert labels.textfont.size >= 14
    assert len(labels.text) + figure.layout.meta["hidden_labels"] == len(events) - 1  # not "alone"


def test_arcs_from_one_lane_over_the_same_days_rise_to_different_heights() -> None:
    # three claims of one lane, each answered by the next lane a few days later: without
    # offsets their arcs would share one height and run on top of one another
    events = make_events(
        [
            {"id": f"u{i}", "said_start": f"2024-10-{10 + i}", "contradicts": [f"r{i}"]}
            for i in range(3)
        ]
        + [
            {"id": f"r{i}", "alignment": "ukraine", "said_start": f"2024-10-{14 + 2 * i}"}
            for i in range(3)
        ]
    )
    figure = contradictions_figure(events, contradiction_pairs(events), TAXONOMY)
    [arcs] = [t for t in figure.data if t.meta == "arcs"]
    peaks, arc = [], []
    for y in arcs.y:
        if y is None:
            peaks.append(round(min(arc), 3))
            arc = []
        else:
            arc.append(y)
    assert len(set(peaks)) == 3
