"""Reading one YAML file safely, with every problem located: the safe loader, the file and the line
of a node, the wording of YAML and pydantic errors, and one model read from one file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

YAML_SUFFIXES = (".yaml", ".yml")
Model = TypeVar("Model", bound=BaseModel)

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


@dataclass
class YamlFile:
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


def _leads_outside(path: Folder) -> bool:
    """Whether a file on disk is a symbolic link whose target is not inside the link's folder."""
    if not isinstance(path, Path) or not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def read_bytes(path: Folder, problems: list[Problem]) -> bytes | None:
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


def read_yaml(path: Folder, problems: list[Problem]) -> tuple[YamlFile | None, Any]:
    """Parse one YAML file safely; on failure add a problem and return (None, None)."""
    raw = read_bytes(path, problems)
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
        return YamlFile(path, text), yaml.load(text, Loader=Loader)
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


def message(error: Mapping[str, Any]) -> str:
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


def report(
    error: ValidationError,
    file: YamlFile,
    problems: list[Problem],
    where: tuple[Any, ...] = (),
    prefix: str = "",
) -> None:
    """Add a located problem for each thing pydantic found wrong at `where` in the file."""
    for detail in error.errors(include_url=False):
        line = file.line((*where, *detail["loc"]))
        problems.append(Problem(str(file.path), line, prefix + message(detail)))


def load_model(path: Folder, model: type[Model], problems: list[Problem]) -> Model | None:
    """The one `model` a YAML file holds (the taxonomy, the case), or None after adding what is
    wrong with it, each problem at its line, to `problems`."""
    file, data = read_yaml(path, problems)
    if file is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        report(error, file, problems)
        return None
