"""Benchmark: how long the Briefing page takes to move one step when the presenter presses a key.

Run: .venv/bin/python benchmarks/briefing.py [--repeats 3] [--sizes 1366x768 1920x1080]

Serves the shipped data, opens the Briefing in Chromium at each window size with the sidebar
collapsed, as a room sees it, and presses the right arrow through every step of the shipped
briefing; a step's time runs from the key press to the next step's counter, its URL and its
screen drawn. Every pass is timed; prints min, median and max per size, then the machine and its
load.
The browser tests check the same keys move the step; only this script times them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import described, load_average  # noqa: E402

from tests.helpers import CHART, CHROMIUM, CHROMIUM_ARGS, serve_data, settled, shipped_briefing  # noqa: E402


def step_seconds(browser: object, url: str, size: tuple[int, int]) -> list[float]:
    """One pass through the briefing at `size`: the seconds each step took."""
    briefing, screens = shipped_briefing()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(120_000)
    page.goto(f"{url}/briefing-view")
    page.get_by_text(f"Step 1 of {screens}", exact=True).wait_for()
    page.locator('[data-testid="stSidebar"]').hover()
    page.get_by_label("Collapse sidebar").click()
    settled(page)
    page.locator(f".st-key-briefing_strip {CHART}").first.wait_for()
    page.mouse.click(size[0] - 5, size[1] // 2)  # the focus, as a presenter clicks the window
    seconds = []
    for step in range(2, len(briefing.steps) + 2):
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.get_by_text(f"Step {step} of {screens}", exact=True).wait_for()
        page.wait_for_url(f"**step={step}**")
        page.locator(".briefing .title").wait_for()
        seconds.append(time.perf_counter() - started)
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=3, help="passes through the briefing")
    parser.add_argument("--sizes", nargs="+", default=["1366x768", "1920x1080"])
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes]

    from playwright.sync_api import sync_playwright

    started = load_average()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        log = Path(folder) / "streamlit.log"
        with serve_data(REPO / "events", REPO / "seeds", log) as url:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # A fresh server's first run serves only its main page: open it once first.
            first = browser.new_page()
            first.goto(url)
            first.wait_for_selector(CHART)
            first.close()
            print("| window | steps timed | min | median | max |\n|---|---:|---:|---:|---:|")
            for size in sizes:
                seconds = [s for _ in range(args.repeats) for s in step_seconds(browser, url, size)]
                print(
                    f"| {size[0]}x{size[1]} | {len(seconds)} | {min(seconds):.3f} s "
                    f"| {statistics.median(seconds):.3f} s | {max(seconds):.3f} s |"
                )
            browser.close()
    print(f"\n{described(started)}")


if __name__ == "__main__":
    main()
