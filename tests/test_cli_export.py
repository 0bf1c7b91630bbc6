"""`python -m timeline export`, run as a user runs it: files, filters, standard output, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from timeline import load_dataset
from timeline.__main__ import main
from timeline.data import filters

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"
EVENTS, SEEDS = FIXTURE / "events", FIXTURE / "seeds"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
GOOD = Path(__file__).resolve().parent / "fixtures" / "good"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "export", *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def expected_ids(params: dict[str, list[str]]) -> list[str]:
    """The ids a link with these query params shows, read through the URL's own reader."""
    dataset = load_dataset(EVENTS, SEEDS)
    state, notices = filters.FilterState.from_params(params)
    assert notices == []
    return list(filters.apply(dataset.events, state)["id"])


@pytest.mark.parametrize(
    ("args", "params"),
    [
        pytest.param([], {}, id="no filters"),
        pytest.param(["--country", "UA"], {"country": ["UA"]}, id="one country"),
        pytest.param(
            ["--country", "UA", "--country", "RU"], {"country": ["UA", "RU"]}, id="two countries"
        ),
        pytest.param(
            ["--alignment", "russia", "--status", "denied"],
            {"alignment": ["russia"], "status": ["denied"]},
            id="alignment and status",
        ),
        pytest.param(
            ["--from", "2024-10-20", "--to", "2024-11-30"],
            {"from": ["2024-10-20"], "to": ["2024-11-30"]},
            id="dates",
        ),
        pytest.param(["--q", "kursk"], {"q": ["kursk"]}, id="text search"),
        pytest.param(["--kind", "denial"], {"kind": ["denial"]}, id="kind"),
    ],
)
def test_json_to_standard_output_holds_the_events_a_link_would_show(args, params):
    result = run("json", str(EVENTS), "--seeds", str(SEEDS), "-o", "-", *args)
    assert result.returncode == 0, result.stderr.decode()
    ids = [row["id"] for row in json.loads(result.stdout)]
    assert ids == expected_ids(params)
    assert ids or args


def test_the_default_file_name_says_what_it_holds(tmp_path):
    result = run(
        "csv", str(EVENTS), "--seeds", str(SEEDS), "--country", "UA", "--from", "2024-10-01",
        "--to", "2024-12-31", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    written = tmp_path / "claims-timeline_country-UA_2024-10-01_2024-12-31.csv"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
    rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8"), newline="")))
    assert [row["claimant_country"] for row in rows] == ["UA", "UA"]
    assert result.stdout == b""
    assert (
        f"{written.name}: Data for scripts (CSV, plain UTF-8), 2 events from"
        in result.stderr.decode()
    )


def test_seeds_default_to_the_sibling_folder_and_events_to_events(tmp_path):
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    result = run("timelinejs", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert len(json.loads(result.stdout)["events"]) == 9


def test_a_deck_and_an_image_are_written_to_the_file_named(tmp_path):
    deck = tmp_path / "briefing.pptx"
    result = run("pptx", str(EVENTS), "-o", str(deck), "--status", "denied")
    assert result.returncode == 0, result.stderr.decode()
    assert len(Presentation(str(deck)).slides) == 1 + 1 + 1 + 1
    image = tmp_path / "chart.png"
    result = run("png", str(EVENTS), "-o", str(image), "--width", "900", "--height", "500")
    assert result.returncode == 0, result.stderr.decode()
    with Image.open(image) as drawn:
        assert drawn.size == (900, 500)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["csv", "--country", "XX"], "country='XX': not one of", id="unknown country"),
        pytest.param(["csv", "--status", "rumoured"], "status='rumoured'", id="unknown status"),
        pytest.param(["csv", "--from", "18 October"], "from='18 October': not a date", id="date"),
        pytest.param(
            ["csv", "--from", "2024-12-01", "--to", "2024-10-01"], "from is after to", id="order"
        ),
        pytest.param(["csv", "--lane", "planet"], "invalid choice: 'planet'", id="lane"),
        pytest.param(["csv", "--axis", "foretold"], "invalid choice: 'foretold'", id="axis"),
        pytest.param(["png", "--scale", "0"], "scale 0", id="scale"),
        pytest.param(["png", "--width", "wide"], "invalid int value", id="width"),
        pytest.param(["docx"], "invalid choice: 'docx'", id="unknown format"),
        pytest.param(["pptx", "-o", "-"], "pptx is binary", id="binary to stdout"),
        pytest.param(["csv", "no/such/folder"], "no such folder", id="missing folder"),
        pytest.param(["csv", "--briefing", "nope"], "no briefing 'nope'", id="unknown briefing"),
    ],
)
def test_bad_options_exit_2_with_the_usage_and_write_nothing(
    args, message, tmp_path, capsys, monkeypatch
):
    fmt, *rest = args
    where = rest if "no/such/folder" in rest else [str(EVENTS), *rest]
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["export", fmt, *where])
    except SystemExit as exit:  # argparse's own refusals
        code = exit.code
    out, err = capsys.readouterr()
    assert code == 2, err
    assert message in err
    assert "usage:" in err or "no such folder" in err
    assert list(tmp_path.iterdir()) == [] and out == ""


def test_data_problems_exit_1_with_file_and_line_and_write_nothing(tmp_path):
    shutil.copytree(GOOD, tmp_path / "data")
    for case in ("unknown_kind", "bad_date"):
        shutil.copy(BAD / case / "events.yaml", tmp_path / "data" / "events" / f"{case}.yaml")
    result = run("csv", str(tmp_path / "data" / "events"), "-o", str(tmp_path / "out.csv"))
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1
    assert lines[0].startswith(f"{tmp_path / 'data' / 'events' / 'bad_date.yaml'}:3: ")
    assert lines[1].startswith(f"{tmp_path / 'data' / 'events' / 'unknown_kind.yaml'}:4: ")
    assert len(lines) == 3 and lines[-1] == "2 problem(s); nothing exported"
    assert not (tmp_path / "out.csv").exists()


def test_a_briefing_deck_follows_its_steps_with_their_speaker_notes(tmp_path):
    dataset = load_dataset(ROOT / "events", ROOT / "seeds")
    name, briefing = next(iter(dataset.briefings.items()))
    assert len(briefing.steps) >= 3 and any(step.note for step in briefing.steps)
    result = run("pptx", str(ROOT / "events"), "--briefing", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    written = tmp_path / f"claims-timeline_briefing-{name}.pptx"
    slides = list(Presentation(str(written)).slides)
    titles = dataset.events.set_index("id")["title"]
    assert slides[0].shapes[0].text_frame.text == briefing.title
    steps = slides[2 : 2 + len(briefing.steps)]
    for slide, step in zip(steps, briefing.steps, strict=True):
        assert slide.shapes.title.text_frame.text == titles[step.event]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else None
        assert notes == step.note
    assert slides[2 + len(briefing.steps)].shapes.title.text_frame.text == "Sources"
