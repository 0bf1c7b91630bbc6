"""The served dashboard hands large freed blocks back to the system: without it, glibc keeps a
block the size of an upload's bytes in its heap after the first one is freed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO
from ui.malloc import return_large_blocks

# Five blocks the size of a big upload file, each freed; prints the MB the process kept.
_PROGRAM = """
import os, sys
from ui.malloc import return_large_blocks
if sys.argv[1] == "fixed":
    assert return_large_blocks()
rss = lambda: int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
start = rss()
for _ in range(5):
    block = os.urandom(19 * 1024 * 1024)
    del block
print((rss() - start) // (1024 * 1024))
"""


def kept_mb(mode: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", _PROGRAM, mode], capture_output=True, text=True, cwd=REPO, check=True
    )
    return int(result.stdout)


@pytest.mark.skipif(not return_large_blocks(), reason="not glibc: no mmap threshold to set")
def test_freed_upload_sized_blocks_go_back_to_the_system() -> None:
    # the control shows what glibc does by default, so the test notices if that ever changes
    assert kept_mb("default") >= 15
    assert kept_mb("fixed") < 5
