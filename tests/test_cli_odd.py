"""The command line answers odd places and odd names with one line and exit 1, never a
traceback, and never prints a terminal escape sequence from a file name, an id or a text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline.exports import FORMATS

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args], capture_output=True, text=True, cwd=ROOT
    )


ESCAPES = "\x1b[2J\x1b]0;PWNED\x07\x1b[31m"


def one_line_exit_1(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("python -m timeline "), line
    for text in expected:
        assert text in line, line


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["export", "csv", str(GOOD / "events"), "-o", "/dev/full"], "/dev/full"),
        (["export", "json", str(GOOD / "events"), "-o", "/nonexistent/dir/x.json"], "/nonexistent"),
        (["export", "csv", str(GOOD / "events"), "-o", str(ROOT / "tests")], "tests"),
        (["schema", "-o", "/dev/full"], "/dev/full"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(command: list[str], where: str) -> None:
    one_line_exit_1(run(*command), where)


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_every_export_to_a_full_disk_is_one_line(kind: str) -> None:
    """Slides and images too, which are drawn before anything is written."""
    one_line_exit_1(run("export", kind, str(GOOD / "events"), "-o", "/dev/full"), "/dev/full")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run the command as nobody")
def test_an_unreadable_events_folder_is_one_line() -> None:
    """As a user who cannot read the events folder (root reads any folder, so `nobody`)."""
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(GOOD, data)
        os.chmod(scratch, 0o755)
        for folder in (data, data / "seeds"):
            os.chmod(folder, 0o755)
        os.chmod(data / "events", 0)
        result = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             sys.executable, "-m", "timeline", "validate", str(data / "events")],
            capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "TIMELINE_CACHE_DIR": scratch},
        )  # fmt: skip
    one_line_exit_1(result, str(data / "events"), "Permission denied")


@pytest.fixture
def escaping_names(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    (data / "events" / f"x{ESCAPES}red.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    yield data


def test_escape_sequences_in_names_are_shown_escaped(escaping_names: Path) -> None:
    result = run("validate", str(escaping_names / "events"))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output
    assert "x\\x1b[2J\\x1b]0;PWNED\\x07" in output
