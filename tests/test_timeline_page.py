"""The timeline page through AppTest: where events are placed (happened or said), the connector
of the open event, and the URL keeping those choices."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_pages import FIXTURE, TOTAL, chart_spec, run
from timeline import figures

# The fixture's two documents: every claim is said no later than its publication.
PUBLISHED = {pd.Timestamp("2024-10-25 12:00"), pd.Timestamp("2024-12-16 12:00")}


@pytest.fixture(autouse=True)
def fixture_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTS_DIR", str(FIXTURE / "events"))
    monkeypatch.setenv("SEEDS_DIR", str(FIXTURE / "seeds"))


def marks(spec: dict) -> dict[str, set[pd.Timestamp]]:
    """Style -> the x of every mark drawn in it (bars: their base)."""
    found: dict[str, set[pd.Timestamp]] = {}
    for trace in spec["data"]:
        xs = trace.get("base") if trace["type"] == "bar" else trace["x"]
        found.setdefault(trace.get("meta"), set()).update(pd.Timestamp(x) for x in xs)
    return found


def test_events_placed_by_when_they_were_said_travel_in_the_url() -> None:
    at = run({"axis": "said"})
    assert not at.exception
    assert at.button_group(key="axis").value == "said"
    spec = chart_spec(at)
    # said "no later than" each document's publication: every event is a ◁ on one of two days
    assert set(marks(spec)) == {"no_later_than"}
    assert marks(spec)["no_later_than"] == PUBLISHED
    assert len({row[0] for trace in spec["data"] for row in trace["customdata"]}) == TOTAL
    # back to the default: it leaves the URL, and the events go back to when they happened
    at.button_group(key="axis").set_value("happened").run()
    assert "axis" not in at.query_params
    assert marks(chart_spec(at))["day"] - PUBLISHED


def test_choosing_the_said_axis_writes_the_url() -> None:
    at = run()
    assert at.button_group(key="axis").value == "happened"
    at.button_group(key="axis").set_value("said").run()
    assert at.query_params["axis"] == "said"


@pytest.mark.parametrize("bad", ["<b>when</b>", "SAID", ""])
def test_a_bad_axis_in_the_url_is_ignored_with_a_notice(bad: str) -> None:
    at = run({"axis": bad, "country": "UA"})
    assert not at.exception
    assert at.button_group(key="axis").value == "happened"
    found = [c.value for c in at.main.caption if "Ignored axis" in c.value]
    assert len(found) == 1
    assert "expected one of happened, said" in found[0] and "<b>" not in found[0]


@pytest.mark.parametrize("axis", list(figures.AXES))
def test_the_open_event_gets_a_connector_to_its_other_time(axis: str) -> None:
    at = run({"event": "kr-nis-12000", "axis": axis})
    [lag] = [t for t in chart_spec(at)["data"] if t.get("meta") == "lag"]
    assert [row[0] for row in lag["customdata"]] == ["kr-nis-12000"] * 2
    ends = [pd.Timestamp(x) for x in lag["x"]]
    said, happened = pd.Timestamp("2024-10-25 12:00"), pd.Timestamp("2024-10-18 12:00")
    assert ends == ([happened, said] if axis == "happened" else [said, happened])
