"""The machine and the moment a benchmark ran, in the words its results file opens with."""

from __future__ import annotations

import datetime as dt
import os
import platform


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. "1.2, 0.9, 0.7"."""
    return ", ".join(f"{figure:.1f}" for figure in os.getloadavg())


def described(load_at_start: str) -> str:
    """Date, machine, Python and the load average at the start and now (the run's end)."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{today} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load_at_start} at the start and "
        f"{load_average()} at the end (1, 5 and 15 minutes; other work shares the machine)"
    )
