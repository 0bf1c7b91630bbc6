"""A Streamlit script served for real on a port the system picks, for the browser tests and the
benchmark."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

STARTUP_SECONDS = 120  # a cold server on a busy CI machine takes its time
POLL_SECONDS = 0.2  # how often a wait looks again; not a wait of its own
# Streamlit prints its URL once it listens, after any look-up of its own addresses; with
# --server.port 0 this line is the only place that says which port the system gave it.
_LISTENING = re.compile(r"URL: http://[^\s:/]+:(\d+)")


def _wait_for_port(server: subprocess.Popen, log: Path, deadline: float) -> int:
    while time.monotonic() < deadline:
        if found := _LISTENING.search(log.read_text()):
            return int(found[1])
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"streamlit never said where it listens:\n{log.read_text()}")


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(POLL_SECONDS)
    raise RuntimeError(f"streamlit did not answer at {url}:\n{log.read_text()}")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def running(
    arguments: list[str], log: Path, *, cwd: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run `python <arguments> --server.port 0 --server.headless true` (a `streamlit run`) in
    `cwd` with `env` added; yields http://127.0.0.1:<port> once the server has started and answers.

    The system picks a free port as the server binds it, so two servers never race for one.
    Output goes to `log`, which an error quotes; the server is always stopped afterwards.
    """
    command = [sys.executable, *arguments, "--server.port", "0", "--server.headless", "true"]
    # Unbuffered, so the line that names the port reaches the log at once.
    environment = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=cwd, env=environment, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        url = f"http://127.0.0.1:{_wait_for_port(server, log, deadline)}"
        _wait_until_healthy(url, server, log, deadline)
        yield url
    finally:
        _stop(server)


def serve(
    script: Path, log: Path, env: dict[str, str] | None = None
) -> AbstractContextManager[str]:
    """Run `streamlit run script` on 127.0.0.1 with `env` added; yields its URL once it answers."""
    return running(
        [
            "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        log,
        cwd=script.parent,
        env=env,
    )  # fmt: skip
