"""CSV and JSON downloads of events: every kind of cell comes out as a reader expects."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from timeline.export import to_csv, to_json

MISSING_INT = pd.array([None], dtype="Int64")
DATES = pd.to_datetime(["2024-10-18"])

# column values (one row), the JSON value, the CSV cell
CELLS = [
    pytest.param(["nis-12000"], "nis-12000", "nis-12000", id="text"),
    pytest.param(DATES, "2024-10-18", "2024-10-18", id="date is ISO, no time"),
    pytest.param(pd.to_datetime([None]), None, "", id="missing date"),
    pytest.param(pd.array([12000], dtype="Int64"), 12000, "12000", id="troops"),
    pytest.param(MISSING_INT, None, "", id="missing troops"),
    pytest.param([50.6], 50.6, "50.6", id="latitude"),
    pytest.param([float("nan")], None, "", id="NaN latitude"),
    pytest.param([None], None, "", id="None notes"),
    pytest.param([["a", "b"]], ["a", "b"], "a;b", id="list"),
    pytest.param([[]], [], "", id="empty list"),
    pytest.param([["only"]], ["only"], "only", id="one-item list"),
    pytest.param([True], True, "True", id="boolean"),
    pytest.param(
        ['a "quoted", line\nbreak'],
        'a "quoted", line\nbreak',
        'a "quoted", line\nbreak',
        id="quotes, comma and newline",
    ),
    pytest.param(
        ["<img src=x onerror=alert(1)>"],
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
        id="markup stays text",
    ),
    pytest.param(["Курськ — 조선"], "Курськ — 조선", "Курськ — 조선", id="non-ASCII"),
]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize(("values", "expected_json", "expected_csv"), CELLS)
def test_cells(values: object, expected_json: object, expected_csv: str) -> None:
    df = pd.DataFrame({"id": ["e1"], "cell": values})
    assert json.loads(to_json(df)) == [{"id": "e1", "cell": expected_json}]
    assert _csv_rows(to_csv(df)) == [{"id": "e1", "cell": expected_csv}]


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": ["first", "second", "third"],
            "id": ["b", "a", "c"],
            "troops": pd.array([100, None, 3], dtype="Int64"),
            "tags": [["x"], [], ["y", "z"]],
        }
    )


@pytest.mark.parametrize(
    ("rows", "expected_ids"),
    [
        pytest.param(slice(None), ["b", "a", "c"], id="all rows in frame order"),
        pytest.param(slice(1, 2), ["a"], id="one row"),
        pytest.param(slice(0, 0), [], id="no rows"),
    ],
)
def test_rows_and_columns_keep_their_order(rows: slice, expected_ids: list[str]) -> None:
    df = _events().iloc[rows]
    as_json = json.loads(to_json(df))
    assert [item["id"] for item in as_json] == expected_ids
    assert all(list(item) == ["title", "id", "troops", "tags"] for item in as_json)
    header, *lines = to_csv(df).decode("utf-8").splitlines()
    assert header == "title,id,troops,tags"
    assert [row["id"] for row in _csv_rows(to_csv(df))] == expected_ids
    assert len(lines) == len(expected_ids)


def test_integers_stay_integers_beside_missing_values() -> None:
    assert [row["troops"] for row in _csv_rows(to_csv(_events()))] == ["100", "", "3"]
    assert [item["troops"] for item in json.loads(to_json(_events()))] == [100, None, 3]


def test_exports_leave_the_frame_alone() -> None:
    df = _events()
    before = df.copy(deep=True)
    to_csv(df)
    to_json(df)
    pd.testing.assert_frame_equal(df, before)
