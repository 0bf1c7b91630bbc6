"""The exported deck as LibreOffice Impress draws it: `soffice` turns it into a PDF, poppler reads
where every word landed, and no word prints over another or off the slide; the chart slide's
labels are 14 pt at slide size."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation

from tests.factories import TAXONOMY, make_events
from tests.helpers import REPO, missing_tool
from timeline.__main__ import main
from timeline.data.load import Dataset
from timeline.data.model import Case
from timeline.exports import FORMATS, ExportOptions, pptx

XHTML = "{http://www.w3.org/1999/xhtml}"
BOX = ("xMin", "yMin", "xMax", "yMax")  # a word's box in pdftotext -bbox, in points
# A word's box runs from the font's ascent to its descent, taller than its ink, so the lines of
# one paragraph touch; each box loses this share of its height above and below before comparing.
INK = 0.15
# The decks the command line exports: the story window (its default), everything, the briefing.
EXPORTED = {
    "story": [],
    "all": ["--window", "all"],
    "briefing": ["--briefing", "north-korean-troops"],
}
LONG = (
    "Zelensky says North Korean troops are fighting alongside Russian forces in the Kursk "
    "region and that Pyongyang is preparing to send more soldiers and equipment to the front"
)


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def ink(self) -> Word:
        trim = (self.bottom - self.top) * INK
        return Word(self.text, self.left, self.top + trim, self.right, self.bottom - trim)

    def overlaps(self, other: Word) -> bool:
        a, b = self.ink(), other.ink()
        return min(a.right, b.right) > max(a.left, b.left) and min(a.bottom, b.bottom) > max(
            a.top, b.top
        )


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


@dataclass(frozen=True)
class Deck:
    pptx: Path
    pdf: Path
    figure: dict  # the chart drawn for the chart slide's image


def _pages(pdf: Path) -> list[Page]:
    """Every page of the PDF with the box of each word on it, in points, as poppler reads them."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    pages = []
    for page in ET.fromstring(xml.stdout).iter(f"{XHTML}page"):
        words = [
            Word(word.text or "", *(float(word.get(side, "nan")) for side in BOX))
            for word in page.iter(f"{XHTML}word")
        ]
        pages.append(Page(float(page.get("width", "nan")), float(page.get("height", "nan")), words))
    return pages


def _overprints(page: Page) -> list[tuple[str, str]]:
    """The pairs of words on the page that print over each other."""
    return [(a.text, b.text) for a, b in itertools.combinations(page.words, 2) if a.overlaps(b)]


def _off(page: Page) -> list[str]:
    """The words on the page that run past its edge."""
    return [
        w.text
        for w in page.words
        if w.left < 0 or w.top < 0 or w.right > page.width or w.bottom > page.height
    ]


@pytest.fixture(scope="session")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Deck]:
    """The shipped data's decks the command line exports (EXPORTED) and a deck whose long title is
    not fitted to its box, each drawn to PDF by Impress once per run (one `soffice` for all)."""
    for tool, package in (("soffice", "libreoffice-impress"), ("pdftotext", "poppler-utils"),
                          ("pdfimages", "poppler-utils")):  # fmt: skip
        if shutil.which(tool) is None:
            missing_tool(f"{tool} is not installed ({package})")
    folder = tmp_path_factory.mktemp("decks")
    drawn: list[dict] = []
    original = pptx.chart
    with pytest.MonkeyPatch.context() as patch:
        # Kept aside on its way into the deck: the figure of the chart slide's image.
        patch.setattr(pptx, "chart", lambda *a, **k: drawn.append(original(*a, **k)) or drawn[-1])
        for name, view in EXPORTED.items():
            out = folder / f"{name}.pptx"
            assert main(["export", "pptx", str(REPO / "events"), "-o", str(out), *view]) == 0
        # The positive control: a title at 30 pt whatever its length, as decks were drawn before
        # titles were fitted to their box, runs into the lines below it.
        patch.setattr(pptx, "TITLE_SIZES", (30,))
        events = make_events([{"id": "long", "title": LONG, "start": "2024-10-18"}])
        dataset = Dataset(events=events, problems=[], taxonomy=TAXONOMY,
                          case=Case(title="Control", story={"from": "2024-10-01", "to": "2024-12-31"}))  # fmt: skip
        control = FORMATS["pptx"].build(events, dataset, ExportOptions(width=800, height=450))
        (folder / "control.pptx").write_bytes(control)
    names = (*EXPORTED, "control")
    # A profile of its own, so that runs side by side (and a user's LibreOffice) do not collide.
    rendered = subprocess.run(
        ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *(str(folder / f"{n}.pptx") for n in names)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    if not all((folder / f"{name}.pdf").exists() for name in names):
        # LibreOffice without Impress (Calc alone, say) has soffice but no slide filter.
        missing_tool(f"soffice drew no PDF; is libreoffice-impress installed? {rendered.stderr}")
    return {
        name: Deck(folder / f"{name}.pptx", folder / f"{name}.pdf", figure)
        for name, figure in zip(names, drawn, strict=True)
    }


@pytest.mark.parametrize("name", list(EXPORTED))
def test_no_text_on_a_slide_prints_over_other_text_or_off_the_slide(decks, name):
    deck = decks[name]
    pages = _pages(deck.pdf)
    slides = len(Presentation(str(deck.pptx)).slides)
    assert len(pages) == slides > 20
    # Every slide but the chart (an image) has words to check.
    assert [n for n, page in enumerate(pages, start=1) if not page.words] == [2]
    overprinted = {
        n: pairs for n, page in enumerate(pages, start=1) if (pairs := _overprints(page))
    }
    assert overprinted == {}
    off = {n: words for n, page in enumerate(pages, start=1) if (words := _off(page))}
    assert off == {}


def test_a_title_too_long_for_its_box_is_seen_printing_over_the_dates(decks):
    pages = _pages(decks["control"].pdf)
    [event] = [page for page in pages if any(w.text == "Happened:" for w in page.words)]
    title = set(LONG.split())
    # A word of the title on a word of the lines below it (the date lines, the claimant).
    assert any((a in title) != (b in title) for a, b in _overprints(event)), _overprints(event)


@pytest.mark.parametrize("name", list(EXPORTED))
def test_the_chart_slides_labels_are_14_points_as_impress_places_the_image(decks, name):
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", "2", "-l", "2", str(decks[name].pdf)],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    [image] = [row.split() for row in listing if row.split()[2] == "image"]
    width_px, x_ppi = int(image[3]), float(image[12])
    page = _pages(decks[name].pdf)[1]
    # The image fills the slide's width, so its pixels are as large as the slide makes them.
    assert width_px / x_ppi * 72 == pytest.approx(page.width, rel=0.01)
    figure = decks[name].figure
    [labels] = [trace for trace in figure["data"] if trace.get("meta") == "label"]
    # The figure's pixels, as many in the image as the figure is wide.
    label_px = labels["textfont"]["size"] * width_px / figure["layout"]["width"]
    assert label_px / x_ppi * 72 >= 14
