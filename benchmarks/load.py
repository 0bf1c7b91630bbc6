"""Benchmark: load_events against the bare YAML parse, and normalize against naive dateparser.

Run: .venv/bin/python benchmarks/load.py [--sizes 1000 10000 100000] [--repeats 5]
     [--results benchmarks/load-results.md]

Like with like, in one run, on the same synthetic files and phrases:
- every arm is called once untimed before the timed repeats, so both sides of a comparison are
  warm (imports, dateparser's language data, the files in the page cache), and the arms take
  turns so that a busy spell on a shared machine hits all of them;
- the date memos are cleared before every call of every arm, so each call reads its dates afresh;
- the loader is compared with the bare parse twice: with Python's cyclic garbage collector on in
  both arms (the loader's own pause switched off) and paused in both; what the loader's pause buys
  is a row of its own;
- normalize is compared with a naive dateparser.parse per phrase without its memo, on phrases that
  are all distinct, and on the loader's mix; what the memo buys is a row of its own.
Each figure is the min and the median of the repeats; ratios are of the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import dateparser
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import described, load_average
from synthetic import DATE_PHRASES, write_dataset

from timeline import load_dataset, load_events
from timeline.data import dates
from timeline.data import load as loader
from timeline.data.load import event_files

Pairs = list[tuple[str, dt.date]]


class Row(NamedTuple):
    """One comparison: a baseline arm against ours, each as its timed samples."""

    workload: str
    comparison: str
    baseline: list[float]
    ours: list[float]


def cold_dates() -> None:
    """Forget every date read so far: normalize's memo and its per-reference dateparser readers."""
    dates.normalize.cache_clear()
    dates._parser.cache_clear()


def timed(arms: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds per call of each arm: one untimed warm-up call each, then `repeats` in turns."""
    for func in arms.values():
        cold_dates()
        func()
    samples: dict[str, list[float]] = {name: [] for name in arms}
    for _ in range(repeats):
        for name, func in arms.items():
            cold_dates()
            gc.collect()
            began = time.perf_counter()
            func()
            samples[name].append(time.perf_counter() - began)
    return samples


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, as the loader pauses it for itself."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def bare_parse(events_dir: Path) -> None:
    for path in event_files(events_dir):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def paused(func: Callable[[], object]) -> None:
    with collector_paused():
        func()


def loader_without_its_pause(events_dir: Path, seeds_dir: Path) -> None:
    with mock.patch.object(loader, "_collector_paused", contextlib.nullcontext):
        load_events(events_dir, seeds_dir)


def loading_rows(n: int, repeats: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        data = write_dataset(Path(folder), n)
        samples = timed(
            {
                "bare, gc on": partial(bare_parse, data[0]),
                "bare, gc paused": partial(paused, partial(bare_parse, data[0])),
                "ours, gc on": partial(loader_without_its_pause, *data),
                "ours, gc paused": partial(load_events, *data),
            },
            repeats,
        )
    workload = f"{n:,} events"
    return [
        Row(workload, "collector on in both", samples["bare, gc on"], samples["ours, gc on"]),
        Row(
            workload, "collector paused in both", samples["bare, gc paused"],
            samples["ours, gc paused"],
        ),
        Row(
            workload, "the loader's own pause: `load_events` with it off, then on",
            samples["ours, gc on"], samples["ours, gc paused"],
        ),
    ]  # fmt: skip


def distinct_pairs(count: int) -> Pairs:
    """`count` (phrase, reference) pairs, no two alike: the mix's phrases on successive days."""
    first = dt.date(2024, 9, 1)
    days = -(-count // len(DATE_PHRASES))
    pairs = [
        (phrase, first + dt.timedelta(days=day)) for day in range(days) for phrase in DATE_PHRASES
    ]
    return pairs[:count]


def event_mix(count: int) -> Pairs:
    """The (phrase, reference) pair of each of `count` synthetic events, as the loader reads them."""
    with tempfile.TemporaryDirectory() as folder:
        events_dir, seeds_dir = write_dataset(Path(folder), count)
        sources = load_dataset(events_dir, seeds_dir).sources
        pairs = []
        for path in event_files(events_dir):
            for item in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
                pairs.append((item["date"], sources[item["source"]].published))
    return pairs


def naive(pairs: Pairs) -> None:
    for text, reference in pairs:
        base = dt.datetime.combine(reference, dt.time())
        dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base})


def ours(read: Callable[[str, dt.date], object], pairs: Pairs) -> None:
    for text, reference in pairs:
        with contextlib.suppress(dates.DateError):
            read(text, reference)


def date_rows(count: int, repeats: int) -> list[Row]:
    rows = []
    workloads = {
        f"{count:,} distinct phrases": distinct_pairs(count),
        f"{count:,} phrases of the events' mix": event_mix(count),
    }
    for name, pairs in workloads.items():
        samples = timed(
            {
                "naive": partial(naive, pairs),
                "no memo": partial(ours, dates.normalize.__wrapped__, pairs),
                "memo": partial(ours, dates.normalize, pairs),
            },
            repeats,
        )
        workload = f"{name} ({len(set(pairs)):,} different)"
        rows += [
            Row(workload, "naive `dateparser.parse` against `normalize` without its memo",
                samples["naive"], samples["no memo"]),
            Row(workload, "the memo's own gain: `normalize` without it, then with it",
                samples["no memo"], samples["memo"]),
        ]  # fmt: skip
    return rows


def _figures(samples: list[float]) -> str:
    return f"{min(samples):.4f} s | {statistics.median(samples):.4f} s"


def table(rows: list[Row], baseline: str, ours: str, ratio: str, of: Callable[[Row], float]) -> str:
    lines = [
        f"| workload | comparison | {baseline}, min | median | {ours}, min | median | {ratio} |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workload} | {row.comparison} | {_figures(row.baseline)} | "
            f"{_figures(row.ours)} | {of(row):.2f} |"
        )
    return "\n".join(lines) + "\n"


def _median_ratio(row: Row) -> float:
    return statistics.median(row.ours) / statistics.median(row.baseline)


def _speed_up(row: Row) -> float:
    return statistics.median(row.baseline) / statistics.median(row.ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--big-repeats", type=int, default=3, help="repeats above 10,000 events (each is slow)"
    )
    parser.add_argument("--phrases", type=int, default=2_000, help="date phrases per workload")
    parser.add_argument("--results", type=Path, help="write the results, whole, to this file")
    args = parser.parse_args()
    load_at_start = load_average()

    loading = []
    for n in args.sizes:
        loading += loading_rows(n, args.repeats if n <= 10_000 else args.big_repeats)
    loading_table = table(loading, "first arm", "`load_events`", "ratio", _median_ratio)
    print(loading_table)
    dating = date_rows(args.phrases, args.repeats)
    dating_table = table(dating, "first arm", "second arm", "speed-up", _speed_up)
    print(dating_table)

    if args.results:
        command = " ".join(["benchmarks/load.py", *sys.argv[1:]])
        args.results.write_text(
            "# Load benchmark results\n\n"
            f"`{command}`, one run, {described(load_at_start)}. Written whole by the benchmark; "
            "docs/speed.md takes its loading and date figures from here.\n\n"
            "Every arm was called once untimed before its repeats (all warm), the arms took "
            "turns, and the date memos were cleared before every call. Figures are the min and "
            f"median of {args.repeats} repeats ({args.big_repeats} above 10,000 events); ratios "
            "and speed-ups are of the medians.\n\n"
            "## Loading\n\n"
            "The bare `yaml.CSafeLoader` parse of the synthetic events files against `load_events` "
            "(parse, validate, read the dates, check the quotes, build the DataFrame), first with "
            "Python's cyclic garbage collector on in both (the loader's own pause switched off), "
            "then paused in both. The ratio is `load_events` over the first arm (lower is "
            "faster); the last row of each size is what the loader's pause alone buys.\n\n"
            f"{loading_table}\n"
            "## Dates\n\n"
            "A naive `dateparser.parse` per phrase against `timeline.data.dates.normalize` "
            "without its memo, on phrases that are all different (the mix's phrases read on "
            "successive days) and on the synthetic events' own mix (few different phrases, as "
            "in real data); then what the memo adds. The speed-up is the first arm's median over "
            "the second's. The garbage collector is on throughout.\n\n"
            f"{dating_table}",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
