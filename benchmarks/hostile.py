"""Large and hostile files: the time and peak memory `validate` takes to answer each, full size.

Each case runs `python -m timeline validate` in a process of its own over a copy of the test
fixture with one hostile file added; peak memory is that process's maximum resident set. Prints a
Markdown table for the README. Run: .venv/bin/python benchmarks/hostile.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The fixture, and one of its valid events to repeat under fresh ids, as the tests use them.
from tests.helpers import BULK_EVENT as EVENT  # noqa: E402
from tests.helpers import FIXTURE  # noqa: E402

MB = 1024 * 1024
TIMEOUT = 600


def events_of(size: int) -> str:
    """Valid events, about `size` bytes of them."""
    count = size // len(EVENT.format(i=0))
    return "".join(EVENT.format(i=i) for i in range(count))


CASES: list[tuple[str, Callable[[], str]]] = [
    ("50 MB of valid events", lambda: events_of(50 * MB)),
    ("50 MB of events, a YAML error on the last line", lambda: events_of(50 * MB) + "- id: [\n"),
    (
        "50 MB of events, the last one's status unknown",
        lambda: events_of(50 * MB) + EVENT.format(i="x").replace("reported", "rumoured"),
    ),
    ("50 MB in one string never closed", lambda: '- title: "' + "a" * (50 * MB) + "\n"),
    (
        "100,000 lines, a YAML error on the last",
        lambda: EVENT.format(i=0) + "  # filler\n" * 100_000 + "  notes: [\n",
    ),
    ("brackets nested 100,000 deep", lambda: "[" * 100_000 + "]" * 100_000),
    ("block lists nested 5,000 deep", lambda: "".join(" " * i + "- \n" for i in range(5000))),
]


# Runs validate as its only child, then prints that child's peak resident set (KiB) last.
_WRAPPER = """\
import resource, subprocess, sys
result = subprocess.run([sys.executable, "-m", "timeline", "validate", sys.argv[1]])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(result.returncode)
"""


def measure(text: str, folder: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, first line printed) of `validate` over the fixture plus `text`."""
    data = folder / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(FIXTURE, data)
    (data / "events" / "zz-hostile.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(data / "events")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=TIMEOUT,
    )
    took = time.perf_counter() - started
    *printed, peak = result.stdout.strip().splitlines()
    first = (printed or result.stderr.strip().splitlines() or [""])[0]
    return took, int(peak) / 1024, result.returncode, first


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        baseline = measure("", Path(folder))
        print(f"baseline (the fixture alone): {baseline[0]:.2f} s, {baseline[1]:.0f} MB peak\n")
        print("| file | `validate` answers | exit | time | peak memory |")
        print("|---|---|---:|---:|---:|")
        for name, build in CASES:
            took, peak, code, first = measure(build(), Path(folder))
            answer = first.split("zz-hostile.yaml", 1)[-1][:70]
            print(f"| {name} | `zz-hostile.yaml{answer}` | {code} | {took:.1f} s | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
