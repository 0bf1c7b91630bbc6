"""One hostile payload in every text field of every data file reaches every page, every chart and
every text export as inert text: no markup, no link, no icon, no autolink, no formula."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import session
from tests.hostile import hostile_copy
from timeline import load_dataset
from timeline.data import fields
from timeline.exports import FORMATS, ExportOptions
from ui import md

REPO = Path(__file__).resolve().parent.parent
# What the payload would make if an output read it as markup or Markdown.
MARKUP = ("<img src=x", '<a href="http://evil', '<span style="fill')
MADE = ("http://evil", "www.evil", ":material/verified:", ":streamlit:")
MAIL = re.compile(r"\w@evil")  # an address Markdown would link


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_copy(tmp_path_factory.mktemp("hostile") / "data")


def strings(value: object) -> Iterator[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


PAGES = [
    ("timeline", {"event": "kr-nis-12000"}),
    ("timeline", {"event": "kr-nis-12000", "lane": "source"}),
    ("estimates", {"event": "kr-nis-12000"}),
    ("claims", {"event": "kr-nis-12000"}),
    ("sources", {"source": "alpha"}),
    *(("map", {"colour": colour}) for colour in fields.COLOURS),
]


@pytest.mark.parametrize(("page", "params"), PAGES)
def test_every_page_shows_the_payload_as_text(
    data: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict[str, str]
) -> None:
    monkeypatch.setenv("EVENTS_DIR", str(data / "events"))
    monkeypatch.setenv("SEEDS_DIR", str(data / "seeds"))
    at = session()
    at.query_params.update(params)
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    drawn = [
        text for figure in figures for text in strings(figure) if "P1" in text or "END" in text
    ]
    assert drawn or page == "sources", "the payload should reach the chart"
    for text in drawn:
        assert not any(markup in text for markup in MARKUP), text
    markdown = [m.value for m in (*at.markdown, *at.caption)] + [b.label for b in at.button]
    assert any("END" in text for text in markdown), "the payload should reach the page"
    for text in markdown:
        assert not any(made in text for made in MADE) and not MAIL.search(text), text


def test_every_text_export_holds_the_payload_as_text(data: Path) -> None:
    dataset = load_dataset(data / "events", data / "seeds")
    assert not dataset.problems
    for lane in fields.LANES:
        document = json.loads(
            FORMATS["timelinejs"].build(dataset.events, dataset, ExportOptions(lane=lane))
        )
        # TimelineJS assigns all of these with innerHTML
        for item in document["events"]:
            read_as_html = [item["display_date"], item.get("group", ""), *item["text"].values()]
            for text in read_as_html:
                assert "<img" not in text and "<a " not in text and "<span" not in text, text
    page = FORMATS["html"].build(dataset.events, dataset, ExportOptions()).decode()
    assert "END1" in page and not any(markup in page for markup in MARKUP)


@pytest.mark.parametrize("format_name", ["csv", "excel-csv"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_no_csv_cell_or_part_of_a_cell_starts_a_formula(
    data: Path, delimiter: str, format_name: str
) -> None:
    """A spreadsheet may split on `,` or `;`: no piece it makes may start =, +, - or @."""
    dataset = load_dataset(data / "events", data / "seeds")
    text = FORMATS[format_name].build(dataset.events, dataset, ExportOptions()).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    pieces = [piece.strip() for cell in cells for piece in cell.split(delimiter)]
    assert any("HYPERLINK" in piece for piece in pieces)
    assert not [piece for piece in pieces if piece[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize(
    "text",
    [
        "http://evil.example/x",
        "HTTPS://evil.example",
        "www.evil.example",
        "x@evil.example",
        ":material/verified:",
        ":streamlit:",
        "<b>*x*</b> [a](javascript:alert(1))",
    ],
)
def test_md_leaves_nothing_for_markdown_to_make(text: str) -> None:
    escaped = md(text)
    assert escaped.replace("\\", "").replace("\u2060", "") == text  # the reader sees the text
    for made in (*MADE, "http://", "https://", "www.", ":material/"):
        assert made.lower() not in escaped.lower().replace("\\", "")
    assert not MAIL.search(escaped)
