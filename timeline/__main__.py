"""The command line: `python -m timeline validate|schema|stats|export`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from timeline import exports, present
from timeline.data import codebook, fields, filters
from timeline.data.briefings import step_events
from timeline.data.load import TAXONOMY_FILE, Problem, load_dataset, load_taxonomy
from timeline.data.schema import events_schema
from timeline.data.stats import (
    STAT_COLUMNS,
    appearances,
    counts,
    statuses_by_alignment,
    times,
)


def _say(text: object, file: TextIO | None = None) -> None:
    """Print a line, with any control character from file names, ids or text shown escaped."""
    print(present.terminal_text(text), file=file or sys.stdout)


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
    events_dir, seeds_dir = _data_dirs(args)
    dataset = load_dataset(events_dir, seeds_dir)
    found = sorted(
        [*dataset.problems, *codebook.check(dataset, events_dir)],
        key=lambda p: (p.path, p.line or 0),
    )
    for problem in found:
        _say(problem)
    errors = sum(problem.level == "error" for problem in found)
    warnings = len(found) - errors
    files = dataset.events["file"].nunique()
    if found:
        _say(
            f"{len(found)} problem(s): {errors} error(s), {warnings} warning(s); "
            f"{len(dataset.events)} valid events",
            file=sys.stderr,
        )
    if errors or (warnings and args.strict):
        return 1
    _say(f"OK: {len(dataset.events)} events in {files} file(s), {len(dataset.sources)} sources")
    return 0


def schema(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    taxonomy = load_taxonomy(Path(args.taxonomy), problems) if args.taxonomy else None
    for problem in problems:
        _say(problem, file=sys.stderr)
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
        _say(problem, file=sys.stderr)
    events = dataset.events
    _say(f"{len(events)} events from {events['source'].nunique()} sources")
    if events.empty:
        return 1 if dataset.problems else 0
    counted = appearances(events)
    _say(
        f"claims: {counted['claims']} (summaries left out: {counted['summaries']}), carried by "
        f"{counted['appearances']} appearances; {counted['repeated']} claims appear in more "
        f"than one document, {counted['independently_sourced']} have more than one "
        "independent source"
    )
    _say(f"dates covered: {events['start'].min():%Y-%m-%d} to {events['end'].max():%Y-%m-%d}")
    two = times(events)
    _say(f"said-date given: {two['said_dated']} of {len(events)} events")
    _say(f"dates corrected by the curator (source-problem): {two['corrected']}")
    if two["lag_median_days"] is not None:
        _say(
            f"lag between said and happened: median {two['lag_median_days']:g} days, "
            f"max {two['lag_max_days']} days"
        )
    for column, series in counts(events).items():
        _say(f"\nby {STAT_COLUMNS[column]}:")
        width = max(len(str(key)) for key in series.index)
        for key, count in series.items():
            _say(f"  {key!s:<{width}}  {count:>4}")
    table = statuses_by_alignment(events)
    _say("\nstatuses by alignment (claims):")
    _say("\n".join(f"  {line}" for line in table.to_string().splitlines()))
    return 1 if dataset.problems else 0


def export(args: argparse.Namespace) -> int:
    fmt = exports.FORMATS[args.format]
    if args.output == "-" and not fmt.is_text:
        raise UsageError(f"{fmt.name} is binary; give a file name with -o FILE\n{args.usage}")
    folders = _data_dirs(args)
    if fmt.draws:
        exports.start_renderer()  # the browser comes up while the data loads
    dataset = load_dataset(*folders)
    for problem in dataset.problems:
        _say(problem, file=sys.stderr)
    if dataset.problems:
        _say(f"{len(dataset.problems)} problem(s); nothing exported", file=sys.stderr)
        return 1
    # Through the URL's own reader, so the command line and a link filter alike.
    params = {key: getattr(args, key) or [] for key in fields.FILTER_KEYS}
    params |= {
        filters.START_KEY: args.start or [],
        filters.END_KEY: args.end or [],
        filters.QUERY_KEY: args.q or [],
    }
    state, notices = filters.FilterState.from_params(params, filters.choices(dataset.events))
    if notices:
        bad = "\n  ".join(notice.removeprefix("Ignored ") for notice in notices)
        raise UsageError(f"bad filter values, nothing exported:\n  {bad}\n{args.usage}")
    events = filters.apply(dataset.events, state)
    briefing = None
    if args.briefing is not None:
        briefing = dataset.briefings.get(args.briefing)
        if briefing is None:
            known = ", ".join(dataset.briefings) or "none in EVENTS_DIR/briefings"
            raise UsageError(
                f"no briefing {args.briefing!r}; expected one of: {known}\n{args.usage}"
            )
        events = step_events(briefing, events)
    try:
        window, everything = _window(args.window)
        options = exports.ExportOptions(
            lane=args.lane, colour=args.colour, axis=args.axis, filters=state, scale=args.scale,
            window=window, everything=everything,
            width=args.width, height=args.height,
            briefing=briefing.steps if briefing else None,
            title=briefing.title if briefing else None,
            subtitle=briefing.subtitle if briefing else None,
        )  # fmt: skip
    except ValueError as error:
        raise UsageError(f"{error}\n{args.usage}") from None
    data = fmt.build(events, dataset, options)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output or exports.filename(fmt.name, state, briefing=args.briefing))
    path.write_bytes(data)
    view = exports.shown(events, dataset, options)
    _say(
        f"{path}: {fmt.label}, {exports.counts(view.events)}, {exports.scope(view, options, dataset)}",
        file=sys.stderr,
    )
    return 0


def _window(text: str) -> tuple[tuple[date, date] | None, bool]:
    """--window: "story" (the page's opening window), "all", or FROM/TO in ISO dates."""
    if text in ("story", "all"):
        return None, text == "all"
    try:
        first, last = (date.fromisoformat(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(
            f"window {text!r}: expected story, all, or FROM/TO such as 2024-11-01/2024-11-30"
        ) from None
    if first > last:
        raise ValueError(f"window {text!r}: ends before it starts")
    return (first, last), False


def _export_parser(commands: argparse._SubParsersAction) -> None:
    help_text = "write the events (filtered as a link filters them) as slides, image, page or data"
    command = commands.add_parser("export", help=help_text, description=help_text)
    command.add_argument("format", choices=list(exports.FORMATS), metavar="FORMAT",
                         help=f"one of: {', '.join(exports.FORMATS)}")  # fmt: skip
    command.add_argument("events_dir", nargs="?", default="events", metavar="EVENTS_DIR")
    command.add_argument("--seeds", metavar="SEEDS_DIR", help="default: EVENTS_DIR/../seeds")
    command.add_argument("-o", "--output", metavar="FILE",
                         help="'-' for standard output (text formats); default: a name that "
                         "says what the file holds, e.g. claims-timeline_country-RU.pptx")  # fmt: skip
    for key, field in fields.FILTER_KEYS.items():
        command.add_argument(f"--{key.replace('_', '-')}", dest=key, action="append",
                             metavar="VALUE", help=f"{field.label}; repeat for several")  # fmt: skip
    command.add_argument("--q", action="append", metavar="WORDS", help="text search")
    command.add_argument("--from", dest="start", action="append", metavar="DATE")
    command.add_argument("--to", dest="end", action="append", metavar="DATE")
    command.add_argument("--lane", default="claimant_country", choices=list(fields.LANES))
    command.add_argument("--colour", default="alignment", choices=list(fields.COLOURS))
    command.add_argument("--axis", default="happened", choices=list(present.AXES))
    command.add_argument("--window", default="story", metavar="WINDOW",
                         help="the days the export holds: 'story' (default: the story window, "
                         "as the Timeline page opens), 'all', or FROM/TO such as "
                         "2024-11-01/2024-11-30")  # fmt: skip
    command.add_argument("--briefing", metavar="NAME",
                         help="the steps and speaker notes of EVENTS_DIR/briefings/NAME.yaml")  # fmt: skip
    command.add_argument("--scale", type=float, default=1.0, help="image scale (png, svg)")
    command.add_argument("--width", type=int, default=1920, help="image width in pixels")
    command.add_argument("--height", type=int, default=1080, help="image height in pixels")
    command.set_defaults(func=export, usage=command.format_usage().rstrip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m timeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        (
            "validate",
            validate,
            "check every events file and the codebook's rules; one line per problem "
            "(path:line: message, or path:line: warning: message); errors exit 1, warnings 0 "
            "unless --strict",
        ),
        ("stats", stats, "count events by alignment, country, kind, status, month and source"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("events_dir", nargs="?", default="events", metavar="EVENTS_DIR")
        command.add_argument("--seeds", metavar="SEEDS_DIR", help="default: EVENTS_DIR/../seeds")
        if func is validate:
            command.add_argument(
                "--strict", action="store_true", help="fail on warnings too, not only on errors"
            )
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
    _export_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except UsageError as error:
        _say(f"python -m timeline {args.command}: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a full disk, a missing or unreadable folder, a folder as output
        where = error.filename or getattr(args, "output", None) or ""
        reason = error.strerror or str(error)
        _say(f"python -m timeline {args.command}: {where}: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
