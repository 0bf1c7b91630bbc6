"""Benchmark: the dashboard against a bare px.timeline app over the same events, in the same run.

Run: .venv/bin/python benchmarks/dashboard.py [--sizes 10000] [--repeats 7] [--no-browser]

Three measures, each for the shipped data and for synthetic data of each size:
- rerun: AppTest time of the rerun that follows a filter change (the alignment filter),
- build: filter + figure + its JSON, without Streamlit (what the rerun spends on our code),
- first chart: in Chromium, from navigation to the Plotly chart's SVG, once on a fresh server
  (cold) and then the median of the following page loads (warm).
Ours and the baseline take turns throughout, so a busy spell on a shared machine hits both.
The baseline is a trivial app that only filters by alignment and draws px.timeline.
Goals: a filter change under 0.3 s at 10k events; first chart under 3 s with the shipped data.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
import plotly.express as px  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from synthetic import write_dataset  # noqa: E402

from tests.server import serve  # noqa: E402
from timeline import figures, filters, load_dataset  # noqa: E402
from ui.chart import for_streamlit  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
CHART = ".js-plotly-plot .main-svg"


def bare_figure(df: pd.DataFrame) -> go.Figure:
    """The baseline chart: plotly express's timeline of the events, one lane per country."""
    # A one-day event has start == end, which px.timeline would draw zero wide.
    return px.timeline(
        df.assign(end=df["end"] + pd.Timedelta(days=1)),
        x_start="start", x_end="end", y="claimant_country", color="alignment", hover_name="title",
    )  # fmt: skip


# The baseline app: the same events, filtered by alignment and drawn with bare_figure alone.
BARE_APP = f"""
import os

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from timeline import load_dataset

{inspect.getsource(bare_figure)}

@st.cache_data
def events(events_dir, seeds_dir):
    return load_dataset(events_dir, seeds_dir).events


df = events(os.environ["EVENTS_DIR"], os.environ["SEEDS_DIR"])
picked = st.multiselect("Alignment", sorted(df["alignment"].unique()), key="filter_alignment")
st.plotly_chart(bare_figure(df[df["alignment"].isin(picked)] if picked else df))
"""


@dataclass
class Row:
    data: str
    events: int
    measure: str
    ours: float
    bare: float


def timed(*funcs: Callable[[], object], repeats: int) -> list[float]:
    """The median of `repeats` timed calls of each function, in seconds; the calls take turns."""
    samples: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeats):
        for func, times in zip(funcs, samples, strict=True):
            began = time.perf_counter()
            func()
            times.append(time.perf_counter() - began)
    return [statistics.median(times) for times in samples]


@contextlib.contextmanager
def data_env(events_dir: Path, seeds_dir: Path) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in ("EVENTS_DIR", "SEEDS_DIR")}
    os.environ.update(EVENTS_DIR=str(events_dir), SEEDS_DIR=str(seeds_dir))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def filter_change(script: Path, alignments: list[str]) -> Callable[[], None]:
    """A call that changes the app's alignment filter (between two values) and reruns it."""
    at = AppTest.from_file(str(script), default_timeout=600).run()
    choices = [[alignments[0]], alignments[:2]]
    turn = iter(range(10**9))

    def change() -> None:
        at.multiselect(key="filter_alignment").set_value(choices[next(turn) % 2]).run()
        assert not at.exception, at.exception

    change()  # the first change fills every cache
    return change


def build_times(events_dir: Path, seeds_dir: Path, repeats: int) -> list[float]:
    """Median filter + figure + JSON time: ours, and the bare px.timeline's."""
    dataset = load_dataset(events_dir, seeds_dir)
    df, taxonomy = dataset.events, dataset.taxonomy
    alignments = filters.choices(df)["alignment"][:2]
    state = filters.FilterState(alignment=tuple(alignments))

    def ours() -> None:
        shown = filters.apply(df, state)
        for_streamlit(figures.timeline_figure(shown, taxonomy)).to_json()

    def bare() -> None:
        bare_figure(df[df["alignment"].isin(alignments)]).to_json()

    return timed(ours, bare, repeats=repeats)


def first_chart_times(
    browser: object, scripts: tuple[Path, Path], repeats: int
) -> list[tuple[float, float]]:
    """Per script, (cold, warm) seconds from navigation to the chart's SVG: the first page its
    fresh server serves, then the median of `repeats` later loads. The two servers run side by
    side and the loads take turns, so that a busy spell on a shared machine hits both."""
    samples: list[list[float]] = [[] for _ in scripts]
    env = {"PYTHONPATH": str(REPO)}
    with (
        tempfile.TemporaryDirectory() as logs,
        serve(scripts[0], Path(logs) / "ours.log", env) as first,
        serve(scripts[1], Path(logs) / "bare.log", env) as second,
    ):
        for _ in range(repeats + 1):
            for url, times in zip((first, second), samples, strict=True):
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                began = time.perf_counter()
                page.goto(url)
                page.wait_for_selector(CHART, timeout=600_000)
                times.append(time.perf_counter() - began)
                page.close()
    return [(times[0], statistics.median(times[1:])) for times in samples]


def measure(
    name: str, data: tuple[Path, Path], args: argparse.Namespace, bare_script: Path, browser: object
) -> list[Row]:
    """Every measure for one dataset, ours beside the bare app's."""
    events = load_dataset(*data).events
    row = partial(Row, name, len(events))
    scripts = (REPO / "dashboard.py", bare_script)
    with data_env(*data):
        changes = [
            filter_change(script, filters.choices(events)["alignment"]) for script in scripts
        ]
        rows = [
            row("rerun after a filter change (AppTest)", *timed(*changes, repeats=args.repeats)),
            row("filter + figure + JSON", *build_times(*data, repeats=args.repeats)),
        ]
        if browser is not None:
            (ours_cold, ours_warm), (bare_cold, bare_warm) = first_chart_times(
                browser, scripts, args.page_loads
            )
            rows.append(row("first chart, fresh server (Chromium)", ours_cold, bare_cold))
            rows.append(row("first chart, warm server (Chromium)", ours_warm, bare_warm))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--page-loads", type=int, default=5, help="warm page loads per app")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        bare_script = folder / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        browser = None
        if not args.no_browser and Path(CHROMIUM).exists():
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        datasets = [("shipped", (REPO / "events", REPO / "seeds"))]
        for n in args.sizes:
            datasets.append(("synthetic", write_dataset(folder / f"synthetic-{n}", n)))
        rows = []
        for name, data in datasets:
            rows += measure(name, data, args, bare_script, browser)

    print(f"{'data':<10} {'events':>7}  {'measure':<40} {'ours s':>7} {'bare s':>7} {'ratio':>6}")
    for row in rows:
        print(f"{row.data:<10} {row.events:>7}  {row.measure:<40} {row.ours:>7.3f} "
              f"{row.bare:>7.3f} {row.ours / row.bare:>6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
