"""The dashboard at scale, through AppTest: the dataset is one shared object that no rerun or
session copies, restarts read the snapshot rather than the YAML, and the timeline page says
whether it draws single events, WebGL marks or density."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.helpers import TOTAL, chart_spec, run, shown
from timeline import Dataset
from timeline.charts import density
from timeline.data import snapshot
from ui import state


@pytest.fixture(autouse=True)
def fresh_caches(fixture_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fixture, with a snapshot cache of its own and no dataset loaded yet."""
    monkeypatch.setenv(snapshot.CACHE_ENV, str(tmp_path / "cache"))
    st.cache_resource.clear()


def dataset(at: AppTest) -> Dataset:
    """The dataset the last run's view was computed from."""
    return at.session_state[state.VIEW].dataset


def test_reruns_and_sessions_share_one_dataset_never_copied() -> None:
    at = run()
    first = dataset(at)
    assert shown(at) == (TOTAL, TOTAL)
    at.multiselect(key="filter_country").set_value(["UA"]).run()
    assert shown(at) == (2, TOTAL)
    at.multiselect(key="filter_country").set_value([]).run()
    # The very same objects, down to the frame's columns: nothing was unpickled or copied.
    assert dataset(at) is first
    assert dataset(at).events is first.events
    other = run()
    assert dataset(other) is first
    assert not at.exception and not other.exception


def test_a_restart_reads_the_snapshot_not_the_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    before = run()
    st.cache_resource.clear()  # as a restarted server starts with empty caches

    def no_yaml(*args: object) -> Dataset:
        raise AssertionError("the YAML was read again over unchanged files")

    monkeypatch.setattr(snapshot, "load_dataset", no_yaml)
    after = run()
    assert not after.exception
    assert shown(after) == (TOTAL, TOTAL)
    assert dataset(after) is not dataset(before)
    assert dataset(after).events.equals(dataset(before).events)


@pytest.mark.parametrize(
    ("country", "drawing", "note"),
    [
        ([], "density", "Showing density: zoom in or filter to see single events."),
        (["UA", "RU"], "webgl", "Many events: drawn with WebGL"),
        (["UA"], "detail", None),
    ],
)
def test_the_page_says_how_it_draws_and_filtering_brings_back_single_events(
    monkeypatch: pytest.MonkeyPatch, country: list[str], drawing: str, note: str | None
) -> None:
    # Thresholds scaled to the fixture's nine events: over 4 density, over 2 WebGL.
    monkeypatch.setattr(density, "WEBGL_AT", 2)
    monkeypatch.setattr(density, "DENSITY_AT", 4)
    at = run()
    at.multiselect(key="filter_country").set_value(country).run()
    assert not at.exception
    assert chart_spec(at)["layout"]["meta"]["drawing"] == drawing
    notes = [info.value for info in at.main.info if info.value.startswith(("Showing", "Many"))]
    assert (note is None and not notes) or (len(notes) == 1 and notes[0].startswith(note))
