"""The columnar snapshot: what it reads back equals what the loader read, and any change to the
files, the taxonomy or the schema reads the YAML again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal

from tests.factories import event_of
from timeline import load_dataset
from timeline.data import snapshot

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the good fixture, with the snapshot cache in its own folder."""
    shutil.copytree(FIXTURES / "good", tmp_path / "data")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "data"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The events folders the YAML loader is asked to read from here on."""
    calls: list[str] = []

    def counted(events_dir, seeds_dir):
        calls.append(str(events_dir))
        return load_dataset(events_dir, seeds_dir)

    monkeypatch.setattr(snapshot, "load_dataset", counted)
    return calls


def assert_same_dataset(got, expected) -> None:
    assert_frame_equal(got.events, expected.events, check_exact=True)
    assert got.events.dtypes.to_dict() == expected.events.dtypes.to_dict()
    for column in ("tags", "contradicts"):
        assert all(isinstance(cell, list) for cell in got.events[column])
    for event_id in expected.events["id"]:
        assert event_of(got, event_id) == event_of(expected, event_id) is not None
    assert event_of(got, "no-such-event") is None
    for part in ("problems", "taxonomy", "sources", "texts", "case", "briefings"):
        assert getattr(got, part) == getattr(expected, part), part


@pytest.mark.parametrize(
    "folders",
    [
        pytest.param(None, id="good fixture"),
        pytest.param((REPO / "events", REPO / "seeds"), id="shipped data: case and briefings"),
    ],
)
def test_a_snapshot_reads_back_the_dataset_the_loader_read(data, loads, folders):
    events_dir, seeds_dir = folders or (data / "events", data / "seeds")
    loaded = snapshot.load(events_dir, seeds_dir)
    again = snapshot.load(events_dir, seeds_dir)
    assert loads == [str(events_dir)]  # the second came from the snapshot
    assert again is not loaded
    assert_same_dataset(again, loaded)


def test_problems_survive_the_snapshot(data, loads):
    (data / "events" / "2024-12.yaml").write_text(
        "- id: broken\n  title: no date, no source\n", encoding="utf-8"
    )
    loaded = snapshot.load(data / "events", data / "seeds")
    assert loaded.problems
    assert_same_dataset(snapshot.load(data / "events", data / "seeds"), loaded)
    assert len(loads) == 1


def test_code_columns_are_stored_dictionary_encoded(data):
    dataset = snapshot.load(data / "events", data / "seeds")
    version = snapshot.fingerprint(data / "events", data / "seeds")
    path = snapshot.snapshot_path(data / "events", data / "seeds", version) / snapshot.EVENTS_FILE
    metadata = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {
        metadata.column(i).path_in_schema: metadata.column(i).encodings
        for i in range(metadata.num_columns)
    }
    for column in ("alignment", "kind", "claimant_country", "status", "precision"):
        assert any("DICTIONARY" in e for e in encodings[column]), column
    assert not any("DICTIONARY" in e for e in encodings["quote"])
    assert len(dataset.events) == 5


def _append(path: str, text: str) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        target = data / path
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _retitle(data: Path) -> None:
    target = data / "events" / "2024-10.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")


def _new_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "FORMAT", snapshot.FORMAT + 1)


def _new_code(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same registry, other loader code: as after an upgrade that reads dates differently.
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        return real(self) + (b"# changed" if self.name == "dates.py" else b"")

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize(
    ("change", "files"),
    [
        pytest.param(_retitle, True, id="an edited events file"),
        pytest.param(_append("events/2024-10.yaml", "\n# a comment\n"), True, id="a comment"),
        pytest.param(_append("events/taxonomy.yaml", "\n# reviewed\n"), True, id="the taxonomy"),
        pytest.param(_append("seeds/sources.yaml", "\n"), True, id="the sources list"),
        pytest.param(_append("seeds/wire.txt", "More text.\n"), True, id="a seed document"),
        pytest.param(
            lambda data: (data / "events" / "2024-12.yaml").write_text("[]\n"),
            True,
            id="a new events file",
        ),
        pytest.param(_new_schema, False, id="the snapshot format"),
        pytest.param(_new_code, False, id="the loader's code"),
    ],
)
def test_any_change_reads_the_yaml_again(data, loads, monkeypatch, change, files):
    events_dir, seeds_dir = data / "events", data / "seeds"
    before = snapshot.load(events_dir, seeds_dir)
    change(data) if files else change(monkeypatch)
    after = snapshot.load(events_dir, seeds_dir)
    assert len(loads) == 2
    assert_same_dataset(after, load_dataset(events_dir, seeds_dir))
    if change is _retitle:
        assert after.events["title"].str.startswith("Edited ").sum() == 1
        assert not before.events["title"].str.startswith("Edited ").any()
    # The new snapshot replaced the old one, and serves the next restart.
    versions = list(snapshot.snapshot_path(events_dir, seeds_dir, ()).parent.iterdir())
    assert len(versions) == 1
    snapshot.load(events_dir, seeds_dir)
    assert len(loads) == 2


def test_the_schema_version_follows_the_registry_columns():
    columns = list(snapshot.fields.COLUMNS)
    assert snapshot.schema_version(columns) == snapshot.schema_version()
    assert snapshot.schema_version(columns[:-1]) != snapshot.schema_version()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: (path / snapshot.EVENTS_FILE).write_bytes(b"PAR1"), id="parquet"),
        pytest.param(lambda path: (path / snapshot.META_FILE).write_text("{"), id="json"),
        pytest.param(lambda path: (path / snapshot.META_FILE).unlink(), id="missing part"),
        pytest.param(lambda path: shutil.rmtree(path.parent.parent), id="cache deleted"),
    ],
)
def test_a_damaged_or_deleted_snapshot_is_rebuilt_from_the_files(data, loads, damage):
    events_dir, seeds_dir = data / "events", data / "seeds"
    first = snapshot.load(events_dir, seeds_dir)
    damage(
        snapshot.snapshot_path(events_dir, seeds_dir, snapshot.fingerprint(events_dir, seeds_dir))
    )
    assert_same_dataset(snapshot.load(events_dir, seeds_dir), first)
    assert len(loads) == 2
    snapshot.load(events_dir, seeds_dir)
    assert len(loads) == 2


def test_the_cache_folder_is_configurable_and_unwritable_is_no_error(data, loads, monkeypatch):
    assert snapshot.cache_dir() == data.parent / "cache"
    blocked = data.parent / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocked))
    dataset = snapshot.load(data / "events", data / "seeds")
    assert isinstance(dataset.events, pd.DataFrame) and len(dataset.events) == 5
    assert blocked.read_text() == "not a folder"


def test_the_cache_folder_defaults_to_the_ignored_dot_cache(monkeypatch):
    monkeypatch.delenv(snapshot.CACHE_ENV, raising=False)
    assert snapshot.cache_dir() == REPO / ".cache"
    assert ".cache/" in (REPO / ".gitignore").read_text().splitlines()


def _load_with(package: Path, data: Path, cache: Path) -> tuple[int, str]:
    """(problems, snapshot folder) of the fixture loaded through the snapshot by the copy of the
    package at `package`, in a fresh interpreter: the code hash is what that copy's files say."""
    code = (
        "import sys\n"
        "import timeline\n"
        "from timeline.data import snapshot\n"
        f"events, seeds = {str(data / 'events')!r}, {str(data / 'seeds')!r}\n"
        "dataset = snapshot.load(events, seeds)\n"
        "path = snapshot.snapshot_path(events, seeds, snapshot.fingerprint(events, seeds))\n"
        "assert timeline.__file__.startswith(sys.argv[1]), timeline.__file__\n"
        "print(len(dataset.problems), path.name)\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(package)],
        capture_output=True,
        text=True,
        cwd=package,
        env=env | {snapshot.CACHE_ENV: str(cache)},
        check=True,
    )
    problems, folder = result.stdout.split()
    return int(problems), folder


def test_a_changed_provenance_rule_rebuilds_the_snapshot(data: Path, tmp_path: Path) -> None:
    """The code hash covers every data module: a quote rule changed in provenance.py (here, no
    quote is ever found) is a new snapshot whose problems say so, not the old one served stale."""
    package = tmp_path / "code"
    shutil.copytree(REPO / "timeline", package / "timeline", ignore=shutil.ignore_patterns("*.pyc"))
    cache = tmp_path / "shared-cache"
    problems, folder = _load_with(package, data, cache)
    assert problems == 0
    assert _load_with(package, data, cache) == (0, folder)  # unchanged code: the same snapshot
    rule = package / "timeline" / "data" / "provenance.py"
    rule.write_text(
        rule.read_text(encoding="utf-8") + "\n\ndef contains(text, quote):\n    return False\n",
        encoding="utf-8",
    )
    problems, changed = _load_with(package, data, cache)
    assert changed != folder
    assert problems == len(load_dataset(data / "events", data / "seeds").events) > 0
