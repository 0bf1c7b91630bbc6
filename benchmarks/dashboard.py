"""Benchmark: the dashboard against a bare px.timeline app over the same events, in the same run.

Run: .venv/bin/python benchmarks/dashboard.py [--sizes 10000 100000] [--repeats 5] [--page-loads 3]
     [--data DIR] [--no-browser] [--results benchmarks/results.md]

For the shipped data and synthetic data of each size, ours beside the bare app's:
- rerun: AppTest time of the rerun that follows a filter change (the alignment filter, set to a
  choice not made before),
- build: filter + figure + its JSON without Streamlit, and the JSON encoding alone (orjson),
- chart JSON: the size of the figure's JSON,
- in Chromium, ours served as `make run` serves it (serve.py): the restart (from launching a
  fresh server over unchanged files, our snapshot already written, to the chart's SVG), the
  first chart on a warm server (median of the page loads) and to every control of the page
  drawn, the bytes the server sends over its websocket for a first render, the server's memory
  (RSS) after it, and a zoom (a drag across the middle fifth of the chart, to the next frame).
Ours and the baseline take turns throughout, so a busy spell on a shared machine hits both.
The baseline is a trivial app that only filters by alignment and draws px.timeline, its data in
st.cache_data. The snapshot cache is a fresh temporary folder, so the first load builds it.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import json
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
import plotly.io as pio  # noqa: E402
from machine import described, load_average  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from synthetic import write_dataset  # noqa: E402

from tests.helpers import CHART, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.helpers import WHOLE as FILTERS_DRAWN  # noqa: E402
from tests.server import serve  # noqa: E402
from timeline.charts import timeline as timeline_chart  # noqa: E402
from timeline.data import filters, snapshot  # noqa: E402
from ui import first_paint  # noqa: E402
from ui.chart import for_streamlit  # noqa: E402

# The page whole, every control drawn: ours sends its filters and its table in the run after its
# chart is drawn (ui.first_paint); the bare app's one control is its multiselect.
WHOLE = {
    "ours": (FILTERS_DRAWN, '[data-testid="stDataFrame"]'),
    "bare": ('[data-testid="stMultiSelect"]',),
}
DRAG = ".js-plotly-plot .nsewdrag"
# Resolves after the next frame is painted: what a zoom's redraw has to reach.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
MB = 1_000_000
# What `make run` serves: the dashboard behind its middleware (ui/warm_code.py among them).
SERVED = REPO / "serve.py"
VIEWPORT = {"width": 1366, "height": 768}


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
    unit: str
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
    """A call that sets the app's alignment filter to a choice not made before and reruns it.

    Every choice is new, so what either app keeps per view (our page keeps its chart) is not
    reused: the rerun builds the chart afresh, as after a reader's first change of filter.
    """
    at = AppTest.from_file(str(script), default_timeout=1200)
    # A reader's session once the first page is drawn: every run whole (the bare app ignores it).
    at.session_state[first_paint.DRAWN] = True
    at.run()
    # Over again only when every combination was made (a handful of alignments and many repeats).
    choices = itertools.cycle(
        [
            c
            for size in range(1, len(alignments) + 1)
            for c in itertools.combinations(alignments, size)
        ]
    )

    def change() -> None:
        at.multiselect(key="filter_alignment").set_value(list(next(choices))).run()
        assert not at.exception, at.exception

    change()  # the first change fills every cache
    return change


def build_rows(dataset: object, repeats: int, row: Callable[..., Row]) -> list[Row]:
    """Filter + figure + JSON, the JSON alone, and the JSON's size: ours and the bare app's."""
    df, taxonomy = dataset.events, dataset.taxonomy
    alignments = filters.choices(df)["alignment"][:2]
    state = filters.FilterState(alignment=tuple(alignments))

    def ours_figure() -> go.Figure:
        return for_streamlit(timeline_chart.timeline_figure(filters.apply(df, state), taxonomy))

    def bare() -> go.Figure:
        return bare_figure(df[df["alignment"].isin(alignments)])

    # Streamlit encodes a figure with plotly.io.to_json, which uses orjson when it is installed.
    built = timed(lambda: pio.to_json(ours_figure()), lambda: pio.to_json(bare()), repeats=repeats)
    figures_made = (ours_figure(), bare())
    encoded = timed(*(partial(pio.to_json, f) for f in figures_made), repeats=repeats)
    sizes = [len(pio.to_json(f)) / MB for f in figures_made]
    return [
        row("filter + figure + JSON", "s", *built),
        row("figure to JSON alone", "s", *encoded),
        row("chart JSON", "MB", *sizes),
    ]


def _server_pid(script: Path) -> int:
    """The process id of our child `streamlit run` of `script`."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
            if int(fields[1]) == os.getpid() and str(script).encode() in cmdline:
                return int(stat.parent.name)
    raise RuntimeError(f"no server process for {script}")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1000
    raise RuntimeError(f"no VmRSS for process {pid}")


def _page_load(
    opener: object, url: str, whole: tuple[str, ...] = ()
) -> tuple[float, float, object, float]:
    """(seconds to the chart, MB received over the websocket until then, the open page, seconds
    until every `whole` selector matches as well).

    `opener` is the browser (a new viewer: a fresh context, nothing cached) or a context (a
    returning viewer, whose cache holds the app's scripts).
    """
    received = [0]

    def count(payload: str | bytes) -> None:
        received[0] += len(payload)

    # A browser opens each page in a context of its own; a context shares its cache.
    page = opener.new_page(viewport=VIEWPORT) if hasattr(opener, "contexts") else opener.new_page()
    page.on("websocket", lambda socket: socket.on("framereceived", count))
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CHART, timeout=1_200_000)
    page.evaluate(NEXT_FRAME)
    drawn, megabytes = time.perf_counter() - began, received[0] / MB
    for selector in whole:
        page.wait_for_selector(selector, timeout=1_200_000)
    page.evaluate(NEXT_FRAME)
    return drawn, megabytes, page, time.perf_counter() - began


def _zoom(page: object) -> float:
    """Seconds for a drag across the middle fifth of the chart to be drawn."""
    box = page.locator(DRAG).first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=4)
    began = time.perf_counter()
    page.mouse.up()
    page.evaluate(NEXT_FRAME)
    return time.perf_counter() - began


def browser_rows(
    browser: object, scripts: tuple[Path, Path], page_loads: int, row: Callable[..., Row]
) -> list[Row]:
    """Restart, first chart (warm), bytes, server memory and zoom, ours beside the bare app's.

    Each server is launched alone and timed to its first chart (the restart); then both serve
    side by side and the page loads take turns.
    """
    env = {"PYTHONPATH": str(REPO)}
    results: dict[str, list[float]] = {}
    with contextlib.ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        urls, pids = [], []
        for script, name in zip(scripts, ("ours", "bare"), strict=True):
            began = time.perf_counter()
            url = stack.enter_context(serve(script, logs / f"{name}.log", env))
            served = time.perf_counter() - began
            drawn, received, page, _ = _page_load(browser, url, WHOLE[name])
            results.setdefault("restart", []).append(served + drawn)
            results.setdefault("bytes", []).append(received)
            pids.append(_server_pid(script))
            results.setdefault("rss", []).append(_rss_mb(pids[-1]))
            page.close()
            urls.append(url)
        warm: list[list[float]] = [[], []]
        complete: list[list[float]] = [[], []]
        returning: list[list[float]] = [[], []]
        zooms: list[list[float]] = [[], []]
        contexts = [browser.new_context(viewport=VIEWPORT) for _ in urls]
        for context, url, name in zip(contexts, urls, WHOLE, strict=True):
            stack.callback(context.close)
            _page_load(context, url, WHOLE[name])[2].close()  # fills the returning viewer's cache
        for _ in range(page_loads):
            for index, (url, name) in enumerate(zip(urls, WHOLE, strict=True)):
                seconds, _, page, whole = _page_load(browser, url, WHOLE[name])
                warm[index].append(seconds)
                complete[index].append(whole)
                zooms[index].append(_zoom(page))
                page.close()
                seconds, _, page, _ = _page_load(contexts[index], url, WHOLE[name])
                returning[index].append(seconds)
                page.close()
        rss_after = [_rss_mb(pid) for pid in pids]
    return [
        row("restart to first chart (Chromium)", "s", *results["restart"]),
        row("first chart, warm server (Chromium)", "s", *map(statistics.median, warm)),
        row("same, returning viewer (browser cache)", "s", *map(statistics.median, returning)),
        row("every control drawn, warm server (Chromium)", "s", *map(statistics.median, complete)),
        row("zoom: drag to redrawn (Chromium)", "s", *map(statistics.median, zooms)),
        row("websocket bytes, first render", "MB", *results["bytes"]),
        row("server RSS after first render", "MB", *results["rss"]),
        row(f"server RSS after {2 * page_loads + 1} more loads", "MB", *rss_after),
    ]


def measure(
    name: str, data: tuple[Path, Path], args: argparse.Namespace, bare_script: Path, browser: object
) -> list[Row]:
    """Every measure for one dataset, ours beside the bare app's."""
    began = time.perf_counter()
    snapshot.load(*data)  # as the first server to read these files would
    print(f"{name}: read and snapshotted in {time.perf_counter() - began:.1f} s", flush=True)
    dataset = snapshot.load(*data)
    row = partial(Row, name, len(dataset.events))
    scripts = (REPO / "dashboard.py", bare_script)
    with data_env(*data):
        changes = [
            filter_change(script, filters.choices(dataset.events)["alignment"])
            for script in scripts
        ]
        rerun = timed(*changes, repeats=args.repeats)
        del changes
        rows = [row("rerun after a filter change (AppTest)", "s", *rerun)]
        rows += build_rows(dataset, args.repeats, row)
        if browser is not None:
            # In the browser, ours is served as `make run` serves it (serve.py).
            rows += browser_rows(browser, (SERVED, bare_script), args.page_loads, row)
    for done in rows:
        print(_line(done), flush=True)
    return rows


def synthetic(folder: Path, n: int) -> tuple[Path, Path]:
    """The synthetic dataset of `n` events under `folder`, written unless it is there already."""
    done = folder / f"synthetic-{n}" / "written.json"
    if done.is_file() and json.loads(done.read_text()) == {"events": n, "seed": 0}:
        return done.parent / "events", done.parent / "seeds"
    found = write_dataset(done.parent, n)
    done.write_text(json.dumps({"events": n, "seed": 0}))
    return found


def _line(row: Row) -> str:
    return (
        f"{row.data:<10} {row.events:>7}  {row.measure:<40} {row.unit:>3} {row.ours:>9.3f} "
        f"{row.bare:>9.3f} {row.ours / row.bare if row.bare else float('nan'):>6.2f}"
    )


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| data | events | measure | ours | bare px.timeline | ours / bare |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r.ours / r.bare:.2f}" if r.bare else "-"
        lines.append(
            f"| {r.data} | {r.events:,} | {r.measure} | {r.ours:,.3f} {r.unit} | "
            f"{r.bare:,.3f} {r.unit} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[10_000],
        help="synthetic sizes; none for the shipped data alone",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--page-loads", type=int, default=3, help="warm page loads per app")
    parser.add_argument("--data", type=Path, help="keep synthetic data here for later runs")
    parser.add_argument("--results", type=Path, help="also write the results, whole, to this file")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    args = parser.parse_args()
    load_at_start = load_average()

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        # A fresh snapshot cache: the first load of each dataset writes its snapshot.
        os.environ[snapshot.CACHE_ENV] = str(folder / "cache")
        bare_script = folder / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        browser = None
        if not args.no_browser and CHROMIUM.exists():
            from playwright.sync_api import sync_playwright

            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        datasets = [("shipped", (REPO / "events", REPO / "seeds"))]
        for n in args.sizes:
            datasets.append(("synthetic", synthetic(args.data or folder, n)))
        rows = []
        for name, data in datasets:
            rows += measure(name, data, args, bare_script, browser)

    print(
        f"{'data':<10} {'events':>7}  {'measure':<40} {'':>3} {'ours':>9} {'bare':>9} {'ratio':>6}"
    )
    for row in rows:
        print(_line(row))
    if args.results:
        command = " ".join(["benchmarks/dashboard.py", *sys.argv[1:]])
        args.results.write_text(
            "# Dashboard benchmark results\n\n"
            f"`{command}`, one run, {described(load_at_start)}. Ours and the bare px.timeline "
            f"app took turns. Medians of {args.repeats} repeats ({args.page_loads} page loads "
            "for the Chromium figures); restart, bytes and RSS are single measures. Written "
            "whole by the benchmark; docs/speed.md takes its dashboard figures from here.\n\n"
            f"{table(rows)}",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
