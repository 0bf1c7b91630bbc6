"""Exports hold what the Timeline page shows (its filters and its window), spreadsheets read the
CSV as UTF-8, and markwhen reads every event of the .mw export where it happened."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from tests.factories import TAXONOMY, make_events
from tests.helpers import missing_tool
from timeline import exports, load_dataset
from timeline.__main__ import main
from timeline.data.filters import FilterState
from timeline.data.load import Dataset
from timeline.data.model import Case
from timeline.exports import FORMATS, ExportOptions

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
CASE = Case(title="Case title", story={"from": "2024-10-01", "to": "2024-12-31"})
STORY = (D(2024, 10, 1), D(2024, 12, 31))


@pytest.fixture(scope="module")
def story() -> Dataset:
    """Two events before the story window, three in it (one crossing its start), one after."""
    df = make_events(
        [
            {"id": "vietnam", "title": "Pilots in Vietnam", "start": "1965-01-01",
             "end": "1969-12-31", "precision": "decade", "said_start": "2024-10-24"},
            {"id": "summer", "title": "Media silent", "start": "2023-06-01", "end": "2023-08-31",
             "precision": "season", "said_start": "2024-10-24"},
            {"id": "war", "title": "The war", "start": "2022-02-24", "end": "2024-12-31",
             "precision": "days", "claimant_country": "RU", "alignment": "russia"},
            {"id": "nis", "title": "NIS: 1,500 sent", "start": "2024-10-18"},
            {"id": "by", "title": "Troops in Kursk no later than October 23", "start": "2024-10-17",
             "end": "2024-10-23", "qualifier": "by", "precision": "week", "label": "Kursk by Oct 23"},
            {"id": "january", "title": "Losses mount", "start": "2025-01-09"},
        ]
    )  # fmt: skip
    return Dataset(events=df, problems=[], taxonomy=TAXONOMY, case=CASE)


def ids_in(name: str, data: bytes) -> set[str]:
    """The event ids an export file holds, read the way its kind of file is read."""
    if name in ("csv", "excel-csv"):
        return {row["id"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    if name == "json":
        return {row["id"] for row in json.loads(data)}
    if name == "timelinejs":
        return {event["unique_id"] for event in json.loads(data)["events"]}
    if name == "markwhen":
        return {
            line.removeprefix("id: ")
            for line in data.decode().splitlines()
            if line.startswith("id: ")
        }
    if name == "html":
        return {part.split('"', 1)[0] for part in data.decode().split('<li id="')[1:]}
    raise AssertionError(name)


TEXT_FORMATS = ["csv", "excel-csv", "json", "timelinejs", "markwhen", "html"]


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_an_export_holds_the_story_window_by_default_and_everything_when_asked(name, story):
    default = FORMATS[name].build(story.events, story, ExportOptions())
    assert ids_in(name, default) == {"war", "nis", "by"}
    everything = FORMATS[name].build(story.events, story, ExportOptions(everything=True))
    assert ids_in(name, everything) == set(story.events["id"])
    november = ExportOptions(window=(D(2024, 11, 1), D(2024, 11, 30)))
    assert ids_in(name, FORMATS[name].build(story.events, story, november)) == {"war"}


def test_the_offline_presentation_of_the_page_holds_its_window(story):
    default = FORMATS["briefing-html"].build(story.events, story, ExportOptions()).decode()
    everything = (
        FORMATS["briefing-html"].build(story.events, story, ExportOptions(everything=True)).decode()
    )
    assert "NIS: 1,500 sent" in default and "Pilots in Vietnam" not in default
    assert "Pilots in Vietnam" in everything


def test_a_window_placed_by_when_said_holds_the_events_said_in_it(story):
    options = ExportOptions(axis="said", window=(D(2024, 10, 24), D(2024, 10, 24)))
    assert ids_in("json", FORMATS["json"].build(story.events, story, options)) == {
        "vietnam",
        "summer",
    }


def test_titles_say_the_window_and_all_events_only_when_all(story):
    def intro(options: ExportOptions) -> str:
        document = json.loads(FORMATS["timelinejs"].build(story.events, story, options))
        return document["title"]["text"]["text"]

    shown = intro(ExportOptions())
    assert "2024-10-01 to 2024-12-31 (2 earlier events and 1 later event not shown)" in shown
    assert "All events" not in shown
    assert "All events" in intro(ExportOptions(everything=True))
    filtered = intro(ExportOptions(everything=True, filters=FilterState(country=("KR",))))
    assert "Source country" in filtered and "All events" not in filtered
    printed = exports.chart(story.events, story, ExportOptions())["layout"]["title"]["subtitle"][
        "text"
    ]
    assert "2024-10-01 to 2024-12-31" in printed and "All events" not in printed


def test_a_deck_holds_the_window_and_its_title_slide_says_so(story):
    deck = Presentation(
        io.BytesIO(FORMATS["pptx"].build(story.events, story, ExportOptions(width=800, height=450)))
    )
    texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    assert "2024-10-01 to 2024-12-31" in texts[0] and "All events" not in texts[0]
    assert "3 events" in texts[0]
    assert not any("Pilots in Vietnam" in text or "Losses mount" in text for text in texts)


def test_a_briefing_deck_keeps_every_step_whatever_its_date(story):
    steps = [type("Step", (), {"event": "vietnam", "note": None})()]
    options = ExportOptions(briefing=steps, title="B")
    assert ids_in("json", FORMATS["json"].build(story.events, story, options)) == set(
        story.events["id"]
    )


def test_timelinejs_headlines_are_the_short_labels_with_the_full_title_in_the_text(story):
    document = json.loads(FORMATS["timelinejs"].build(story.events, story, ExportOptions()))
    slide = next(e for e in document["events"] if e["unique_id"] == "by")
    label = story.events.set_index("id").loc["by", "label"]
    assert slide["text"]["headline"] == label != "Troops in Kursk no later than October 23"
    assert "Troops in Kursk no later than October 23" in slide["text"]["text"]


def test_timelinejs_opens_on_the_window_with_a_long_span_starting_at_its_first_day(story):
    """The war (2022-02-24 to 2024-12-31) overlaps the story window: its slide starts on the
    window's first day, so TimelineJS opens there, and its date in words keeps the whole span."""
    document = json.loads(FORMATS["timelinejs"].build(story.events, story, ExportOptions()))
    starts = {e["unique_id"]: e["start_date"] for e in document["events"]}
    assert starts["war"] == {"year": 2024, "month": 10, "day": 1}
    assert min((d["year"], d.get("month", 1)) for d in starts.values()) == (2024, 10)
    war = next(e for e in document["events"] if e["unique_id"] == "war")
    assert "2022-02-24" in war["display_date"] and war["end_date"]["year"] == 2024
    everything = json.loads(
        FORMATS["timelinejs"].build(story.events, story, ExportOptions(everything=True))
    )
    assert {"year": 2022, "month": 2, "day": 24} in [e["start_date"] for e in everything["events"]]


# ------------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def told_in_october(tmp_path_factory) -> Path:
    """The dashboard fixture with a story window of October 2024 only."""
    events = tmp_path_factory.mktemp("data") / "events"
    shutil.copytree(ROOT / "tests" / "fixtures" / "dashboard" / "events", events)
    (events / "dataset.yaml").write_text(
        "title: October\nstory:\n  from: 2024-10-01\n  to: 2024-10-31\n", encoding="utf-8"
    )
    shutil.copytree(ROOT / "tests" / "fixtures" / "dashboard" / "seeds", events.parent / "seeds")
    return events


@pytest.mark.parametrize(
    ("window", "first", "last"),
    [
        ([], "2024-10-01", "2024-10-31"),
        (["--window", "story"], "2024-10-01", "2024-10-31"),
        (["--window", "2024-12-01/2024-12-31"], "2024-12-01", "2024-12-31"),
        (["--window", "all"], "0000-00-00", "9999-99-99"),
    ],
)
def test_the_command_line_exports_the_story_window_unless_told(
    window, first, last, told_in_october, tmp_path
):
    everything = tmp_path / "all.json"
    assert (
        main(["export", "json", str(told_in_october), "--window", "all", "-o", str(everything)])
        == 0
    )
    out = tmp_path / "out.json"
    assert main(["export", "json", str(told_in_october), *window, "-o", str(out)]) == 0
    rows = json.loads(everything.read_bytes())
    expected = {row["id"] for row in rows if row["start"] <= last and row["end"] >= first}
    held = {row["id"] for row in json.loads(out.read_bytes())}
    assert held == expected
    assert 0 < len(held) <= len(rows) and (window[-1:] == ["all"]) == (len(held) == len(rows))


def test_the_command_line_refuses_a_window_it_cannot_read(capsys):
    fixture = ROOT / "tests" / "fixtures" / "dashboard" / "events"
    assert main(["export", "json", str(fixture), "--window", "October", "-o", "-"]) == 2
    assert "expected story, all, or FROM/TO" in capsys.readouterr().err


# ------------------------------------------------------------------------------ spreadsheets


APOSTROPHE = "South Korea\u2019s National Intelligence Service"


def test_the_spreadsheet_csv_reads_right_where_the_plain_one_shows_mojibake(story):
    quoted = story.events.assign(quote=APOSTROPHE)
    plain = FORMATS["csv"].build(quoted, story, ExportOptions(everything=True))
    excel = FORMATS["excel-csv"].build(quoted, story, ExportOptions(everything=True))
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    # a spreadsheet opening a CSV without a byte-order mark reads the system code page
    assert "Koreaâ€™s" in plain.decode("cp1252")
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    assert {row["quote"] for row in rows} == {APOSTROPHE}
    assert next(iter(rows[0])) == "id"  # no byte-order mark left in the first column's name


# What LibreOffice Calc's Text Import dialog, which a double-click opens, chooses for a file that
# starts with a UTF-8 byte-order mark: comma, double quote, UTF-8 (76), from the first line.
CALC_SEES_A_MARKED_FILE = "CSV:44,34,76,1"
CALC_WRITES = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def through_calc(data: bytes, folder: Path, import_options: str | None) -> list[list[str]]:
    """The cells LibreOffice Calc reads from a CSV file, as Calc writes them back out in UTF-8."""
    soffice = shutil.which("soffice")
    if soffice is None:
        missing_tool("LibreOffice (soffice, with libreoffice-calc) is missing")
    source = folder / "export.csv"
    source.write_bytes(data)
    out = folder / "calc"
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless"]
    if import_options:
        command.append(f"--infilter={import_options}")
    subprocess.run(
        [*command, "--convert-to", CALC_WRITES, "--outdir", str(out), str(source)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return list(csv.reader(io.StringIO((out / "export.csv").read_text(encoding="utf-8"))))


def test_calc_reads_the_spreadsheet_csv_cell_for_cell(tmp_path):
    """Every cell of the shipped story, curly quotes, © and a formula-like title included, comes
    out of Calc as it went in (true and false as Calc spells them), the dates as worded stay
    text rather than becoming days of the year the sheet is opened in, and the byte-order mark
    stays out of the first column's name."""
    shipped = load_dataset(ROOT / "events", ROOT / "seeds")
    events = shipped.events.copy()
    events.loc[events.index[0], "title"] = '=HYPERLINK("http://evil.example";"click")'
    data = FORMATS["excel-csv"].build(events, shipped, ExportOptions())
    written = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    read = through_calc(data, tmp_path, CALC_SEES_A_MARKED_FILE)
    assert read[0][0] == "id"
    assert len(read) == len(written) > 50
    differences = [
        (row, column, ours, calc)
        for row, (mine, theirs) in enumerate(zip(written, read, strict=True))
        for column, (ours, calc) in enumerate(zip(mine, theirs, strict=True))
        if ours != calc and not _same_number(ours, calc)
    ]
    assert differences == [], differences[:5]
    assert any(APOSTROPHE in cell for row in read for cell in row)  # curly quote kept


def _same_number(ours: str, calc: str) -> bool:
    """Calc writes a number or a truth value back in its own form (12000.0 as 12000, True as
    TRUE); text it must keep as it is."""
    if ours in ("True", "False"):
        return calc == ours.upper()
    try:
        return float(ours) == float(calc)
    except ValueError:
        return False


def test_calc_without_the_dialog_reads_its_own_default_code_page(tmp_path):
    """What a headless conversion without options reads (the byte-order mark is ignored there):
    the mark is for the dialog and for Excel, and scripts converting headless must name UTF-8."""
    data = FORMATS["excel-csv"].build(
        make_events([{"id": "kr", "title": APOSTROPHE, "start": "2024-10-18"}]),
        Dataset(events=make_events([]), problems=[], taxonomy=TAXONOMY, case=CASE),
        ExportOptions(everything=True),
    )
    cells = [cell for row in through_calc(data, tmp_path, None) for cell in row]
    assert "Koreaâ€™s" in " ".join(cells)


# ---------------------------------------------------------------------------------- markwhen


def _markwhen_reader() -> list[str] | None:
    """The command that reads a .mw with @markwhen/parser, or None without node or the parser
    (npm install @markwhen/parser, found through NODE_PATH or the repository's node_modules)."""
    node = shutil.which("node")
    if node is None:
        return None
    paths = [p for p in (os.environ.get("NODE_PATH"), str(ROOT / "node_modules")) if p]
    probe = subprocess.run(
        [node, "-e", "require('@markwhen/parser')"],
        env={**os.environ, "NODE_PATH": os.pathsep.join(paths)},
        capture_output=True,
        check=False,
    )
    if probe.returncode:
        return None
    os.environ["NODE_PATH"] = os.pathsep.join(paths)
    return [node, str(ROOT / "tests" / "js" / "markwhen_events.cjs")]


def test_markwhen_reads_every_event_on_its_days_with_its_bound_in_the_text(story):
    reader = _markwhen_reader()
    if reader is None:
        missing_tool("node or @markwhen/parser is not installed (.ci/run installs it in .ci/npm)")
    document = FORMATS["markwhen"].build(story.events, story, ExportOptions(everything=True))
    result = subprocess.run(reader, input=document, capture_output=True, check=True)
    parsed = json.loads(result.stdout)
    assert parsed["messages"] == []
    assert parsed["header"]["title"] == "Case title"
    read = {event["text"][-1].removeprefix("id: "): event for event in parsed["events"]}
    assert set(read) == set(story.events["id"])
    for _, event in story.events.iterrows():
        got = read[event["id"]]
        last = event["end"] + pd.Timedelta(days=1)  # markwhen's ranges end at the next midnight
        first = event["end"] if event["qualifier"] == "by" else event["start"]
        assert (got["from"][:10], got["to"][:10]) == (f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}")
        assert (
            got["section"]
            == {"KR": "South Korea (KR)", "RU": "Russia (RU)"}[event["claimant_country"]]
        )
        assert got["title"] == event["label"]
        assert any(line.endswith(event["title"]) for line in got["text"])
    assert any("no later than 2024-10-23" in line for line in read["by"]["text"])
    assert any("EDTF ../2024-10-23" in line for line in read["by"]["text"])
    assert any("season" in line for line in read["summer"]["text"])


def test_markwhen_keeps_text_that_looks_like_its_syntax_as_text(story):
    reader = _markwhen_reader()
    if reader is None:
        missing_tool("node or @markwhen/parser is not installed (.ci/run installs it in .ci/npm)")
    tricky = story.events.assign(
        title=["2024-10-01: not an event", "# not a section", "Key: not a property",
               "- not a list", "#tag", "plain"],
        quote="2025-01-01: also text",
    )  # fmt: skip
    document = FORMATS["markwhen"].build(tricky, story, ExportOptions(everything=True))
    parsed = json.loads(
        subprocess.run(reader, input=document, capture_output=True, check=True).stdout
    )
    assert len(parsed["events"]) == len(tricky)
    assert all(event["properties"] == {} for event in parsed["events"])
    assert {event["section"] for event in parsed["events"]} == {"South Korea (KR)", "Russia (RU)"}


# ------------------------------------------------------------------------------------ decks


LONG = (
    "Zelensky says North Korean troops are fighting alongside Russian forces in the Kursk "
    "region and that Pyongyang is preparing to send more soldiers and equipment to the front"
)


def _fits(text: str, shape, size: float, font) -> bool:
    """Whether `text`, wrapped at words as a slide does, fits `shape` at `size` points, by the
    real metrics of `font` (a stand-in for Arial as wide or wider)."""
    inset = 0.1 * 72
    room = shape.width / 12700 - 2 * inset
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and font.getlength(trial) * size / 100 > room:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return len(lines) * size * 1.2 <= shape.height / 12700 - inset


def test_a_long_title_shrinks_to_fit_its_box_by_the_fonts_real_metrics(story):
    from PIL import ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 100)
    except OSError:
        missing_tool("DejaVu Sans is not installed (fonts-dejavu-core)")
    events = story.events.assign(title=[LONG, LONG[:60], "Short", LONG + " " + LONG[:40], "x", "y"])
    deck = Presentation(
        io.BytesIO(
            FORMATS["pptx"].build(
                events, story, ExportOptions(everything=True, width=800, height=450)
            )
        )
    )
    titles = [slide.shapes.title for slide in deck.slides if slide.shapes.title is not None]
    checked = 0
    for title in titles:
        runs = [run for paragraph in title.text_frame.paragraphs for run in paragraph.runs]
        size = runs[0].font.size.pt
        assert _fits(title.text_frame.text, title, size, font), (title.text_frame.text, size)
        checked += len(title.text_frame.text) > 150
    assert checked == 2
    sizes = {t.text_frame.text: t.text_frame.paragraphs[0].runs[0].font.size.pt for t in titles}
    assert sizes["Short"] == 30 > sizes[LONG]


def test_the_chart_slide_labels_are_14_points_at_slide_size(story, monkeypatch):
    from timeline.exports import pptx

    drawn = []
    monkeypatch.setattr(pptx, "render", lambda figure, *_: drawn.append(figure) or b"")
    monkeypatch.setattr(pptx, "deck", lambda *_: b"")
    pptx.deck_file(story.events, story, ExportOptions())
    [labels] = [t for t in drawn[0]["data"] if t.get("meta") == "label"]
    px_per_inch = drawn[0]["layout"]["width"] / (pptx.WIDTH / 914400)
    assert labels["textfont"]["size"] / px_per_inch * 72 >= 14
