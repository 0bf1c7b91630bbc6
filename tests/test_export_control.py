"""The Export control on the Timeline page, driven through AppTest: every format, the right bytes."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.helpers import FIXTURE, open_page, run, shipped
from timeline import load_dataset
from timeline.data import filters
from timeline.exports import FORMATS

KEY = "timeline_export"


pytestmark = pytest.mark.usefixtures("fixture_data")


@dataclass
class Download:
    """A file the page handed to Streamlit for a download button: built now or when clicked."""

    data: bytes | Callable[[], bytes]
    file_name: str | None
    mime: str | None

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[Download]:
    """Every file given to a download button, in order, with its name and MIME type.

    A deferred download is built only when a browser asks for it; AppTest has no browser, so
    files are caught on their way to Streamlit's media file manager.
    """
    caught: list[Download] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def catch(self, data, mimetype, coordinates, file_name=None, *args, **kwargs):
        caught.append(Download(data, file_name, mimetype))
        return add(self, data, mimetype, coordinates, file_name, *args, **kwargs)

    def catch_deferred(self, data, mimetype, coordinates, file_name=None, **kwargs):
        caught.append(Download(data, file_name, mimetype))
        return add_deferred(self, data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", catch)
    monkeypatch.setattr(MediaFileManager, "add_deferred", catch_deferred)
    return caught


def ids(params: dict[str, list[str]]) -> list[str]:
    """The events a link with these params shows."""
    events = load_dataset(FIXTURE / "events", FIXTURE / "seeds").events
    return list(filters.apply(events, filters.FilterState.from_params(params)[0])["id"])


def test_the_control_offers_every_format_and_downloads_the_view_as_csv(downloads):
    at = run({"country": ["UA", "RU"]})
    assert not at.exception
    picker = at.selectbox(key=f"{KEY}_format")
    assert picker.options == [fmt.label for fmt in FORMATS.values()]
    picker.set_value("csv").run()
    [button] = at.get("download_button")
    assert button.label == "Download Data for scripts (CSV, plain UTF-8)"
    assert button.proto.deferred_file_id
    assert (downloads[-1].file_name, downloads[-1].mime) == (
        "claims-timeline_country-UA+RU.csv",
        "text/csv",
    )
    rows = list(csv.DictReader(io.StringIO(downloads[-1].bytes().decode("utf-8"), newline="")))
    assert [row["id"] for row in rows] == ids({"country": ["UA", "RU"]})
    assert {row["claimant_country"] for row in rows} == {"UA", "RU"}


@pytest.mark.parametrize("name", ["json", "timelinejs", "html"])
def test_quick_formats_download_at_once_and_are_built_only_when_clicked(name, downloads):
    at = run({"kind": "denial"})
    at.selectbox(key=f"{KEY}_format").set_value(name).run()
    assert not at.exception
    [button] = at.get("download_button")
    assert button.proto.deferred_file_id
    assert callable(downloads[-1].data)
    assert downloads[-1].file_name == f"claims-timeline_kind-denial.{FORMATS[name].extension}"
    assert not at.get("button") or all(not b.label.startswith("Prepare") for b in at.button)
    data = downloads[-1].bytes()
    if name == "html":
        assert data.count(b'<li id="') == 1 and b'<li id="ru-kremlin-denial">' in data
    elif name == "json":
        assert [row["id"] for row in json.loads(data)] == ["ru-kremlin-denial"]
    else:
        assert [e["unique_id"] for e in json.loads(data)["events"]] == ["ru-kremlin-denial"]


def test_a_drawn_format_is_built_on_request_and_only_for_the_view_it_was_built_for(downloads):
    at = run({"alignment": "ukraine"})
    at.selectbox(key=f"{KEY}_format").set_value("png").run()
    assert not at.get("download_button")
    prepare = at.button(key=f"{KEY}_prepare")
    assert prepare.label == "Prepare Chart image (PNG)"
    assert f"{KEY}_prepared" not in at.session_state
    prepare.click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 1
    assert (downloads[-1].file_name, downloads[-1].mime) == (
        "claims-timeline_alignment-ukraine.png",
        "image/png",
    )
    with Image.open(io.BytesIO(downloads[-1].bytes())) as image:
        assert image.size == (1920, 1080)
    # A rerun keeps the file; another view asks for a new one.
    at.run()
    assert len(at.get("download_button")) == 1
    at.segmented_control(key="lane").set_value("kind").run()
    assert not at.get("download_button")
    assert at.button(key=f"{KEY}_prepare").label == "Prepare Chart image (PNG)"


def test_the_presenter_takes_a_briefing_away_in_its_order(downloads, shipped_data):
    name, chosen = next(iter(shipped().briefings.items()))
    at = open_page("briefing", {"briefing": name})
    assert not at.get("selectbox") or all(s.key != "briefing_export_format" for s in at.selectbox)
    at.toggle(key="briefing_notes").set_value(True).run()
    assert not at.exception
    at.selectbox(key="briefing_export_format").set_value("json").run()
    assert downloads[-1].file_name == f"claims-timeline_briefing-{name}.json"
    rows = json.loads(downloads[-1].bytes())
    assert [row["id"] for row in rows] == [step.event for step in chosen.steps]
    # The same briefing as one offline presentation, with its speaker notes.
    at.selectbox(key="briefing_export_format").set_value("briefing-html").run()
    assert downloads[-1].file_name == f"claims-timeline_briefing-{name}.briefing.html"
    assert downloads[-1].mime == "text/html"
    page = downloads[-1].bytes().decode("utf-8")
    assert page.count('<section class="step"') == len(chosen.steps) + 2
    assert all(html.escape(step.note) in page for step in chosen.steps if step.note)
