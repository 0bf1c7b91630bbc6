"""The codebook's rules as `validate` enforces them: each finding located, an error or a warning."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import AGENCY_CLAIM
from timeline import Problem, load_dataset
from timeline.data import codebook
from timeline.data.briefings import BRIEFINGS_DIR
from timeline.data.stats import counts, statuses_by_alignment

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"

# Three claims of the good fixture's wire (published 2024-10-24), each passing every rule.
AGENCY = AGENCY_CLAIM
FORECAST: dict[str, Any] = {
    "id": "agency-10000-by-year-end",
    "title": "The agency expects up to 10,000 by the end of the year",
    "date": "by the end of the year",
    "kind": "intelligence_claim",
    "claimant": "The agency",
    "claimant_country": "GB",
    "alignment": "allied",
    "status": "reported",
    "troops": 10000,
    "troops_kind": "planned",
    "forecast": True,
    "source": "wire",
    "quote": "It expects more to follow by the end of the year - perhaps 10,000 in all.",
}
NATO: dict[str, Any] = {
    "id": "nato-cannot-confirm",
    "title": "NATO says it cannot yet confirm the move",
    "date": "on Monday",
    "start": "2024-10-21",
    "kind": "intelligence_claim",
    "claimant": "NATO",
    "claimant_country": "NATO",
    "alignment": "allied",
    "status": "reported",
    "source": "wire",
    "quote": "NATO said on Monday it could not yet confirm the move.",
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The good fixture, its November denial no longer linked to an October claim a test drops."""
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    november = tmp_path / "events" / "2024-11.yaml"
    text = november.read_text(encoding="utf-8")
    november.write_text(text.replace("  contradicts: [agency-3000-moved]\n", ""), encoding="utf-8")
    taxonomy = tmp_path / "events" / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(
        text.replace("statuses:\n", "statuses:\n  confirmed: {label: Confirmed}\n"),
        encoding="utf-8",
    )
    return tmp_path


def findings(data: Path, *items: dict[str, Any]) -> list[Problem]:
    """The codebook's findings with `items` as the October file (the good November file stays)."""
    path = data / "events" / "2024-10.yaml"
    path.write_text(yaml.safe_dump(list(items), sort_keys=False), encoding="utf-8")
    dataset = load_dataset(data / "events", data / "seeds")
    assert dataset.problems == []
    return codebook.check(dataset, data / "events")


def line_of(path: Path, needle: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and needle in line)


def only(found: list[Problem], level: str) -> Problem:
    assert len(found) == 1, found
    assert found[0].level == level
    return found[0]


def test_the_good_fixture_passes_every_rule(data: Path) -> None:
    assert findings(data, AGENCY, FORECAST, NATO) == []


# --- Confirmed must be earned ------------------------------------------------------------------


def test_confirmed_without_corroboration_is_an_error_at_its_status(data: Path) -> None:
    problem = only(findings(data, AGENCY | {"status": "confirmed"}), "error")
    october = data / "events" / "2024-10.yaml"
    assert (problem.path, problem.line) == (str(october), line_of(october, "status:"))
    assert "confirmed without `corroborated_by`" in problem.message


def test_confirmed_with_another_partys_claim_passes(data: Path) -> None:
    # NATO is a body: not the agency's own government, whatever country the agency is in.
    confirmed = AGENCY | {"status": "confirmed", "corroborated_by": [NATO["id"]]}
    assert findings(data, confirmed, NATO) == []


@pytest.mark.parametrize(
    ("other", "reason"),
    [
        (FORECAST, "the same claimant (The agency)"),
        (
            NATO | {"claimant": "GCHQ", "claimant_short": "NATO", "claimant_country": "GB"},
            "the same government or service",
        ),
        (
            NATO
            | {"claimant": "The Test Wire", "claimant_short": "NATO", "claimant_country": "US"},
            "The Test Wire relays the claim",
        ),
    ],
    ids=["same-claimant", "same-government", "relaying-outlet"],
)
def test_a_claim_of_the_same_side_does_not_corroborate(data: Path, other, reason) -> None:
    confirmed = AGENCY | {"status": "confirmed", "corroborated_by": [other["id"]]}
    problem = only(findings(data, confirmed, other), "error")
    october = data / "events" / "2024-10.yaml"
    assert problem.line == line_of(october, "corroborated_by:")
    assert f"{other['id']!r} cannot corroborate it: {reason}" in problem.message


# --- Labels carry attribution --------------------------------------------------------------------


def test_an_unconfirmed_label_that_does_not_name_the_claimant_is_an_error(data: Path) -> None:
    problem = only(findings(data, AGENCY | {"label": "3,000 moved east"}), "error")
    october = data / "events" / "2024-10.yaml"
    assert problem.line == line_of(october, "label:")
    assert "the label of a reported claim does not name its claimant" in problem.message


def test_without_a_label_the_title_must_name_the_claimant(data: Path) -> None:
    untitled = AGENCY | {"title": "About 3,000 soldiers were moved east"}
    problem = only(findings(data, untitled), "error")
    assert problem.line == line_of(data / "events" / "2024-10.yaml", "title:")


def test_a_short_name_serves_a_long_claimant_and_confirmed_needs_none(data: Path) -> None:
    long = AGENCY | {"claimant": "The Agency for Spying", "claimant_short": "agency"}
    assert findings(data, long | {"label": "Agency: 3,000 moved"}) == []
    confirmed = AGENCY | {
        "label": "3,000 moved east",
        "status": "confirmed",
        "corroborated_by": [NATO["id"]],
    }
    assert findings(data, confirmed, NATO) == []


# --- Numbers say what they count -----------------------------------------------------------------


def test_troops_without_troops_kind_is_an_error(data: Path) -> None:
    bare = {key: value for key, value in AGENCY.items() if key != "troops_kind"}
    problem = only(findings(data, bare), "error")
    assert problem.line == line_of(data / "events" / "2024-10.yaml", "troops:")
    assert "`troops` without `troops_kind`" in problem.message


# --- Said and happened ---------------------------------------------------------------------------


def test_an_unmarked_claim_about_a_later_time_is_a_warning(data: Path) -> None:
    problem = only(findings(data, FORECAST | {"forecast": False}), "warning")
    assert problem.line == line_of(data / "events" / "2024-10.yaml", "date:")
    assert "after it was said" in problem.message and "forecast: true" in problem.message
    assert str(problem).endswith(f":{problem.line}: warning: {problem.message}")


def test_a_forecast_must_be_about_a_later_time(data: Path) -> None:
    problem = only(findings(data, AGENCY | {"forecast": True}), "warning")
    assert problem.line == line_of(data / "events" / "2024-10.yaml", "forecast:")
    assert "marked a forecast" in problem.message


def test_a_claim_at_an_estimated_publication_date_must_say_so(data: Path) -> None:
    # The gazette's publication (2024-11-06) is estimated.
    placed = {
        "id": "ministry-silent",
        "title": "The ministry says nothing more",
        "start": "2024-11-06",
        "kind": "denial",
        "claimant": "The ministry",
        "claimant_country": "RU",
        "alignment": "russia",
        "status": "denied",
        "source": "gazette",
        "quote": "Nothing of the kind happened last week",
    }
    problem = only(findings(data, placed), "warning")
    assert problem.line == line_of(data / "events" / "2024-10.yaml", "start:")
    assert "estimated publication date 2024-11-06" in problem.message
    assert findings(data, placed | {"qualifier": "by"}) == []
    assert findings(data, placed | {"precision": "approximate"}) == []


# --- Likely duplicates ---------------------------------------------------------------------------

# The agency's claim again, by the same claimant, quoting the same figure in the wire.
AGAIN = AGENCY | {
    "id": "agency-soldiers-east",
    "title": "The agency says soldiers went to a port in the east",
    "quote": "about 3,000 soldiers were moved",
}


def test_a_likely_duplicate_is_a_warning_naming_both_places(data: Path) -> None:
    problem = only(findings(data, AGENCY, AGAIN), "warning")
    october = data / "events" / "2024-10.yaml"
    first = line_of(october, f"id: {AGENCY['id']}")
    assert problem.line == line_of(october, "quote:", after=line_of(october, f"id: {AGAIN['id']}"))
    assert f"likely the same claim as {AGENCY['id']!r} ({october}:{first})" in problem.message
    assert "'3000'" in problem.message


@pytest.mark.parametrize(
    "change",
    [
        {"claimant": "Another agency", "title": "Another agency says soldiers went east"},
        {"date": "in early September"},
        {"quote": "to a port in the east"},
        {"summary_of": [AGENCY["id"]]},
    ],
    ids=["other-claimant", "other-dates", "nothing-shared", "a-summary"],
)
def test_no_duplicate_without_all_three_signs(data: Path, change: dict[str, Any]) -> None:
    assert findings(data, AGENCY, AGAIN | change) == []


def test_a_shared_distinctive_phrase_marks_a_duplicate_too(data: Path) -> None:
    phrase = AGAIN | {"quote": "expects more to follow by the end of the year"}
    first = FORECAST | {"troops": None, "troops_kind": None}
    first = {key: value for key, value in first.items() if value is not None}
    again = phrase | {"date": "by the end of the year", "forecast": True}
    again = {key: value for key, value in again.items() if key not in ("troops", "troops_kind")}
    problem = only(findings(data, first, again), "warning")
    assert "'expects more to follow by'" in problem.message


# --- Briefings in said order ---------------------------------------------------------------------


def briefing(data: Path, steps: list[str], **header: str) -> Path:
    folder = data / "events" / BRIEFINGS_DIR
    folder.mkdir(exist_ok=True)
    path = folder / "talk.yaml"
    body = {"title": "Talk", **header, "steps": [{"event": step} for step in steps]}
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


def test_a_step_that_goes_back_in_time_is_a_warning_at_that_step(data: Path) -> None:
    # ministry-denies was said on 2024-11-06, the agency's claim by 2024-10-24.
    path = briefing(data, ["ministry-denies", AGENCY["id"]])
    problem = only(findings(data, AGENCY), "warning")
    assert (problem.path, problem.line) == (str(path), line_of(path, AGENCY["id"]))
    assert "goes back in time after 'ministry-denies'" in problem.message


def test_said_order_and_a_curated_order_pass(data: Path) -> None:
    briefing(data, [AGENCY["id"], "ministry-denies"])
    assert findings(data, AGENCY) == []
    briefing(
        data,
        ["ministry-denies", AGENCY["id"]],
        order="curated",
        order_reason="The denial first, then what it denies.",
    )
    assert findings(data, AGENCY) == []


# --- Counts and statuses by alignment ------------------------------------------------------------


def test_a_summary_is_left_out_of_the_counts(data: Path) -> None:
    summary = NATO | {"id": "agency-summary", "summary_of": [AGENCY["id"], FORECAST["id"]]}
    findings(data, AGENCY, FORECAST, summary)
    events = load_dataset(data / "events", data / "seeds").events
    assert len(events) == 5
    assert counts(events)["alignment"].to_dict() == {"allied": 2, "russia": 2}
    table = statuses_by_alignment(events)
    assert table.loc["allied", "reported"] == 2 and table.loc["russia", "denied"] == 2


# --- The command ---------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_validate_exits_0_on_warnings_1_with_strict_and_1_on_errors(data: Path) -> None:
    findings(data, FORECAST | {"forecast": False})
    events = str(data / "events")
    warned = run("validate", events)
    assert warned.returncode == 0, warned.stderr
    assert ": warning: " in warned.stdout and warned.stdout.splitlines()[-1].startswith("OK: ")
    assert "0 error(s), 1 warning(s)" in warned.stderr
    assert run("validate", events, "--strict").returncode == 1
    findings(data, AGENCY | {"status": "confirmed"})
    failed = run("validate", events)
    assert failed.returncode == 1 and ": warning: " not in failed.stdout
    assert "1 error(s), 0 warning(s)" in failed.stderr


def test_stats_prints_claims_appearances_and_statuses_by_alignment(data: Path) -> None:
    relay = AGENCY | {
        "appearances": [{"source": "gazette", "quote": "called the reports", "independent": True}]
    }
    findings(data, relay, FORECAST)
    result = run("stats", str(data / "events"))
    assert result.returncode == 0, result.stderr
    assert "claims: 4 (summaries left out: 0), carried by 5 appearances" in result.stdout
    assert "1 claims appear in more than one document, 1 have more than one" in result.stdout
    table = result.stdout.split("statuses by alignment (claims):")[1].splitlines()
    assert table[1].split() == ["status", "denied", "reported"]
    assert table[3].split() == ["allied", "0", "2"] and table[4].split() == ["russia", "2", "0"]


def test_the_shipped_data_validates_with_no_errors_and_no_warnings() -> None:
    result = run("validate", "events", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [result.stdout.splitlines()[-1]]
