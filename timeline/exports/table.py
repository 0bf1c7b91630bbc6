"""The events as a table: CSV for spreadsheets and JSON for scripts, with no server paths."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

import pandas as pd

from timeline.data import fields
from timeline.data.load import Dataset
from timeline.exports.options import ExportOptions
from timeline.exports.window import shown

# Joins list cells (contradicts, tags, appearances) in CSV, where a cell holds one string.
LIST_SEPARATOR = ";"
# OWASP's CSV injection guidance: a cell starting with one of these is read as a formula. A
# spreadsheet may split a cell again on `;` or `,` (the list separator of many locales), so each
# piece after one, spaces aside, is a cell start too.
_FORMULA_START = re.compile(r"(^|[;,])( *)(?=[=+\-@\t\r])")
# The ISO span columns and the EDTF column that goes right after each.
EDTF_BESIDE = {"end": "edtf", "said_end": "said_edtf"}


def _plain(value: Any) -> Any:
    """A cell as a JSON value: ISO dates, lists as lists, every kind of missing as None.

    _plain(pd.Timestamp("2024-10-18")) == "2024-10-18"
    """
    value = fields.plain(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _ordered_columns(df: pd.DataFrame) -> list[str]:
    """The frame's columns with each EDTF column moved beside the ISO span it describes."""
    columns = [c for c in df.columns if c not in EDTF_BESIDE.values()]
    for after, column in EDTF_BESIDE.items():
        if column in df.columns:
            at = columns.index(after) + 1 if after in columns else len(columns)
            columns.insert(at, column)
    return columns


def table(df: pd.DataFrame, cell: Callable[[Any], Any] = _plain) -> pd.DataFrame:
    """The events as plain values, column by column (`cell` makes each one: by default ISO dates,
    lists, None for missing), with `file` relative to the data folder, so that no export shows
    where the server keeps its data."""
    columns = _ordered_columns(df)
    if "file" in df.columns:
        df = df.assign(file=[PurePath(f).name if isinstance(f, str) else f for f in df["file"]])
    return pd.DataFrame(
        {column: [cell(value) for value in df[column]] for column in columns},
        columns=columns,
        index=range(len(df)),
        # object keeps 12000 an int beside a missing value, where pandas would make it 12000.0
        dtype=object,
    )


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `df` as plain dicts, ready for json.dumps.

    records(events)[0]["start"] == "2024-10-18"
    """
    return table(df).to_dict(orient="records")


def json_file(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    rows = records(shown(events, dataset, options).events)
    return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a formula character that starts the cell, or a piece of
    it after `;` or `,`, gets a ' before it.

    neutralise("=HYPERLINK(...)") == "'=HYPERLINK(...)"; neutralise("a; =b") == "a; '=b"
    """
    return _FORMULA_START.sub(r"\1\2'", text)


def _csv_cell(value: Any) -> Any:
    plain = _plain(value)
    if isinstance(plain, list):
        # An appearance is a mapping: written as JSON, so that a script can read it back.
        plain = LIST_SEPARATOR.join(
            json.dumps(item, ensure_ascii=False)
            if isinstance(item, dict)
            else ("" if item is None else str(item))
            for item in plain
        )
    return neutralise(plain) if isinstance(plain, str) else plain


def _csv_cells(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> pd.DataFrame:
    return table(shown(events, dataset, options).events, _csv_cell)


def _csv_text(cells: pd.DataFrame) -> str:
    # CRLF, as RFC 4180 has it: the csv writer then quotes a cell holding a lone CR too.
    return cells.to_csv(index=False, lineterminator="\r\n")


def csv(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    """Plain UTF-8, for scripts and tools that would keep a byte-order mark as text."""
    return _csv_text(_csv_cells(events, dataset, options)).encode("utf-8")


# A source's own words for a date ("October 18"), which a spreadsheet would turn into a day of the
# year it is opened in: shown within quotation marks, as the quotations they are, they stay text.
_AS_WORDED = ("date_text", "said_text")


def spreadsheet_csv(events: pd.DataFrame, dataset: Dataset, options: ExportOptions) -> bytes:
    """UTF-8 with a byte-order mark: Excel and LibreOffice Calc, opening a CSV by double-click,
    read it as UTF-8 only when it starts with one (else as the system's code page: mojibake).
    The dates as worded are within quotation marks, so that neither reads them as dates."""
    cells = _csv_cells(events, dataset, options)
    for column in _AS_WORDED:
        if column in cells:
            cells[column] = [
                f"\u201c{text}\u201d" if isinstance(text, str) and text else text
                for text in cells[column]
            ]
    return _csv_text(cells).encode("utf-8-sig")
