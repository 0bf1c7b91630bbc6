"""Takes the pictures in docs/: every page at 1366x768 and 1920x1080, the briefing's presenter view
and four slides of the briefing's deck as LibreOffice Impress renders them (`make screenshots`).

It needs what .ci/run installs (Chromium, LibreOffice Impress, poppler) and a font with CJK
glyphs, such as Debian's fonts-droid-fallback: one source's title opens with 【#1192】, which
is drawn as empty boxes without one."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.helpers import (  # noqa: E402
    CHART,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    serve_data,
    whole,
)
from ui.chart import HEADER_PX  # noqa: E402

SIZES = [(1366, 768), (1920, 1080)]
BRIEFING = "north-korean-troops"
STEP = 5  # the briefing's step the Briefing pictures show
DECK_DPI = 60

# Each page's link and what shows once it has drawn; the pages open on the story window.
# The dates along the timeline's top are planned for the width the chart really has.
PLANNED = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return !!plot && !!plot.layout && !!plot.layout.meta
        && Math.abs(plot.layout.meta.width - plot.getBoundingClientRect().width) < 40;
}"""
# One screen: the chart drawn for the window's height, less Streamlit's header bar (ui/chart.py).
SCREEN_TALL = f"""() => {{
    const plot = document.querySelector('.js-plotly-plot');
    return !!plot && plot.layout.height === window.innerHeight - {HEADER_PX};
}}"""
# Nothing running, nothing waiting to be drawn, fonts loaded and no animation under way.
AT_REST = """() => !document.querySelector(
        '[data-testid="stStatusWidget"], [data-testid="stSpinner"], [data-testid="stSkeleton"]')
    && document.fonts.status === "loaded"
    && document.getAnimations().every(a => a.playState !== "running"
        || a.effect?.getTiming().iterations === Infinity)"""


@dataclass(frozen=True)
class Shot:
    name: str
    link: str
    drawn: str  # a selector that shows once the page has drawn
    planned: bool = False  # the timeline: wait for labels planned for the chart's width
    whole: bool = False  # scrolled so the chart's foot is at the window's foot


SHOTS = [
    Shot("timeline", "/", CHART, planned=True),
    # One screen: every lane within the window's height, as a room is shown the whole picture.
    Shot("timeline-one-screen", "/?height=screen", CHART, planned=True, whole=True),
    # The batches: the most claims, and the June figure named at the left edge (docs/pages.md).
    Shot("estimates", "/estimates?troops=batch", CHART),
    Shot("claims", "/claims", CHART),
    Shot("sources", "/sources", "h1:has-text('Sources')"),
    Shot("map", "/map", ".js-plotly-plot .scattergeo path.point"),
    Shot("briefing", f"/briefing?briefing={BRIEFING}&step={STEP}", ".deck .counter"),
    Shot(
        "briefing-presenter",
        f"/briefing?briefing={BRIEFING}&step={STEP}&notes=1",
        ".deck .counter",
    ),
]


def save(png: bytes, path: Path) -> None:
    """Write a PNG compressed as far as Pillow goes, losslessly: a palette would shift the
    taxonomy's colours (Russia's vermillion toward the sceptics' orange)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.save(path, optimize=True)
    print(f"{path}: {image.width}x{image.height}, {path.stat().st_size:,} bytes")


def pages(out: Path, log: Path) -> None:
    """Every shot at every size, from a freshly started dashboard over the shipped data, with the
    sidebar collapsed as a presenter has it."""
    with (
        serve_data(ROOT / "events", ROOT / "seeds", log) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.set_default_timeout(TIMEOUT_MS)
                # A fresh server knows the pages' paths once the entrypoint has run.
                page.goto(url)
                page.wait_for_selector(CHART)
                for shot in SHOTS:
                    page.goto(url + shot.link)
                    page.locator(shot.drawn).first.wait_for()
                    whole(page)  # the filters and what lies under the chart follow it
                    _collapse(page)
                    if shot.planned:
                        page.wait_for_function(PLANNED)
                    page.wait_for_function(AT_REST)
                    if shot.whole:
                        page.wait_for_function(SCREEN_TALL)
                        page.locator(CHART).first.evaluate(
                            "(chart) => chart.scrollIntoView({block: 'end'})"
                        )
                    _check(page, shot.name)
                    save(page.screenshot(), out / f"{shot.name}-{width}x{height}.png")
                page.close()
        finally:
            browser.close()


def _collapse(page: object) -> None:
    """Collapse the sidebar, as a presenter does, and wait until it has slid away."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.get_attribute("data-collapsed") == "true":
        return
    sidebar.hover()
    page.get_by_label("Collapse sidebar").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right < 10"
    )


def _check(page: object, name: str) -> None:
    """Refuse a picture of an error or of Streamlit's "Page not found"."""
    for bad in ("Page not found", "This page hit an unexpected error"):
        if page.get_by_text(bad).count():
            raise SystemExit(f"{name}: the page says {bad!r}; no picture taken")
    if page.locator('[data-testid="stException"]').count():
        raise SystemExit(f"{name}: the page shows a traceback; no picture taken")


def deck(out: Path, work: Path) -> None:
    """The briefing's deck exported by the command line, rendered by Impress, and four of its
    slides: the title, the chart, the event with the longest title, the sources."""
    from pptx import Presentation

    pptx = work / "briefing.pptx"
    subprocess.run(
        [sys.executable, "-m", "timeline", "export", "pptx", "--briefing", BRIEFING, "-o", str(pptx)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), str(pptx)],
        check=True, capture_output=True,
    )  # fmt: skip
    titles = [
        slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        for slide in Presentation(str(pptx)).slides
    ]
    events = [n for n, title in enumerate(titles, start=1) if n > 2 and title != "Sources"]
    chosen = {
        "title": 1,
        "chart": 2,
        "long-title": max(events, key=lambda n: len(titles[n - 1])),
        "sources": titles.index("Sources") + 1,
    }
    for name, number in chosen.items():
        prefix = work / f"slide-{number}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(DECK_DPI), "-f", str(number), "-l", str(number),
             "-singlefile", str(work / "briefing.pdf"), str(prefix)],
            check=True,
        )  # fmt: skip
        save(prefix.with_suffix(".png").read_bytes(), out / f"deck-{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="default: docs/")
    parser.add_argument("--only", choices=["pages", "deck"], help="take only these pictures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if args.only != "deck":
            pages(args.out, work / "streamlit.log")
        if args.only != "pages":
            deck(args.out, work)


if __name__ == "__main__":
    main()
