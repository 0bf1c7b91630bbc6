"""Benchmark: the Map page's first paint. From the page's navigation to Plotly's frame of the map
drawn (its legend, no land yet), to the map's place saying "Drawing the map…", and to the outlines
drawn; the empty frame the room saw before is the time from the frame to the outlines.

Run: .venv/bin/python benchmarks/map.py [--loads 8] [--results benchmarks/map-results.md]
Each load is a fresh browser context (nothing cached) that opens the dashboard, then navigates to
/map; the moments are noted inside the page, by a MutationObserver installed before its first
byte, on the page's own clock. The old page (no placeholder) and the new one draw the same map at
the same moments, so both are read from the same loads: before, the box showed the empty frame
until the outlines; now it says it is drawing from the moment its style is in.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import described, load_average
from playwright.sync_api import sync_playwright

from tests.helpers import CHART, CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.server import serve

ROOT = Path(__file__).resolve().parent.parent
SIZE = {"width": 1366, "height": 768}
BOX = ".st-key-map_chart"
OUTLINES = f"{BOX} .geo .countries path"

# Notes, in ms since navigation started, the first moment each thing is in the page: the map's
# box laid out and saying "Drawing the map…", Plotly's frame, and the outlines drawn.
OBSERVE = f"""
window.__map = {{}};
new MutationObserver(() => {{
  const seen = window.__map, now = performance.now();
  const box = document.querySelector('{BOX}');
  if (!seen.placeholder && box && box.getBoundingClientRect().height > 0
      && getComputedStyle(box, '::before').content.includes('Drawing')) seen.placeholder = now;
  if (!seen.frame && document.querySelector('{BOX} .main-svg')) seen.frame = now;
  if (!seen.outlines && document.querySelector('{OUTLINES}')) seen.outlines = now;
}}).observe(document, {{subtree: true, childList: true, attributes: true}});
"""
# The outline file's fetch, request to response, from the browser's resource timing.
FETCH = """() => performance.getEntriesByType('resource')
    .filter(e => e.name.endsWith('world_110m.json'))
    .map(e => ({start: e.startTime, end: e.responseEnd}))[0] || null"""


def one_load(browser: object, url: str) -> dict[str, float]:
    """The moments of one fresh load of the Map page, in ms since its navigation."""
    context = browser.new_context(viewport=SIZE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    # A fresh server knows the pages' paths only once its entrypoint has run.
    page.goto(url)
    page.wait_for_selector(CHART)
    page.add_init_script(OBSERVE)
    page.goto(f"{url}/map")
    page.wait_for_selector(OUTLINES, state="attached")
    page.wait_for_function("() => window.__map.outlines !== undefined")
    seen = page.evaluate("window.__map")
    fetched = page.evaluate(FETCH) or {}
    context.close()
    return {
        # never shown: the outlines were first
        "placeholder": seen.get("placeholder", seen["outlines"]),
        "frame": seen["frame"],
        "outlines": seen["outlines"],
        "fetch": fetched.get("end", float("nan")) - fetched.get("start", float("nan")),
    }


def row(name: str, values: list[float]) -> str:
    values = sorted(values)
    return (
        f"| {name} | {len(values)} | {statistics.median(values):,.0f} ms | "
        f"{values[0]:,.0f} ms | {values[-1]:,.0f} ms |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=8)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "map-results.md")
    arguments = parser.parse_args()
    started = load_average()
    loads = []
    with (
        tempfile.TemporaryDirectory() as scratch,
        serve(ROOT / "dashboard.py", Path(scratch) / "streamlit.log") as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for number in range(arguments.loads):
            loads.append(one_load(browser, url))
            print(f"load {number + 1}: {loads[-1]}", flush=True)
        browser.close()
    empty = [load["outlines"] - load["frame"] for load in loads]
    late = sum(load["placeholder"] > load["frame"] for load in loads)
    text = "\n".join(
        [
            "# Map first-paint benchmark",
            "",
            f"`benchmarks/map.py`, {described(started)}.",
            f"Viewport {SIZE['width']}x{SIZE['height']}, the shipped data, {len(loads)} loads of "
            "/map, each in a fresh browser context after the dashboard's first page.",
            "",
            "From the Map page's navigation to:",
            "",
            "| moment | loads | median | fastest | slowest |",
            "|---|---:|---:|---:|---:|",
            row("the map's place says \"Drawing the map…\"", [x["placeholder"] for x in loads]),
            row("Plotly's frame drawn (legend, no land)", [x["frame"] for x in loads]),
            row("the outlines drawn", [x["outlines"] for x in loads]),
            row("the outline file's fetch (world_110m.json)", [x["fetch"] for x in loads]),
            "",
            "Before the placeholder the room saw Plotly's empty frame from the second row to the "
            f"third: a median {statistics.median(empty):,.0f} ms, at most {max(empty):,.0f} ms in "
            f"these loads. Now the place says it is drawing before the frame in {len(loads) - late} "
            f"of {len(loads)} loads{'' if not late else ' (in the others the empty frame showed until the note came)'}.",
            "",
        ]
    )  # fmt: skip
    arguments.results.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
