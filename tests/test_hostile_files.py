"""Large and hostile files on disk: the loader and `validate` answer with a located problem, never
a traceback, a RecursionError or a crash. How long they take is `benchmarks/hostile.py`'s to measure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import BULK_EVENT
from timeline import load_dataset
from timeline.data.yamlfile import MAX_DEPTH

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
TOTAL = 9  # events in the fixture

EVENT_LINES = BULK_EVENT.count("\n")


def lines_then_error(count: int) -> str:
    """`count` lines of comments under one event, then an unclosed bracket on the last line."""
    return BULK_EVENT.format(i=0) + "  # filler\n" * count + "  notes: [unclosed\n"


def many_events_then_error(count: int) -> str:
    """`count` valid events, then one with an unknown status."""
    body = "".join(BULK_EVENT.format(i=i) for i in range(count))
    return body + BULK_EVENT.format(i="last").replace("status: reported", "status: rumoured")


def one_huge_string(size: int) -> str:
    """One event whose title is `size` characters long and never closes its quote."""
    return '- id: huge\n  title: "' + "a" * size + "\n"


# (case, the file's text, its expected problem's line, words in the message, valid events in it)
HOSTILE: list[tuple[str, Callable[[], str], int, list[str], int]] = [
    ("flow sequences nested 100,000 deep", lambda: "[" * 100_000 + "]" * 100_000, 1, ["nested more than"], 0),
    ("flow mappings nested 100,000 deep", lambda: "{a: " * 100_000 + "}" * 100_000, 1, ["nested more than"], 0),
    ("unclosed brackets 100,000 deep", lambda: "[" * 100_000, 1, ["nested more than"], 0),
    (
        "block sequences nested 3,000 deep",
        lambda: "".join(" " * i + "- \n" for i in range(3000)),
        MAX_DEPTH + 1,
        ["nested more than"],
        0,
    ),
    ("compact sequences 3,000 deep on one line", lambda: "- " * 3000 + "x\n", 1, ["nested more than"], 0),
    ("a mapping nested a little too deep", lambda: "a: " + "{a: " * MAX_DEPTH + "1" + "}" * MAX_DEPTH, 1, ["nested more than"], 0),
    ("100,000 lines, an error on the last", lambda: lines_then_error(100_000), EVENT_LINES + 100_001, ["YAML error"], 0),
    ("2,000 valid events, a bad one last", lambda: many_events_then_error(2_000), 2_000 * EVENT_LINES + 8, ["unknown status 'rumoured'"], 2_000),
    ("a 20 MB string never closed", lambda: one_huge_string(20_000_000), 2, ["YAML error", "quoted scalar"], 0),
]  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.mark.parametrize(
    ("case", "text", "line", "words", "valid"), HOSTILE, ids=[row[0] for row in HOSTILE]
)
def test_a_hostile_file_is_a_located_problem(
    data: Path, case: str, text: Callable[[], str], line: int, words: list[str], valid: int
) -> None:
    (data / "events" / "zz-hostile.yaml").write_text(text(), encoding="utf-8")
    dataset = load_dataset(data / "events", data / "seeds")
    [problem] = dataset.problems
    assert problem.path == str(data / "events" / "zz-hostile.yaml")
    assert problem.line == line, problem
    for word in words:
        assert word in problem.message
    # every event of the other files is still there
    assert len(dataset.events) == TOTAL + valid


def test_nesting_within_the_limit_is_read_as_usual(data: Path) -> None:
    deep = "[" * (MAX_DEPTH - 3) + "1" + "]" * (MAX_DEPTH - 3)
    (data / "events" / "zz-deep.yaml").write_text(
        BULK_EVENT.format(i=0) + f"  notes: {deep}\n", encoding="utf-8"
    )
    [problem] = load_dataset(data / "events", data / "seeds").problems
    # read, then refused by the schema for not being text: not by the depth guard
    assert "`notes`" in problem.message and "nested" not in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "".join(" " * i + "- \n" for i in range(3000)),
        lines_then_error(100_000),
    ],
    ids=["flow nesting", "block nesting", "100,000 lines"],
)
def test_validate_answers_a_hostile_file_with_a_located_line(data: Path, text: str) -> None:
    """In a process of its own: before the depth guard, deep nesting crashed libyaml's composer."""
    (data / "events" / "zz-hostile.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(data / "events")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{data / 'events' / 'zz-hostile.yaml'}:")
    assert "Traceback" not in result.stdout + result.stderr


def test_a_file_that_vanishes_while_read_is_a_problem(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doomed = data / "events" / "december.yaml"
    real = Path.read_bytes

    def racing(path: Path) -> bytes:
        if path == doomed:
            path.unlink()  # deleted between the folder's listing and the read
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", racing)
    dataset = load_dataset(data / "events", data / "seeds")
    assert [(p.path, p.message) for p in dataset.problems] == [
        (str(doomed), "vanished while being read; read it again")
    ]
    assert set(dataset.events["file"]) == {str(data / "events" / "october.yaml")}


@pytest.mark.parametrize(
    "name", ["../events/taxonomy.yaml", "/etc/hostname", "..", "sub/alpha.txt"]
)
def test_a_source_file_must_be_a_name_in_the_seeds_folder(data: Path, name: str) -> None:
    sources = data / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("file: alpha.txt", f"file: {name!r}"),
        encoding="utf-8",
    )
    dataset = load_dataset(data / "events", data / "seeds")
    assert any(f"file {name!r} is not a plain file name" in p.message for p in dataset.problems)
    assert "alpha" not in dataset.texts
