"""Shared on a network (`make run ADDRESS=0.0.0.0`), a viewer on another machine looks but does
not load: no upload, no metrics; a viewer on this machine keeps every feature; no viewer sends
more than the upload limit in all; and an upload is never written to the temp folder. Run in a
network namespace whose second address stands for the other machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, make_run, needs_netns, run_in_namespace
from timeline.exports import FORMATS
from ui.network_guard import ALLOW_ENV

PROBE = Path(__file__).resolve().parent / "netns_viewer.py"
pytestmark = [pytest.mark.browser, needs_netns]


def probe(tmp_path: Path, allow: str) -> dict:
    script, *flags = make_run("ADDRESS=0.0.0.0")
    return run_in_namespace(PROBE, tmp_path, [str(REPO / script), *flags], {ALLOW_ENV: allow})


@pytest.mark.parametrize("allow", ["", "1"])
def test_the_network_looks_and_this_machine_loads(tmp_path: Path, allow: str) -> None:
    seen = probe(tmp_path, allow)
    assert seen["metrics"] == {"local": 200, "other": 403}
    # the second 12 MB file would pass the total: refused before its body is read
    assert seen["local"]["uploads"] == [204, 413], seen["local"]
    assert "Not opened" in seen["local"]["sidebar_after"]
    drawn = {fmt.label for fmt in FORMATS.values() if fmt.draws}
    assert drawn <= set(seen["local"]["exports"]), seen["local"]["exports"]
    assert FORMATS["csv"].label in seen["other"]["exports"]
    if allow:
        assert seen["other"]["uploads"] == [204, 413], seen["other"]
        assert drawn <= set(seen["other"]["exports"])
    else:
        assert seen["raw_put_from_other"] == 403
        assert "Open your own data" not in seen["other"]["sidebar"]
        assert "Opening your own data is for viewers on the machine" in seen["other"]["sidebar"]
        assert "ALLOW_UPLOADS=1" in seen["other"]["sidebar"]
        assert not drawn & set(seen["other"]["exports"]), seen["other"]["exports"]
    assert seen["temp_opened"] == [], "an upload was spooled to the temp folder"
