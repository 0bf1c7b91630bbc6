"""Benchmark: every export format, beside a naive way of making the same file, in one run.

Run: .venv/bin/python benchmarks/export.py [--sizes 1000] [--repeats 3] [--markdown FILE]
For the shipped data and synthetic events of each size. Baselines: PNG by `fig.write_image` per
image (kaleido starts a new browser for each); PPTX as the same deck with its chart drawn by a new
browser; CSV, JSON and HTML by pandas' and Plotly's one-liners (which leak server paths, keep
formula cells and differ in content: a floor, not a rival). Baselines run first, while no kaleido
server is up (with one up, `write_image` would borrow it); then ours, with the server started
once. A cold deck (a fresh process: imports, browser start, chart, slides) is timed apart.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import kaleido
import plotly.graph_objects as go
import plotly.io as pio
from machine import described, load_average
from synthetic import write_dataset

from timeline import exports, load_dataset
from timeline.data.load import Dataset
from timeline.exports import FORMATS, ExportOptions
from timeline.exports.pptx import deck

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"pptx": 10.0, "png": 0.5}  # seconds, shipped data, warm server (a cold deck for pptx)


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """The fastest of `repeats` timed calls, in seconds."""
    samples = []
    for _ in range(repeats):
        gc.collect()
        began = time.perf_counter()
        func()
        samples.append(time.perf_counter() - began)
    return min(samples)


def baselines(dataset: Dataset, options: ExportOptions, folder: Path) -> dict[str, Callable]:
    """The naive way of making each file that has one, by format name."""
    events = dataset.events

    def png() -> None:
        figure = go.Figure(exports.chart(events, dataset, options))
        figure.write_image(folder / "naive.png", width=options.width, height=options.height)

    def pptx() -> None:
        figure = exports.chart(events, dataset, options)
        opts = {"format": "png", "width": options.width, "height": options.height}
        image = kaleido.calc_fig_sync(figure, opts=opts, kopts={"mathjax": False})
        deck(events, dataset, options, image)

    def html() -> None:
        pio.to_html(go.Figure(exports.chart(events, dataset, options)), include_plotlyjs=True)

    return {
        "pptx": pptx,
        "png": png,
        "html": html,
        "csv": lambda: events.to_csv(index=False),
        "json": lambda: events.to_json(orient="records", date_format="iso"),
    }


def cold_deck(events_dir: Path, seeds_dir: Path, folder: Path) -> float:
    """Seconds for `python -m timeline export pptx` in a fresh process, load included."""
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timeline", "export", "pptx", str(events_dir), "--seeds",
         str(seeds_dir), "-o", str(folder / "cold.pptx")],
        check=True, capture_output=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return time.perf_counter() - began


def measure(label: str, events_dir: Path, seeds_dir: Path, repeats: int) -> list[tuple]:
    """(data, format, ours s, baseline s or None) for every format, then the cold deck."""
    dataset = load_dataset(events_dir, seeds_dir)
    assert not dataset.problems, dataset.problems[:3]
    options = ExportOptions()
    data = f"{label}, {len(dataset.events):,} events"
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cold = cold_deck(events_dir, seeds_dir, folder)
        exports.stop_renderer()  # with a server up, write_image would borrow it
        naive = {
            fmt: best_of(1 if fmt in ("png", "pptx") else repeats, func)
            for fmt, func in baselines(dataset, options, folder).items()
        }
        for fmt in FORMATS.values():
            fmt.build(dataset.events, dataset, options)  # warm: the server starts once
            ours = best_of(repeats, lambda fmt=fmt: fmt.build(dataset.events, dataset, options))
            rows.append((data, fmt.name, ours, naive.get(fmt.name)))
        rows.append((data, "pptx, cold process", cold, None))
    return rows


def table(rows: list[tuple]) -> str:
    lines = [
        "| data | format | ours | naive baseline | ratio |",
        "|---|---|---:|---:|---:|",
    ]
    for data, fmt, ours, naive in rows:
        ratio = f"{ours / naive:.2f}" if naive else ""
        base = f"{naive:.3f} s" if naive else ""
        lines.append(f"| {data} | {fmt} | {ours:.3f} s | {base} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", metavar="FILE", help="also write the results to FILE")
    args = parser.parse_args()
    load_at_start = load_average()
    rows = measure("shipped", ROOT / "events", ROOT / "seeds", args.repeats)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            rows += measure("synthetic", *write_dataset(Path(folder), n), args.repeats)
    text = table(rows)
    print(text)
    shipped = {fmt: ours for data, fmt, ours, _ in rows if data.startswith("shipped")}
    verdicts = [
        f"shipped PPTX, cold process: {shipped['pptx, cold process']:.2f} s (goal < {GOALS['pptx']} s)",
        f"shipped PNG, warm server: {shipped['png']:.3f} s (goal < {GOALS['png']} s)",
    ]
    print("\n".join(verdicts))
    if args.markdown:
        Path(args.markdown).write_text(
            f"# Export benchmark\n\n`benchmarks/export.py`, {described(load_at_start)}; best of "
            f"{args.repeats} (baselines: 1 for PNG and PPTX).\n\n{text}\n\n"
            + "\n".join(f"- {line}" for line in verdicts)
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
