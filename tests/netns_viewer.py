"""Run inside `unshare -rn` by test_network_viewer: serves `make run ADDRESS=0.0.0.0`'s command
on a namespace with a second address, 10.9.9.9, which stands for another machine; visits the
dashboard from it and from loopback in Chromium, uploads, and prints what it saw as JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from tests.helpers import CHART, open_select, whole
from tests.server import running

OTHER_MACHINE = "10.9.9.9"
# The server, with every file opened in the temp folder printed: Starlette would spool an upload
# there. An audit hook sees each open() the server makes.
LAUNCHER = """\
import sys, tempfile
TEMP = tempfile.gettempdir()
def _audit(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(TEMP):
        print(f"OPEN-TEMP {args[0]}", file=sys.stderr, flush=True)
sys.addaudithook(_audit)
from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
UPLOADER = '[data-testid="stFileUploader"]'


def status(url: str, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method, data=b"x" if method == "PUT" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def visit(browser: object, url: str, upload: list[Path]) -> dict:
    """What a viewer at `url` sees in the sidebar; with `upload`, the statuses its files got."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})  # the width planned for
    page.set_default_timeout(120_000)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "upload_file" in r.url else None)
    page.goto(url)
    page.wait_for_selector(CHART)
    whole(page)  # the sidebar's controls and the Export follow the chart (ui.first_paint)
    sidebar = page.locator('[data-testid="stSidebar"]')
    seen = {"sidebar": sidebar.inner_text(), "uploads": []}
    export = page.locator(".st-key-timeline_export")
    export.scroll_into_view_if_needed()
    options = open_select(page, export.locator('[data-testid="stSelectbox"]'))
    seen["exports"] = options.all_inner_texts()
    page.keyboard.press("Escape")
    if page.get_by_text("Open your own data").count():
        page.get_by_text("Open your own data").click()
        page.locator(f"{UPLOADER} input[type=file]").set_input_files([str(p) for p in upload])
        page.get_by_text("Not opened").wait_for()  # the page has read what was accepted
        seen["uploads"] = sorted(statuses)
        seen["sidebar_after"] = sidebar.inner_text()
    page.close()
    return seen


def main() -> None:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["ip", "addr", "add", f"{OTHER_MACHINE}/32", "dev", "lo"], check=True)
    script, *flags = sys.argv[1:]
    log = Path(os.environ["PROBE_LOG"])
    command = ["-c", LAUNCHER, script, "--server.fileWatcherType", "none", *flags]
    # a temp folder of its own, so that only the server's own opens in it are seen
    server_temp = tempfile.mkdtemp(prefix="server-temp-")
    results: dict = {}
    try:
        with running(command, log, cwd=Path(script).parent, env={"TMPDIR": server_temp}) as local:
            other = local.replace("127.0.0.1", OTHER_MACHINE)
            results["metrics"] = {"local": status(f"{local}/_stcore/metrics"),
                                  "other": status(f"{other}/_stcore/metrics")}  # fmt: skip
            results["raw_put_from_other"] = status(f"{other}/_stcore/upload_file/s/f", "PUT")
            with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
                # two files of 12 MB: each under Streamlit's per-file limit, together over the total
                files = [Path(scratch) / f"big-{n}.txt" for n in (1, 2)]
                for file in files:
                    file.write_bytes(b"x" * (12 * 1024 * 1024))
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                results["local"] = visit(browser, local, files)
                results["other"] = visit(browser, other, files)
                browser.close()
    finally:
        shutil.rmtree(server_temp, ignore_errors=True)
    results["temp_opened"] = [line for line in log.read_text().splitlines() if "OPEN-TEMP" in line]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
