"""Briefings: the shipped one names real events; every bad briefing file is a located problem."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from timeline import Problem, load_dataset
from timeline.__main__ import main
from timeline.charts.strip import WIDTH, strip_svg
from timeline.data.briefings import (
    BRIEFINGS_DIR,
    Briefing,
    Step,
    cited,
    from_events,
    load_briefings,
    step_events,
    summary,
)

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"
SHIPPED = "north-korean-troops"


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(ROOT / "events", ROOT / "seeds")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the good fixture with an empty briefings folder; returns that folder."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    folder = tmp_path / "events" / BRIEFINGS_DIR
    folder.mkdir()
    return folder


def test_the_shipped_briefing_loads_without_problems(shipped) -> None:
    assert shipped.problems == []
    found = shipped.briefings[SHIPPED]
    assert found.title and found.subtitle
    assert 12 <= len(found.steps) <= 20
    assert all(step.note for step in found.steps)


def test_every_step_of_every_shipped_briefing_is_a_shipped_event(shipped) -> None:
    """Read from the file itself, so a step the loader dropped cannot hide an unknown id."""
    ids = set(shipped.events["id"])
    files = sorted((ROOT / "events" / BRIEFINGS_DIR).glob("*.yaml"))
    assert [path.stem for path in files] == sorted(shipped.briefings)
    for path in files:
        steps = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
        missing = [step["event"] for step in steps if step["event"] not in ids]
        assert missing == [], f"{path.name}: steps name no event: {missing}"
        assert len(steps) == len(shipped.briefings[path.stem].steps)


def test_the_shipped_briefing_runs_from_october_to_the_december_combat_reports(shipped) -> None:
    rows = step_events(shipped.briefings[SHIPPED], shipped.events)
    assert rows["start"].iloc[0].month == 10
    assert rows["start"].iloc[-1].month == 12
    assert {"combat"} <= set(rows["kind"].iloc[-4:])
    assert set(rows["alignment"]) >= {"ukraine", "allied", "russia", "sceptic"}


GOOD_BRIEFING = """\
title: The move east
subtitle: What the agency said, and the denial
steps:
  - event: agency-3000-moved
    note: Start here.
  - event: ministry-denies
  - event: agency-10000-by-year-end
"""


def test_a_briefing_file_loads_in_its_order_with_its_notes(data: Path) -> None:
    (data / "move.yaml").write_text(GOOD_BRIEFING, encoding="utf-8")
    dataset = load_dataset(data.parent, data.parent.parent / "seeds")
    assert dataset.problems == []
    assert dataset.briefings == {
        "move": Briefing(
            title="The move east",
            subtitle="What the agency said, and the denial",
            steps=[
                Step(event="agency-3000-moved", note="Start here."),
                Step(event="ministry-denies"),
                Step(event="agency-10000-by-year-end"),
            ],
        )
    }


def test_no_briefings_folder_means_no_briefings_and_no_problems() -> None:
    dataset = load_dataset(GOOD / "events", GOOD / "seeds")
    assert dataset.problems == [] and dataset.briefings == {}


STEPS = "title: T\nsteps:\n  - event: agency-3000-moved\n"
BAD = [
    # (file text, line, message fragment, steps still loaded or None when the file is refused)
    (
        STEPS + "  - event: no-such-event\n",
        4,
        "step 2: unknown event id 'no-such-event'; expected the id of an event",
        ["agency-3000-moved"],
    ),
    (
        STEPS + "  - event: ministry-denies\n  - event: agency-3000-moved\n",
        5,
        "step 3: duplicate step; event 'agency-3000-moved' is already step 1 (line 3)",
        ["agency-3000-moved", "ministry-denies"],
    ),
    (
        STEPS + "  - event: ministry-denies\n    note: ok\n    notes: typo\n",
        6,
        "step 2: unknown field `notes` (a typo?)",
        ["agency-3000-moved"],
    ),
    ("title: T\ntheme: dark\n" + STEPS[9:], 2, "unknown field `theme` (a typo?)", None),
    (STEPS + "  - note: no event\n", 4, "step 2: missing field `event`", ["agency-3000-moved"]),
    (
        STEPS + "  - event: Not A Slug\n",
        4,
        "step 2: `event`: String should match pattern",
        ["agency-3000-moved"],
    ),
    (
        STEPS + "  - ministry-denies\n",
        4,
        "step 2: expected a mapping (- event: <event id>), got 'ministry-denies'",
        ["agency-3000-moved"],
    ),
    (STEPS[9:], 1, "missing field `title`", None),
    ("title: T\nsteps: []\n", 2, "`steps`: List should have at least 1 item", None),
    ("- event: agency-3000-moved\n", 1, "expected a briefing: a mapping with title", None),
    ("title: T\nsteps:\n  - event: [unclosed\n", 3, "YAML error", None),
    ("title: &t T\nsubtitle: *t\nsteps: []\n", 2, "YAML alias *t is not allowed", None),
    ("title: T\ntitle: U\nsteps: []\n", 2, "found duplicate key 'title'", None),
]


@pytest.mark.parametrize(("text", "line", "message", "steps"), BAD)
def test_each_bad_briefing_is_a_problem_with_file_and_line(
    data: Path, text: str, line: int, message: str, steps: list[str] | None
) -> None:
    path = data / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    dataset = load_dataset(data.parent, data.parent.parent / "seeds")
    assert [(p.path, p.line) for p in dataset.problems] == [(str(path), line)]
    assert message in dataset.problems[0].message
    if steps is None:
        assert "bad" not in dataset.briefings
    else:
        assert [step.event for step in dataset.briefings["bad"].steps] == steps


def test_validate_reports_a_bad_briefing_as_file_line_message(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data / "bad.yaml").write_text(BAD[0][0], encoding="utf-8")
    code = main(["validate", str(data.parent), "--seeds", str(data.parent.parent / "seeds")])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{data / 'bad.yaml'}:4: step 2: unknown event id 'no-such-event'" in out


def test_a_step_whose_event_has_its_own_problem_is_left_out_once(tmp_path: Path) -> None:
    problems: list[Problem] = []
    folder = tmp_path / BRIEFINGS_DIR
    folder.mkdir()
    (folder / "b.yml").write_text(STEPS + "  - event: broken\n", encoding="utf-8")
    found = load_briefings(
        folder, all_ids={"agency-3000-moved", "broken"}, valid_ids={"agency-3000-moved"},
        problems=problems,
    )  # fmt: skip
    assert problems == []
    assert [step.event for step in found["b"].steps] == ["agency-3000-moved"]


def frame(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """Events with (id, start, end, source, alignment), enough for the briefing's functions."""
    return pd.DataFrame(
        [
            {
                "id": event_id, "start": pd.Timestamp(start), "end": pd.Timestamp(end),
                "source": source, "alignment": alignment,
            }
            for event_id, start, end, source, alignment in rows
        ]
    )  # fmt: skip


EVENTS = frame(
    ("late", "2024-12-14", "2024-12-14", "s2", "ukraine"),
    ("early", "2024-10-08", "2024-10-13", "s1", "allied"),
    ("same-day-b", "2024-10-18", "2024-10-18", "s1", "russia"),
    ("same-day-a", "2024-10-18", "2024-10-18", "s2", "nowhere"),
)


def test_from_events_steps_through_them_in_date_order_then_by_id() -> None:
    found = from_events(EVENTS, "Case", "All events")
    assert (found.title, found.subtitle) == ("Case", "All events")
    assert [s.event for s in found.steps] == ["early", "same-day-a", "same-day-b", "late"]
    assert all(s.note is None for s in found.steps)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["late", "early"], (2, 2, dt.date(2024, 10, 8), dt.date(2024, 12, 14), "2024-10-08 to 2024-12-14")),
        (["same-day-b"], (1, 1, dt.date(2024, 10, 18), dt.date(2024, 10, 18), "2024-10-18")),
        (["early", "gone"], (1, 1, dt.date(2024, 10, 8), dt.date(2024, 10, 13), "2024-10-08 to 2024-10-13")),
        ([], (0, 0, None, None, "")),
    ],
)  # fmt: skip
def test_the_title_step_counts_events_sources_and_dates(steps: list[str], expected: tuple) -> None:
    briefing = Briefing(title="T", steps=[Step(event=event) for event in steps])
    rows = step_events(briefing, EVENTS)
    assert list(rows["id"]) == [event for event in steps if event in set(EVENTS["id"])]
    found = summary(rows)
    assert (found.events, found.sources, found.first, found.last, found.span) == expected


def test_the_closing_step_lists_each_cited_source_once_oldest_first(shipped) -> None:
    rows = step_events(shipped.briefings[SHIPPED], shipped.events)
    sources = cited(rows, shipped.sources)
    assert [s.id for s in sources] == sorted(
        set(rows["source"]), key=lambda s: (shipped.sources[s].published, shipped.sources[s].outlet)
    )
    assert [s.published for s in sources] == sorted(s.published for s in sources)


def test_the_strip_draws_each_step_once_on_one_date_axis(shipped) -> None:
    """Each event is one mark, numbered by its step (from 2: step 1 is the title), placed by its
    dates: a dot for a day, a bar for a span, in its side's colour, with its short label."""
    rows = EVENTS.assign(title=EVENTS["id"].str.upper(), label=[None, "Early one", None, None])
    svg = strip_svg(rows, shipped.taxonomy)
    marks = re.findall(r'<g class="mark" data-step="(\d+)">(.*?)</g>', svg)
    assert [int(step) for step, _ in marks] == [2, 3, 4, 5]
    late, early, same_b, same_a = (body for _, body in marks)
    assert "<circle" in late and "<line" in early  # 2024-10-08 to 13 is a span
    ukraine = shipped.taxonomy.alignments["ukraine"].colour
    assert f'fill="{ukraine}"' in late and 'fill="#7F7F7F"' in same_a  # unknown side: grey
    x = [float(re.search(r'c?x1?="([\d.]+)"', body)[1]) for body in (early, same_b, late)]
    assert x == sorted(x) and x[0] >= 0 and x[-1] <= WIDTH  # in date order, inside the drawing
    assert same_a.split('r="6"')[0].split('cx="')[1] == same_b.split('r="6"')[0].split('cx="')[1]
    assert ">Early one</text>" in early and ">LATE</text>" in late  # the label, else the title
    # Month ticks name the months, and the legend names each side drawn, once.
    assert "Nov 2024" in svg and "Dec 2024" in svg
    legend = re.search(r'<ul class="legend".*</ul>', svg)[0]
    assert legend.count("<li>") == 4 and "nowhere" in legend


@pytest.mark.parametrize(
    ("start", "shown"),
    [
        ("2024-09-01", r"[A-Z][a-z]{2} 2024"),
        ("2022-02-24", r"[A-Z][a-z]{2} 202\d"),
        ("1960-01-01", r"\d{4}"),
    ],
)
def test_the_strip_ticks_keep_room_for_their_labels(shipped, start: str, shown: str) -> None:
    """However long the briefing's span, its tick labels never run into each other: months
    thin to quarters, half years, then years alone."""
    rows = EVENTS.assign(title="t", label="l")
    rows.loc[rows.index[0], ["start", "end"]] = pd.Timestamp(start)  # one day, years before
    svg = strip_svg(rows, shipped.taxonomy)
    ticks = re.findall(r'<text class="tick-label" x="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    assert len(ticks) >= 2, ticks
    assert all(re.fullmatch(shown, label) for _, label in ticks), ticks
    at = [float(x) for x, _ in ticks]
    gaps = [b - a for a, b in itertools.pairwise(at)]
    # "Sep 2024" in the strip's 18 px type is about 80 units wide
    assert min(gaps) >= 90, list(zip(gaps, ticks, strict=False))


def test_one_long_span_does_not_squeeze_the_strip(shipped) -> None:
    """A span reaching back decades starts at the axis's left end; the axis keeps the months
    the other steps fall in."""
    rows = EVENTS.assign(title="t", label="l")
    rows.loc[rows.index[0], "start"] = pd.Timestamp("1960-01-01")
    svg = strip_svg(rows, shipped.taxonomy)
    assert "Nov 2024" in svg and "1960" not in svg
    bars = re.findall(r'<line x1="([\d.]+)" x2="([\d.]+)"', svg)
    assert bars and min(float(left) for left, _ in bars) >= 30  # within the drawing's side room


def test_the_strip_shows_data_as_text(shipped) -> None:
    hostile = EVENTS.assign(title="t", label="<script>alert(1)</script>")
    svg = strip_svg(hostile, shipped.taxonomy)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_an_empty_briefing_has_no_strip() -> None:
    assert strip_svg(EVENTS.iloc[0:0], None) == ""


# --- The shipped briefing to the codebook (issue 16 section 4) ---------------------------------


def _shipped_steps() -> list[dict]:
    path = ROOT / "events" / BRIEFINGS_DIR / f"{SHIPPED}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]


def test_the_shipped_briefing_runs_in_the_order_its_claims_were_said(shipped) -> None:
    """S1, S2, M12: no step goes back in time, by when its claim was first said."""
    found = shipped.briefings[SHIPPED]
    assert found.order == "said"
    rows = step_events(found, shipped.events)
    said = list(rows["said_start"])
    assert said == sorted(said), list(zip(rows["id"], said, strict=True))


def test_the_shipped_briefing_gives_every_side_its_voice_and_ends_on_the_verdict(shipped) -> None:
    """M13: a North Korean voice; the article's "exaggerated claims from both sides" last."""
    rows = step_events(shipped.briefings[SHIPPED], shipped.events)
    assert "dprk" in set(rows["alignment"])
    assert rows["id"].iloc[-1] == "eurasian-exaggerated-claims-both-sides"
    assert list(rows["id"]).index("romanov-plekhovo-hurricane") < list(rows["id"]).index(
        "zelensky-assaults-december-14"
    )


def test_every_note_names_claims_that_are_in_the_record(shipped) -> None:
    """Each note says what it stands on; each of those is a shipped event."""
    ids = set(shipped.events["id"])
    for step in _shipped_steps():
        assert step.get("relies_on"), step["event"]
        assert set(step["relies_on"]) <= ids, step["event"]


@pytest.mark.parametrize("word", ["first", "now boast", "confirms", "cannot both stand"])
def test_no_note_asserts_what_the_record_does_not_hold(word: str) -> None:
    """S1, S7, S6, M12: the words the review found asserting more than the record holds."""
    assert [s["event"] for s in _shipped_steps() if word in s.get("note", "").lower()] == []


def test_notes_keep_the_status_of_disputed_steps(shipped) -> None:
    """S4, M13: a disputed claim's note says the article doubts it."""
    status = shipped.events.set_index("id")["status"]
    for step in _shipped_steps():
        if status[step["event"]] == "disputed":
            note = step["note"].lower()
            assert "disputed" in note or "exaggerated" in note, step["event"]
