"""The timeline figure: styles by span and precision, colours and lanes, hover text, selectability."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from tests.factories import TAXONOMY, make_events
from timeline import load_dataset
from timeline.charts.timeline import (
    COLOURS,
    CORRECTED,
    LABEL_FONT,
    LABEL_LIMIT,
    LANE_NAME_CHARS,
    LANES,
    MARKS_ROWS,
    MAX_ROWS,
    ROW_EMS,
    ROW_PX,
    STYLES,
    least_height,
    opening_window,
    row_px,
    timeline_figure,
)
from timeline.data.model import Case, Term
from timeline.present import FALLBACK_COLOURS, NO_EVENTS, palette

EVENTS = make_events(
    [
        {
            "id": "nis",
            "title": "NIS says Pyongyang will send about 12,000 special forces",
            "date_text": "October 18",
            "start": "2024-10-18",
            "claimant": "South Korea's National Intelligence Service",
            "claimant_country": "KR",
            "alignment": "allied",
            "kind": "intelligence_claim",
            "status": "reported",
        },
        {
            "id": "zelensky",
            "title": "Zelensky says troops are training on Russian ranges",
            "date_text": "between October 8 and 13",
            "start": "2024-10-08",
            "end": "2024-10-13",
            "precision": "days",
            "claimant": "Volodymyr Zelensky",
            "claimant_country": "UA",
            "alignment": "ukraine",
            "kind": "official_statement",
            "status": "confirmed",
            "source": "000_c8c1ef873393fa57",
            "outlet": "Kyiv Independent",
            "outlet_alignment": "ukraine",
        },
        {
            "id": "kcna",
            "title": "KCNA denies any deployment",
            "date_text": "November",
            "start": "2024-11-01",
            "end": "2024-11-30",
            "precision": "month",
            "claimant": "KCNA",
            "claimant_country": "KP",
            "alignment": "dprk",
            "kind": "denial",
            "status": "denied",
            "source": "003_51d8ea2b4fc11b21",
            "outlet": "TASS",
            "outlet_alignment": "russia",
        },
        {
            "id": "early-nov",
            "title": "Troops reach the front",
            "date_text": "early November",
            "start": "2024-11-01",
            "end": "2024-11-10",
            "precision": "month_part",
            "claimant": "Pentagon",
            "claimant_country": "US",
            "alignment": "allied",
            "kind": "intelligence_claim",
            "status": "disputed",
        },
        {
            "id": "rutte",
            "title": "NATO confirms troops sent to Russia",
            "date_text": "by the end of October",
            "start": "2024-10-21",
            "end": "2024-10-31",
            "precision": "month_part",
            "qualifier": "by",
            "claimant": "Mark Rutte",
            "claimant_country": "NATO",
            "alignment": "allied",
            "kind": "official_statement",
            "status": "confirmed",
        },
        {
            "id": "by-day",
            "title": "Deployment to Kursk by October 23",
            "date_text": "by October 23",
            "start": "2024-10-23",
            "qualifier": "by",
            "claimant": "Main Intelligence Directorate",
            "claimant_country": "UA",
            "alignment": "ukraine",
            "kind": "intelligence_claim",
            "status": "reported",
            "source": "000_c8c1ef873393fa57",
            "outlet": "Kyiv Independent",
            "outlet_alignment": "ukraine",
        },
        {
            "id": "explicit",
            "title": "Peskov: nothing to add",
            "date_text": None,
            "start": "2024-12-02",
            "claimant": "Dmitry Peskov",
            "claimant_country": "RU",
            "alignment": "russia",
            "kind": "denial",
            "status": "denied",
            "quote": "word " * 60,
            "source": "003_51d8ea2b4fc11b21",
            "outlet": "TASS",
            "outlet_alignment": "russia",
        },
    ]
)
BY_ID = EVENTS.set_index("id")
RANGED = {"zelensky", "kcna", "early-nov", "rutte"}
NO_LATER_THAN = {"rutte", "by-day"}


STYLE_NAMES = {style.name for style in STYLES}


def styled(fig: go.Figure) -> list[go.Bar | go.Scatter]:
    """The traces that draw events in their colour: not the ring, connector or labels."""
    return [trace for trace in fig.data if trace.meta in STYLE_NAMES]


def trace_ids(trace: go.Bar | go.Scatter) -> list[str]:
    return [row[0] for row in trace.customdata]


def hovers(fig: go.Figure) -> dict[str, str]:
    """Event id -> its hover text, from every trace (they agree: one text per event)."""
    return {
        row[0]: text
        for trace in fig.data
        for row, text in zip(trace.customdata, trace.hovertext, strict=True)
    }


def by_style(fig: go.Figure) -> dict[str, list[str]]:
    styles: dict[str, list[str]] = {}
    for trace in fig.data:
        styles.setdefault(trace.meta, []).extend(trace_ids(trace))
    return {style: sorted(ids) for style, ids in styles.items()}


def test_range_events_are_bars_and_one_day_events_markers() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    bars = [i for t in fig.data if isinstance(t, go.Bar) for i in trace_ids(t)]
    assert sorted(bars) == sorted(RANGED)
    assert all(t.orientation == "h" for t in fig.data if isinstance(t, go.Bar))
    styles = by_style(fig)
    assert styles["day"] == ["explicit", "nis"]  # "by-day" is drawn as "no later than"
    assert styles["no_later_than"] == sorted(NO_LATER_THAN)
    assert styles["span_handle"] == sorted(RANGED)
    assert all(t.mode == "markers" for t in styled(fig) if isinstance(t, go.Scatter))


def test_bars_cover_their_inclusive_days() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    spans = {
        row[0]: (pd.Timestamp(base), length)
        for t in fig.data
        if isinstance(t, go.Bar)
        for row, base, length in zip(t.customdata, t.base, t.x, strict=True)
    }
    assert spans["zelensky"] == (pd.Timestamp("2024-10-08"), 6 * 86_400_000)
    assert spans["kcna"] == (pd.Timestamp("2024-11-01"), 30 * 86_400_000)


def test_every_event_is_selectable_through_a_marker_point() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    assert all(len(t.customdata) == len(t.y) > 0 for t in fig.data)
    points = {i for t in fig.data if isinstance(t, go.Scatter) for i in trace_ids(t)}
    assert points == set(EVENTS["id"])


# The factory taxonomy's colours, written out: an alignment's own; a kind or status without one
# takes the next Okabe-Ito colour (orange, sky blue, green, blue, ...) its vocabulary leaves free.
SIDES = {"ukraine": "#0072B2", "allied": "#56B4E9", "russia": "#D55E00", "dprk": "#CC79A7"}
TAXONOMY_COLOURS = {
    "alignment": SIDES,
    "outlet_alignment": SIDES,
    "kind": {"intelligence_claim": "#56B4E9", "official_statement": "#E69F00", "denial": "#009E73"},
    "status": {
        "reported": "#E69F00",
        "confirmed": "#009E73",
        "disputed": "#56B4E9",
        "denied": "#0072B2",
    },
}


@pytest.mark.parametrize("colour", COLOURS)
def test_colours_follow_the_taxonomy(colour: str) -> None:
    fig = timeline_figure(EVENTS, TAXONOMY, colour=colour)
    colours = TAXONOMY_COLOURS[colour]
    seen = set()
    for trace in styled(fig):
        assert trace.marker.color == colours[trace.legendgroup]
        for event in trace_ids(trace):
            assert BY_ID.loc[event, colour] == trace.legendgroup
            seen.add(event)
    assert seen == set(EVENTS["id"])
    assert fig.layout.legend.title.text == COLOURS[colour]


@pytest.mark.parametrize(
    ("colour", "legend"),
    [
        ("alignment", ["Ukraine", "Allied", "Russia", "DPRK"]),  # taxonomy order, present only
        ("outlet_alignment", ["Ukraine", "Allied", "Russia"]),
        ("kind", ["Intelligence claim", "Official statement", "Denial"]),
        ("status", ["Reported", "Confirmed", "Disputed", "Denied"]),
    ],
)
def test_one_legend_entry_per_value(colour: str, legend: list[str]) -> None:
    fig = timeline_figure(EVENTS, TAXONOMY, colour=colour)
    assert [t.name for t in styled(fig) if t.showlegend] == legend
    assert {t.name for t in styled(fig)} == set(legend)


@pytest.mark.parametrize(
    ("colour_by", "expected"),
    [
        ("alignment", {"ukraine": "#0072B2", "russia": "#D55E00", "independent": "#009E73"}),
        ("outlet_alignment", {"allied": "#56B4E9", "dprk": "#CC79A7"}),
        # Colourless kinds take Okabe-Ito colours in order, skipping the one a kind brought.
        (
            "kind",
            {
                "intelligence_claim": "#56B4E9",
                "official_statement": "#E69F00",
                "denial": "#009E73",
                "combat_report": "#0072B2",
            },
        ),
        ("status", {"reported": "#E69F00", "confirmed": "#009E73", "disputed": "#56B4E9"}),
    ],
)
def test_palette(colour_by: str, expected: dict[str, str]) -> None:
    colours = palette(TAXONOMY, colour_by)
    assert {key: colours[key] for key in expected} == expected


def test_palette_covers_the_vocabulary_in_order_and_cycles_when_it_runs_out() -> None:
    kinds = {f"k{n}": Term(label=f"K{n}") for n in range(len(FALLBACK_COLOURS) + 2)}
    taxonomy = TAXONOMY.model_copy(update={"kinds": kinds})
    colours = palette(taxonomy, "kind")
    assert list(colours) == list(kinds)
    assert list(colours.values()) == [*FALLBACK_COLOURS, *FALLBACK_COLOURS[:2]]
    assert list(palette(TAXONOMY, "alignment")) == list(TAXONOMY.alignments)


@pytest.mark.parametrize(
    ("lane", "colour"),
    [("status", "alignment"), ("claimant", "alignment"), ("kind", "source"), ("kind", "title")],
)
def test_unknown_options_are_refused(lane: str, colour: str) -> None:
    with pytest.raises(ValueError, match="expected one of"):
        timeline_figure(EVENTS, TAXONOMY, lane=lane, colour=colour)


@pytest.mark.parametrize("colour_by", ["claimant", "source", "precision"])
def test_palette_refuses_fields_without_colours(colour_by: str) -> None:
    with pytest.raises(ValueError, match="expected one of"):
        palette(TAXONOMY, colour_by)


def test_uncertain_spans_are_lighter_and_hatched() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    bars = {i: t for t in fig.data if isinstance(t, go.Bar) for i in trace_ids(t)}
    for vague in ("kcna", "early-nov", "rutte"):
        assert bars[vague].marker.pattern.shape
        assert bars[vague].opacity < bars["zelensky"].opacity
    assert not bars["zelensky"].marker.pattern.shape


def test_no_later_than_is_drawn_and_said() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    traces = [t for t in fig.data if t.meta == "no_later_than"]
    assert {t.marker.symbol for t in traces} == {"triangle-left-open"}
    ends = {i: x for t in traces for i, x in zip(trace_ids(t), t.x, strict=True)}
    assert pd.Timestamp(ends["rutte"]).date() == pd.Timestamp("2024-10-31").date()
    assert pd.Timestamp(ends["by-day"]).date() == pd.Timestamp("2024-10-23").date()
    text = hovers(fig)
    assert "Happened: “by the end of October” → no later than 2024-10-31" in text["rutte"]
    assert "Happened: “by October 23” → no later than 2024-10-23" in text["by-day"]
    happened = {event for event, said in text.items() if "Happened: “by" in said}
    assert happened == NO_LATER_THAN


@pytest.mark.parametrize(
    ("event", "fragments"),
    [
        (
            "nis",
            [
                "<b>NIS says Pyongyang will send about 12,000 special forces</b>",
                "South Korea's National Intelligence Service",
                "South Korea (KR)",
                "Happened: “October 18” → 2024-10-18<br>",
                "Said: no later than 2024-10-18 · said by the time it was happening<br>",
                "“decided to dispatch about 12,000 special operation forces”",
            ],
        ),
        ("zelensky", ["Happened: “between October 8 and 13” → 2024-10-08 to 2024-10-13<br>"]),
        (
            "early-nov",
            ["“early November” → 2024-11-01 to 2024-11-10 (roughly: part of a month)<br>"],
        ),
        ("kcna", ["“November” → 2024-11-01 to 2024-11-30 (roughly: a month)", "North Korea (KP)"]),
        ("explicit", ["<br>Happened: 2024-12-02<br>", "“" + "word " * 23 + "word…”"]),
    ],
)
def test_hover_says_who_when_and_what(event: str, fragments: list[str]) -> None:
    text = hovers(timeline_figure(EVENTS, TAXONOMY))[event]
    for fragment in fragments:
        assert fragment in text


def test_every_trace_shows_its_events_hover_text() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    assert {t.hovertemplate for t in fig.data} == {"%{hovertext}<extra></extra>"}
    assert all(len(t.hovertext) == len(t.customdata) for t in fig.data)


HOSTILE = "<img src=x onerror=alert(1)> <script>alert('x')</script> <b>&amp;</b>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert('x')&lt;/script&gt; &lt;b&gt;&amp;amp;&lt;/b&gt;"


@pytest.mark.parametrize("field", ["title", "claimant", "quote", "date_text", "said_text"])
def test_text_from_data_is_escaped_in_every_hover(field: str) -> None:
    events = EVENTS.assign(**{field: HOSTILE})
    fig = timeline_figure(events, TAXONOMY)
    for trace in fig.data:
        for text in trace.hovertext:
            assert ESCAPED in text
            assert "<img" not in text and "<script" not in text and "<b>&amp;" not in text


def test_text_from_data_is_escaped_in_lanes_and_legend() -> None:
    statuses = {**TAXONOMY.statuses, "denied": Term(label=HOSTILE)}
    taxonomy = TAXONOMY.model_copy(update={"statuses": statuses})
    fig = timeline_figure(EVENTS.assign(outlet=HOSTILE), taxonomy, lane="source", colour="status")
    lanes, legend = fig.layout.yaxis.ticktext, {t.name for t in fig.data if t.showlegend}
    assert all(escaped_start(lane) for lane in lanes)  # a long lane name is cut short
    assert ESCAPED in legend and not any("<img" in name for name in legend)


def test_country_names_from_the_taxonomy_are_escaped_in_lanes_and_hover() -> None:
    taxonomy = TAXONOMY.model_copy(update={"bodies": {**TAXONOMY.bodies, "EVIL": HOSTILE}})
    fig = timeline_figure(EVENTS.assign(claimant_country="EVIL"), taxonomy)
    assert all(escaped_start(lane) for lane in fig.layout.yaxis.ticktext)
    shown = [text for t in fig.data for text in t.hovertext]
    assert all(ESCAPED in text and "<img" not in text for text in shown)


def escaped_start(text: str) -> bool:
    """Whether `text` is HOSTILE's start, escaped (with "…" where it was cut)."""
    shown = text.removesuffix("…")
    return bool(shown) and ESCAPED.startswith(shown) and "<img" not in text


def lane_of(fig: go.Figure) -> dict[str, str]:
    """Event id -> the tick label of the lane its points sit in: the nearest lane centre."""
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    lanes: dict[str, set[str]] = {}
    for trace in fig.data:
        for row, y in zip(trace.customdata, trace.y, strict=True):
            lanes.setdefault(row[0], set()).add(ticks[min(ticks, key=lambda t: abs(t - y))])
    assert all(len(names) == 1 for names in lanes.values())
    return {event: names.pop() for event, names in lanes.items()}


@pytest.mark.parametrize(
    ("lane", "expected"),
    [
        (
            "claimant_country",
            {
                "nis": "South Korea (KR)",
                "zelensky": "Ukraine (UA)",
                "by-day": "Ukraine (UA)",
                "kcna": "North Korea (KP)",
                "early-nov": "United States (US)",
                "rutte": "NATO",
                "explicit": "Russia (RU)",
            },
        ),
        (
            "alignment",
            {
                "nis": "Allied",
                "zelensky": "Ukraine",
                "by-day": "Ukraine",
                "kcna": "DPRK",
                "early-nov": "Allied",
                "rutte": "Allied",
                "explicit": "Russia",
            },
        ),
        (
            "kind",
            {
                "nis": "Intelligence claim",
                "zelensky": "Official statement",
                "by-day": "Intelligence claim",
                "kcna": "Denial",
                "early-nov": "Intelligence claim",
                "rutte": "Official statement",
                "explicit": "Denial",
            },
        ),
        (
            "source",
            {
                "nis": "Yonhap",
                "zelensky": "Kyiv Independent",
                "by-day": "Kyiv Independent",
                "kcna": "TASS",
                "early-nov": "Yonhap",
                "rutte": "Yonhap",
                "explicit": "TASS",
            },
        ),
    ],
)
def test_lanes_switch(lane: str, expected: dict[str, str]) -> None:
    fig = timeline_figure(EVENTS, TAXONOMY, lane=lane)
    assert lane_of(fig) == expected
    assert fig.layout.yaxis.title.text == LANES[lane]


@pytest.mark.parametrize(
    ("lane", "ticks"),
    [
        (
            "claimant_country",
            [
                "NATO",
                "North Korea (KP)",
                "Russia (RU)",
                "South Korea (KR)",
                "Ukraine (UA)",
                "United States (US)",
            ],
        ),
        ("alignment", ["Ukraine", "Allied", "Russia", "DPRK"]),
        ("kind", ["Intelligence claim", "Official statement", "Denial"]),
    ],
)
def test_lanes_are_ordered_for_reading(lane: str, ticks: list[str]) -> None:
    assert list(timeline_figure(EVENTS, TAXONOMY, lane=lane).layout.yaxis.ticktext) == ticks


def test_sources_sharing_an_outlet_are_told_apart() -> None:
    events = EVENTS.assign(outlet="Reuters")
    ticks = timeline_figure(events, TAXONOMY, lane="source").layout.yaxis.ticktext
    assert ticks == tuple(f"Reuters ({source})" for source in sorted(set(EVENTS["source"])))


def test_events_of_one_day_in_one_lane_do_not_sit_on_each_other() -> None:
    events = make_events([{"id": f"e{n}"} for n in range(3)])
    fig = timeline_figure(events, TAXONOMY)
    (trace,) = styled(fig)
    assert len(set(trace.y)) == 3
    [centre] = fig.layout.yaxis.tickvals
    assert all(abs(y - centre) <= 1 for y in trace.y)


def test_an_empty_frame_gives_a_figure_that_says_so() -> None:
    fig = timeline_figure(EVENTS.iloc[0:0], TAXONOMY)
    assert fig.data == ()
    assert [a.text for a in fig.layout.annotations] == [NO_EVENTS]
    fig.to_json()


def test_a_missing_taxonomy_still_draws_every_event() -> None:
    fig = timeline_figure(EVENTS, None)
    assert {i for t in fig.data for i in trace_ids(t)} == set(EVENTS["id"])
    assert palette(None, "alignment") == {}


@pytest.mark.parametrize("events", [20, 400])
def test_trace_count_does_not_grow_with_events(events: int) -> None:
    frame = make_events(
        [
            {
                "id": f"e{n}",
                "start": f"2024-10-{1 + n % 20:02d}",
                "end": f"2024-10-{1 + n % 20 + n % 3:02d}",
                "precision": ["day", "days", "month"][n % 3],
                "qualifier": "by" if n % 5 == 0 else None,
                "alignment": ["ukraine", "allied", "russia", "dprk"][n % 4],
            }
            for n in range(events)
        ]
    )
    fig = timeline_figure(frame, TAXONOMY)
    assert len(fig.data) <= 5 * 4 + 1  # styles x alignments, and the labels
    assert {i for t in fig.data for i in trace_ids(t)} == set(frame["id"])


def test_the_figure_leaves_the_frame_alone_and_serializes() -> None:
    before = EVENTS.copy(deep=True)
    fig = timeline_figure(EVENTS, TAXONOMY, lane="source", colour="status", height=500)
    pd.testing.assert_frame_equal(EVENTS, before)
    assert fig.layout.height == 500
    layout = fig.layout
    sizes = [
        layout.font.size,
        layout.hoverlabel.font.size,
        layout.legend.font.size,
        layout.legend.title.font.size,
        layout.xaxis.tickfont.size,
        layout.yaxis.tickfont.size,
        layout.yaxis.title.font.size,
    ]
    assert min(sizes) >= 13  # readable on a projector
    assert fig.layout.xaxis.type == "date"
    fig.to_json()


def _spread(starts: list[str]) -> pd.DataFrame:
    return make_events([{"id": f"e{i}", "start": start} for i, start in enumerate(starts)])


@pytest.mark.parametrize(
    ("starts", "window", "before"),
    [
        # 60 events in Oct-Dec 2024 and two background ones a year before: open on the story
        (["2023-01-01", "2023-06-01"] + [f"2024-{m}-{d:02d}" for m in (10, 11, 12) for d in range(1, 21)],
         ("2024-09-28", "2024-12-24"), 2),
        # nothing far out: the chart shows everything as it is
        ([f"2024-10-{d:02d}" for d in range(1, 29)], None, 0),
        (["2024-10-01"], None, 0),
    ],
)  # fmt: skip
def test_the_chart_opens_on_the_story_not_its_distant_background(starts, window, before) -> None:
    figure = timeline_figure(_spread(starts), TAXONOMY)
    notes = [note for note in figure.layout.annotations if note.text.startswith("◀")]
    if window is None:
        assert figure.layout.xaxis.range is None
        assert not notes
    else:
        assert tuple(figure.layout.xaxis.range) == window
        [note] = notes
        assert note.text.startswith(f"◀ {before} earlier events")
    # nothing is dropped: every event is still in the figure, reachable by zooming out
    ids = {i for trace in figure.data for i in trace_ids(trace)}
    assert ids == {f"e{i}" for i in range(len(starts))}


# Two times per event: when it happened (start/end) and when it was said (said_start/said_end).
TWO_TIMES = make_events(
    [
        # happened October 8-13, said October 18: a report after the fact
        {"id": "after", "date_text": "October 8-13", "start": "2024-10-08", "end": "2024-10-13", "precision": "days",
         "said_text": "October 18", "said_start": "2024-10-18", "said_qualifier": None},
        # said October 24 about December: a forecast
        {"id": "forecast", "start": "2024-12-01", "end": "2024-12-31", "precision": "month",
         "said_start": "2024-10-24", "said_qualifier": None},
        # said no later than its document's publication, December 20
        {"id": "relayed", "start": "2024-12-14", "published": "2024-12-20"},
        # said over several days
        {"id": "said-days", "start": "2024-12-20", "said_start": "2024-12-06",
         "said_end": "2024-12-12", "said_precision": "days", "said_qualifier": None},
        # said some time in October, roughly
        {"id": "said-month", "start": "2024-11-02", "said_start": "2024-10-01",
         "said_end": "2024-10-31", "said_precision": "month", "said_qualifier": None},
        # the curator corrected the document's "August 21"
        {"id": "fixed", "date_text": "August 21", "start": "2024-10-21", "corrected": True,
         "published": "2024-10-25"},
    ]
)  # fmt: skip


def placed(fig: go.Figure) -> dict[str, tuple[str, pd.Timestamp]]:
    """Event id -> (style, x) of the mark that places it: a bar's base, a marker's x."""
    marks = {}
    for trace in fig.data:
        if trace.meta in {"span_handle", "corrected", "lag", "label"}:
            continue
        xs = trace.base if isinstance(trace, go.Bar) else trace.x
        for row, x in zip(trace.customdata, xs, strict=True):
            marks[row[0]] = (trace.meta, pd.Timestamp(x))
    return marks


@pytest.mark.parametrize(
    ("axis", "event", "style", "x"),
    [
        ("happened", "after", "exact_span", "2024-10-08"),
        ("said", "after", "day", "2024-10-18 12:00"),
        ("happened", "forecast", "vague_span", "2024-12-01"),
        ("said", "forecast", "day", "2024-10-24 12:00"),
        ("happened", "relayed", "day", "2024-12-14 12:00"),
        ("said", "relayed", "no_later_than", "2024-12-20 12:00"),  # the said "by": ◁ at its day
        ("said", "said-days", "exact_span", "2024-12-06"),
        ("said", "said-month", "vague_span", "2024-10-01"),  # said precision: hatched
        ("happened", "said-month", "day", "2024-11-02 12:00"),
        ("happened", "fixed", "day", "2024-10-21 12:00"),
        ("said", "fixed", "no_later_than", "2024-10-25 12:00"),
    ],
)
def test_the_axis_places_events_by_when_they_happened_or_were_said(axis, event, style, x) -> None:
    fig = timeline_figure(TWO_TIMES, TAXONOMY, axis=axis)
    assert placed(fig)[event] == (style, pd.Timestamp(x))
    assert set(placed(fig)) == set(TWO_TIMES["id"])


@pytest.mark.parametrize("axis", ["happened", "said"])
@pytest.mark.parametrize(
    ("event", "fragments"),
    [
        ("after", ["Happened: “October 8-13” → 2024-10-08 to 2024-10-13<br>",
                   "Said: “October 18” → 2024-10-18 · said 5 days after it happened<br>"]),
        ("forecast", ["Said: 2024-10-24 · said 38 days before it happened (a forecast)"]),
        ("relayed", ["Said: no later than 2024-12-20 · said at most 6 days after it happened"]),
        ("said-days", ["Said: 2024-12-06 to 2024-12-12 · said 8 days before it happened"]),
        ("fixed", ["Happened: 2024-10-21; date corrected by the curator, the source says "
                   "“August 21”<br>"]),
    ],
)  # fmt: skip
def test_the_hover_says_when_it_happened_and_when_it_was_said(axis, event, fragments) -> None:
    text = hovers(timeline_figure(TWO_TIMES, TAXONOMY, axis=axis))[event]
    for fragment in fragments:
        assert fragment in text


@pytest.mark.parametrize("axis", ["happened", "said"])
def test_an_unknown_axis_is_refused(axis: str) -> None:
    with pytest.raises(ValueError, match="expected one of: happened, said"):
        timeline_figure(TWO_TIMES, TAXONOMY, axis=axis.upper())


@pytest.mark.parametrize(
    ("axis", "selected", "ends", "words"),
    [
        # from the bar's end nearest the said-day to the said-day
        ("happened", "after", ("2024-10-14", "2024-10-18 12:00"), "Said: 2024-10-18 ·"),
        ("said", "after", ("2024-10-18 12:00", "2024-10-14"), "Happened: 2024-10-08 to"),
        # a forecast: from the start of the December bar back to October 24
        ("happened", "forecast", ("2024-12-01", "2024-10-24 12:00"), "38 days before"),
        ("said", "forecast", ("2024-10-24 12:00", "2024-12-01"), "38 days before"),
        ("happened", "relayed", ("2024-12-14 12:00", "2024-12-20 12:00"), "at most 6 days"),
        ("happened", "said-days", ("2024-12-20 12:00", "2024-12-13"), "8 days before"),
        ("said", "said-days", ("2024-12-13", "2024-12-20 12:00"), "8 days before"),
    ],
)
def test_the_selected_event_has_a_connector_from_said_to_happened(axis, selected, ends, words):
    fig = timeline_figure(TWO_TIMES, TAXONOMY, axis=axis, selected=selected)
    [lag] = [t for t in fig.data if t.meta == "lag"]
    assert tuple(pd.Timestamp(x) for x in lag.x) == tuple(pd.Timestamp(x) for x in ends)
    assert trace_ids(lag) == [selected, selected]
    [row] = {y for t in fig.data for i, y in zip(trace_ids(t), t.y, strict=True) if i == selected}
    assert tuple(lag.y) == (row, row)  # along the event's own row
    assert all(words in text for text in lag.hovertext)
    # it starts on the event's mark and may win the hover there: it says what the mark says too
    own = hovers(timeline_figure(TWO_TIMES, TAXONOMY, axis=axis))[selected]
    assert all(text.endswith(f"<br>{own}") for text in lag.hovertext)
    assert lag.line.dash == "dot" and lag.showlegend


@pytest.mark.parametrize("selected", [None, "no-such-event"])
def test_no_connector_without_a_selected_event(selected: str | None) -> None:
    fig = timeline_figure(TWO_TIMES, TAXONOMY, selected=selected)
    assert "lag" not in {t.meta for t in fig.data}


@pytest.mark.parametrize(("axis", "ringed"), [("happened", ["fixed"]), ("said", [])])
def test_corrected_dates_are_ringed_and_the_legend_says_so(axis: str, ringed: list[str]) -> None:
    fig = timeline_figure(TWO_TIMES, TAXONOMY, axis=axis)
    rings = [t for t in fig.data if t.meta == "corrected"]
    assert [i for t in rings for i in trace_ids(t)] == ringed
    if ringed:
        [ring] = rings
        assert ring.name == CORRECTED and ring.showlegend
        assert ring.marker.symbol == "circle-open"
        assert [pd.Timestamp(x) for x in ring.x] == [pd.Timestamp("2024-10-21 12:00")]
    assert not any(t.meta == "corrected" for t in timeline_figure(EVENTS, TAXONOMY).data)


@pytest.mark.parametrize(
    ("window", "shown", "before"),
    [
        ((dt.date(2024, 10, 1), dt.date(2024, 12, 31)), ["2024-10-01", "2025-01-01"], 0),
        # the window's last day is shown whole; events wholly before it are counted
        ((dt.date(2024, 12, 1), dt.date(2024, 12, 15)), ["2024-12-01", "2024-12-16"], 3),
    ],
)
def test_the_chart_opens_on_the_window_it_is_given(window, shown, before) -> None:
    fig = timeline_figure(TWO_TIMES, TAXONOMY, window=window)
    assert list(fig.layout.xaxis.range) == shown
    notes = [a.text for a in fig.layout.annotations if a.text.startswith("◀")]
    assert notes == (
        [f"◀ {before} earlier events: double-click the chart for all"] if before else []
    )


def labels_of(fig: go.Figure) -> dict[str, str]:
    """Event id -> its label as drawn."""
    return {
        row[0]: text
        for trace in fig.data
        if trace.meta == "label"
        for row, text in zip(trace.customdata, trace.text, strict=True)
    }


def crowd(count: int, **extra) -> pd.DataFrame:
    """`count` claims of one lane on one day, each with a 30-character label."""
    return make_events(
        [
            {"id": f"c{n:02d}", "label": f"Claim number {n:02d} said here…", **extra}
            for n in range(count)
        ]
    )


def test_every_event_in_a_roomy_chart_carries_its_label() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY)
    assert labels_of(fig) == dict(zip(EVENTS["id"], EVENTS["label"], strict=True))
    assert fig.layout.meta["hidden"] == 0 and fig.layout.meta["mode"] == "labels"
    [trace] = [t for t in fig.data if t.meta == "label"]
    assert trace.mode == "text" and trace.textfont.size >= 13
    assert not [a for a in fig.layout.annotations if "hidden" in a.text]


def test_labels_of_data_are_escaped() -> None:
    fig = timeline_figure(EVENTS.assign(label=HOSTILE), TAXONOMY)
    assert set(labels_of(fig).values()) == {ESCAPED}


@pytest.mark.parametrize(
    ("count", "hidden"),
    # one lane may take MAX_ROWS rows
    [(2, 0), (MAX_ROWS, 0), (MAX_ROWS + 1, 1), (MAX_ROWS + 12, 12)],
)
def test_labels_that_cannot_fit_are_hidden_and_counted(count: int, hidden: int) -> None:
    fig = timeline_figure(crowd(count), TAXONOMY)
    assert len(labels_of(fig)) == count - hidden
    assert fig.layout.meta["hidden"] == hidden
    notes = [a.text for a in fig.layout.annotations if "hidden" in a.text]
    assert notes == ([f"{hidden} labels hidden where they would overlap"] if hidden else [])
    # every event is still drawn and clickable
    assert {i for t in styled(fig) for i in trace_ids(t)} == set(crowd(count)["id"])


def test_labelled_events_in_one_lane_take_rows_of_their_own() -> None:
    fig = timeline_figure(crowd(5), TAXONOMY)
    rows = {i: y for t in styled(fig) for i, y in zip(trace_ids(t), t.y, strict=True)}
    assert len(set(rows.values())) == 5


@pytest.mark.parametrize(
    ("keeps", "extra"),
    [
        ("c15", {"troops": 3000}),  # a troop figure keeps its label
        ("c15", {"contradicts": ["c00"]}),  # and so does a contradiction, on both sides
    ],
)
def test_thinning_keeps_figures_and_contradictions_first(keeps: str, extra: dict) -> None:
    events = crowd(2 * MAX_ROWS)
    keeps = f"c{2 * MAX_ROWS - 1}"
    events.loc[events["id"] == keeps, list(extra)] = pd.Series(extra).to_numpy()
    if "contradicts" in extra:
        events["contradicts"] = [["c00"] if i == keeps else [] for i in events["id"]]
    drawn = labels_of(timeline_figure(events, TAXONOMY))
    assert keeps in drawn and len(drawn) == MAX_ROWS
    assert f"c{2 * MAX_ROWS - 2}" not in drawn  # a plain late claim lost its place


def test_the_selected_event_keeps_its_label() -> None:
    last = f"c{MAX_ROWS + 3}"
    assert last not in labels_of(timeline_figure(crowd(MAX_ROWS + 4), TAXONOMY))
    assert last in labels_of(timeline_figure(crowd(MAX_ROWS + 4), TAXONOMY, selected=last))


def test_labels_come_back_as_the_window_narrows() -> None:
    events = make_events(
        [{"id": f"d{n}", "start": f"2024-10-{1 + n:02d}", "label": "x" * 10} for n in range(28)]
    )  # more than MAX_ROWS, all in one lane
    wide = timeline_figure(events, TAXONOMY, window=(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    narrow = timeline_figure(events, TAXONOMY, window=(dt.date(2024, 9, 30), dt.date(2024, 10, 31)))
    assert len(labels_of(wide)) < len(labels_of(narrow)) == 28


def test_events_outside_the_window_are_drawn_but_not_labelled() -> None:
    fig = timeline_figure(EVENTS, TAXONOMY, window=(dt.date(2024, 12, 1), dt.date(2024, 12, 31)))
    assert set(labels_of(fig)) == {"explicit"}
    assert {i for t in styled(fig) for i in trace_ids(t)} == set(EVENTS["id"])


def test_above_the_label_limit_the_figure_draws_marks_only() -> None:
    many = make_events(
        [{"id": f"m{n}", "start": f"2024-10-{1 + n % 28:02d}"} for n in range(LABEL_LIMIT + 1)]
    )
    fig = timeline_figure(many, TAXONOMY)
    assert fig.layout.meta["mode"] == "marks" and not labels_of(fig)
    assert len({y for t in styled(fig) for y in t.y}) == MARKS_ROWS
    few = timeline_figure(many.iloc[:LABEL_LIMIT], TAXONOMY)
    assert few.layout.meta["mode"] == "labels"


@pytest.mark.parametrize(
    ("lane", "rows", "grown"),
    # lanes in EVENTS; rows the new lane takes: its six, or its share of ROW_BUDGET when fewer
    [("alignment", 4, 6), ("kind", 3, 6), ("claimant_country", 6, 4)],
)
def test_height_grows_with_lanes_and_rows(lane: str, rows: int, grown: int) -> None:
    fig = timeline_figure(EVENTS, TAXONOMY, lane=lane)
    assert len(fig.layout.yaxis.tickvals) == rows
    # six claims of one day in a lane of their own: more rows, each ROW_PX high
    more = crowd(6, alignment="independent", kind="combat_report", claimant_country="EU")
    taller = timeline_figure(pd.concat([EVENTS, more]), TAXONOMY, lane=lane)
    assert taller.layout.yaxis.range[0] >= fig.layout.yaxis.range[0] + grown
    assert taller.layout.height >= 90 + (taller.layout.yaxis.range[0] + 0.4) * ROW_PX - 1
    assert taller.layout.height > fig.layout.height >= 360


@pytest.mark.parametrize(
    ("story", "within", "axis", "window"),
    [
        # the story window, whatever lies before it
        (("2024-10-01", "2024-12-31"), (None, None), "happened", ("2024-10-01", "2024-12-31")),
        # cut to the date filter
        (("2024-10-01", "2024-12-31"), ("2024-11-01", None), "happened", ("2024-11-01", "2024-12-31")),
        # a story with no event in it: the focus window instead (here: everything)
        (("2022-01-01", "2022-12-31"), (None, None), "happened", None),
        (None, (None, None), "happened", None),
        # said on the 18th and 20th of October and December: the story holds them
        (("2024-10-01", "2024-12-31"), (None, None), "said", ("2024-10-01", "2024-12-31")),
    ],
)  # fmt: skip
def test_the_opening_window_is_the_story(story, within, axis, window) -> None:
    case = Case(title="t", story={"from": story[0], "to": story[1]} if story else None)
    within = tuple(dt.date.fromisoformat(day) if day else None for day in within)
    expected = tuple(dt.date.fromisoformat(day) for day in window) if window else None
    assert opening_window(TWO_TIMES, case, axis, within) == expected
    assert opening_window(TWO_TIMES, None, axis) == opening_window(TWO_TIMES, Case(title="t"), axis)


# Main-area widths of the Timeline page (CSS px, the sidebar collapsed), as Chromium draws them.
MAIN_WIDTH = {"1920x1080": 1760, "1366x768": 1206}


def test_the_story_is_labelled_at_the_width_the_chart_really_has() -> None:
    root = Path(__file__).resolve().parent.parent
    data = load_dataset(root / "events", root / "seeds")
    window = opening_window(data.events, data.case)
    assert window is not None
    start, after = pd.Timestamp(window[0]), pd.Timestamp(window[1]) + pd.Timedelta(days=1)
    # a bar over most of the window has no room beside it for a label
    covered = data.events["end"].clip(upper=after) - data.events["start"].clip(lower=start)
    whole = int((covered >= 0.85 * (after - start)).sum())
    meta = {
        size: timeline_figure(data.events, data.taxonomy, window=window, width=px).layout.meta
        for size, px in MAIN_WIDTH.items()
    }
    wide, laptop = meta["1920x1080"], meta["1366x768"]
    assert wide["labels"] == wide["visible"] - whole
    assert laptop["labels"] >= 0.8 * laptop["visible"]
    narrow = timeline_figure(data.events, data.taxonomy, window=window, width=600).layout.meta
    assert narrow["labels"] < laptop["labels"] <= wide["labels"]


@pytest.mark.parametrize("lane", ["claimant_country", "alignment", "source"])
@pytest.mark.parametrize("height", [None, 420, 708, 1020])
def test_a_set_height_gives_every_row_a_labels_line_and_a_ringed_mark(
    lane: str, height: int | None
) -> None:
    """One screen of the Timeline page: the figure as tall as asked (at least least_height(),
    which ui.chart grows a short window's chart to), its lanes sharing the rows that fit."""
    root = Path(__file__).resolve().parent.parent
    data = load_dataset(root / "events", root / "seeds")
    window = opening_window(data.events, data.case)
    margins = 160
    lanes = data.events[lane].nunique()
    least = least_height(lanes, margins)
    tall = max(least, height or least)
    fig = timeline_figure(
        data.events, data.taxonomy, lane=lane, window=window, height=tall, margins_px=margins
    )
    span = fig.layout.yaxis.range[0] - fig.layout.yaxis.range[1]
    assert fig.layout.height == tall
    assert (fig.layout.height - margins) / span >= row_px() >= LABEL_FONT * ROW_EMS
    assert len(fig.layout.yaxis.ticktext) == lanes
    if height is not None and height >= 700:  # a laptop's screen and up shows labels
        assert fig.layout.meta["labels"] > 0
    # below least_height a row per lane no longer fits: why a short window's chart grows
    short = timeline_figure(
        data.events, data.taxonomy, lane=lane, window=window, height=least - 30, margins_px=margins
    )
    span = short.layout.yaxis.range[0] - short.layout.yaxis.range[1]
    assert (short.layout.height - margins) / span < row_px()


@pytest.mark.parametrize("lane", list(LANES))
def test_every_choice_of_lanes_labels_most_of_the_story(lane: str) -> None:
    """A long lane name (a source named by a sentence) is cut short, not given the plot's width:
    whatever the lanes, most of the story keeps its labels at 1366x768 with the sidebar open."""
    root = Path(__file__).resolve().parent.parent
    data = load_dataset(root / "events", root / "seeds")
    fig = timeline_figure(
        data.events, data.taxonomy, lane=lane, window=opening_window(data.events, data.case)
    )
    meta = fig.layout.meta
    assert meta["labels"] >= 0.8 * meta["visible"], meta
    assert max(map(len, fig.layout.yaxis.ticktext)) <= LANE_NAME_CHARS
