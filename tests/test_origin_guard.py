"""A WebSocket handshake from a foreign page is refused at once, with no name lookup and no
outside connection, on a machine whose resolver never answers (a network namespace); the
dashboard's own page and loopback origins still connect."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, make_run, needs_netns, run_in_namespace
from ui.origin_guard import allowed

PROBE = Path(__file__).resolve().parent / "netns_probe.py"
FOREIGN = ["https://evil.example", "https://evil2.example", "http://[::1]:8501", "null"]


def probe(tmp_path: Path, script: str, *arguments: str) -> list[dict]:
    """Run the probe in a fresh network namespace; its results."""
    return run_in_namespace(PROBE, tmp_path, [str(REPO / script), *arguments])


@needs_netns
@pytest.mark.parametrize("address", ["", "ADDRESS=0.0.0.0"])
def test_a_foreign_origin_is_refused_without_a_lookup(tmp_path: Path, address: str) -> None:
    script, *flags = make_run(*filter(None, [address]))
    own = "http://127.0.0.1"  # the probe serves on a free port; only the name matters here
    results = probe(tmp_path, script, "--origins", *FOREIGN, "http://localhost:9999", own, *flags)
    by_origin = {result["origin"]: result for result in results}
    for origin in FOREIGN:
        assert by_origin[origin]["status"] == 403, by_origin[origin]
    for origin in ("http://localhost:9999", own):
        assert by_origin[origin]["status"] == 101, by_origin[origin]  # switching protocols
    assert all(result["dns_queries"] == 0 for result in results), results
    assert all(result["other_viewer"] == 200 for result in results), results


@needs_netns
def test_the_control_streamlit_alone_looks_the_foreign_origin_up(tmp_path: Path) -> None:
    """Without the guard, Streamlit's check asks the resolver: the probe does see lookups, and
    if an upgrade of Streamlit stops doing it, this test says the guard may be dropped."""
    [result] = probe(
        tmp_path,
        "dashboard.py",
        "--origins",
        "https://evil.example",
        "--first-query-only",
        "--server.address",
        "127.0.0.1",
    )
    assert result["dns_queries"] > 0, result


@pytest.mark.parametrize(
    ("origin", "host", "expected"),
    [
        (None, "127.0.0.1:8501", True),
        ("http://127.0.0.1:8501", "127.0.0.1:8501", True),
        ("http://briefing-pc:8501", "briefing-pc:8501", True),
        ("http://localhost:3000", "127.0.0.1:8501", True),
        ("https://evil.example", "127.0.0.1:8501", False),
        ("https://127.0.0.1.evil.example", "127.0.0.1:8501", False),
        ("null", "127.0.0.1:8501", False),
    ],
)
def test_which_origins_reach_streamlit(origin: str | None, host: str, expected: bool) -> None:
    assert allowed(origin, host) is expected
