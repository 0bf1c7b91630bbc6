"""A columnar snapshot of a validated dataset, so a restart over unchanged files skips the YAML.

The events frame is stored as Parquet (its code columns dictionary-encoded), everything else the
Dataset holds (problems, taxonomy, sources, texts, case, briefings) as JSON beside it, written
through the pydantic models. A snapshot is keyed by the files' fingerprint and by SCHEMA_VERSION,
so an edited file, a changed taxonomy or a change to the loader's code reads the YAML again.
The cache folder ($TIMELINE_CACHE_DIR, else `.cache/` in the repository) is safe to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.data import fields
from timeline.data.briefings import Briefing
from timeline.data.load import Dataset, Problem, fingerprint, load_dataset
from timeline.data.model import Case, Source, Taxonomy

CACHE_ENV = "TIMELINE_CACHE_DIR"
DEFAULT_CACHE = Path(__file__).resolve().parents[2] / ".cache"
EVENTS_FILE = "events.parquet"
META_FILE = "dataset.json"
# Bump when the files' layout changes in a way the registry and the code hash below do not show.
FORMAT = 1
_CODES = [f.column for f in fields.FIELDS if f.kind == "code"]
_LISTS = [f.column for f in fields.FIELDS if f.kind == "list"]


def schema_version(columns: list[str] | None = None) -> str:
    """A short hash of the snapshot format, the registry's columns and kinds, and the loader's code.

    Returns 16 hex digits; any change to what `load_dataset` would produce changes it.
    """
    columns = fields.COLUMNS if columns is None else columns
    digest = hashlib.sha256(f"{FORMAT}\n".encode())
    digest.update(repr([(c, fields.BY_COLUMN[c].kind) for c in columns]).encode())
    # Every module of the data layer decides what a loaded dataset holds, so all of them are
    # hashed: a new module or a changed rule anywhere in it is a new snapshot.
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """The folder snapshots live in: $TIMELINE_CACHE_DIR, else `.cache/` in the repository."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def snapshot_path(events_dir: str | Path, seeds_dir: str | Path, version: tuple) -> Path:
    """Where the snapshot of these folders at this fingerprint lives: one folder per pair of data
    folders, holding one folder per version (files' fingerprint and schema version)."""
    folders = _digest((str(Path(events_dir).resolve()), str(Path(seeds_dir).resolve())))
    return cache_dir() / "snapshots" / folders / _digest((version, schema_version()))


def _meta(dataset: Dataset) -> dict[str, Any]:
    """Everything but the events frame, as JSON-ready values written through the models."""

    def dump(model: Any) -> Any:
        return None if model is None else model.model_dump(mode="json", by_alias=True)

    return {
        "problems": [[p.path, p.line, p.message] for p in dataset.problems],
        "taxonomy": dump(dataset.taxonomy),
        "sources": {key: dump(source) for key, source in dataset.sources.items()},
        "texts": dataset.texts,
        "case": dump(dataset.case),
        "briefings": {key: dump(briefing) for key, briefing in dataset.briefings.items()},
    }


def write(dataset: Dataset, path: Path) -> None:
    """Store `dataset` at `path` (a folder), replacing whatever was there, all at once: a reader
    sees the old snapshot or the whole new one, never half of one. Other versions beside it go."""
    table = pa.Table.from_pandas(dataset.events, preserve_index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=path.parent))
    try:
        pq.write_table(table, staging / EVENTS_FILE, use_dictionary=_CODES, compression="zstd")
        (staging / META_FILE).write_text(json.dumps(_meta(dataset)), encoding="utf-8")
        shutil.rmtree(path, ignore_errors=True)
        staging.rename(path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for stale in path.parent.iterdir():
        if stale != path and not stale.name.startswith(".writing-"):
            shutil.rmtree(stale, ignore_errors=True)


def read(path: Path) -> Dataset:
    """The dataset stored at `path`; raises OSError or ValueError when it is missing or damaged."""
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    table = pq.read_table(path / EVENTS_FILE)
    events = table.to_pandas()
    # Arrow hands list cells back as arrays; the loader's frame holds Python lists.
    for column in _LISTS:
        events[column] = pd.Series(table.column(column).to_pylist(), dtype=object)
    if list(events.columns) != fields.COLUMNS:
        raise ValueError(f"{path / EVENTS_FILE}: columns differ from the registry's")
    taxonomy = None if meta["taxonomy"] is None else Taxonomy.model_validate(meta["taxonomy"])
    context = {"taxonomy": taxonomy}
    return Dataset(
        events=events,
        problems=[Problem(*problem) for problem in meta["problems"]],
        taxonomy=taxonomy,
        sources={k: Source.model_validate(v, context=context) for k, v in meta["sources"].items()},
        texts=meta["texts"],
        case=None if meta["case"] is None else Case.model_validate(meta["case"]),
        briefings={k: Briefing.model_validate(v) for k, v in meta["briefings"].items()},
    )


def load(
    events_dir: str | Path = "events", seeds_dir: str | Path = "seeds", version: tuple | None = None
) -> Dataset:
    """The dataset of these folders: read from its snapshot when one matches the files and the
    code, else loaded from the YAML and snapshotted for next time.

    `version` is the files' fingerprint when the caller has it already. A snapshot that cannot be
    read or written only costs time: the YAML is the truth, and the cache folder may be read-only.
    """
    version = fingerprint(events_dir, seeds_dir) if version is None else version
    path = snapshot_path(events_dir, seeds_dir, version)
    try:
        return read(path)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        pass
    dataset = load_dataset(events_dir, seeds_dir)
    # A file edited while it was read would be stored under the fingerprint from before the edit.
    if fingerprint(events_dir, seeds_dir) == version:
        with contextlib.suppress(OSError):
            write(dataset, path)
    return dataset
