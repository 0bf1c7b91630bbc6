"""A data file that is a symbolic link leading out of its folder (git keeps links) is refused with
a problem at its path, in `validate`, on the page, in the exports and in the snapshot cache; its
contents never appear. A link to a file inside its folder still reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import session
from timeline.data import snapshot
from timeline.exports import FORMATS, ExportOptions

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
SECRET = "SECRET-VALUE-FROM-OUTSIDE"
OUTSIDE_YAML = f"- id: x\n  kind: {SECRET}\n"

# the file made a link, and what the outside file holds
LINKS = {
    "events/x.yaml": OUTSIDE_YAML,
    "events/taxonomy.yaml": f"alignments: {{{SECRET}: 1}}\n",
    "events/dataset.yaml": f"title: {SECRET}\n",
    "events/briefings/b.yaml": f"title: {SECRET}\nsteps: []\n",
    "seeds/alpha.txt": f"root:x:0:0:root {SECRET} " + (FIXTURE / "seeds" / "alpha.txt").read_text(),
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    (root / "events" / "briefings").mkdir()
    return root


def link_out(root: Path, name: str) -> Path:
    outside = root.parent / "outside" / Path(name).name
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(LINKS[name], encoding="utf-8")
    link = root / name
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    return link


@pytest.mark.parametrize("name", LINKS)
def test_validate_refuses_a_link_out_at_its_path(data: Path, name: str) -> None:
    link = link_out(data, name)
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(data / "events"),
         "--seeds", str(data / "seeds")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"{link}: is a link to a file outside its folder" in result.stdout, result.stdout
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["seeds/alpha.txt", "events/dataset.yaml"])
def test_nothing_from_outside_reaches_the_cache_the_page_or_an_export(
    data: Path, name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    link_out(data, name)
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    dataset = snapshot.load(data / "events", data / "seeds")
    assert any("outside its folder" in problem.message for problem in dataset.problems)
    cached = b"".join(
        path.read_bytes() for path in (tmp_path / "cache").rglob("*") if path.is_file()
    )
    assert cached and SECRET.encode() not in cached
    for format_name in ("html", "json", "csv", "timelinejs"):
        built = FORMATS[format_name].build(dataset.events, dataset, ExportOptions())
        assert SECRET.encode() not in built
    monkeypatch.setenv("EVENTS_DIR", str(data / "events"))
    monkeypatch.setenv("SEEDS_DIR", str(data / "seeds"))
    at = session()
    at.query_params["source"] = "alpha"
    at.run()
    at.switch_page("pages/sources.py")
    at.run()
    shown = "\n".join(
        str(e.value)
        for kind in ("markdown", "caption", "code", "error", "warning")
        for e in at.get(kind)
    )
    assert "outside its folder" in shown
    assert SECRET not in shown


def test_a_link_inside_its_folder_still_reads(data: Path) -> None:
    (data / "seeds" / "alpha-copy.txt").symlink_to("alpha.txt")
    sources = data / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text().replace("file: alpha.txt", "file: alpha-copy.txt"))
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(data / "events"),
         "--seeds", str(data / "seeds")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
