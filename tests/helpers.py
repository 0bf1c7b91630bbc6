"""What several test modules share and is not a fixture: the data's places, reading a page that
AppTest ran, and driving the dashboard in Chromium. Fixtures are in conftest.py."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import pytest
from streamlit.testing.v1 import AppTest

from tests.server import serve
from timeline import Dataset, load_dataset
from timeline.data.briefings import Briefing
from ui import first_paint
from ui.width import STEP_PX

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
TOTAL = 9  # events in the fixture
PLACES = Path(__file__).resolve().parent / "fixtures" / "places.yaml"  # two more, with locations


@cache
def shipped() -> Dataset:
    """The repository's own data, loaded on first use and once per run (never at import, so a
    test module is collected without it)."""
    return load_dataset(REPO / "events", REPO / "seeds")


def shipped_briefing() -> tuple[Briefing, int]:
    """The shipped briefing and its number of screens: the title, one per event, the sources."""
    briefing = shipped().briefings["north-korean-troops"]
    return briefing, len(briefing.steps) + 2


# ---- AppTest ------------------------------------------------------------------------------------


def session(*, drawn: bool = True) -> AppTest:
    """A browser session of the dashboard, not yet run. `drawn`: its browser has drawn the first
    page (ui.first_paint), so every run is whole, as all but a session's first are; AppTest runs
    no component's code, so nothing would say so."""
    # A bound on a run, not a wait: an export drawn on a busy machine takes its time.
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    if drawn:
        at.session_state[first_paint.DRAWN] = True
    return at


def run(params: dict[str, str | list[str]] | None = None, *, drawn: bool = True) -> AppTest:
    """The dashboard after its first run, opened with `params` in the URL (`drawn`: session)."""
    at = session(drawn=drawn)
    at.query_params.update(params or {})
    return at.run()


def open_page(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The dashboard opened with `params` in the URL, then moved to pages/<page>.py.

    The first run goes through the frame on the default page, as a browser's first visit does;
    a page registered with its own URL path is found only once st.navigation has run.
    """
    return run(params).switch_page(f"pages/{page}.py").run()


def shown(at: AppTest) -> tuple[int, int]:
    """(N, M) of the page's "Showing N of M events"."""
    texts = [m.value for m in at.sidebar.markdown if m.value.startswith("Showing")]
    assert len(texts) == 1, texts
    found = re.fullmatch(r"Showing \*\*(\d+)\*\* of (\d+) events", texts[0])
    assert found, texts[0]
    return int(found[1]), int(found[2])


def notices(at: AppTest) -> list[str]:
    """The notices at the top of the main area: what the link asked for that was ignored."""
    return [w.value for w in at.main.warning if w.icon == ":material/link_off:"]


def chart_spec(at: AppTest, index: int = 0) -> dict:
    """The Plotly figure the page sent, as the browser receives it."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


# ---- Chromium -----------------------------------------------------------------------------------

ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
CHART = first_paint.CHART
# The sidebar's filters: on a session's first page, drawn in the run that follows the chart's
# (ui.first_paint); once they are, the page is whole.
WHOLE = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
# The script has finished its run.
IDLE = "() => document.querySelector('[data-test-script-state=\"notRunning\"]') !== null"
TIMEOUT_MS = 120_000  # a cold server on a busy CI machine takes its time


def serve_data(events_dir: Path, seeds_dir: Path, log: Path) -> AbstractContextManager[str]:
    """The dashboard served over the given data; yields its URL."""
    return serve(
        REPO / "dashboard.py", log, {"EVENTS_DIR": str(events_dir), "SEEDS_DIR": str(seeds_dir)}
    )


def open_dashboard(browser: object, url: str, requests: list[str], dialogs: list[str]) -> object:
    """A new 1366x768 page at `url`, whole: its chart drawn, then its filters. Every URL it
    requests goes into `requests`, the message of every alert or prompt it raises into
    `dialogs`, from the first byte on."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_selector(CHART)
    whole(page)
    return page


def whole(page: object) -> None:
    """Wait until a session's first page is whole: its filters and the rest, sent in the run its
    browser asks for once the page's chart is drawn (ui.first_paint), that run finished. The
    filters count once in the page, seen or not (a collapsed sidebar keeps them)."""
    page.wait_for_selector(WHOLE, state="attached")
    page.wait_for_function(IDLE)


def showing(page: object) -> str:
    """The sidebar's "Showing N of M events"."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.get_by_text("Showing", exact=False).inner_text()


def open_select(page: object, select: object, tries: int = 5) -> object:
    """Click the select box `select` until its list of options shows; the options.

    On a busy machine a click can land while the page is still settling after its last run and
    leave the list closed, so a list not shown within 5 s is asked for again.
    """
    from playwright.sync_api import TimeoutError as NotShown

    options = page.get_by_role("option")
    for _ in range(tries - 1):
        select.click()
        try:
            options.first.wait_for(timeout=5_000)
            return options
        except NotShown:
            page.keyboard.press("Escape")
    select.click()
    options.first.wait_for()
    return options


def point(page: object, index: int = 0) -> tuple[float, float]:
    """The centre of the chart's `index`-th marker; Plotly reacts to the mouse there, not to the
    marker's own element, which lies under its drag layer."""
    box = page.locator(".scatterlayer .trace .points path").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def settled(page: object) -> None:
    """Wait until the page's fonts are loaded and no CSS animation or transition runs, so that a
    screenshot or a measurement sees the page at rest."""
    page.wait_for_function(
        """() => document.fonts.status === "loaded"
            && document.getAnimations().every(a => a.playState !== "running"
                || a.effect?.getTiming().iterations === Infinity)"""
    )


# ---- the server as `make run` starts it -----------------------------------------------------------


def make_run(*arguments: str) -> list[str]:
    """The script and flags `make run ...` gives `streamlit run`, as make would run it."""
    output = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", *arguments],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout.replace("\\\n", " ")
    [line] = [line for line in output.splitlines() if "streamlit run " in line]
    return shlex.split(line.split("streamlit run ", 1)[1])


def missing_tool(what: str) -> NoReturn:
    """Skip where a tool a check needs is missing, but fail in CI, which must run every check."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run this check, not skip it")
    pytest.skip(what)


def namespaces_work() -> bool:
    """Whether `unshare -rn` (a network namespace with only loopback) is permitted here."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


# Under CI a machine that forbids namespaces fails these tests rather than skipping them.
needs_netns = pytest.mark.skipif(
    not namespaces_work() and not os.environ.get("CI"),
    reason="`unshare -rn` (a network namespace) is not permitted on this machine",
)


def run_in_namespace(
    probe: Path, tmp_path: Path, arguments: list[str], env: dict[str, str] | None = None
) -> Any:
    """Run a probe script in a fresh network namespace serving the good fixture; the JSON it
    prints last, with the server's log on failure."""
    log = tmp_path / "server.log"
    result = subprocess.run(
        ["unshare", "-rn", sys.executable, str(probe), *arguments],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PROBE_LOG": str(log),
            "EVENTS_DIR": str(FIXTURE / "events"),
            "SEEDS_DIR": str(FIXTURE / "seeds"),
            **(env or {}),
        },
        timeout=600,
    )
    assert result.returncode == 0, result.stderr + (log.read_text() if log.exists() else "")
    return json.loads(result.stdout.splitlines()[-1])


def kursk_report(event_id: str, title: str) -> str:
    """One event in YAML, quoting the fixture's second document, to add to an events file."""
    return f"""
- id: {event_id}
  title: {title}
  date: December 14
  kind: combat_report
  claimant: Ukrainian General Staff
  claimant_country: UA
  alignment: ukraine
  status: reported
  source: bravo
  quote: its forces had fought North Korean infantry near Kursk for the first time
"""


# The fixture plus one event only an uploading viewer has (the browser upload tests).
UPLOADED_ONLY = kursk_report("uploaded-only", "An event only the uploading viewer has")


def own_data_zip() -> bytes:
    """The fixture plus one event, as a zip of events/ and seeds/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(FIXTURE.rglob("*")):
            if path.is_file():
                text = path.read_bytes()
                if path.name == "december.yaml":
                    text += UPLOADED_ONLY.encode()
                archive.writestr(path.relative_to(FIXTURE).as_posix(), text)
    return buffer.getvalue()


def count_text(page: object, shown: int, total: int = TOTAL) -> object:
    return page.locator('[data-testid="stSidebar"]').get_by_text(
        f"Showing {shown} of {total} events", exact=True
    )


def rerun_with_a_search(page: object, shown: int, total: int = TOTAL) -> None:
    """Make the session rerun twice (search for nothing there, then clear it) and land where it was."""
    search = page.locator('[data-testid="stSidebar"]').get_by_label("Search")
    search.fill("no-such-words-anywhere")
    search.press("Enter")
    count_text(page, 0, total).wait_for()
    search.fill("")
    search.press("Enter")
    count_text(page, shown, total).wait_for()


# One valid event of the fixture's, in YAML, to repeat under fresh ids (`BULK_EVENT.format(i=n)`):
# files and uploads that take time and memory to read.
BULK_EVENT = """\
- id: bulk-{i}
  title: NIS says about 12,000 soldiers will be sent
  date: October 18
  kind: intelligence_claim
  claimant: South Korea's National Intelligence Service
  claimant_country: KR
  alignment: allied
  status: reported
  source: alpha
  quote: decided to send about 12,000 soldiers to Russia
  tags: [numbers]
"""


# True once the drawn chart's labels were planned for the width it is drawn at: ui/width.py
# reports the main area's width, and the page redraws when it moves by STEP_PX or more.
PLANNED = f"""() => {{
    const plot = document.querySelector('.js-plotly-plot');
    if (!plot || !plot.layout || !plot.layout.meta) return false;
    return Math.abs(plot.layout.meta.width - plot.getBoundingClientRect().width) < {STEP_PX};
}}"""


# The good fixture's first claim (its wire, published 2024-10-24), passing every codebook rule:
# the tests of appearances and of the codebook extend it.
AGENCY_CLAIM: dict[str, Any] = {
    "id": "agency-3000-moved",
    "title": "The agency says about 3,000 soldiers were moved east",
    "date": "between October 8 and 13",
    "kind": "intelligence_claim",
    "claimant": "The agency",
    "claimant_country": "GB",
    "alignment": "allied",
    "status": "reported",
    "troops": 3000,
    "troops_kind": "deployed",
    "source": "wire",
    "quote": 'about 3,000 soldiers were moved "between October 8 and 13"',
}
