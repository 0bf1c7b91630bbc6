"""What a hostile viewer costs the served dashboard (`make run`'s serve.py), measured for real.

1. A WebSocket handshake with a foreign Origin, in a network namespace whose resolver never
   answers (tests/netns_probe.py): time to the refusal and another viewer's health check
   meanwhile, with the guard (serve.py) and without it (dashboard.py alone).
2. Uploads in Chromium on 127.0.0.1: 30 loose files of 19 MB chosen at once, five rounds (how
   many the server took, its resident memory with its children before, at the answer and after
   the viewer left); then three viewers opening a zip of N synthetic events at once while a
   fourth loads the Timeline (its time to the drawn chart, against the same load alone just
   before and just after), when each upload was answered, and the server's peak memory.

Prints Markdown tables; writes them to --results. Run: .venv/bin/python benchmarks/hostile_server.py
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import described, load_average
from benchmarks.synthetic import write_dataset
from tests.helpers import CHART, CHROMIUM, CHROMIUM_ARGS, FIXTURE, REPO
from tests.server import running

MB = 1024 * 1024


def origin_rows() -> list[str]:
    rows = ["| server | foreign Origin refused in | another viewer's health check meanwhile | DNS queries |",
            "|---|---:|---:|---:|"]  # fmt: skip
    for script in ("serve.py", "dashboard.py"):
        result = subprocess.run(
            ["unshare", "-rn", sys.executable, str(REPO / "tests" / "netns_probe.py"),
             str(REPO / script), "--origins", "https://evil.example", "--server.address", "127.0.0.1"],
            capture_output=True, text=True, timeout=600,
            env={**os.environ, "EVENTS_DIR": str(FIXTURE / "events"), "SEEDS_DIR": str(FIXTURE / "seeds"),
                 "PROBE_LOG": str(Path(tempfile.gettempdir()) / "hostile-probe.log")},
        )  # fmt: skip
        [seen] = json.loads(result.stdout.splitlines()[-1])
        rows.append(f"| {script} | {seen['seconds']:.2f} s ({seen['status']}) | "
                    f"{seen['other_seconds']:.2f} s | {seen['dns_queries']} |")  # fmt: skip
    return rows


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and all its descendants (the upload reader, a child
    of the fork server, and kaleido's browser among them)."""
    rows = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="],
                          capture_output=True, text=True).stdout.split("\n")  # fmt: skip
    table = [tuple(int(cell) for cell in row.split()) for row in rows if row.strip()]
    family, total, grew = {pid}, 0, True
    while grew:
        grew = False
        for child, parent, _kib in table:
            if parent in family and child not in family:
                family.add(child)
                grew = True
    for child, _parent, kib in table:
        total += kib if child in family else 0
    return total / 1024


def sessions_gone(url: str) -> None:
    """Wait (up to a minute) until the server counts no connected session."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/_stcore/metrics") as response:
            if "active_sessions 0" in response.read().decode():
                return
        time.sleep(1)


def server_pid(port: str) -> int:
    listing = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    return int(listing.stdout.split("pid=")[1].split(",")[0])


def open_page(browser: object, url: str) -> object:
    page = browser.new_page()
    page.set_default_timeout(600_000)
    page.goto(url)
    page.wait_for_selector(CHART)
    return page


def upload(page: object, files: list[Path]) -> list[int]:
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "upload_file" in r.url else None)
    page.get_by_text("Open your own data").click()
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(
        [str(f) for f in files]
    )
    page.get_by_text("Not opened").or_(page.get_by_text("Showing your own data")).first.wait_for()
    return statuses


def upload_rows(browser: object, url: str, pid: int, scratch: Path) -> list[str]:
    rows = ["| round | files taken / refused (of 30 files of 19 MB) | server and children before | at the answer | after the viewer left |",
            "|---|---:|---:|---:|---:|"]  # fmt: skip
    files = []
    for n in range(30):
        path = scratch / f"loose-{n}.txt"
        path.write_bytes(os.urandom(19 * MB))
        files.append(path)
    for round_ in range(1, 6):
        before = rss_mb(pid)
        page = open_page(browser, url)
        statuses = upload(page, files)
        during = rss_mb(pid)
        page.close()
        sessions_gone(url)
        time.sleep(5)  # a benchmark, not a test: let the server finish what the session left
        rows.append(f"| {round_} | {statuses.count(204)} / {statuses.count(413)} | {before:.0f} MB | "
                    f"{during:.0f} MB | {rss_mb(pid):.0f} MB |")  # fmt: skip
    return rows


def concurrency_rows(browser: object, url: str, pid: int, scratch: Path, events: int) -> list[str]:
    events_dir, seeds_dir = write_dataset(scratch / "synthetic", events)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, name in ((events_dir, "events"), (seeds_dir, "seeds")):
            for path in folder.iterdir():
                archive.write(path, f"{name}/{path.name}")
    big = scratch / "big.zip"
    big.write_bytes(buffer.getvalue())

    def timeline_load() -> float:
        began = time.monotonic()
        open_page(browser, url).close()
        return time.monotonic() - began

    before = timeline_load()
    peak = [rss_mb(pid)]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak.append(rss_mb(pid))
            time.sleep(0.5)

    watcher = threading.Thread(target=watch)
    watcher.start()
    pages = [open_page(browser, url) for _ in range(3)]
    # Playwright's sync API is one thread: start the three uploads, then load a fourth page
    for page in pages:
        page.get_by_text("Open your own data").click()
        page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(big))
    began = time.monotonic()
    meanwhile = timeline_load()
    answered: dict[int, tuple[float, str]] = {}
    while len(answered) < len(pages):
        for index, page in enumerate(pages):
            if index in answered:
                continue
            for words in ("Showing your own data", "Not opened"):
                if page.get_by_text(words).count():
                    answered[index] = (time.monotonic() - began, words)
        time.sleep(0.5)
    done.set()
    watcher.join()
    after = timeline_load()
    for page in pages:
        page.close()
    sessions_gone(url)
    time.sleep(5)
    left = rss_mb(pid)
    # Streamlit keeps a departed viewer's session (and its data) for a reconnection for
    # server.disconnectedSessionTTL (120 s), and drops it when its session store is next touched
    time.sleep(130)
    timeline_load()
    sessions_gone(url)
    time.sleep(5)
    answers = ", ".join(
        f"{seconds:.0f} s ({'opened' if words.startswith('Showing') else 'refused'})"
        for seconds, words in sorted(answered.values())
    )
    return [
        f"| {events:,} events in a {len(buffer.getvalue()) / MB:.1f} MB zip, three viewers at once | "
        f"answered after {answers} | another viewer's Timeline {meanwhile:.1f} s "
        f"(alone {before:.1f} s before, {after:.1f} s after) | peak {max(peak):,.0f} MB, "
        f"{left:,.0f} MB when the viewers left, {rss_mb(pid):,.0f} MB once Streamlit let their "
        "sessions go |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "hostile-results.md")
    args = parser.parse_args()
    load_at_start = load_average()
    lines = ["# What a hostile viewer costs the served dashboard", "",
             "From `benchmarks/hostile_server.py`.", ""]  # fmt: skip
    lines += [*origin_rows(), ""]
    print("\n".join(lines))
    log = Path(tempfile.gettempdir()) / "hostile-server.log"
    env = {"EVENTS_DIR": str(REPO / "events"), "SEEDS_DIR": str(REPO / "seeds")}
    with tempfile.TemporaryDirectory() as scratch, running(
        ["-m", "streamlit", "run", "serve.py", "--server.address", "127.0.0.1"],
        log, cwd=REPO, env=env,
    ) as url, sync_playwright() as playwright:  # fmt: skip
        pid = server_pid(url.rsplit(":", 1)[1])
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        lines += [*upload_rows(browser, url, pid, Path(scratch)), ""]
        print("\n".join(lines[-8:]))
        lines += ["| upload | answer | meanwhile | server memory |", "|---|---|---|---|"]
        lines += concurrency_rows(browser, url, pid, Path(scratch), args.events)
        print(lines[-1])
        browser.close()
    lines[2] += f" Measured {described(load_at_start)}."
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
