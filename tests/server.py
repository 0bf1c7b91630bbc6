"""A Streamlit script served for real on a free local port, for the browser test and the benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 120  # a cold server on a busy CI machine takes its time


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer at {url}:\n{log.read_text()}")


@contextmanager
def serve(script: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `streamlit run script` on 127.0.0.1 with `env` added; yields its URL once it answers.

    Its output goes to `log`, which an error quotes; the server is always stopped afterwards.
    """
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(_free_port()),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(
            command,
            cwd=script.parent,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=output,
        )
    try:
        url = f"http://127.0.0.1:{command[command.index('--server.port') + 1]}"
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
