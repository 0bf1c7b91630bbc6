"""Events as downloadable files: CSV for spreadsheets, JSON for programs."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd

# Joins list cells (contradicts, tags) in CSV, where a cell holds one string.
LIST_SEPARATOR = ";"


def _plain(value: Any) -> Any:
    """A cell as a JSON value: ISO dates, lists as lists, every kind of missing as None.

    _plain(pd.Timestamp("2024-10-18")) == "2024-10-18"
    """
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        # numpy scalars (int64, bool_, float64) become the Python number they hold.
        return _plain(value.item())
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `df` as plain dicts, ready for json.dumps.

    records(events)[0]["start"] == "2024-10-18"
    """
    columns = list(df.columns)
    return [
        {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in df.itertuples(index=False, name=None)
    ]


def to_json(df: pd.DataFrame) -> bytes:
    """The events as a UTF-8 JSON list of objects, one per row, in the frame's column order."""
    return json.dumps(records(df), ensure_ascii=False, indent=2).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    plain = _plain(value)
    if isinstance(plain, list):
        return LIST_SEPARATOR.join("" if item is None else str(item) for item in plain)
    return plain


def to_csv(df: pd.DataFrame) -> bytes:
    """The events as UTF-8 CSV with a header row; lists joined with ';', missing values empty."""
    table = pd.DataFrame(
        {column: [_csv_cell(value) for value in df[column]] for column in df.columns},
        columns=list(df.columns),
        # object keeps 12000 an int beside a missing value, where pandas would make it 12000.0
        dtype=object,
    )
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
