"""The command line: `python -m timeline validate|schema|stats`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from timeline.load import TAXONOMY_FILE, Problem, load_dataset, load_taxonomy
from timeline.schema import events_schema
from timeline.stats import STAT_COLUMNS, counts, times


def _data_dirs(args: argparse.Namespace) -> tuple[Path, Path]:
    """The events folder and the seeds folder; seeds default to the events folder's sibling."""
    events_dir = Path(args.events_dir)
    seeds_dir = Path(args.seeds) if args.seeds else events_dir.parent / "seeds"
    for folder in (events_dir, seeds_dir):
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder")
    return events_dir, seeds_dir


class UsageError(Exception):
    """The command was given something it cannot work on (exit 2, like argparse)."""


def validate(args: argparse.Namespace) -> int:
    dataset = load_dataset(*_data_dirs(args))
    for problem in dataset.problems:
        print(problem)
    files = dataset.events["file"].nunique()
    if dataset.problems:
        print(
            f"{len(dataset.problems)} problem(s); {len(dataset.events)} valid events",
            file=sys.stderr,
        )
        return 1
    print(f"OK: {len(dataset.events)} events in {files} file(s), {len(dataset.sources)} sources")
    return 0


def schema(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    taxonomy = load_taxonomy(Path(args.taxonomy), problems) if args.taxonomy else None
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    text = json.dumps(events_schema(taxonomy), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def stats(args: argparse.Namespace) -> int:
    dataset = load_dataset(*_data_dirs(args))
    for problem in dataset.problems:
        print(problem, file=sys.stderr)
    events = dataset.events
    print(f"{len(events)} events from {events['source'].nunique()} sources")
    if events.empty:
        return 1 if dataset.problems else 0
    print(f"dates covered: {events['start'].min():%Y-%m-%d} to {events['end'].max():%Y-%m-%d}")
    two = times(events)
    print(f"said-date given: {two['said_dated']} of {len(events)} events")
    print(f"dates corrected by the curator (source-problem): {two['corrected']}")
    if two["lag_median_days"] is not None:
        print(
            f"lag between said and happened: median {two['lag_median_days']:g} days, "
            f"max {two['lag_max_days']} days"
        )
    for column, series in counts(events).items():
        print(f"\nby {STAT_COLUMNS[column]}:")
        width = max(len(str(key)) for key in series.index)
        for key, count in series.items():
            print(f"  {key!s:<{width}}  {count:>4}")
    return 1 if dataset.problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        (
            "validate",
            validate,
            "check every events file; one line per problem (path:line: message)",
        ),
        ("stats", stats, "count events by alignment, country, kind, status, month and source"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("events_dir", nargs="?", default="events", metavar="EVENTS_DIR")
        command.add_argument("--seeds", metavar="SEEDS_DIR", help="default: EVENTS_DIR/../seeds")
        command.set_defaults(func=func)
    command = commands.add_parser("schema", help="write the JSON Schema of an events file")
    command.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    command.add_argument(
        "--taxonomy",
        default=f"events/{TAXONOMY_FILE}",
        metavar="FILE",
        help="list its alignments, kinds and statuses in the schema ('' for none)",
    )
    command.set_defaults(func=schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except UsageError as error:
        print(f"python -m timeline {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
