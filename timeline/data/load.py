"""Read the YAML data safely, validate it, normalize its dates and return one DataFrame of events."""

from __future__ import annotations

import datetime as dt
import gc
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from timeline.data import fields
from timeline.data.dates import DateError, DateSpan, normalize
from timeline.data.edtf import to_edtf
from timeline.data.model import Case, Event, Source, Taxonomy
from timeline.data.provenance import contains

if TYPE_CHECKING:
    from timeline.data.briefings import Briefing

# libyaml's loader is several times faster; the pure-Python one is the same safe schema.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping (YAML would keep only the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(set(keys)) != len(keys):
            seen: set[str] = set()
            for key, _ in node.value:
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"found duplicate key {key.value!r}", key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)


TAXONOMY_FILE = "taxonomy.yaml"
SOURCES_FILE = "sources.yaml"
CASE_FILE = "dataset.yaml"
EVENT_SUFFIXES = (".yaml", ".yml")
# Files of an events folder that hold no events.
NOT_EVENTS = (TAXONOMY_FILE, CASE_FILE)

COLUMNS = fields.COLUMNS
# The days a pandas timestamp can hold; a span beyond them is a problem, not a crash.
FIRST_DAY = pd.Timestamp.min.date() + dt.timedelta(days=1)
LAST_DAY = pd.Timestamp.max.date() - dt.timedelta(days=1)


class Folder(Protocol):
    """What the loader asks of a folder or file: a `Path`, or the in-memory folder of an upload.

    `str()` of one names it in problems: its path on disk, or its name inside the upload.
    """

    @property
    def name(self) -> str: ...
    @property
    def suffix(self) -> str: ...
    def __truediv__(self, name: str) -> Folder: ...
    def iterdir(self) -> Iterable[Folder]: ...
    def is_dir(self) -> bool: ...
    def is_file(self) -> bool: ...
    def read_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is and what was expected.

    An error is wrong; a warning is likely wrong and worth a look (the codebook's judgement calls).
    """

    path: str
    line: int | None
    message: str
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {'warning: ' if self.level == 'warning' else ''}{self.message}"


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

    def event(self, event_id: str) -> Event | None:
        """The validated event of that id, or None when no valid event has it.

        Rebuilt from its row, so a dataset read back from a columnar snapshot serves it too.
        """
        found = self.events[self.events["id"] == event_id]
        return None if found.empty else event_from_row(found.iloc[0])


@dataclass
class _File:
    """A YAML file read once: its path, its text and, only when a problem needs a line, its nodes."""

    path: Folder
    text: str
    _root: yaml.Node | None = None

    def line(self, loc: tuple[Any, ...] = ()) -> int:
        """The 1-based line of the node at `loc` (indexes and keys), or of the nearest one above it."""
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=Loader)
        node, line = self._root, 1
        if node is not None:
            line = node.start_mark.line + 1
        for step in loc:
            child = _child(node, step)
            if child is None:
                break
            node, line = child
        return line


def _child(node: yaml.Node | None, step: Any) -> tuple[yaml.Node, int] | None:
    """The node one step below `node` and the line that names it (the key's line in a mapping)."""
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item = node.value[step]
        return item, item.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return value, key.start_mark.line + 1
    return None


def _read_bytes(path: Folder, problems: list[Problem]) -> bytes | None:
    """The bytes of a file, or None after adding a problem when it cannot be read.

    A file can vanish or turn unreadable between listing and reading while a curator edits the
    folder; the message gives the reason only, as the OS's wording would repeat the server's path.
    A symbolic link that leads out of its folder is refused unread: a data repository can carry
    one (git keeps links), and the pages and exports would publish whatever it points at.
    """
    if _leads_outside(path):
        problems.append(
            Problem(str(path), None, "is a link to a file outside its folder; copy the file in")
        )
        return None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(str(path), None, "vanished while being read; read it again"))
    except IsADirectoryError:
        problems.append(Problem(str(path), None, "is a folder; expected a file"))
    except OSError as error:
        problems.append(Problem(str(path), None, f"could not be read ({error.strerror})"))
    return None


def _leads_outside(path: Folder) -> bool:
    """Whether a file on disk is a symbolic link whose target is not inside the link's folder."""
    if not isinstance(path, Path) or not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def _read(path: Folder, problems: list[Problem]) -> tuple[_File | None, Any]:
    """Parse one YAML file safely; on failure add a problem and return (None, None)."""
    raw = _read_bytes(path, problems)
    if raw is None:
        return None, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                str(path), line, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8"
            )
        )
        return None, None
    if "\x00" in text:
        problems.append(
            Problem(
                str(path),
                text[: text.index("\x00")].count("\n") + 1,
                "contains a NUL byte; expected a YAML text file",
            )
        )
        return None, None
    try:
        refused = _refused_structure(text) if _may_be_refused(text) else None
        if refused is not None:
            problems.append(Problem(str(path), *refused))
            return None, None
        return _File(path, text), yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        problems.append(Problem(str(path), *_yaml_error(error, text)))
    except yaml.YAMLError as error:
        problems.append(Problem(str(path), None, f"YAML error: {error}"))
    return None, None


# Data files nest three or four levels (a list of events, an event, its tags); libyaml's composer
# recurses in C, and a file nested 100,000 deep would crash the process rather than raise.
MAX_DEPTH = 100
_BRACKETS = re.compile(r"[\[\]{}]")
# Block nesting is at most one level per column of indentation (or of "- ", "? " before a node),
# flow nesting one per open bracket: below half the limit each, their sum is below it.
_HALF = MAX_DEPTH // 2 - 1
_DEEP_INDENT = re.compile(rf"^[ \t?:-]{{{_HALF},}}", re.MULTILINE)


def _may_be_refused(text: str) -> bool:
    """Whether a file could hold an alias or nest deeper than MAX_DEPTH; cheap, and errs to yes.

    An alias needs an anchor ('&'). Flow nesting needs brackets open at once (counted here even
    inside quotes, which only overestimates); block nesting needs indentation.
    """
    if "&" in text or _DEEP_INDENT.search(text):
        return True
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(depth - 1, 0)
        if depth > _HALF:
            return True
    return False


def _refused_structure(text: str) -> tuple[int, str] | None:
    """(line, message) of the first alias or of nesting deeper than MAX_DEPTH, or None.

    Reads parser events only, which expand nothing and stop at the first offence; a syntax error
    is left to the full parse that follows, which reports it.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                return (
                    line,
                    f"YAML alias *{event.anchor} is not allowed; write the value out in full",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (
                        line,
                        f"nested more than {MAX_DEPTH} levels deep; expected a list of "
                        "flat mappings",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


def _yaml_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to look at and the message for a YAML error.

    An unclosed quote or bracket is found only at the end of the file; its start is the useful line.
    """
    problem, context = error.problem_mark, error.context_mark
    at_end = problem is not None and problem.index >= len(text.rstrip())
    mark = context if (at_end and context is not None) else (problem or context)
    detail = " ".join(part for part in (error.context, error.problem) if part)
    if context is not None and problem is not None and context.line != problem.line:
        detail = (
            f"{error.context} (line {context.line + 1}) {error.problem} (line {problem.line + 1})"
        )
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in detail:
        detail += " (only plain YAML is accepted; tags are never executed)"
    return (mark.line + 1 if mark else None), f"YAML error: {detail}"


def _message(error: Mapping[str, Any]) -> str:
    """A pydantic error as a curator reads it: the field, then what was wrong."""
    loc = [str(part) for part in error["loc"]]
    text = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"missing field `{loc[-1]}`"
    if error["type"] == "extra_forbidden":
        return f"unknown field `{loc[-1]}` (a typo?)"
    where = f"`{'.'.join(loc)}`: " if loc else ""
    got = error.get("input")
    if error["type"] != "value_error" and loc and not isinstance(got, (dict, list)):
        return f"{where}{text}, got {got!r}"
    return f"{where}{text}"


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter:
    """A validator of a list of `model`, built once: building one costs more than using it."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate(
    model: type[BaseModel],
    items: list[Any],
    file: _File,
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
            for detail in error.errors(include_url=False):
                line = file.line((index, *detail["loc"]))
                problems.append(Problem(str(file.path), line, _message(detail)))
    return valid


def _as_list(data: Any, file: _File, what: str, problems: list[Problem]) -> list[Any]:
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
    file, data = _read(path, problems)
    if file is None:
        return None
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            problems.append(Problem(str(path), file.line(detail["loc"]), _message(detail)))
        return None


def _load_sources(
    seeds_dir: Folder, taxonomy: Taxonomy | None, problems: list[Problem]
) -> tuple[dict[str, Source], dict[str, str]]:
    """The valid sources and their documents' texts, by source id."""
    path = seeds_dir / SOURCES_FILE
    if not path.is_file():
        problems.append(Problem(str(path), None, "missing: the list of source documents"))
        return {}, {}
    file, data = _read(path, problems)
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
        raw = _read_bytes(document, problems)
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
            if p.suffix in EVENT_SUFFIXES and p.name not in NOT_EVENTS and p.is_file()
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
    file: _File
    index: int
    event: Event


class _Spans(NamedTuple):
    """When an event happened and when it was said."""

    happened: DateSpan
    said: DateSpan


def _explicit(
    start: dt.date, end: dt.date | None, precision: str | None, qualifier: str | None
) -> DateSpan:
    end = end or start
    return DateSpan(start, end, precision or ("day" if end == start else "days"), qualifier)


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
        said = DateSpan(published, published, "day", "by")
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
            event = event.model_copy(update={"troops_kind": "deployed"})
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
        file, data = _read(path, problems)
        if file is None:
            continue
        items = _as_list(data, file, "events", problems)
        all_ids.update(str(item["id"]) for item in items if isinstance(item, dict) and "id" in item)
        for index, event in _validate(Event, items, file, {"taxonomy": taxonomy}, problems):
            rows.append(_Row(file, index, event))
    checked = list(_check(rows, all_ids, sources, texts, problems))
    case = load_case(events_dir / CASE_FILE, problems)
    # Imported here: briefings are read with this module's reader, which they import.
    from timeline.data.briefings import BRIEFINGS_DIR, load_briefings

    valid = {row.event.id for row, _spans in checked}
    briefings = load_briefings(events_dir / BRIEFINGS_DIR, all_ids, valid, problems)
    frame = _frame(checked, sources)
    return Dataset(frame, problems, taxonomy, sources, texts, case, briefings)


def _value(value: Any) -> Any:
    """A frame cell as the model holds it: missing as None, timestamps as dates, lists as lists."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, np.ndarray):
        return value.tolist()  # a list cell read back from Parquet arrives as an array
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def event_from_row(row: pd.Series | Mapping[str, Any]) -> Event:
    """The event a frame row (a Series, or a mapping of the frame's records) was loaded from.

    A worded date keeps its wording and no explicit span, unless the curator corrected it; a
    span given explicitly comes back as start/end with the precision and qualifier it carried.
    """
    cells = {name: _value(value) for name, value in row.items()}
    item = {name: cells[name] for name in Event.model_fields if name in cells}
    item["date"], item["said"] = cells["date_text"], cells["said_text"]
    if not cells["start_given"]:
        item.update(start=None, end=None, precision=None, qualifier=None)
    elif cells["precision"] in ("day", "days"):
        item["precision"] = None  # the default for an explicit span, unless the curator said so
    if not cells["said_given"]:
        item.update(said_start=None, said_end=None)
    return Event.model_validate(item)


def load_case(path: Folder, problems: list[Problem]) -> Case | None:
    """The case described in `path` (optional: None when the file is absent or has problems)."""
    if not path.is_file():
        return None
    file, data = _read(path, problems)
    if file is None:
        return None
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            problems.append(Problem(str(path), file.line(detail["loc"]), _message(detail)))
        return None


def load_events(
    events_dir: str | Path | Folder = "events", seeds_dir: str | Path | Folder = "seeds"
) -> pd.DataFrame:
    """The events as a DataFrame, one row each; raises `InvalidData` listing every problem."""
    dataset = load_dataset(events_dir, seeds_dir)
    if dataset.problems:
        raise InvalidData(dataset.problems)
    return dataset.events
