"""Characters that make text lie (bidi controls) or break a drawing (C0 and C1 controls) are a
`validate` problem at file:line in every text field of every data file; text has a length bound."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from timeline.data.model import TEXT_CHARS

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
# "000,21" after U+202E reads "12,000"; the others break XML or a terminal
HIDDEN = ["12,000 \u202e000,21\u202c", "esc\x1b]0;title\x07", "csi\x9b31m"]


def _set(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# file -> how to put a text into one of its text fields, and the field's name
PLACES = {
    "events/october.yaml": lambda data, text: data[0].__setitem__("claimant", text),
    "seeds/sources.yaml": lambda data, text: data[0].__setitem__("outlet", text),
    "events/taxonomy.yaml": lambda data, text: data["alignments"]["russia"].__setitem__(
        "label", text
    ),
    "events/dataset.yaml": lambda data, text: data.__setitem__("title", text),
    "events/briefings/b.yaml": lambda data, text: data["steps"][0].__setitem__("note", text),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    (root / "events" / "dataset.yaml").write_text("title: A case\n", encoding="utf-8")
    (root / "events" / "briefings").mkdir()
    (root / "events" / "briefings" / "b.yaml").write_text(
        "title: B\nsteps:\n  - event: kr-nis-12000\n    note: first\n", encoding="utf-8"
    )
    return root


def validate(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(root / "events"),
         "--seeds", str(root / "seeds")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip


def test_the_copy_is_valid_before_it_is_spoiled(data: Path) -> None:
    result = validate(data)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("text", HIDDEN)
@pytest.mark.parametrize("file", PLACES)
def test_a_hidden_character_is_a_located_problem(data: Path, file: str, text: str) -> None:
    _set(data / file, lambda content: PLACES[file](content, text))
    result = validate(data)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "U+" in line)
    assert line.startswith(f"{data / file}:"), line
    assert line.split(":")[1].isdigit(), line  # the line number
    code = f"U+{ord(next(c for c in text if not c.isprintable() or ord(c) > 0x2000)):04X}"
    assert code in line, line
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_text_longer_than_the_bound_is_a_located_problem(data: Path) -> None:
    _set(
        data / "events/october.yaml",
        lambda events: events[0].__setitem__("title", "x" * (TEXT_CHARS + 1)),
    )
    result = validate(data)
    assert result.returncode == 1
    assert f"{data / 'events/october.yaml'}:" in result.stdout
    assert str(TEXT_CHARS) in result.stdout
