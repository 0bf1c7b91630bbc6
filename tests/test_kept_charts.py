"""The Timeline chart is built once per view: a new session opening on a view another session
opened, or a rerun that changes nothing drawn, reuses it; another view, an edited file or
another dataset builds afresh (ui.data.kept)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import chart_spec, run
from timeline import Dataset
from timeline.charts import timeline as timeline_chart
from ui import data


@pytest.fixture
def built(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the events of every Timeline figure built, over a fresh copy of the fixture
    (a dataset of its own, so nothing another test kept is reused)."""
    figures: list[str] = []
    build = timeline_chart.timeline_figure

    def counted(events: pd.DataFrame, *args: object, **kwargs: object) -> object:
        figures.append(",".join(events["id"]))
        return build(events, *args, **kwargs)

    monkeypatch.setattr(timeline_chart, "timeline_figure", counted)
    return figures


def test_a_new_session_on_the_same_view_reuses_the_chart(built: list[str]) -> None:
    first = run()
    assert len(built) == 1
    second = run()
    assert len(built) == 1
    assert chart_spec(second) == chart_spec(first)
    # a filter is another view: built afresh; back to no filter, the first chart again
    second.multiselect(key="filter_country").set_value(["UA"]).run()
    assert len(built) == 2 and chart_spec(second) != chart_spec(first)
    second.multiselect(key="filter_country").set_value([]).run()
    assert len(built) == 2 and chart_spec(second) == chart_spec(first)
    # so is a change of drawing: lanes by alignment
    second.button_group(key="lane").set_value("alignment").run()
    assert len(built) == 3


def test_an_edited_file_draws_its_chart_afresh(built: list[str], data_copy: Path) -> None:
    before = chart_spec(run())
    [document] = sorted((data_copy / "events").glob("*.yaml"))[:1]
    text = document.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.lstrip().startswith("title:"))
    document.write_text(text.replace(first_title, first_title + " (edited)", 1), encoding="utf-8")
    after = chart_spec(run())
    assert len(built) == 2
    assert "(edited)" in str(after) and "(edited)" not in str(before)


class Thing:
    """Something built from a dataset, which a weak reference can follow."""


def _dataset() -> Dataset:
    return Dataset(events=pd.DataFrame({"id": ["a"]}), problems=[], taxonomy=None)


def test_kept_builds_once_per_dataset_and_key() -> None:
    one, other = _dataset(), _dataset()
    calls: list[str] = []

    def build(name: str) -> Thing:
        calls.append(name)
        return Thing()

    thing = data.kept(one, "key", lambda: build("one"))
    assert data.kept(one, "key", lambda: build("again")) is thing
    # another key, and an equal but distinct dataset, build their own
    assert data.kept(one, "other key", lambda: build("other key")) is not thing
    assert data.kept(other, "key", lambda: build("other")) is not thing
    assert calls == ["one", "other key", "other"]


def test_kept_holds_a_bounded_number_per_dataset() -> None:
    dataset = _dataset()
    first = data.kept(dataset, 0, Thing)
    for key in range(1, data.KEPT_PER_DATASET + 1):
        data.kept(dataset, key, Thing)
    # the least recently used went first
    assert data.kept(dataset, 0, Thing) is not first


def test_what_was_kept_goes_with_its_dataset() -> None:
    dataset = _dataset()
    thing = weakref.ref(data.kept(dataset, "key", Thing))
    assert thing() is not None
    del dataset
    gc.collect()
    assert thing() is None
