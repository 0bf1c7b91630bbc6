"""Every export format, opened with a reader of its kind and checked for what it must hold."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from tests.factories import TAXONOMY, make_events
from timeline import exports, load_dataset, present
from timeline.charts import timeline as timeline_chart
from timeline.charts.print_style import print_style
from timeline.data import filters
from timeline.data.filters import FilterState
from timeline.data.load import Dataset
from timeline.data.model import Case
from timeline.exports import FORMATS, ExportOptions

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data = load_dataset(FIXTURE / "events", FIXTURE / "seeds")
    assert not data.problems and len(data.events) == 9
    return data


def _bare(df: pd.DataFrame) -> Dataset:
    """A dataset around a hand-made frame, for the formats that need only the events."""
    return Dataset(events=df, problems=[], taxonomy=TAXONOMY)


def build(name: str, df: pd.DataFrame, data: Dataset | None = None, **options) -> bytes:
    return FORMATS[name].build(df, data or _bare(df), ExportOptions(**options))


# --------------------------------------------------------------------------- the registry


def test_the_registry_names_every_format_once_with_distinct_files():
    assert list(FORMATS) == [
        "pptx", "png", "svg", "html", "briefing-html", "timelinejs", "markwhen", "excel-csv",
        "csv", "json",
    ]  # fmt: skip
    assert all(name == fmt.name for name, fmt in FORMATS.items())
    assert len({fmt.extension for fmt in FORMATS.values()}) == len(FORMATS)
    assert {name for name, fmt in FORMATS.items() if fmt.is_text} == {
        "svg",
        "html",
        "briefing-html",
        "timelinejs",
        "markwhen",
        "excel-csv",
        "csv",
        "json",
    }


def _read_empty(name: str, data: bytes) -> object:
    """What a reader of format `name` finds in the file of a view with no events."""
    if name == "pptx":
        slides = Presentation(io.BytesIO(data)).slides
        return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    if name == "png":
        return Image.open(io.BytesIO(data)).size
    if name in ("svg", "html"):
        return data.decode("utf-8").count("No events match these filters.") >= 1
    if name == "timelinejs":
        return json.loads(data)["events"]
    if name == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    return json.loads(data)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # the title slide, the (empty) chart, the sources
        ("pptx", [["Claims timeline", "All events\n0 events from 0 sources"], [], ["Sources", ""]]),
        ("png", (800, 450)),
        ("svg", True),
        ("html", True),
        ("timelinejs", []),
        ("csv", []),  # the header only
        ("json", []),
    ],
)
def test_every_format_builds_a_view_with_no_events(name, expected, dataset):
    empty = dataset.events.iloc[0:0]
    data = FORMATS[name].build(empty, dataset, ExportOptions(width=800, height=450))
    assert _read_empty(name, data) == expected


@pytest.mark.parametrize(
    ("name", "state", "expected"),
    [
        ("csv", FilterState(), "claims-timeline.csv"),
        (
            "pptx",
            FilterState(country=("RU",), start=dt.date(2024, 10, 1), end=dt.date(2024, 12, 31)),
            "claims-timeline_country-RU_2024-10-01_2024-12-31.pptx",
        ),
        ("png", FilterState(country=("RU", "KP")), "claims-timeline_country-RU+KP.png"),
        ("json", FilterState(start=dt.date(2024, 10, 1)), "claims-timeline_from-2024-10-01.json"),
        ("svg", FilterState(end=dt.date(2024, 11, 5)), "claims-timeline_to-2024-11-05.svg"),
        (
            "timelinejs",
            FilterState(claimant=("South Korea's NIS",), query="Kursk"),
            "claims-timeline_claimant-South-Korea-s-NIS_q-Kursk.timelinejs.json",
        ),
        ("html", FilterState(query="../../etc/passwd"), "claims-timeline_q-etc-passwd.html"),
    ],
)
def test_file_names_say_what_the_file_holds(name, state, expected):
    assert exports.filename(name, state) == expected


def test_file_names_list_the_filters_in_the_order_of_the_url():
    # The sidebar's (and the URL's) order: alignment, kind, status; not the order given here.
    state = FilterState(status=("denied",), alignment=("russia",), kind=("denial",))
    expected = "claims-timeline_alignment-russia_kind-denial_status-denied.csv"
    assert exports.filename("csv", state) == expected


def test_a_file_name_stays_short_however_many_filters():
    state = FilterState(claimant=tuple(f"Claimant number {n}" for n in range(40)))
    name = exports.filename("csv", state)
    assert len(name) <= 160 and name.startswith("claims-timeline_claimant-Claimant-number-0+")
    assert name.endswith(".csv") and "/" not in name


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lane": "planet"}, "lane 'planet'"),
        ({"colour": "mood"}, "colour 'mood'"),
        ({"axis": "foretold"}, "axis 'foretold'"),
        ({"scale": 0}, "scale 0"),
        ({"scale": 10}, "scale 10"),
        ({"width": 5}, "width 5"),
        ({"height": 100_000}, "height 100000"),
    ],
)
def test_options_refuse_what_no_chart_can_draw(options, message):
    with pytest.raises(ValueError, match=message):
        ExportOptions(**options)


# ------------------------------------------------------------------------- CSV and JSON

MISSING_INT = pd.array([None], dtype="Int64")
DATES = pd.to_datetime(["2024-10-18"])

# column values (one row), the JSON value, the CSV cell
CELLS = [
    pytest.param(["nis-12000"], "nis-12000", "nis-12000", id="text"),
    pytest.param(DATES, "2024-10-18", "2024-10-18", id="date is ISO, no time"),
    pytest.param(pd.to_datetime([None]), None, "", id="missing date"),
    pytest.param(pd.array([12000], dtype="Int64"), 12000, "12000", id="troops"),
    pytest.param(MISSING_INT, None, "", id="missing troops"),
    pytest.param([50.6], 50.6, "50.6", id="latitude"),
    pytest.param([-12.5], -12.5, "-12.5", id="negative number stays a number"),
    pytest.param([float("nan")], None, "", id="NaN latitude"),
    pytest.param([None], None, "", id="None notes"),
    pytest.param([["a", "b"]], ["a", "b"], "a;b", id="list"),
    pytest.param([[]], [], "", id="empty list"),
    pytest.param([["only"]], ["only"], "only", id="one-item list"),
    pytest.param([True], True, "True", id="boolean"),
    pytest.param(
        ['a "quoted", line\nbreak'],
        'a "quoted", line\nbreak',
        'a "quoted", line\nbreak',
        id="quotes, comma and newline",
    ),
    pytest.param([XSS], XSS, XSS, id="markup stays text"),
    pytest.param(["Курськ — 조선"], "Курськ — 조선", "Курськ — 조선", id="non-ASCII"),
    # OWASP CSV injection: the formula starts are neutralised in CSV, kept as they are in JSON.
    pytest.param(["=1+1"], "=1+1", "'=1+1", id="formula ="),
    pytest.param(["+7 soldiers"], "+7 soldiers", "'+7 soldiers", id="formula +"),
    pytest.param(["-2+3"], "-2+3", "'-2+3", id="formula -"),
    pytest.param(["@SUM(A1)"], "@SUM(A1)", "'@SUM(A1)", id="formula @"),
    pytest.param(["\t=cmd"], "\t=cmd", "'\t=cmd", id="leading tab"),
    pytest.param(["\r=cmd"], "\r=cmd", "'\r=cmd", id="leading carriage return"),
    pytest.param(
        ['=HYPERLINK("http://x.example","click")'],
        '=HYPERLINK("http://x.example","click")',
        '\'=HYPERLINK("http://x.example","click")',
        id="hyperlink formula",
    ),
    pytest.param([["=cmd", "safe"]], ["=cmd", "safe"], "'=cmd;safe", id="list led by formula"),
    pytest.param(["a=b"], "a=b", "a=b", id="= inside is harmless"),
]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize(("values", "expected_json", "expected_csv"), CELLS)
def test_cells(values, expected_json, expected_csv):
    df = pd.DataFrame({"id": ["e1"], "cell": values})
    assert json.loads(build("json", df)) == [{"id": "e1", "cell": expected_json}]
    assert _csv_rows(build("csv", df)) == [{"id": "e1", "cell": expected_csv}]


def test_rows_keep_their_order_and_integers_stay_integers():
    df = pd.DataFrame(
        {
            "title": ["first", "second", "third"],
            "id": ["b", "a", "c"],
            "troops": pd.array([100, None, 3], dtype="Int64"),
        }
    )
    rows = _csv_rows(build("csv", df))
    assert [row["id"] for row in rows] == ["b", "a", "c"]
    assert [row["troops"] for row in rows] == ["100", "", "3"]
    assert [item["troops"] for item in json.loads(build("json", df))] == [100, None, 3]
    assert build("csv", df).decode().splitlines()[0] == "title,id,troops"


@pytest.mark.parametrize("name", ["csv", "json"])
def test_data_files_name_the_events_file_but_never_the_server_folder(name, dataset):
    data = build(name, dataset.events, dataset)
    assert str(FIXTURE) not in data.decode("utf-8")
    rows = _csv_rows(data) if name == "csv" else json.loads(data)
    assert {row["file"] for row in rows} == {"october.yaml", "december.yaml"}


@pytest.mark.parametrize("name", ["csv", "json"])
def test_edtf_columns_sit_beside_the_iso_dates_they_describe(name):
    df = make_events([{"id": "a"}])
    df = df.assign(said_start=df["start"], said_end=df["end"], said_edtf="2024-10-18", edtf="2024")
    data = build(name, df)
    columns = list(_csv_rows(data)[0]) if name == "csv" else list(json.loads(data)[0])
    assert columns[columns.index("end") + 1] == "edtf"
    assert columns[columns.index("said_end") + 1] == "said_edtf"
    assert columns.count("edtf") == columns.count("said_edtf") == 1


def test_exports_leave_the_frame_alone(dataset):
    before = dataset.events.copy(deep=True)
    for name in ("csv", "json", "timelinejs", "html"):
        build(name, dataset.events, dataset)
    pd.testing.assert_frame_equal(dataset.events, before)


# --------------------------------------------------------------------------- TimelineJS


@pytest.mark.parametrize(
    ("row", "start_date", "end_date"),
    [
        pytest.param({}, {"year": 2024, "month": 10, "day": 18}, None, id="a day"),
        pytest.param(
            {"start": "2024-10-08", "end": "2024-10-13", "precision": "days"},
            {"year": 2024, "month": 10, "day": 8},
            {"year": 2024, "month": 10, "day": 13},
            id="days",
        ),
        pytest.param(
            {"start": "2024-10-01", "end": "2024-10-31", "precision": "month"},
            {"year": 2024, "month": 10},
            None,
            id="a month",
        ),
        pytest.param(
            {"start": "2024-09-01", "end": "2024-10-31", "precision": "month"},
            {"year": 2024, "month": 9},
            {"year": 2024, "month": 10},
            id="two months",
        ),
        pytest.param(
            {"start": "2024-11-21", "end": "2024-11-30", "precision": "month_part"},
            {"year": 2024, "month": 11, "day": 21},
            {"year": 2024, "month": 11, "day": 30},
            id="late November",
        ),
        pytest.param(
            {"start": "2024-01-01", "end": "2024-12-31", "precision": "year"},
            {"year": 2024},
            None,
            id="a year",
        ),
        pytest.param(
            {"start": "2024-09-01", "end": "2024-12-31", "precision": "year_part"},
            {"year": 2024, "month": 9},
            {"year": 2024, "month": 12},
            id="late 2024",
        ),
        pytest.param(
            {"start": "2024-10-23", "qualifier": "by", "precision": "day"},
            {"year": 2024, "month": 10, "day": 23},
            None,
            id="no later than a day",
        ),
    ],
)
def test_timelinejs_dates_go_to_their_known_precision(row, start_date, end_date):
    event = json.loads(build("timelinejs", make_events([{"id": "e", **row}])))["events"][0]
    assert event["start_date"] == start_date
    assert event.get("end_date") == end_date


def test_timelinejs_has_a_title_slide_and_an_event_per_row_with_text_escaped(dataset):
    events = dataset.events
    doc = json.loads(build("timelinejs", events, dataset, lane="alignment"))
    assert doc["title"]["text"]["headline"] == exports.GENERIC_TITLE
    assert "9 events from 2 sources" in doc["title"]["text"]["text"]
    assert [e["unique_id"] for e in doc["events"]] == list(events["id"])
    first = doc["events"][0]
    row = events.iloc[0]
    assert first["text"]["headline"] == row["label"]
    assert row["title"] in first["text"]["text"]
    assert first["display_date"].startswith(f"“{row['date_text']}”")
    assert first["group"] == dataset.taxonomy.alignments[row["alignment"]].label
    assert row["quote"].strip() in first["text"]["text"]
    assert dataset.sources[row["source"]].outlet in first["text"]["text"]
    marked = make_events([{"id": "x", "title": XSS, "quote": XSS, "claimant": "<b>bold</b>"}])
    item = json.loads(build("timelinejs", marked))["events"][0]
    assert item["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in item["text"]["text"] and "<b>bold" not in item["text"]["text"]


def test_timelinejs_carries_edtf_when_the_loader_gives_it():
    df = make_events([{"id": "e"}]).assign(edtf=["2024-10-18"], said_edtf=["2024-10-18"])
    event = json.loads(build("timelinejs", df))["events"][0]
    assert event["edtf"] == event["said_edtf"] == "2024-10-18"
    assert "EDTF 2024-10-18" in event["text"]["text"]


# ------------------------------------------------------------------------- the chart


def test_print_styling_leaves_the_page_figure_alone_and_the_page_leaves_prints_alone(dataset):
    from ui.chart import for_streamlit

    page = timeline_chart.timeline_figure(dataset.events, dataset.taxonomy)
    untouched = pio.to_json(page)
    printed = print_style(page, title="T", subtitle="S", source_line="L", width=1920, height=1080)
    assert pio.to_json(page) == untouched
    assert printed["layout"]["paper_bgcolor"] == "white"
    assert printed["layout"]["title"]["text"] == "T"
    assert pio.to_json(printed, validate=False) != untouched
    options = ExportOptions()
    before = pio.to_json(exports.chart(dataset.events, dataset, options), validate=False)
    for_streamlit(page)
    assert pio.to_json(page) != untouched
    assert pio.to_json(exports.chart(dataset.events, dataset, options), validate=False) == before


def test_the_print_chart_says_what_it_shows(dataset):
    state = FilterState(country=("UA",))
    events = dataset.events[dataset.events["claimant_country"] == "UA"]
    layout = go.Figure(exports.chart(events, dataset, ExportOptions(filters=state))).layout
    assert layout.title.text == exports.GENERIC_TITLE
    assert layout.title.subtitle.text.startswith(
        "Source country (claimant): Ukraine (UA) · 2 events"
    )
    assert layout.font.color == "#1a1a1a" and layout.font.size >= 20
    assert any(note.text.startswith("Source: 2 events") for note in layout.annotations)
    assert (layout.width, layout.height) == (1920, 1080)


@pytest.mark.parametrize(
    ("options", "size"),
    [
        pytest.param({}, (1920, 1080), id="default"),
        pytest.param({"width": 800, "height": 600, "scale": 2}, (1600, 1200), id="scaled"),
    ],
)
def test_png_is_an_image_of_the_size_asked(options, size, dataset):
    image = Image.open(io.BytesIO(build("png", dataset.events, dataset, **options)))
    assert image.format == "PNG" and image.size == size
    # a drawing, not a blank page: the alignment colours are in it
    colours = {colour for _count, colour in image.convert("RGB").getcolors(1_000_000)}
    assert (0xD5, 0x5E, 0x00) in colours and (0x00, 0x72, 0xB2) in colours


def test_svg_is_xml_holding_the_chart_texts(dataset):
    root = ET.fromstring(build("svg", dataset.events, dataset))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    texts = " ".join("".join(node.itertext()) for node in root.iter())
    for expected in (exports.GENERIC_TITLE, "Ukraine (UA)", "Russia", "Source: 9 events"):
        assert expected in texts
    # every event label the chart keeps is drawn as text, which a reader (or a search) can find
    nodes = {"".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")}
    drawn = [label for label in dataset.events["label"] if label in nodes]
    kept = exports.chart(dataset.events, dataset, ExportOptions())["layout"]["meta"]["labels"]
    assert len(drawn) == kept > 0


# ---------------------------------------------------------------------------------- PPTX


def _slides(data: bytes) -> list[list[str]]:
    """The texts of every slide, shape by shape."""
    deck = Presentation(io.BytesIO(data))
    return [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in deck.slides]


def test_the_deck_has_title_chart_an_event_each_and_sources(dataset):
    events = dataset.events
    state = FilterState(start=dt.date(2024, 10, 1))
    data = build("pptx", events, dataset, filters=state)
    deck = Presentation(io.BytesIO(data))
    assert (deck.slide_width, deck.slide_height) == (Emu(12191695), Emu(6858000))
    slides = _slides(data)
    assert len(slides) == 1 + 1 + len(events) + 1
    assert slides[0][0] == exports.GENERIC_TITLE
    assert filters.describe(state, dataset.taxonomy) in slides[0][1]
    assert "9 events from 2 sources" in slides[0][1]
    pictures = [s for s in deck.slides[1].shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert Image.open(io.BytesIO(pictures[0].image.blob)).size == (1920, 1080)
    ordered = events.sort_values(["start", "end", "id"])
    for texts, (_, event) in zip(slides[2:-1], ordered.iterrows(), strict=True):
        text = "\n".join(texts)
        assert texts[0] == event["title"]
        assert f"“{event['quote'].strip()}”" in text
        assert dataset.sources[event["source"]].outlet in text
        assert event["claimant"] in text
        assert exports.side(event, dataset) in text
    assert slides[-1][0] == "Sources"
    for source in dataset.sources.values():
        assert source.outlet in slides[-1][1]


def test_every_slide_fits_the_page_and_has_text(dataset):
    deck = Presentation(io.BytesIO(build("pptx", dataset.events, dataset)))
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, number
            assert shape.left + shape.width <= deck.slide_width, number
            assert shape.top + shape.height <= deck.slide_height, number
        assert any(s.has_text_frame and s.text_frame.text for s in slide.shapes) or number == 2


def test_side_chips_wear_the_taxonomy_colour(dataset):
    deck = Presentation(io.BytesIO(build("pptx", dataset.events, dataset)))
    palette = present.palette(dataset.taxonomy, "alignment")
    labels = {term.label: key for key, term in dataset.taxonomy.alignments.items()}
    chips = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 1]
    assert len(chips) == len(dataset.events)
    for chip in chips:
        key = labels[chip.text_frame.text]
        assert f"#{chip.fill.fore_color.rgb}" == palette[key].upper()


def test_a_briefing_orders_the_slides_and_gives_their_speaker_notes(dataset):
    steps = [
        SimpleNamespace(event="ru-kremlin-denial", note="Moscow denies first."),
        SimpleNamespace(event="not-in-this-view", note="skipped"),
        SimpleNamespace(event="kr-nis-12000", note=None),
        SimpleNamespace(event="ua-first-combat", note=f"Then combat. {XSS}\x07"),
    ]
    deck = Presentation(io.BytesIO(build("pptx", dataset.events, dataset, briefing=steps)))
    slides = list(deck.slides)
    assert len(slides) == 1 + 1 + 3 + 1
    titles = dataset.events.set_index("id")["title"]
    notes = []
    for slide, step in zip(slides[2:5], [steps[0], steps[2], steps[3]], strict=True):
        assert slide.shapes.title.text_frame.text == titles[step.event]
        notes.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    assert notes == ["Moscow denies first.", "", f"Then combat. {XSS}"]
    assert not slides[0].has_notes_slide and not slides[-1].has_notes_slide


def test_a_huge_view_makes_a_deck_that_says_what_it_left_out(monkeypatch, dataset):
    monkeypatch.setattr("timeline.exports.pptx.MAX_EVENT_SLIDES", 4)
    slides = _slides(build("pptx", dataset.events, dataset))
    assert len(slides) == 1 + 1 + 4 + 1 + 1
    assert slides[6][0] == "5 more events not shown"


def test_text_xml_cannot_hold_is_dropped_not_fatal():
    df = make_events([{"id": "e", "title": "bell\x07 and nul\x00", "quote": "form\x0cfeed"}])
    slides = _slides(build("pptx", df))
    assert slides[2][0] == "bell and nul"
    assert "“formfeed”" in "\n".join(slides[2])


# ------------------------------------------------------------------------- offline HTML


@pytest.mark.browser
def test_the_offline_page_draws_its_chart_with_no_network(browser, dataset, tmp_path):
    marked = dataset.events.copy()
    marked.loc[marked.index[0], "title"] = XSS
    state = FilterState(country=("UA", "RU"))
    path = tmp_path / "page.html"
    path.write_bytes(build("html", marked, dataset, filters=state))
    outside: list[str] = []
    dialogs: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 768})

    def block(route) -> None:
        if route.request.url.split(":", 1)[0] in ("file", "data", "blob"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert page.locator(".js-plotly-plot .scatterlayer .point").count() > 0
        assert page.locator("ol.events > li").count() == len(marked)
        text = page.inner_text("body")
    finally:
        context.close()
    assert outside == [] and dialogs == []
    assert XSS in text
    assert filters.describe(state, dataset.taxonomy) in text
    assert "Ukraine (UA), Russia (RU)" in text
    for _, event in marked.iterrows():
        assert event["quote"].split()[0] in text
    for source in dataset.sources.values():
        assert source.outlet in text


def test_the_offline_page_loads_nothing_from_anywhere(dataset):
    page = build("html", dataset.events, dataset).decode("utf-8")
    for outside in ("<script src", "<link", "@import", "url(http", "<iframe", '<img src="http'):
        assert outside not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


# ------------------------------------------------------------ axis, headings and windows


def test_timelinejs_places_events_by_the_axis_asked_and_words_the_other_time():
    df = make_events(
        [
            {
                "id": "e",
                "date_text": "between October 8 and 13",
                "start": "2024-10-08",
                "end": "2024-10-13",
                "precision": "days",
                "said_text": "October 18",
                "said_start": "2024-10-18",
            }
        ]
    )
    happened = json.loads(build("timelinejs", df))["events"][0]
    said = json.loads(build("timelinejs", df, axis="said"))["events"][0]
    assert happened["start_date"] == {"year": 2024, "month": 10, "day": 8}
    assert happened["end_date"] == {"year": 2024, "month": 10, "day": 13}
    assert happened["display_date"] == "“between October 8 and 13” → 2024-10-08 to 2024-10-13"
    assert "<p>Said: “October 18” → 2024-10-18</p>" in happened["text"]["text"]
    assert said["start_date"] == {"year": 2024, "month": 10, "day": 18}
    assert "end_date" not in said
    assert said["display_date"] == "“October 18” → 2024-10-18"
    assert "Happened: “between October 8 and 13”" in said["text"]["text"]


def test_a_deck_placed_by_when_said_runs_in_that_order():
    df = make_events(
        [
            {"id": "late-said", "title": "A", "start": "2024-10-01", "said_start": "2024-12-01"},
            {"id": "early-said", "title": "B", "start": "2024-11-01", "said_start": "2024-10-05"},
        ]
    )
    assert [s[0] for s in _slides(build("pptx", df, width=800, height=450))[2:4]] == ["A", "B"]
    said = _slides(build("pptx", df, axis="said", width=800, height=450))
    assert [s[0] for s in said[2:4]] == ["B", "A"]
    assert said[2][2].splitlines()[0].startswith("Said: 2024-10-05")


CASE = Case(title="Case title", subtitle="Case subtitle", story={"from": "2024-10-01", "to": "2024-12-31"})  # fmt: skip


@pytest.mark.parametrize(
    ("case", "options", "expected"),
    [
        pytest.param(None, {}, (exports.GENERIC_TITLE, None), id="no case"),
        pytest.param(CASE, {}, ("Case title", "Case subtitle"), id="the case's"),
        pytest.param(
            CASE, {"title": "Briefing", "subtitle": "Steps"}, ("Briefing", "Steps"), id="options"
        ),
        pytest.param(CASE, {"title": "Briefing"}, ("Briefing", None), id="title alone"),
    ],
)
def test_the_heading_comes_from_the_options_then_the_case(case, options, expected):
    df = make_events([{"id": "e"}])
    data = Dataset(events=df, problems=[], taxonomy=TAXONOMY, case=case)
    assert exports.heading(data, ExportOptions(**options)) == expected
    document = json.loads(build("timelinejs", df, data, **options))
    assert document["title"]["text"]["headline"] == expected[0]
    assert (expected[1] or "") in document["title"]["text"]["text"]


D = dt.date


@pytest.mark.parametrize(
    ("case", "options", "expected"),
    [
        pytest.param(CASE, {}, (D(2024, 10, 1), D(2024, 12, 31)), id="the story"),
        pytest.param(
            CASE,
            {"filters": FilterState(start=D(2024, 10, 10))},
            (D(2024, 10, 10), D(2024, 12, 31)),
            id="the story cut to the filters",
        ),
        pytest.param(
            CASE,
            {"window": (D(2024, 11, 1), D(2024, 11, 30))},
            (D(2024, 11, 1), D(2024, 11, 30)),
            id="the page's window",
        ),
        pytest.param(
            None,
            {"window": (D(2023, 1, 1), D(2024, 12, 31))},
            (D(2023, 1, 1), D(2024, 12, 31)),
            id="a window without a case",
        ),
    ],
)
def test_a_printed_chart_shows_the_window_the_page_shows(case, options, expected):
    df = make_events(
        [{"id": "e"}, {"id": "old", "start": "2023-01-05"}, {"id": "nov", "start": "2024-11-05"}]
    )
    data = Dataset(events=df, problems=[], taxonomy=TAXONOMY, case=case)
    shown = exports.chart(df, data, ExportOptions(**options))["layout"]["xaxis"]["range"]
    # the axis runs to the end of the last day
    first, last = expected
    assert [str(day)[:10] for day in shown] == [f"{first}", f"{last + dt.timedelta(1)}"]


def test_a_briefing_export_is_named_after_it():
    name = exports.filename("pptx", FilterState(country=("UA",)), briefing="North Korean troops")
    assert name == "claims-timeline_briefing-North-Korean-troops_country-UA.pptx"


def test_a_print_of_many_events_draws_svg_marks_where_the_screen_uses_webgl():
    df = make_events([{"id": f"e{n}", "start": f"2024-10-{n % 28 + 1:02d}"} for n in range(1200)])
    page = timeline_chart.timeline_figure(df, TAXONOMY)
    assert "scattergl" in {trace.type for trace in page.data}
    printed = exports.chart(df, _bare(df), ExportOptions())
    assert {trace["type"] for trace in printed["data"]} == {trace.type for trace in page.data} - {
        "scattergl"
    } | {"scatter"}

    # the same marks, drawn another way
    def untyped(traces: list[dict]) -> str:
        marks = [{k: v for k, v in trace.items() if k != "type"} for trace in traces]
        return pio.to_json({"data": marks}, validate=False)

    assert untyped(printed["data"]) == untyped(page.to_dict()["data"])


def test_the_docs_document_every_format_and_the_command_line_offers_it(tmp_path, capsys):
    from timeline.__main__ import main

    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "exports.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    summary = readme.split("\n## Exports\n", 1)[1].split("\n## ", 1)[0]
    assert "python -m timeline export FORMAT" in page
    # The briefing's offline presentation is summed up in its own page, docs/briefing.md.
    briefing = (root / "docs" / "briefing.md").read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"`{name}`" in page, name
        assert f"`{name}`" in summary or f"python -m timeline export {name} " in briefing, name
        # An offered format gets as far as reading the data; the parser stops an unknown one.
        assert main(["export", name, str(tmp_path / "missing")]) == 2
        assert capsys.readouterr().err.endswith(f"{tmp_path / 'missing'}: no such folder\n")


def test_the_drawing_browser_starts_again_after_a_stop(dataset):
    small = {"width": 640, "height": 360}
    assert FORMATS["png"].draws and not FORMATS["csv"].draws
    first = build("png", dataset.events, dataset, **small)
    exports.stop_renderer()
    again = build("png", dataset.events, dataset, **small)
    for data in (first, again):
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (640, 360)
