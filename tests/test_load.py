"""Loading: the good fixture as a DataFrame, and every kind of bad input as a located problem."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gc
import shutil
from pathlib import Path

import pandas as pd
import pytest

import timeline.data.load
import timeline.data.yamlfile
from timeline import InvalidData, Problem, load_dataset, load_events
from timeline.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the good fixture: tmp/events and tmp/seeds."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    return tmp_path


def with_bad(data: Path, case: str) -> Path:
    """The good fixture plus the events files of one bad case; returns the events folder."""
    for path in (FIXTURES / "bad" / case).iterdir():
        shutil.copy(path, data / "events" / path.name)
    return data / "events"


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_good_fixture_loads_one_row_per_event():
    events = load_events(GOOD / "events", GOOD / "seeds").set_index("id")
    assert set(events.index) == {
        "agency-3000-moved", "agency-10000-by-year-end", "nato-cannot-confirm",
        "ministry-denies", "ministry-nothing-last-week",
    }  # fmt: skip
    assert list(load_events(GOOD / "events", GOOD / "seeds").columns) == timeline.data.load.COLUMNS


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision", "qualifier"),
    [
        ("agency-3000-moved", "2024-10-08", "2024-10-13", "days", None),
        ("agency-10000-by-year-end", "2024-12-01", "2024-12-31", "year_part", "by"),
        # the gazette is dated Wednesday 2024-11-06: "on Wednesday" is that day
        ("ministry-denies", "2024-11-06", "2024-11-06", "day", None),
        ("ministry-nothing-last-week", "2024-10-28", "2024-11-03", "week", None),
        # explicit start/end win over the wording "on Monday"
        ("nato-cannot-confirm", "2024-10-21", "2024-10-21", "day", None),
    ],
)
def test_dates_are_read_against_the_source_publication(event_id, start, end, precision, qualifier):
    row = load_events(GOOD / "events", GOOD / "seeds").set_index("id").loc[event_id]
    assert (row["start"], row["end"]) == (day(start), day(end))
    assert row["precision"] == precision
    assert (row["qualifier"] if pd.notna(row["qualifier"]) else None) == qualifier


def test_columns_have_the_documented_types():
    events = load_events(GOOD / "events", GOOD / "seeds").set_index("id")
    for column in ("start", "end", "published"):
        assert events[column].dtype == "datetime64[ns]", column
    assert str(events["troops"].dtype) == "Int64"
    assert events.loc["agency-3000-moved", "troops"] == 3000
    assert pd.isna(events.loc["ministry-denies", "troops"])
    assert events.loc["ministry-denies", "contradicts"] == ["agency-3000-moved"]
    assert events.loc["agency-3000-moved", "tags"] == ["movement"]
    assert events.loc["ministry-denies", "outlet"] == "The Test Gazette"
    assert events.loc["ministry-denies", "outlet_alignment"] == "russia"
    assert events.loc["ministry-denies", "published"] == day("2024-11-06")
    assert events.loc["nato-cannot-confirm", "date_text"] == "on Monday"
    assert events.loc["agency-3000-moved", "file"].endswith("2024-10.yaml")


def test_dataset_carries_taxonomy_sources_and_texts():
    dataset = load_dataset(GOOD / "events", GOOD / "seeds")
    assert dataset.problems == []
    assert dataset.taxonomy.country_name("RU") == "Russia"
    assert dataset.sources["gazette"].published == dt.date(2024, 11, 6)
    assert dataset.texts["wire"].startswith("Spy agency reports troop movement")


# case, file the problem is in, line, words the message must contain (the offending value)
BAD = [
    ("syntax", "events.yaml", 2, ["YAML error", "scanning a quoted scalar (line 2)"]),
    ("missing_field", "events.yaml", 11, ["missing field `claimant`"]),
    ("unknown_field", "events.yaml", 5, ["unknown field `claimaint`"]),
    ("unknown_alignment", "events.yaml", 7, ["unknown alignment 'neutralish'", "allied"]),
    ("unknown_kind", "events.yaml", 4, ["unknown kind 'rumour'", "intelligence_claim"]),
    ("unknown_status", "events.yaml", 8, ["unknown status 'rumoured'", "reported"]),
    ("unknown_country", "events.yaml", 6, ["unknown claimant_country 'XX'", "ISO 3166-1"]),
    ("duplicate_id", "later.yaml", 1, ["'agency-3000-moved'", "duplicate id", "2024-10.yaml:1"]),
    ("end_before_start", "events.yaml", 1, ["end 2024-10-18 is before start 2024-10-20"]),
    ("unknown_source", "events.yaml", 9, ["unknown source 'nowhere'", "gazette, wire"]),
    ("quote_not_in_seed", "events.yaml", 10, ["quote not found in seed 'wire'", "30,000"]),
    ("bad_date", "events.yaml", 3, ["'sometime soonish'"]),
    ("python_tag", "events.yaml", 2, ["python/object/apply:os.system", "tags are never executed"]),
    ("alias_bomb", "events.yaml", 2, ["alias *a is not allowed"]),
    ("not_utf8", "events.yaml", 11, ["not UTF-8", "0xe9"]),
    ("not_a_list", "events.yaml", 1, ["top level should be a list", "dict"]),
    ("item_not_mapping", "events.yaml", 11, ["expected a mapping", "'just a string'"]),
    ("unknown_contradicts", "events.yaml", 11, ["contradicts unknown event id 'no-such-event'"]),
    ("duplicate_key", "events.yaml", 11, ["duplicate key 'quote'"]),
    ("qualifier_without_start", "events.yaml", 1, ["`qualifier` goes with `start`"]),
    ("bad_troops", "events.yaml", 11, ["`troops`", "greater than 0", "-5"]),
]


@pytest.mark.parametrize(("case", "filename", "line", "words"), BAD, ids=[row[0] for row in BAD])
def test_bad_input_is_a_located_problem(data, case, filename, line, words):
    events_dir = with_bad(data, case)
    dataset = load_dataset(events_dir, data / "seeds")
    # a typo'd field is also a missing one: look at the problem the case is about
    [problem] = [p for p in dataset.problems if words[0] in p.message]
    assert Path(problem.path) == events_dir / filename
    assert problem.line == line
    for word in words:
        assert word in problem.message
    # nothing valid is lost: the good fixture's five events are all still there
    assert {"agency-3000-moved", "ministry-denies"} <= set(dataset.events["id"])


@pytest.mark.parametrize(("case", "filename", "line", "words"), BAD, ids=[row[0] for row in BAD])
def test_validate_prints_path_line_message_and_exits_1(data, capsys, case, filename, line, words):
    events_dir = with_bad(data, case)
    assert main(["validate", str(events_dir), "--seeds", str(data / "seeds")]) == 1
    out, err = capsys.readouterr()
    assert f"{events_dir / filename}:{line}: " in out
    assert all(text.startswith(str(events_dir)) for text in out.splitlines())
    assert "Traceback" not in out + err


def test_load_events_raises_with_every_problem_not_just_the_first(data):
    for case in ("unknown_kind", "quote_not_in_seed", "bad_date"):
        for path in (FIXTURES / "bad" / case).iterdir():
            shutil.copy(path, data / "events" / f"{case}.yaml")
    with pytest.raises(InvalidData) as raised:
        load_events(data / "events", data / "seeds")
    messages = [str(p) for p in raised.value.problems]
    assert len(messages) == 3
    assert any("rumour" in m for m in messages) and any("sometime soonish" in m for m in messages)
    assert "3 problem(s)" in str(raised.value)


def test_a_python_tag_is_never_executed(data, monkeypatch):
    monkeypatch.chdir(data)
    load_dataset(with_bad(data, "python_tag"), data / "seeds")
    assert not (data / "PWNED_MARKER").exists()


def test_an_alias_bomb_is_rejected_without_expanding(data):
    events_dir = with_bad(data, "alias_bomb")
    # A guard against a hang, not a speed test: expanding 9**9 items would never finish.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        dataset = pool.submit(load_dataset, events_dir, data / "seeds").result(timeout=60)
    assert "alias" in dataset.problems[0].message


def test_valid_data_never_looks_for_line_numbers(monkeypatch):
    def compose(*args, **kwargs):
        raise AssertionError("valid data should not pay for a node-level pass")

    monkeypatch.setattr(timeline.data.yamlfile.yaml, "compose", compose)
    assert load_dataset(GOOD / "events", GOOD / "seeds").problems == []


def test_an_unquoted_iso_date_is_read_as_its_wording(data):
    (data / "events" / "iso.yaml").write_text(
        (FIXTURES / "bad" / "bad_date" / "events.yaml")
        .read_text()
        .replace("date: sometime soonish", "date: 2024-10-18")
        .replace("id: vague", "id: iso-dated"),
        encoding="utf-8",
    )
    row = load_events(data / "events", data / "seeds").set_index("id").loc["iso-dated"]
    assert (row["start"], row["end"], row["precision"]) == (
        day("2024-10-18"),
        day("2024-10-18"),
        "day",
    )
    assert row["date_text"] == "2024-10-18"


def test_an_explicit_start_may_be_a_no_later_than(data):
    path = data / "events" / "2024-10.yaml"
    path.write_text(
        path.read_text().replace("  end: 2024-10-21\n", "  end: 2024-10-21\n  qualifier: by\n"),
        encoding="utf-8",
    )
    row = load_events(data / "events", data / "seeds").set_index("id").loc["nato-cannot-confirm"]
    assert (row["start"], row["precision"], row["qualifier"]) == (day("2024-10-21"), "day", "by")


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (("file: gazette.txt", "file: missing.txt"), 9, ["'missing.txt' not found"]),
        (
            ("outlet_alignment: russia", "outlet_alignment: kremlin"),
            13,
            ["unknown outlet_alignment 'kremlin'"],
        ),
        (("  published_note:", "  notes:"), 16, ["unknown field `notes`"]),
        (
            ("  published_note: The", "  published_estimated: true\n  published_note: The"),
            16,
            ["published_estimated", "duplicate key"],
        ),
        (("published: 2024-10-24", "published: last autumn"), 7, ["`published`", "'last autumn'"]),
    ],
)
def test_bad_sources_are_located_problems(data, edit, line, words):
    path = data / "seeds" / "sources.yaml"
    path.write_text(path.read_text().replace(*edit, 1), encoding="utf-8")
    dataset = load_dataset(data / "events", data / "seeds")
    located = [p for p in dataset.problems if p.path == str(path)]
    assert located and located[0].line == line, dataset.problems
    for word in words:
        assert word in located[0].message


def test_a_broken_taxonomy_is_a_problem_and_no_crash(data):
    path = data / "events" / "taxonomy.yaml"
    path.write_text(
        path.read_text().replace('colour: "#D55E00"', 'colour: "orange"'), encoding="utf-8"
    )
    dataset = load_dataset(data / "events", data / "seeds")
    assert dataset.taxonomy is None
    assert dataset.events.empty
    assert dataset.problems == [Problem(str(path), 5, dataset.problems[0].message)]
    assert "colour" in dataset.problems[0].message and "orange" in dataset.problems[0].message


def test_missing_folders_are_problems(tmp_path):
    dataset = load_dataset(tmp_path / "nope", tmp_path / "nothing")
    assert [p.path for p in dataset.problems] == [str(tmp_path / "nope"), str(tmp_path / "nothing")]
    assert list(dataset.events.columns) == timeline.data.load.COLUMNS


def test_fingerprint_changes_when_a_file_changes(data):
    before = timeline.data.load.fingerprint(data / "events", data / "seeds")
    path = data / "events" / "2024-10.yaml"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    assert timeline.data.load.fingerprint(data / "events", data / "seeds") != before


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        load_dataset(GOOD / "events", GOOD / "seeds")
        load_dataset(GOOD / "nope", GOOD / "nope")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
