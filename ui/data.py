"""The dataset this browser session sees, the view the frame hands every page, and what is built
from a dataset once for every session."""

from __future__ import annotations

import os
import runpy
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from timeline import Dataset
from timeline.data import snapshot
from timeline.data.filters import FilterState
from timeline.data.load import fingerprint
from timeline.data.model import Taxonomy
from ui import state, upload

REPO = Path(__file__).resolve().parent.parent
# Environment variable -> the folder used when it is unset, relative to the repository.
DATA_DIRS = {"EVENTS_DIR": "events", "SEEDS_DIR": "seeds"}
ENTRYPOINT = "dashboard.py"


@dataclass(frozen=True)
class View:
    """What the frame hands every page: all the data, the filters, and the events that pass them."""

    dataset: Dataset
    state: FilterState
    events: pd.DataFrame

    @property
    def taxonomy(self) -> Taxonomy | None:
        return self.dataset.taxonomy


def current_view() -> View:
    """The view the frame computed in this run; pages render it and compute nothing else.

    A freshly started server runs its first page alone, in Streamlit's older multipage layout
    (it sees the pages/ folder before dashboard.py has declared its pages). Then the entrypoint
    runs here instead: it declares the pages, which ends that layout, draws the frame and runs
    this page within it; the lone run stops there, so a link to any page opens that page.
    """
    if PagesManager.uses_pages_directory:
        runpy.run_path(str(REPO / ENTRYPOINT), run_name="__main__")
        st.stop()
    return st.session_state[state.VIEW]


def set_view(view: View) -> None:
    st.session_state[state.VIEW] = view


# What was built from each dataset, by what it was built from: at most KEPT_PER_DATASET things
# per dataset, the least recently used going first, all of them going with their dataset.
KEPT_PER_DATASET = 32
_kept: dict[int, tuple[weakref.ref[Dataset], OrderedDict[Hashable, object]]] = {}
_kept_lock = threading.Lock()
T = TypeVar("T")


def kept(dataset: Dataset, key: Hashable, build: Callable[[], T]) -> T:
    """build(), made once per `dataset` and `key` and shared by every session and rerun that asks
    again; what it returns is treated as read-only.

    A new browser session opens on the same view as the last one, and drawing that view's chart
    (planning its labels) is most of a first run's time on the server. The dataset is known by
    its identity, since it cannot be hashed: the shipped one is shared, an uploaded one belongs to
    its session, and what was kept goes when the dataset does.
    """
    ident = id(dataset)
    with _kept_lock:
        ref, things = _kept.get(ident, (None, None))
        if ref is None or things is None or ref() is not dataset:
            things = OrderedDict()
            _kept[ident] = (weakref.ref(dataset, lambda _: _kept.pop(ident, None)), things)
        elif key in things:
            things.move_to_end(key)
            return things[key]  # type: ignore[return-value]
    thing = build()  # outside the lock: two sessions may build the same thing, never wait
    with _kept_lock:
        things[key] = thing
        while len(things) > KEPT_PER_DATASET:
            things.popitem(last=False)
    return thing


def data_dirs() -> tuple[Path, Path]:
    """The events and seeds folders: $EVENTS_DIR and $SEEDS_DIR, else the repository's own."""
    events, seeds = (Path(os.environ.get(var) or REPO / dflt) for var, dflt in DATA_DIRS.items())
    return events, seeds


@st.cache_resource(show_spinner="Reading the events…", max_entries=2)
def _load(events_dir: str, seeds_dir: str, version: tuple) -> Dataset:
    """The dataset, one object shared by every rerun and every browser session, never copied
    (st.cache_data would copy it on every rerun); pages treat it as read-only. `version`, the
    files' fingerprint, makes an edited file a cache miss; a restart reads the columnar snapshot
    rather than the YAML when the files are unchanged."""
    return snapshot.load(events_dir, seeds_dir, version)


def load() -> Dataset:
    """The dataset this browser session sees: the data it uploaded, if any, else the configured
    folders' (read again only when one of their files changes)."""
    own = upload.own_dataset()
    if own is not None:
        return own
    events_dir, seeds_dir = data_dirs()
    return _load(str(events_dir), str(seeds_dir), fingerprint(events_dir, seeds_dir))


def shown_path(text: str) -> str:
    """Text with the server's folders taken out, so a viewer never sees where the data lives."""
    # A data folder keeps its own name (events/2024-10.yaml); what lies above it goes.
    above = {str(REPO), *(str(folder.resolve().parent) for folder in data_dirs())}
    for folder in sorted(above, key=len, reverse=True):
        text = text.replace(f"{folder}{os.sep}", "")
    return text
