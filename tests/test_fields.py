"""The field registry: what the frame, the filters, the lanes, the colours, the table, the stats and
the schema derive from, and the two times and other fields the loader reads."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.factories import TAXONOMY, event_of, make_events
from timeline import load_dataset
from timeline.data import fields, filters, names
from timeline.data.model import Event, clip
from timeline.data.schema import events_schema
from timeline.data.stats import STAT_COLUMNS, times
from timeline.present import describe_span, lag_days, lag_words

GOOD = Path(__file__).parent / "fixtures" / "good"
D = dt.date


def test_every_column_of_the_loaded_frame_is_in_the_registry_in_order() -> None:
    dataset = load_dataset(GOOD / "events", GOOD / "seeds")
    assert list(dataset.events.columns) == fields.COLUMNS


def test_every_event_model_field_reaches_the_frame() -> None:
    # An Event field is a frame column under its own name, except the worded dates, which the
    # frame keeps beside the spans they are read as.
    renamed = {"date": "date_text", "said": "said_text"}
    for name in Event.model_fields:
        assert renamed.get(name, name) in fields.BY_COLUMN, name


@pytest.mark.parametrize(
    ("column", "searched"),
    [("title", True), ("claimant", True), ("quote", True), ("location", False), ("notes", False)],
)
def test_the_search_reads_the_columns_of_the_search_role(column: str, searched: bool) -> None:
    events = make_events([{"id": "with", column: "Zanzibarian envoy"}, {"id": "without"}])
    found = filters.apply(events, filters.FilterState(query="zanzibarian"))
    assert list(found["id"]) == (["with"] if searched else [])


def test_the_two_countries_are_labelled_apart_and_keep_their_url_keys() -> None:
    assert fields.FILTER_KEYS["country"].column == "claimant_country"
    assert fields.FILTER_KEYS["outlet_country"].column == "outlet_country"
    assert fields.FILTER_KEYS["country"].label != fields.FILTER_KEYS["outlet_country"].label
    assert "claimant" in fields.FILTER_KEYS["country"].label.lower()


def test_a_filter_and_only_a_filter_has_a_url_key() -> None:
    for field in fields.FIELDS:
        assert (field.url_key is not None) == field.has("filter"), field.column


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("alignment", "russia", "Russia"),
        ("outlet_alignment", "allied", "Allied"),
        ("kind", "denial", "Denial"),
        ("status", "confirmed", "Confirmed"),
        ("claimant_country", "KP", "North Korea (KP)"),
        ("outlet_country", "NATO", "NATO"),
        ("troops_kind", "casualties", "Casualties"),
        ("alignment", "martian", "martian"),  # unknown values are named by themselves
        ("claimant", "KCNA", "KCNA"),  # no vocabulary
    ],
)
def test_taxonomy_label(column: str, value: str, named: str) -> None:
    assert names.label(column, value, TAXONOMY) == named


def test_outlet_country_filters_by_the_relaying_document() -> None:
    events = make_events(
        [
            {"id": "a", "claimant_country": "RU", "outlet_country": "IN"},
            {"id": "b", "claimant_country": "RU", "outlet_country": "RU"},
            {"id": "c", "claimant_country": "UA", "outlet_country": "IN"},
        ]
    )
    state, notices = filters.FilterState.from_params({"outlet_country": "IN", "country": "RU"})
    assert notices == []
    assert list(filters.apply(events, state)["id"]) == ["a"]
    assert state.to_params() == {"country": ["RU"], "outlet_country": ["IN"]}


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (filters.FilterState(), "All events"),
        (
            filters.FilterState(country=("RU",), status=("denied",)),
            "Source country (claimant): Russia (RU); Status: Denied",
        ),
        (
            filters.FilterState(outlet_country=("KR",), start=D(2024, 10, 1), query=" Kursk "),
            "Outlet country: South Korea (KR); 2024-10-01 to …; matching “Kursk”",
        ),
    ],
)
def test_describe_says_the_filters_in_words(state: filters.FilterState, words: str) -> None:
    assert filters.describe(state, TAXONOMY) == words


def test_filter_state_rejects_an_unknown_filter() -> None:
    with pytest.raises(TypeError, match="no filter countries"):
        filters.FilterState(countries=("RU",))


def test_stats_headings_follow_the_registry() -> None:
    assert set(fields.STATS) <= set(STAT_COLUMNS)
    assert "month" in STAT_COLUMNS


def test_schema_enums_follow_the_registry() -> None:
    properties = events_schema(TAXONOMY)["$defs"]["Event"]["properties"]
    for column, vocabulary in fields.TAXONOMY_CHECKED.items():
        if column not in properties:
            continue  # from the source document, not the event
        if vocabulary == "countries":
            assert {"enum": list(TAXONOMY.bodies)} in properties[column]["anyOf"]
        else:
            assert properties[column]["enum"] == list(getattr(TAXONOMY, vocabulary))


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Short title", "Short title"),
        ("x" * 40, "x" * 40),
        (
            "NIS says Pyongyang will send about 12,000 special forces",
            "NIS says Pyongyang will send about…",
        ),
        ("y" * 60, "y" * 39 + "…"),
    ],
)
def test_clip(title: str, label: str) -> None:
    assert clip(title, 40) == label
    assert len(clip(title, 40)) <= 40


def test_clip_keeps_a_word_the_limit_ends_on() -> None:
    assert clip("one two three four", 8) == "one two…"
    assert clip("one two three four", 9) == "one two…"


# --- the two times and the other new fields, read by the loader -------------------------------

EXTRA = """
- id: forecast-by-year-end
  title: The agency says 10,000 will be sent by the end of the year
  label: "Agency: 10,000 by year's end"
  date: by the end of the year
  said: October 21
  kind: intelligence_claim
  claimant: The agency
  claimant_country: KR
  alignment: allied
  status: reported
  troops: 10000
  troops_max: 12000
  source: wire
  quote: "{quote}"
- id: corrected-date
  title: The document misdates the summons
  date: August 21
  start: 2024-10-21
  kind: intelligence_claim
  claimant: The agency
  claimant_country: KR
  alignment: allied
  status: reported
  source: wire
  quote: "{quote}"
  tags: [source-problem]
  notes: The document says August 21; the summons followed the announcement.
- id: rough-summer
  title: Something happened last summer
  start: 2024-06-01
  end: 2024-08-31
  precision: month
  said_start: 2024-10-20
  said_end: 2024-10-22
  kind: intelligence_claim
  claimant: The agency
  claimant_country: KR
  alignment: allied
  status: reported
  troops: 300
  troops_kind: casualties
  source: wire
  quote: "{quote}"
"""


def first_sentence(data: Path) -> str:
    """A quote that is in the wire seed: its first sentence, on one line."""
    return " ".join((data / "seeds" / "wire.txt").read_text().split(".")[0].split())


@pytest.fixture
def extra(tmp_path: Path) -> pd.DataFrame:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "events" / "zz-extra.yaml").write_text(EXTRA.format(quote=first_sentence(tmp_path)))
    dataset = load_dataset(tmp_path / "events", tmp_path / "seeds")
    assert dataset.problems == []
    return dataset.events.set_index("id")


def test_said_is_read_by_the_grammar_against_the_publication(extra: pd.DataFrame) -> None:
    row = extra.loc["forecast-by-year-end"]
    assert (row["said_text"], row["said_start"], row["said_end"]) == (
        "October 21",
        pd.Timestamp("2024-10-21"),
        pd.Timestamp("2024-10-21"),
    )
    assert (row["said_precision"], pd.isna(row["said_qualifier"])) == ("day", True)
    assert (row["start"], row["end"], row["qualifier"]) == (
        pd.Timestamp("2024-12-01"),
        pd.Timestamp("2024-12-31"),
        "by",
    )
    assert (row["troops"], row["troops_max"], row["troops_kind"]) == (10000, 12000, "deployed")
    assert row["label"] == "Agency: 10,000 by year's end"


def test_an_undated_claim_was_said_no_later_than_its_publication(extra: pd.DataFrame) -> None:
    row = extra.loc["corrected-date"]
    assert (row["said_start"], row["said_end"], row["said_qualifier"]) == (
        pd.Timestamp("2024-10-24"),
        pd.Timestamp("2024-10-24"),
        "by",
    )


def test_a_corrected_date_keeps_the_wording_and_is_marked(extra: pd.DataFrame) -> None:
    row = extra.loc["corrected-date"]
    assert (row["date_text"], row["start"], bool(row["corrected"])) == (
        "August 21",
        pd.Timestamp("2024-10-21"),
        True,
    )
    assert not extra.loc["forecast-by-year-end", "corrected"]


def test_explicit_dates_carry_the_precision_given(extra: pd.DataFrame) -> None:
    row = extra.loc["rough-summer"]
    assert (row["precision"], row["said_precision"], row["troops_kind"]) == (
        "month",
        "days",
        "casualties",
    )
    assert row["label"] == "Something happened last summer"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("  said: next year\n", "after its source was published"),
        ("  said: two days later\n", "said"),
        ("  said_end: 2024-10-01\n", "`said_end` given without `said_start`"),
        ("  troops_max: 5\n  troops: 10\n", "`troops_max` needs `troops` no larger"),
        ("  troops_kind: unit\n", "`troops_kind` says what `troops` counts"),
        ("  precision: fortnight\n  start: 2024-10-01\n", "unknown precision 'fortnight'"),
        ("  precision: month\n", "`precision` goes with `start`"),
        ("  label: " + "z" * 41 + "\n", "at most 40 characters"),
        ("  said_start: 1500-01-01\n", "outside the days the dashboard can show"),
    ],
)
def test_bad_new_fields_are_located_problems(tmp_path: Path, change: str, message: str) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    quote = first_sentence(tmp_path)
    item = textwrap.dedent(
        f"""\
        - id: bad-new-field
          title: A claim
          date: October 18
          kind: intelligence_claim
          claimant: The agency
          claimant_country: KR
          alignment: allied
          status: reported
          source: wire
          quote: "{quote}"
        """
    )
    (tmp_path / "events" / "zz.yaml").write_text(item + change)
    dataset = load_dataset(tmp_path / "events", tmp_path / "seeds")
    assert len(dataset.problems) == 1, dataset.problems
    problem = dataset.problems[0]
    assert problem.path.endswith("zz.yaml") and problem.line is not None
    assert message in problem.message


def test_case_file_sets_title_and_story(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "events" / "dataset.yaml").write_text(
        "title: A case\nsubtitle: Its subtitle\nstory: {from: 2024-10-01, to: 2024-12-31}\n"
    )
    dataset = load_dataset(tmp_path / "events", tmp_path / "seeds")
    assert dataset.problems == []
    assert dataset.case is not None and dataset.case.title == "A case"
    assert (dataset.case.story.from_, dataset.case.story.to) == (D(2024, 10, 1), D(2024, 12, 31))


def test_a_bad_case_file_is_a_located_problem(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "events" / "dataset.yaml").write_text(
        "title: A case\nstory:\n  from: 2024-12-31\n  to: 2024-10-01\n"
    )
    dataset = load_dataset(tmp_path / "events", tmp_path / "seeds")
    assert [(p.line, "before from" in p.message) for p in dataset.problems] == [(2, True)]
    assert dataset.case is None
    assert len(dataset.events) > 0


def test_a_row_rebuilds_the_validated_event() -> None:
    dataset = load_dataset(GOOD / "events", GOOD / "seeds")
    first = dataset.events.iloc[0]["id"]
    event = event_of(dataset, first)
    assert isinstance(event, Event) and event.id == first
    assert event_of(dataset, "no-such-event") is None


@pytest.mark.parametrize(
    ("span", "words"),
    [
        ((D(2024, 10, 8), D(2024, 10, 13), "days", None), "2024-10-08 to 2024-10-13"),
        ((D(2024, 10, 18), D(2024, 10, 18), "day", None), "2024-10-18"),
        ((D(2024, 11, 1), D(2024, 11, 10), "month_part", None), "2024-11-01 to 2024-11-10 (roughly: part of a month)"),
        ((D(2024, 10, 1), D(2024, 10, 23), "day", "by"), "no later than 2024-10-23"),
    ],
)  # fmt: skip
def test_describe_span(span: tuple, words: str) -> None:
    assert describe_span(*span) == words


@pytest.mark.parametrize(
    ("said", "happened", "qualifier", "days", "words"),
    [
        ((D(2024, 10, 18),) * 2, (D(2024, 10, 8), D(2024, 10, 13)), None, 5, "said 5 days after it happened"),
        ((D(2024, 10, 24),) * 2, (D(2024, 12, 1), D(2024, 12, 31)), None, -38, "said 38 days before it happened (a forecast)"),
        ((D(2024, 10, 10),) * 2, (D(2024, 10, 8), D(2024, 10, 13)), None, 0, "said while it was happening"),
        ((D(2024, 10, 25),) * 2, (D(2024, 10, 24),) * 2, "by", 1, "said at most 1 day after it happened"),
    ],
)  # fmt: skip
def test_lag(said: tuple, happened: tuple, qualifier: str | None, days: int, words: str) -> None:
    assert lag_days(*said, *happened) == days
    assert lag_words(*said, *happened, qualifier) == words


def test_times_counts_said_dates_corrections_and_lag(extra: pd.DataFrame) -> None:
    result = times(extra.reset_index())
    # forecast: said Oct 21 about December (41 days); summer: said Oct 20-22 about Jun-Aug (50)
    assert result == {
        "said_dated": 2,
        "corrected": 1,
        "lag_median_days": 45.5,
        "lag_max_days": 50,
    }


def test_event_from_row_gives_back_the_item_the_row_was_loaded_from(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "events" / "zz-extra.yaml").write_text(EXTRA.format(quote=first_sentence(tmp_path)))
    dataset = load_dataset(tmp_path / "events", tmp_path / "seeds")
    for path in [
        *sorted((tmp_path / "events").glob("20*.yaml")),
        tmp_path / "events" / "zz-extra.yaml",
    ]:
        for item in yaml.safe_load(path.read_text()):
            original = Event.model_validate(
                {
                    k: (v.isoformat() if k == "date" and isinstance(v, dt.date) else v)
                    for k, v in item.items()
                }
            )
            # The frame fills in the defaults the dashboard shows: the label and what troops count.
            shown = original.model_copy(
                update={
                    "label": original.short_label,
                    "troops_kind": original.troops_kind or (original.troops and "deployed"),
                    # a one-day span reads the same with or without its end
                    "end": original.end or original.start,
                    "said_end": original.said_end or original.said_start,
                }
            )
            assert event_of(dataset, original.id) == shown


def test_every_span_carries_its_edtf(extra: pd.DataFrame) -> None:
    assert extra.loc["forecast-by-year-end", "edtf"] == "../2024-12"
    assert extra.loc["forecast-by-year-end", "said_edtf"] == "2024-10-21"
    assert extra.loc["corrected-date", "said_edtf"] == "../2024-10-24"
    assert extra.loc["rough-summer", "said_edtf"] == "2024-10-20/2024-10-22"
    assert extra["edtf"].notna().all() and extra["said_edtf"].notna().all()
