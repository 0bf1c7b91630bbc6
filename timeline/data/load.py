"""Read the YAML data safely, validate it, normalize its dates and return one DataFrame of events."""

from __future__ import annotations

import datetime as dt
import gc
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath
from typing import Any, NamedTuple

import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from timeline.data import fields
from timeline.data.briefings import BRIEFINGS_DIR, Briefing, load_briefings
from timeline.data.dates import BY, DateError, DateSpan, Qualifier, day_precision, normalize
from timeline.data.edtf import to_edtf
from timeline.data.model import Case, Event, Source, Taxonomy
from timeline.data.provenance import contains
from timeline.data.yamlfile import (
    YAML_SUFFIXES,
    Folder,
    Problem,
    YamlFile,
    load_model,
    read_bytes,
    read_yaml,
    report,
)

TAXONOMY_FILE = "taxonomy.yaml"
SOURCES_FILE = "sources.yaml"
CASE_FILE = "dataset.yaml"
# Files of an events folder that hold no events.
NOT_EVENTS = (TAXONOMY_FILE, CASE_FILE)

COLUMNS = fields.COLUMNS
# The days a pandas timestamp can hold; a span beyond them is a problem, not a crash.
FIRST_DAY = pd.Timestamp.min.date() + dt.timedelta(days=1)
LAST_DAY = pd.Timestamp.max.date() - dt.timedelta(days=1)


class InvalidData(ValueError):
    """The data has problems; `problems` lists every one of them, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


@dataclass(frozen=True)
class Dataset:
    """What `load_dataset` found: the valid events and every problem, with what they refer to."""

    events: pd.DataFrame
    problems: list[Problem]
    taxonomy: Taxonomy | None
    sources: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    case: Case | None = None
    briefings: dict[str, Briefing] = field(default_factory=dict)


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter:
    """A validator of a list of `model`, built once: building one costs more than using it."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate(
    model: type[BaseModel],
    items: list[Any],
    file: YamlFile,
    context: dict[str, Any],
    problems: list[Problem],
) -> list[tuple[int, Any]]:
    """The (index, model) of each valid item; a problem, with its line, for each invalid one.

    The whole list is validated in one call; only a list that fails is gone through item by item.
    """
    try:
        return list(enumerate(_list_adapter(model).validate_python(items, context=context)))
    except ValidationError:
        pass
    valid = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    str(file.path),
                    file.line((index,)),
                    f"expected a mapping of fields (- id: ...), got {type(item).__name__} {item!r:.60}",
                )
            )
            continue
        try:
            valid.append((index, model.model_validate(item, context=context)))
        except ValidationError as error:
            report(error, file, problems, (index,))
    return valid


def _as_list(data: Any, file: YamlFile, what: str, problems: list[Problem]) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(
            Problem(
                str(file.path),
                1,
                f"the top level should be a list of {what} (- id: ...), not a {type(data).__name__}",
            )
        )
        return []
    # YAML reads an unquoted 2024-10-18 as a date; the wording is what counts.
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("date"), dt.date):
            item["date"] = item["date"].isoformat()
    return data


def load_taxonomy(path: Folder, problems: list[Problem]) -> Taxonomy | None:
    """The taxonomy in `path`, or None after adding what is wrong with it to `problems`."""
    if not path.is_file():
        problems.append(
            Problem(str(path), None, "missing: the taxonomy (alignments, kinds, statuses)")
        )
        return None
    return load_model(path, Taxonomy, problems)


def _load_sources(
    seeds_dir: Folder, taxonomy: Taxonomy | None, problems: list[Problem]
) -> tuple[dict[str, Source], dict[str, str]]:
    """The valid sources and their documents' texts, by source id."""
    path = seeds_dir / SOURCES_FILE
    if not path.is_file():
        problems.append(Problem(str(path), None, "missing: the list of source documents"))
        return {}, {}
    file, data = read_yaml(path, problems)
    if file is None:
        return {}, {}
    items = _as_list(data, file, "sources", problems)
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    for index, source in _validate(Source, items, file, {"taxonomy": taxonomy}, problems):
        if source.id in sources:
            problems.append(
                Problem(str(path), file.line((index, "id")), f"duplicate source id {source.id!r}")
            )
            continue
        # A file name only: a path could read any file on the server (`../../etc/passwd`).
        if PurePath(source.file).name != source.file or source.file in ("", ".", ".."):
            problems.append(
                Problem(
                    str(path),
                    file.line((index, "file")),
                    f"source {source.id!r}: file {source.file!r} is not a plain file name; "
                    "expected the name of a document in the seeds folder",
                )
            )
            continue
        document = seeds_dir / source.file
        if not document.is_file():
            problems.append(
                Problem(
                    str(path),
                    file.line((index, "file")),
                    f"source {source.id!r}: file {source.file!r} not found in the seeds folder",
                )
            )
            continue
        raw = read_bytes(document, problems)
        if raw is None:
            continue
        try:
            texts[source.id] = raw.decode("utf-8")
            sources[source.id] = source
        except UnicodeDecodeError:
            problems.append(Problem(str(document), None, "not UTF-8 text; save it as UTF-8"))
    return sources, texts


def event_files(events_dir: Folder) -> list[Folder]:
    """The events files of a folder, in name order: every YAML file but the taxonomy."""
    return sorted(
        (
            p
            for p in events_dir.iterdir()
            if p.suffix in YAML_SUFFIXES and p.name not in NOT_EVENTS and p.is_file()
        ),
        key=lambda p: p.name,
    )


def fingerprint(events_dir: str | Path = "events", seeds_dir: str | Path = "seeds") -> tuple:
    """(path, mtime_ns, size) of every file the data is read from: a cache key that changes with it.

    A file deleted or renamed while this runs is left out, not an error: the change itself makes
    the next fingerprint differ.
    """
    found = []
    for folder in (Path(events_dir), Path(events_dir) / "briefings", Path(seeds_dir)):
        try:
            paths = sorted(folder.iterdir())
        except OSError:
            continue
        for path in paths:
            try:
                status = path.stat()
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                found.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(found)


@dataclass
class _Row:
    file: YamlFile
    index: int
    event: Event


class _Spans(NamedTuple):
    """When an event happened and when it was said."""

    happened: DateSpan
    said: DateSpan


def _explicit(
    start: dt.date, end: dt.date | None, precision: str | None, qualifier: Qualifier | None
) -> DateSpan:
    end = end or start
    return DateSpan(start, end, precision or day_precision(start, end), qualifier)


def _spans(event: Event, published: dt.date) -> tuple[_Spans | None, list[tuple[str, str]]]:
    """Both spans of an event, or None with (field, message) for each date nothing understands."""
    errors: list[tuple[str, str]] = []
    happened = said = None
    if event.start is not None:
        happened = _explicit(event.start, event.end, event.precision, event.qualifier)
    else:
        try:
            happened = normalize(event.date or "", published)
        except DateError as error:
            errors.append(("date", str(error)))
    if event.said_start is not None:
        said = _explicit(event.said_start, event.said_end, None, None)
    elif event.said is not None:
        try:
            said = normalize(event.said, published)
        except DateError as error:
            errors.append(("said", str(error)))
    else:
        # A claim the document does not date was made no later than the document itself.
        said = DateSpan(published, published, "day", BY)
    if happened is None or said is None:
        return None, errors
    return _Spans(happened, said), errors


def _check_appearances(
    row: _Row, sources: dict[str, Source], texts: dict[str, str], problems: list[Problem]
) -> None:
    """Each further appearance cites a known seed, once per claim, and quotes it verbatim."""
    event = row.event
    seen = {event.source}
    for index, appearance in enumerate(event.appearances):
        field_name, message = "source", None
        if appearance.source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            message = (
                f"unknown source {appearance.source!r} (or one with problems of its own); "
                f"expected a valid seed id ({known})"
            )
        elif appearance.source in seen:
            message = (
                f"source {appearance.source!r} is already an appearance of this claim; "
                "expected one appearance per document"
            )
        elif not contains(texts[appearance.source], appearance.quote):
            field_name = "quote"
            message = f"quote not found in seed {appearance.source!r}: {appearance.quote[:80]!r}"
        seen.add(appearance.source)
        if message is not None:
            line = row.file.line((row.index, "appearances", index, field_name))
            problems.append(
                Problem(
                    str(row.file.path),
                    line,
                    f"event {event.id!r}: appearance {index + 1}: {message}",
                )
            )


def _check(
    rows: list[_Row],
    all_ids: set[str],
    sources: dict[str, Source],
    texts: dict[str, str],
    problems: list[Problem],
) -> Iterator[tuple[_Row, _Spans]]:
    """Cross-file checks: ids unique, sources exist, quotes in their seeds, dates readable, links.

    `all_ids` holds the id of every item, valid or not, so that a link to an event with a problem
    of its own is not reported twice.
    """
    first: dict[str, _Row] = {}

    def fail(row: _Row, field_name: str, message: str) -> None:
        problems.append(
            Problem(
                str(row.file.path),
                row.file.line((row.index, field_name)),
                f"event {row.event.id!r}: {message}",
            )
        )

    for row in rows:
        event = row.event
        bad = len(problems)
        if event.id in first:
            other = first[event.id]
            fail(
                row,
                "id",
                f"duplicate id; first defined at {other.file.path}:{other.file.line((other.index, 'id'))}",
            )
        else:
            first[event.id] = row
        if event.source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            fail(
                row,
                "source",
                f"unknown source {event.source!r} (or one with problems of its own); "
                f"expected a valid seed id ({known})",
            )
        elif not contains(texts[event.source], event.quote):
            fail(row, "quote", f"quote not found in seed {event.source!r}: {event.quote[:80]!r}")
        _check_appearances(row, sources, texts, problems)
        for name in ("contradicts", "corroborated_by", "summary_of"):
            for target in getattr(event, name):
                if target not in all_ids:
                    fail(row, name, f"{name.replace('_', ' ')} unknown event id {target!r}")
        spans = None
        if event.source in sources:
            published = sources[event.source].published
            spans, errors = _spans(event, published)
            for field_name, message in errors:
                fail(row, field_name, message)
            for field_name, span in zip(("date", "said"), spans or (), strict=False):
                if span.start < FIRST_DAY or span.end > LAST_DAY:
                    fail(
                        row,
                        field_name,
                        f"read as {span.start} to {span.end}, outside the days the dashboard can "
                        f"show ({FIRST_DAY} to {LAST_DAY}); check the date",
                    )
                    spans = None
            if spans is not None and spans.said.start > published:
                fail(
                    row,
                    "said" if event.said_start is None else "said_start",
                    f"said on {spans.said.start}, after its source was published on {published}; "
                    "a claim is made no later than the document that reports it",
                )
        if len(problems) == bad and spans is not None:
            yield row, spans


def _derived(event: Event, spans: _Spans, row: _Row, sources: dict[str, Source]) -> dict[str, Any]:
    """The values of the registry's derived columns for one event."""
    happened, said = spans
    return {
        "appearance_count": 1 + len(event.appearances),
        "first_seen": min(sources[source].published for source in event.sources),
        "independent_sources": 1 + sum(a.independent for a in event.appearances),
        "label": event.short_label,
        "date_text": event.date,
        "start": happened.start,
        "end": happened.end,
        "precision": happened.precision,
        "qualifier": happened.qualifier,
        "corrected": event.corrected,
        "start_given": event.start is not None,
        "edtf": to_edtf(happened),
        "said_text": event.said,
        "said_start": said.start,
        "said_end": said.end,
        "said_precision": said.precision,
        "said_qualifier": said.qualifier,
        "said_given": event.said_start is not None,
        "said_edtf": to_edtf(said),
        "file": str(row.file.path),
    }


_ORIGINS = [(f.column, f.origin) for f in fields.FIELDS]


def _frame(checked: list[tuple[_Row, _Spans]], sources: dict[str, Source]) -> pd.DataFrame:
    records = []
    for row, spans in checked:
        event = row.event
        if event.troops is not None and event.troops_kind is None:
            event = event.model_copy(update={"troops_kind": fields.DEFAULT_TROOPS_KIND})
        derived = _derived(event, spans, row, sources)
        # The frame holds plain values: an appearance as a mapping, as the YAML wrote it.
        derived["appearances"] = [appearance.model_dump() for appearance in event.appearances]
        values = {"event": event, "source": sources[event.source]}
        records.append(
            tuple(
                derived[column]
                if origin == "derived" or column in derived
                else getattr(values[origin], column)
                for column, origin in _ORIGINS
            )
        )
    return fields.typed_frame(records)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a load.

    A load allocates hundreds of thousands of small containers and frees none of them, so the
    collector would rescan an ever larger heap for cycles that are not there: at 10k events that
    was a third of the load's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _folder(folder: str | Path | Folder) -> Folder:
    return Path(folder) if isinstance(folder, str | PurePath) else folder


def load_dataset(
    events_dir: str | Path | Folder = "events", seeds_dir: str | Path | Folder = "seeds"
) -> Dataset:
    """Every valid event and every problem found; never raises for bad data.

    The folders are paths on disk, or in-memory folders (an upload; see `timeline.data.upload`).

    load_dataset("events", "seeds").problems == []  # for the shipped data
    """
    with _collector_paused():
        dataset = _load_dataset(_folder(events_dir), _folder(seeds_dir))
    dataset.problems.sort(key=lambda p: (p.path, p.line or 0))
    return dataset


def _load_dataset(events_dir: Folder, seeds_dir: Folder) -> Dataset:
    problems: list[Problem] = []
    for folder, what in ((events_dir, "events"), (seeds_dir, "seeds")):
        if not folder.is_dir():
            problems.append(Problem(str(folder), None, f"not a folder; expected the {what} folder"))
    if problems:
        return Dataset(_frame([], {}), problems, None)
    taxonomy = load_taxonomy(events_dir / TAXONOMY_FILE, problems)
    sources, texts = _load_sources(seeds_dir, taxonomy, problems)
    if taxonomy is None:
        return Dataset(_frame([], {}), problems, None, sources, texts)
    rows: list[_Row] = []
    all_ids: set[str] = set()
    for path in event_files(events_dir):
        file, data = read_yaml(path, problems)
        if file is None:
            continue
        items = _as_list(data, file, "events", problems)
        all_ids.update(str(item["id"]) for item in items if isinstance(item, dict) and "id" in item)
        for index, event in _validate(Event, items, file, {"taxonomy": taxonomy}, problems):
            rows.append(_Row(file, index, event))
    checked = list(_check(rows, all_ids, sources, texts, problems))
    case = load_case(events_dir / CASE_FILE, problems)
    valid = {row.event.id for row, _spans in checked}
    briefings = load_briefings(events_dir / BRIEFINGS_DIR, all_ids, valid, problems)
    frame = _frame(checked, sources)
    return Dataset(frame, problems, taxonomy, sources, texts, case, briefings)


def event_from_row(row: pd.Series | Mapping[str, Any]) -> Event:
    """The event a frame row (a Series, or a mapping of the frame's records) was loaded from.

    A worded date keeps its wording and no explicit span, unless the curator corrected it; a
    span given explicitly comes back as start/end with the precision and qualifier it carried.
    """
    cells = {name: fields.plain(value) for name, value in row.items()}
    item = {name: cells[name] for name in Event.model_fields if name in cells}
    item["date"], item["said"] = cells["date_text"], cells["said_text"]
    if not cells["start_given"]:
        item.update(start=None, end=None, precision=None, qualifier=None)
    elif cells["precision"] == day_precision(cells["start"], cells["end"]):
        item["precision"] = None  # the default for an explicit span, unless the curator said so
    if not cells["said_given"]:
        item.update(said_start=None, said_end=None)
    return Event.model_validate(item)


def load_case(path: Folder, problems: list[Problem]) -> Case | None:
    """The case described in `path` (optional: None when the file is absent or has problems)."""
    return load_model(path, Case, problems) if path.is_file() else None


def load_events(
    events_dir: str | Path | Folder = "events", seeds_dir: str | Path | Folder = "seeds"
) -> pd.DataFrame:
    """The events as a DataFrame, one row each; raises `InvalidData` listing every problem."""
    dataset = load_dataset(events_dir, seeds_dir)
    if dataset.problems:
        raise InvalidData(dataset.problems)
    return dataset.events
