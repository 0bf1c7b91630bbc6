"""The offline files in Firefox too: the briefing presentation and the offline chart page, opened
from disk by Debian's Firefox in a network namespace (no network at all), run their scripts and
draw. Firefox has no driver here, so it is asked for a screenshot of each file and the picture is
read: a script that did not run leaves the first step, or an empty chart, on it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

from tests.helpers import missing_tool, needs_netns
from timeline import load_dataset
from timeline.exports import FORMATS, ExportOptions

REPO = Path(__file__).resolve().parent.parent
FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
pytestmark = [pytest.mark.browser, needs_netns]


@pytest.fixture(scope="module")
def firefox() -> str:
    if FIREFOX is None:
        missing_tool("Firefox (Debian's firefox-esr) is missing")
    return str(FIREFOX)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped story window as the offline presentation and the offline chart page."""
    folder = tmp_path_factory.mktemp("offline")
    dataset = load_dataset(REPO / "events", REPO / "seeds")
    for name, file in (("briefing-html", "briefing.html"), ("html", "chart.html")):
        (folder / file).write_bytes(FORMATS[name].build(dataset.events, dataset, ExportOptions()))
    return folder


def screenshot(firefox: str, url: str, folder: Path) -> Image.Image:
    """What Firefox shows of `url` at 1366x768, with no network to reach."""
    shot = folder / "shot.png"
    shot.unlink(missing_ok=True)
    profile = folder / "profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            "unshare",
            "-rn",
            firefox,
            "--headless",
            "--no-remote",
            "--profile",
            str(profile),
            "--window-size=1366,768",
            "--screenshot",
            str(shot),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(folder), "MOZ_HEADLESS": "1"},
        timeout=300,
    )
    assert shot.exists(), result.stderr
    return Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")


def coloured(picture: Image.Image) -> int:
    """Pixels of a clear colour (not white, grey or black): marks, bars and chips."""
    hsv = np.asarray(picture.convert("HSV"))
    return int(((hsv[..., 1] > 90) & (hsv[..., 2] > 60)).sum())


def test_the_presentation_moves_to_the_step_its_address_names(
    firefox: str, exported: Path, tmp_path: Path
) -> None:
    page = (exported / "briefing.html").as_uri()
    first = screenshot(firefox, page, tmp_path)
    fifth = screenshot(firefox, f"{page}?step=5", tmp_path)
    # Without its script the file shows its title step whatever the address says.
    assert ImageChops.difference(first, fifth).getbbox() is not None
    assert coloured(fifth) > 2_000  # the side's chip, the quote's rule and the strip's marks


def test_the_offline_chart_draws(firefox: str, exported: Path, tmp_path: Path) -> None:
    picture = screenshot(firefox, (exported / "chart.html").as_uri(), tmp_path)
    assert coloured(picture) > 2_000  # Plotly drew the marks in their sides' colours
