"""What is loaded when the server starts is set aside from Python's cycle collector, so the full
collection Streamlit runs after every script run walks only what runs make (ui.heap)."""

from __future__ import annotations

import gc
import weakref

import pytest

from tests.helpers import session
from ui import heap


class _Node:
    """An object that can be part of a reference cycle and be watched with a weak reference."""

    loop: _Node


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process in which nothing has been set aside yet (other tests ran the dashboard)."""
    gc.unfreeze()
    monkeypatch.setattr(heap, "_done", False)


@pytest.mark.usefixtures("fresh")
def test_objects_alive_at_the_first_call_are_never_walked_again() -> None:
    kept = _Node()
    kept.loop = kept  # a cycle: only the collector could free it
    watch = weakref.ref(kept)
    assert heap.set_aside_once()
    del kept
    gc.collect()
    assert watch() is not None  # set aside: the collector no longer looks at it
    fresh_cycle = _Node()
    fresh_cycle.loop = fresh_cycle
    later = weakref.ref(fresh_cycle)
    del fresh_cycle
    gc.collect()
    assert later() is None  # what comes after is collected as before


@pytest.mark.usefixtures("fresh")
def test_only_the_first_call_in_a_process_sets_aside() -> None:
    assert heap.set_aside_once()
    frozen = gc.get_freeze_count()
    assert not heap.set_aside_once()
    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("fresh")
def test_the_dashboards_first_run_leaves_the_collector_a_fraction_of_the_objects() -> None:
    walked_before = len(gc.get_objects())  # what a full collection walks
    session().run()
    assert gc.get_freeze_count() > walked_before
    # The run's own objects (its session, the page it drew) are all a collection still walks.
    assert len(gc.get_objects()) < walked_before / 4
