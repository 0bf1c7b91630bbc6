"""Safe by default when served: localhost only, no request to any outside host at start, and no
server path, traceback or environment value in what a viewer sees."""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import FIXTURE, REPO, make_run, run
from tests.server import running
from timeline.data import upload

SECRET = "s3cr3t-token-value"


def streamlit_options(*names: str) -> dict[str, object]:
    """The options Streamlit runs with from the project's .streamlit/config.toml, read in a fresh
    process started in the repository, as `streamlit run` reads them."""
    code = (
        "import json\n"
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        f"print(json.dumps({{n: config.get_option(n) for n in {list(names)!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    return json.loads(result.stdout)


def test_streamlit_reads_safe_settings_from_the_project_config() -> None:
    options = streamlit_options(
        "server.address",
        "server.showEmailPrompt",
        "server.maxUploadSize",
        "server.enableXsrfProtection",
        "server.enableCORS",
        "browser.gatherUsageStats",
        "client.showErrorDetails",
        "client.toolbarMode",
    )
    assert options == {
        "server.address": "localhost",
        "server.showEmailPrompt": False,
        "server.maxUploadSize": upload.MAX_UPLOAD_BYTES // upload.MB,
        "server.enableXsrfProtection": True,
        "server.enableCORS": True,
        "browser.gatherUsageStats": False,
        "client.showErrorDetails": "none",
        "client.toolbarMode": "viewer",
    }


def test_make_run_listens_on_localhost_and_sharing_is_one_switch() -> None:
    assert make_run() == ["serve.py", "--server.address", "localhost"]
    assert make_run("ADDRESS=0.0.0.0", "HOSTNAME=briefing-pc") == [
        "serve.py", "--server.address", "0.0.0.0", "--browser.serverAddress", "briefing-pc",
    ]  # fmt: skip


# Runs `streamlit run` with every connection and name lookup checked by an audit hook; any that
# leaves this machine is printed with a marker the test looks for. Used only by this test.
LAUNCHER = """\
import ipaddress, sys

LOCAL_NAMES = {"localhost", "", None}

def _local(host):
    if host in LOCAL_NAMES or not isinstance(host, str):
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified

def _audit(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple):
        host = args[1][0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    elif event == "urllib.Request":
        host = args[0]
        print(f"OUTSIDE-REQUEST {host}", file=sys.stderr, flush=True)
        return
    else:
        return
    if isinstance(host, bytes):
        host = host.decode()
    if not _local(host):
        print(f"OUTSIDE-REQUEST {event} {host}", file=sys.stderr, flush=True)

sys.addaudithook(_audit)
from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
"""


def start_and_list_outside_requests(flags: list[str], tmp_path: Path) -> tuple[list[str], str]:
    """Serve the dashboard with `flags` (and the project's config), open its page, stop it;
    returns the connections it tried to open to other hosts, and its log.

    The server is stopped once it has printed where it listens, which Streamlit does after it
    has looked up its own addresses (the look-ups that reach outside when left to themselves),
    and once it has served the page.
    """
    log = tmp_path / "streamlit.log"
    env = {"EVENTS_DIR": str(FIXTURE / "events"), "SEEDS_DIR": str(FIXTURE / "seeds")}
    command = ["-c", LAUNCHER, *flags]
    with (
        running(command, log, cwd=REPO, env=env) as url,
        urllib.request.urlopen(url, timeout=10) as page,
    ):
        assert page.status == 200
    text = log.read_text()
    return re.findall(r"OUTSIDE-REQUEST (.+)", text), text


@pytest.mark.parametrize(
    ("case", "flags", "outside"),
    [
        ("make run", lambda: make_run(), False),
        ("make run ADDRESS=0.0.0.0", lambda: make_run("ADDRESS=0.0.0.0"), False),
        # the control: the hook does see Streamlit look up its addresses when left to itself
        (
            "every interface, nothing else said",
            lambda: ["dashboard.py", "--server.address", "0.0.0.0"],
            True,
        ),
    ],
)
def test_starting_the_server_asks_no_outside_host(
    tmp_path: Path, case: str, flags: object, outside: bool
) -> None:
    requests, log = start_and_list_outside_requests(flags(), tmp_path)
    assert bool(requests) == outside, f"{case}: {requests}\n{log}"
    assert "Traceback" not in log


def test_the_default_server_accepts_no_connection_from_the_network(tmp_path: Path) -> None:
    """Bound to localhost: the port answers on 127.0.0.1 and on no other address of the machine."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; it picks the outward interface
            outward = probe.getsockname()[0]
        except OSError:
            pytest.skip("this machine has no network interface besides loopback")
    if ipaddress.ip_address(outward).is_loopback:
        pytest.skip("this machine has no network interface besides loopback")
    log = tmp_path / "streamlit.log"
    with running(["-m", "streamlit", "run", "dashboard.py"], log, cwd=REPO) as url:
        port = urlsplit(url).port
        with pytest.raises(OSError):
            socket.create_connection((outward, port), timeout=2).close()


def every_text(at: AppTest) -> str:
    """Every string the page shows a viewer, from every element of the main area and sidebar."""
    texts = []
    for kind in ("markdown", "caption", "code", "error", "warning", "info", "success", "text",
                 "title", "header", "subheader", "exception", "expander", "toast"):  # fmt: skip
        for element in at.get(kind):
            for attribute in ("value", "label", "body", "message", "stack_trace"):
                value = getattr(element, attribute, None)
                if value:
                    texts.append(str(value))
    return "\n".join(texts)


@pytest.fixture
def broken_copy(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture data the dashboard reads, with a secret in its environment."""
    monkeypatch.setenv("DASHBOARD_SECRET", SECRET)
    return data_copy


def assert_nothing_private(text: str, root: Path) -> None:
    for private in (str(root), str(REPO), "/tmp/", "Traceback", 'File "', SECRET):
        assert private not in text, f"{private!r} shown to the viewer:\n{text}"


def test_data_problems_name_files_without_the_servers_paths(broken_copy: Path) -> None:
    (broken_copy / "events" / "zz-broken.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    october = broken_copy / "events" / "october.yaml"
    october.write_text(
        october.read_text(encoding="utf-8") + october.read_text(encoding="utf-8").split("\n\n")[1],
        encoding="utf-8",
    )  # a duplicate id, whose message names the other place
    at = run()
    assert not at.exception
    text = every_text(at)
    assert "zz-broken.yaml:1: YAML error" in text
    assert "duplicate id; first defined at events/october.yaml:" in text, text
    assert_nothing_private(text, broken_copy)


def test_a_data_folder_that_cannot_be_read_is_explained_without_its_path(
    broken_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.data.load

    def failing(*_args: object) -> None:
        raise PermissionError(13, "Permission denied", str(broken_copy / "events" / SECRET))

    monkeypatch.setattr(timeline.data.load, "_load_dataset", failing)
    at = run()
    assert not at.exception
    assert at.error, "the page should say the data could not be read"
    assert_nothing_private(every_text(at), broken_copy)


def test_an_error_inside_a_page_shows_no_traceback(
    broken_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.charts.timeline

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"boom in {broken_copy} with {SECRET}")

    monkeypatch.setattr(timeline.charts.timeline, "timeline_figure", failing)
    at = run()
    assert not at.exception
    assert any("unexpected error" in error.value for error in at.error)
    assert_nothing_private(every_text(at), broken_copy)
