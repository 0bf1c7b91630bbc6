"""Fixtures the tests share: which data the dashboard reads, a writable copy of it, one Chromium.

A module whose tests read the fixture says so with pytestmark = usefixtures("fixture_data"); a test
that reads other data asks for it as an argument (shipped_data, data_copy), which is set up after
the module's marks and so wins. (A test's own usefixtures mark would be set up before them.)"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, FIXTURE, REPO, serve_data


@pytest.fixture
def use_data(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Point the dashboard at a data folder: use_data(root) reads root/events and root/seeds;
    use_data(root, events="x") reads root/x instead. Returns `root`."""

    def use(root: Path, *, events: str = "events", seeds: str = "seeds") -> Path:
        monkeypatch.setenv("EVENTS_DIR", str(root / events))
        monkeypatch.setenv("SEEDS_DIR", str(root / seeds))
        return root

    return use


@pytest.fixture
def fixture_data(use_data: Callable[..., Path]) -> Path:
    """The dashboard reads the small fixture (tests/fixtures/dashboard)."""
    return use_data(FIXTURE)


@pytest.fixture
def shipped_data(use_data: Callable[..., Path]) -> Path:
    """The dashboard reads the repository's own data."""
    return use_data(REPO)


@pytest.fixture
def data_copy(tmp_path: Path, use_data: Callable[..., Path]) -> Path:
    """A writable copy of the fixture, which the dashboard reads; returns its root."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    return use_data(root)


@pytest.fixture(scope="module")
def dashboard(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A dashboard served for one module's browser tests: over the data folder the module names
    in SERVED (a root holding events/ and seeds/), else the small fixture. A module serving data
    it makes (a hostile copy, extra places) defines its own `dashboard`, which wins."""
    root = getattr(request.module, "SERVED", FIXTURE)
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve_data(root / "events", root / "seeds", log) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for a test module; each test opens its own pages."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests, not skip them")
        pytest.skip(f"{CHROMIUM} is missing (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_sessionfinish() -> None:
    # AppTest keeps one temporary folder for the whole process and leaves its removal to the
    # interpreter's exit, which warns (ResourceWarning, printed as a traceback after a green run).
    app_test = sys.modules.get("streamlit.testing.v1.app_test")
    if app_test is not None:
        app_test.TMP_DIR.cleanup()
