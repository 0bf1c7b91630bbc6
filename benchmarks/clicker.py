"""Benchmark: a key press to the next briefing step drawn, on the dashboard's Briefing page and on a
static HTML page that swaps a block on a key press, side by side in one Chromium, in one run.

Run: .venv/bin/python benchmarks/clicker.py [--presses 40] [--results benchmarks/clicker-results.md]
Each press is timed inside the page, from the key event's own time stamp (so the time the event
waited for the page counts) to the second animation frame after the new step is in the DOM (the
frame that shows it has been painted). Rounds alternate between the two pages, so a busy moment of
the machine falls on both. The goal: the dashboard at most 5x the static page.
"""

from __future__ import annotations

import argparse
import html
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import described, load_average
from playwright.sync_api import sync_playwright

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, whole
from tests.server import serve
from timeline import load_dataset
from timeline.data.briefings import step_events

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 5.0
SIZE = {"width": 1366, "height": 768}

# Installed in both pages: find the visible step, and time one key press to its step drawn.
MEASURE = """
() => {
  const host = [...document.querySelectorAll('*')].find(e => e.shadowRoot?.querySelector('.deck'));
  const root = host ? host.shadowRoot : document;
  const shown = () => root.querySelector('section.step:not([hidden])')?.dataset.step;
  window.__pressed = new Promise(resolve => {
    const before = shown();
    let pressed = null;
    window.addEventListener('keydown', e => { pressed = e.timeStamp; }, {capture: true, once: true});
    const frame = () => {
      if (pressed !== null && shown() !== before) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - pressed)));
      } else {
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  });
}
"""

# The baseline: the same steps' text as static blocks, one shown, swapped by a key press.
STATIC = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Static baseline</title>
<style>body {{ font-family: sans-serif; margin: 2rem; }} h2 {{ font-size: 3rem; }}
blockquote {{ font-size: 2rem; }}</style></head>
<body>{sections}
<script>
const steps = [...document.querySelectorAll('section.step')];
let current = 0;
document.addEventListener('keydown', (event) => {{
  if (event.key !== 'ArrowRight' && event.key !== 'Home') return;
  steps[current].hidden = true;
  current = event.key === 'Home' ? 0 : Math.min(current + 1, steps.length - 1);
  steps[current].hidden = false;
}});
</script></body></html>
"""


def static_page(folder: Path) -> Path:
    """The baseline page: the shipped briefing's steps as plain blocks of text."""
    dataset = load_dataset(ROOT / "events", ROOT / "seeds")
    briefing = dataset.briefings["north-korean-troops"]
    rows = step_events(briefing, dataset.events)
    texts = [(briefing.title, briefing.subtitle or "")]
    texts += [(row["title"], row["quote"]) for _, row in rows.iterrows()]
    texts.append(("Sources", ""))
    sections = "".join(
        f'<section class="step" data-step="{n}"{"" if n == 1 else " hidden"}>'
        f"<h2>{html.escape(title)}</h2><blockquote>{html.escape(text)}</blockquote></section>"
        for n, (title, text) in enumerate(texts, start=1)
    )
    path = folder / "static.html"
    path.write_text(STATIC.format(sections=sections), encoding="utf-8")
    return path


def press(page: object, key: str) -> float:
    """Milliseconds from `key` pressed to its step drawn."""
    page.evaluate(MEASURE)
    page.keyboard.press(key)
    return page.evaluate("window.__pressed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="key presses timed on each page")
    parser.add_argument("--results", type=Path, help="write the Markdown table here")
    args = parser.parse_args()

    load_before = load_average()
    times: dict[str, list[float]] = {"static": [], "dashboard": []}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        static = static_page(folder)
        env = {"EVENTS_DIR": str(ROOT / "events"), "SEEDS_DIR": str(ROOT / "seeds")}
        with (
            serve(ROOT / "dashboard.py", folder / "streamlit.log", env) as url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            pages = {
                "static": browser.new_page(viewport=SIZE),
                "dashboard": browser.new_page(viewport=SIZE),
            }
            pages["static"].goto(static.as_uri())
            board = pages["dashboard"]
            board.set_default_timeout(120_000)
            board.goto(f"{url}/briefing")
            board.locator(".deck .counter").wait_for()
            whole(board)  # the sidebar's run after the first page is drawn, over before any press
            board.mouse.click(SIZE["width"] - 5, SIZE["height"] // 2)
            steps = board.locator(".deck section.step").count()
            done = 0
            while done < args.presses:
                for name, page in pages.items():
                    page.bring_to_front()
                    # A round walks the steps; Home (untimed) starts the next one.
                    if done % (steps - 1):
                        times[name].append(press(page, "ArrowRight"))
                    else:
                        page.keyboard.press("Home")
                done += 1
            browser.close()

    chromium = subprocess.run(
        [str(CHROMIUM), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    rows = []
    for name, samples in times.items():
        ordered = sorted(samples)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        rows.append((name, len(samples), statistics.median(samples), p90, max(samples)))
    ratio = rows[1][2] / rows[0][2]
    lines = [
        "# Clicker benchmark",
        "",
        f"`benchmarks/clicker.py`, {described(load_before)}; {chromium}.",
        "Viewport 1366x768, the shipped briefing, both pages in one Chromium, rounds alternating "
        "between them.",
        "",
        "Key press (ArrowRight) to the next step drawn: from the key event's time stamp to the "
        "second animation frame after the new step is in the page.",
        "",
        "| page | presses | median | 90th percentile | slowest |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {n} | {median:.1f} ms | {p90:.1f} ms | {most:.1f} ms |"
            for name, n, median, p90, most in rows
        ),
        "",
        f"Median ratio, dashboard to static page: **{ratio:.2f}x** (goal: at most {GOAL_RATIO:g}x).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.results:
        args.results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
