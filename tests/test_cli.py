"""The command line, run as a user runs it: exit codes, output lines, the schema and the stats."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from timeline.__main__ import main
from timeline.data.load import event_files
from timeline.data.schema import events_schema
from timeline.data.stats import STAT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_validate_passes_good_data_with_a_one_line_summary():
    result = run("validate", str(GOOD / "events"), "--seeds", str(GOOD / "seeds"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["OK: 5 events in 2 file(s), 2 sources"]


def test_validate_defaults_seeds_to_the_sibling_folder():
    assert run("validate", str(GOOD / "events")).returncode == 0


def test_validate_fails_bad_data_with_one_line_per_problem_and_no_traceback(tmp_path):
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    for case in ("unknown_kind", "bad_date", "python_tag"):
        source = Path(__file__).parent / "fixtures" / "bad" / case / "events.yaml"
        shutil.copy(source, tmp_path / "events" / f"{case}.yaml")
    result = run("validate", str(tmp_path / "events"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for line, (name, number) in zip(
        lines, [("bad_date", 3), ("python_tag", 2), ("unknown_kind", 4)], strict=True
    ):
        assert line.startswith(f"{tmp_path / 'events' / name}.yaml:{number}: ")
    assert "Traceback" not in result.stderr
    assert "3 problem(s)" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/no/such/folder"],
        ["validate", str(GOOD / "events"), "--seeds", "/no/such/seeds"],
        ["frobnicate"],
        [],
        ["validate", "--bogus-flag"],
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_stats_prints_every_count(capsys):
    assert main(["stats", str(GOOD / "events")]) == 0
    out = capsys.readouterr().out
    assert "5 events from 2 sources" in out
    assert "dates covered: 2024-10-08 to 2024-12-31" in out
    for heading in STAT_COLUMNS.values():
        assert f"by {heading}" in out
    assert "  allied" in out and "  NATO" in out and "  2024-10" in out


def test_schema_enumerates_the_taxonomy_and_accepts_the_good_fixture(tmp_path):
    target = tmp_path / "schema.json"
    assert (
        main(["schema", "--taxonomy", str(GOOD / "events" / "taxonomy.yaml"), "-o", str(target)])
        == 0
    )
    schema = json.loads(target.read_text(encoding="utf-8"))
    event = schema["$defs"]["Event"]
    assert event["properties"]["alignment"]["enum"] == ["ukraine", "allied", "russia", "dprk"]
    assert event["additionalProperties"] is False
    for path in event_files(GOOD / "events"):
        # an editor sees an unquoted 2024-10-21 as the string it is written as
        items = json.loads(
            json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)
        )
        jsonschema.validate(items, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "claimaint": "typo"}], schema)


def test_shipped_schema_is_up_to_date():
    """events/schema.json is what `make schema` writes from the shipped taxonomy."""
    shipped = json.loads((ROOT / "events" / "schema.json").read_text(encoding="utf-8"))
    result = run("schema", "--taxonomy", "events/taxonomy.yaml")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == shipped, "run `make schema` and commit events/schema.json"
    assert events_schema()["$defs"]["Event"]["required"] == shipped["$defs"]["Event"]["required"]


def test_the_command_line_works_from_a_folder_outside_the_repository(tmp_path):
    # As the README says: the repository on PYTHONPATH, the data anywhere, paths relative to here.
    shutil.copytree(GOOD, tmp_path / "case")
    outside = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run_here(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "timeline", *args]
        return subprocess.run(
            command, capture_output=True, text=True, cwd=tmp_path, env=outside, check=False
        )

    checked = run_here("validate", "case/events")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK: 5 events in 2 file(s), 2 sources")
    exported = run_here("export", "csv", "case/events", "-o", "events.csv")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").count("\n") == 6
    missing = run_here("validate", "elsewhere/events")
    assert missing.returncode == 2
    assert "elsewhere/events: no such folder" in missing.stderr
