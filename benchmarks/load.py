"""Benchmark: load_events against the bare YAML parse, and normalize against naive dateparser.

Run: .venv/bin/python benchmarks/load.py [--sizes 1000 10000 100000]
Both sides of each comparison are measured in the same run, on the same synthetic files.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import dateparser
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_dataset

from timeline import load_dataset, load_events
from timeline.data import dates
from timeline.data.load import event_files


def best_of(
    repeats: int, *funcs: Callable[[], object], reset: Callable[[], None] = lambda: None
) -> list[float]:
    """The fastest of `repeats` timed calls of each function, in seconds.

    The calls take turns (a, b, a, b, ...) so that a busy spell on a noisy machine hits both sides.
    """
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeats):
        for func, samples in zip(funcs, times, strict=True):
            reset()
            gc.collect()
            began = time.perf_counter()
            func()
            samples.append(time.perf_counter() - began)
    return [min(samples) for samples in times]


def bare_parse(events_dir: Path) -> None:
    for path in event_files(events_dir):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def date_mix(events_dir: Path, seeds_dir: Path) -> list[tuple[str, dt.date]]:
    """The (phrase, reference) pair of every synthetic event, as the loader would read them."""
    sources = load_dataset(events_dir, seeds_dir).sources
    pairs = []
    for path in event_files(events_dir):
        for item in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            pairs.append((item["date"], sources[item["source"]].published))
    return pairs


def naive(pairs: list[tuple[str, dt.date]]) -> None:
    for text, reference in pairs:
        base = dt.datetime.combine(reference, dt.time())
        dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base})


def ours(pairs: list[tuple[str, dt.date]]) -> None:
    for text, reference in pairs:
        with contextlib.suppress(dates.DateError):
            dates.normalize(text, reference)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=2_000,
        help="events timed with naive dateparser (it is slow); both sides get the same",
    )
    args = parser.parse_args()
    clear = dates.normalize.cache_clear

    print("load_events (cold date cache) against the bare yaml.CSafeLoader parse of the same files")
    print(f"{'events':>8} {'bare parse s':>13} {'load_events s':>14} {'ratio':>6}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            data = write_dataset(Path(folder), n)
            repeats = args.repeats if n <= 10_000 else 2
            bare, full = best_of(
                repeats, partial(bare_parse, data[0]), partial(load_events, *data), reset=clear
            )
            print(f"{n:>8} {bare:>13.3f} {full:>14.3f} {full / bare:>6.2f}")

    print()
    print("normalize against naive dateparser.parse per event, on the same phrase mix")
    print(f"{'events':>8} {'naive s':>9} {'normalize s':>12} {'speed-up':>9}")
    with tempfile.TemporaryDirectory() as folder:
        pairs = date_mix(*write_dataset(Path(folder), args.naive_sample))
    [slow] = best_of(1, partial(naive, pairs))
    [fast] = best_of(args.repeats, partial(ours, pairs), reset=clear)
    print(f"{len(pairs):>8} {slow:>9.3f} {fast:>12.4f} {slow / fast:>8.0f}x")


if __name__ == "__main__":
    main()
