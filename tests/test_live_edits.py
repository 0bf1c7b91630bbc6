"""A curator edits the data while the dashboard is data_copy: the next rerun shows the change, a broken
file is listed while every event of the others stays, and fixing it recovers without a restart."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import TOTAL, kursk_report, run, shown

OCTOBER, DECEMBER = 6, 3  # events in each of the fixture's files

NEW_EVENT = kursk_report("late-addition", "A curator's late addition")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


def _remove_folder(root: Path, name: str) -> None:
    shutil.rmtree(root / name)


# (case, the edit, shown events after it, words of the problem listed (none: no problem))
EDITS: list[tuple[str, Callable[[Path], None], int, list[str]]] = [
    ("an event added", lambda r: _append(r / "events/december.yaml", NEW_EVENT), TOTAL + 1, []),
    ("a new events file", lambda r: (r / "events/january.yaml").write_text(NEW_EVENT, encoding="utf-8"), TOTAL + 1, []),
    ("a value changed to a bad one", lambda r: _replace(r / "events/december.yaml", "status: reported", "status: rumoured"), TOTAL - 1, ["events/december.yaml:9:", "unknown status 'rumoured'"]),
    ("a file broken", lambda r: _append(r / "events/december.yaml", "- id: [unclosed\n"), OCTOBER, ["events/december.yaml:", "YAML error"]),
    ("a file made not UTF-8", lambda r: (r / "events/december.yaml").write_bytes(b"- title: caf\xe9\n"), OCTOBER, ["events/december.yaml:1:", "not UTF-8"]),
    ("a file emptied", lambda r: (r / "events/december.yaml").write_text("", encoding="utf-8"), OCTOBER, []),
    ("a file deleted", lambda r: (r / "events/december.yaml").unlink(), OCTOBER, []),
    ("a file renamed", lambda r: _rename(r, "events/december.yaml", "events/zz-december.yml"), TOTAL, []),
    ("a file renamed out of the data", lambda r: _rename(r, "events/december.yaml", "events/december.yaml.bak"), OCTOBER, []),
    ("a file nested 100,000 deep", lambda r: (r / "events/zz.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"), TOTAL, ["events/zz.yaml:1:", "nested more than 100 levels"]),
    ("100,000 lines, an error on the last", lambda r: (r / "events/zz.yaml").write_text("# filler\n" * 100_000 + "- id: a: b\n", encoding="utf-8"), TOTAL, ["events/zz.yaml:100001:", "YAML error"]),
    ("a seed document deleted", lambda r: (r / "seeds/bravo.txt").unlink(), OCTOBER, ["seeds/sources.yaml:", "'bravo.txt' not found"]),
    ("the sources list broken", lambda r: _append(r / "seeds/sources.yaml", "  - [\n"), 0, ["seeds/sources.yaml:", "YAML error"]),
    ("the taxonomy deleted", lambda r: (r / "events/taxonomy.yaml").unlink(), 0, ["events/taxonomy.yaml", "missing"]),
    ("the events folder deleted", lambda r: _remove_folder(r, "events"), 0, ["events", "not a folder"]),
]  # fmt: skip


def problems_listed(at: AppTest) -> str:
    """The problem panel's text, or "" when the page lists none."""
    return "\n".join(code.value for code in at.main.code)


def showing(at: AppTest) -> int:
    """How many events the page shows; 0 when it shows none, or no counter at all."""
    if not any(m.value.startswith("Showing") for m in at.sidebar.markdown):
        return 0
    return shown(at)[1]


@pytest.mark.parametrize(("case", "edit", "after", "words"), EDITS, ids=[row[0] for row in EDITS])
def test_an_edit_while_served_shows_on_the_next_rerun_and_undoing_it_recovers(
    data_copy: Path, case: str, edit: Callable[[Path], None], after: int, words: list[str]
) -> None:
    original = data_copy.parent / "original"
    shutil.copytree(data_copy, original)
    at = run()
    assert shown(at) == (TOTAL, TOTAL) and problems_listed(at) == ""

    edit(data_copy)
    at.run()
    assert not at.exception, case
    assert showing(at) == after
    listed = problems_listed(at)
    for word in words:
        assert word in listed, listed
    if not words:
        assert listed == ""
    assert str(data_copy) not in listed

    shutil.rmtree(data_copy)
    shutil.copytree(original, data_copy)
    at.run()
    assert not at.exception
    assert shown(at) == (TOTAL, TOTAL) and problems_listed(at) == ""


def test_an_edited_title_shows_in_the_table_on_the_next_rerun(data_copy: Path) -> None:
    at = run()
    old = "Kyiv reports first combat with North Korean infantry"
    assert old in set(at.dataframe[0].value["Title"])
    _replace(data_copy / "events/december.yaml", old, "Kyiv reports the first clash, edited live")
    at.run()
    titles = set(at.dataframe[0].value["Title"])
    assert "Kyiv reports the first clash, edited live" in titles and old not in titles
