"""The Estimates and Claims pages driven through AppTest: the shared filters and the URL, the page's
own choices in the URL, the card, data problems, and data with nothing to show."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import FIXTURE, TOTAL, chart_spec, notices, open_page, shown
from ui import md

PAGES = {"estimates": "Troop estimates", "claims": "Contradicting claims"}


pytestmark = pytest.mark.usefixtures("fixture_data")


def infos(at: AppTest) -> str:
    return "\n".join(info.value for info in at.info)


def main_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.main.markdown)


@pytest.mark.parametrize(("page", "charts"), [("estimates", 1), ("claims", 2)])
def test_opens_on_the_fixture(page: str, charts: int) -> None:
    at = open_page(page)
    assert not at.exception
    assert at.title[0].value == PAGES[page]
    assert shown(at) == (TOTAL, TOTAL)
    assert len(at.get("plotly_chart")) == charts
    assert not at.main.expander  # no problems in the fixture
    assert not notices(at) and not at.info
    assert at.query_params == {}


ESTIMATES = [
    # (URL, claimants in the table by their short names, in the order said)
    (
        {},
        ["US Department of Defense", "NIS", "NATO"],
    ),
    ({"country": "US"}, ["US Department of Defense"]),
    ({"from": "2024-12-01"}, ["NATO"]),
    ({"q": "12,000"}, ["NIS"]),
]


@pytest.mark.parametrize(("params", "claimants"), ESTIMATES)
def test_estimates_follow_the_filters(params: dict, claimants: list[str]) -> None:
    at = open_page("estimates", params)
    assert not at.exception
    assert shown(at)[0] >= len(claimants)
    [table] = at.dataframe
    assert list(table.value["Claimant"]) == claimants
    ids = {row[0] for trace in chart_spec(at)["data"] for row in trace.get("customdata", [])}
    assert len(ids) == len(claimants)
    assert at.query_params == params


def test_estimates_table_says_how_many_when_and_about_when() -> None:
    at = open_page("estimates")
    row = at.dataframe[0].value.iloc[1]
    assert (row["Troops"], row["Side"], row["Source"]) == (12000, "Allied", "Fixture Wire")
    assert row["Said"] == "no later than 2024-10-25"
    assert row["About"] == "2024-10-18"
    assert row["Quote"] == "decided to send about 12,000 soldiers to Russia"


def test_estimates_with_no_number_say_what_is_missing() -> None:
    at = open_page("estimates", {"country": "RU"})
    assert not at.exception
    assert shown(at) == (1, TOTAL)
    assert not at.get("plotly_chart") and not at.dataframe
    assert "None of the 1 events shown gives a number of troops sent" in infos(at)
    assert "troops_kind: deployed" in infos(at)


CHOICES = [
    # (URL, scale control, kind control, y axis type, URL afterwards, notice)
    ({"scale": "log"}, "log", "deployed", "log", {"scale": "log"}, None),
    ({"troops": "casualties"}, "linear", "casualties", None, {"troops": "casualties"}, None),
    ({"scale": "cubic"}, "linear", "deployed", "linear", {}, "scale='cubic'"),
    ({"troops": "<b>x</b>"}, "linear", "deployed", "linear", {}, "troops='<b>x</b>'"),
]


@pytest.mark.parametrize(("params", "scale", "kind", "axis", "after", "notice"), CHOICES)
def test_estimates_choices_come_from_and_go_to_the_url(
    params: dict, scale: str, kind: str, axis: str | None, after: dict, notice: str | None
) -> None:
    at = open_page("estimates", params)
    assert not at.exception
    assert at.button_group(key="scale").value == scale
    assert at.button_group(key="troops").value == kind
    if axis is None:
        assert not at.get("plotly_chart")
        assert "gives a number of casualties" in infos(at)
    else:
        assert chart_spec(at)["layout"]["yaxis"]["type"] == axis
    assert at.query_params == after
    page_notices = [c.value for c in at.main.caption if c.value.startswith(":material/info:")]
    assert len(page_notices) == (1 if notice else 0)
    if notice:
        assert md(f"Ignored {notice}: expected one of") in page_notices[0]


def test_estimates_controls_write_the_url() -> None:
    at = open_page("estimates")
    at.button_group(key="scale").set_value("log").run()
    assert at.query_params == {"scale": "log"}
    assert chart_spec(at)["layout"]["yaxis"]["type"] == "log"
    at.button_group(key="troops").set_value("unit").run()
    assert at.query_params == {"scale": "log", "troops": "unit"}
    at.button_group(key="scale").set_value("linear").run()
    at.button_group(key="troops").set_value("deployed").run()
    assert at.query_params == {}
    assert len(at.dataframe[0].value) == 3


@pytest.mark.parametrize("page", list(PAGES))
def test_the_url_opens_the_card(page: str) -> None:
    at = open_page(page, {"event": "kr-nis-12000"})
    assert not at.exception
    assert at.subheader[0 if page == "estimates" else 1].value == (
        "NIS says about 12,000 soldiers will be sent"
    )
    assert "**Troops:** 12,000" in main_text(at)
    assert "**Happened:** “October 18” → 2024-10-18" in main_text(at)
    assert at.query_params == {"event": "kr-nis-12000"}


CLAIMS = [
    # (URL, pairs shown (A's claimant, B's claimant), pairs the filters hide)
    (
        {},
        [
            ("South Korea's National Intelligence Service", "The Kremlin"),
            ("Ukraine's military intelligence (HUR)", "The Kremlin"),
        ],
        0,
    ),
    (
        {"alignment": ["allied", "russia"]},
        [("South Korea's National Intelligence Service", "The Kremlin")],
        1,
    ),
    ({"country": "RU"}, [], 2),
    ({"status": "reported"}, [], 2),
]


@pytest.mark.parametrize(("params", "pairs", "hidden"), CLAIMS)
def test_claims_pairs_follow_the_filters_on_both_sides(
    params: dict, pairs: list[tuple[str, str]], hidden: int
) -> None:
    at = open_page("claims", params)
    assert not at.exception
    assert at.query_params == params
    if not pairs:
        assert f"The filters hide all {hidden} pairs." in infos(at)
        assert len(at.get("plotly_chart")) == 1  # the record only
        return
    table = at.dataframe[0].value
    assert list(zip(table["A: claimant"], table["B: claimant"], strict=True)) == pairs
    more = f"; {hidden} more hidden by the filters" if hidden else ""
    noun = "pair" if len(pairs) == 1 else "pairs"
    assert f"**{len(pairs)}** {noun} of contradicting claims{more}." in main_text(at)
    marks = {row[0] for trace in chart_spec(at)["data"] for row in trace.get("customdata", [])}
    assert marks == {"ru-kremlin-denial", "kr-nis-12000", "ua-hur-kursk"} - (
        set() if len(pairs) == 2 else {"ua-hur-kursk"}
    )


def test_claims_pair_rows_hold_each_claim_and_the_answer() -> None:
    row = open_page("claims").dataframe[0].value.iloc[0]
    assert (row["A: side"], row["A: status"], row["B: side"], row["B: status"]) == (
        "Allied",
        "Reported",
        "Russia",
        "Denied",
    )
    assert row["A: said"] == row["B: said"] == "no later than 2024-10-25"
    assert row["B: quote"] == "a fabrication spread by Seoul and Kyiv"
    assert row["B answered"].startswith("not known")


def test_claims_record_of_each_side() -> None:
    at = open_page("claims", {"alignment": ["allied", "sceptic"]})
    record = chart_spec(at, -1)  # the filters leave no pair, so the record is the only chart
    assert len(at.get("plotly_chart")) == 1
    assert [trace["name"] for trace in record["data"]] == ["Reported", "Confirmed", "Disputed"]
    assert record["data"][0]["y"] == ["Allied", "Sceptic"]
    text = main_text(at)
    # allied: kr-nis-12000 and us-training in alpha (independent outlet), nato-confirms in bravo
    # no side's own documents dispute it here: one sentence says so, rather than a list of 0%
    assert "**Disputed at home**: no side's own documents call any of its claims disputed." in text
    assert "0%" not in text and "(s)" not in text


BROKEN = "- id: broken\n  title: [unclosed\n"


@pytest.mark.parametrize("page", list(PAGES))
def test_problems_are_listed_above_the_page(page: str, data_copy: Path) -> None:
    (data_copy / "events" / "zz-broken.yaml").write_text(BROKEN, encoding="utf-8")
    at = open_page(page)
    assert not at.exception
    [expander] = at.main.expander
    assert expander.label.startswith(":material/warning: 1 problem(s) in the data")
    assert "events/zz-broken.yaml" in expander.code[0].value
    assert at.title[0].value == PAGES[page]


@pytest.mark.parametrize(
    ("page", "missing"),
    [
        ("estimates", "None of the 0 events shown gives a number of troops sent"),
        ("claims", "No event of this data says it contradicts another"),
    ],
)
def test_no_events_at_all_is_said_not_raised(
    page: str, missing: str, tmp_path: Path, use_data: Callable[..., Path]
) -> None:
    for folder in ("events", "seeds"):
        (tmp_path / folder).mkdir()
    shutil.copy(FIXTURE / "events" / "taxonomy.yaml", tmp_path / "events")
    use_data(tmp_path)
    at = open_page(page)
    assert not at.exception
    assert shown(at) == (0, 0)
    assert missing in infos(at)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", list(PAGES))
def test_renders_on_the_shipped_data(page: str, shipped_data: Path) -> None:
    # The shipped events are being curated; only the page's shape is checked here.
    at = open_page(page)
    assert not at.exception and not at.error
    count, total = shown(at)
    assert count == total > 0
    assert at.get("plotly_chart") and at.dataframe


XSS = "<img src=x onerror=alert(1)>"
XSS_EVENT = f"""\
- id: markup-claim
  title: '{XSS}'
  date: October 18
  kind: statement
  claimant: '{XSS}'
  claimant_country: UA
  alignment: ukraine
  status: reported
  troops: 5000
  source: alpha
  quote: any such move would be lawful under its treaty with Moscow
  contradicts: [kr-nis-12000]
"""


@pytest.mark.parametrize("page", list(PAGES))
def test_markup_in_the_data_is_shown_as_text(page: str, data_copy: Path) -> None:
    (data_copy / "events" / "zz-markup.yaml").write_text(XSS_EVENT, encoding="utf-8")
    at = open_page(page)
    assert not at.exception
    assert not at.main.expander  # the event is valid
    hover = "".join(
        str(text)
        for trace in chart_spec(at)["data"]
        for text in trace.get("hovertext") or []
        if text
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover and XSS not in hover
    column = "Claimant" if page == "estimates" else "B: claimant"
    assert XSS in set(at.dataframe[0].value[column])  # a text cell: drawn as characters
    assert not any(m.allow_html for m in at.markdown)
    assert not at.get("html")


def test_estimates_open_on_the_story_with_the_june_claim_named_and_marks_labelled(
    shipped_data: Path,
) -> None:
    at = open_page("estimates", {"troops": "batch"})
    assert not at.exception
    spec = chart_spec(at)
    start, end = (pd.Timestamp(x) for x in spec["layout"]["xaxis"]["range"])
    # the shipped story is October to December 2024; Nishioka's June figure sits at its edge
    assert pd.Timestamp("2024-09-01") < start < pd.Timestamp("2024-10-01") < end
    [labels] = [trace for trace in spec["data"] if trace.get("meta") == "labels"]
    assert "← Nishioka, said 2024-06-24" in labels["text"] and "HUR" in labels["text"]
    assert "left off where" in " ".join(c.value for c in at.caption)
    # the table is under the chart, across the page, not in a column beside it
    assert not any(column.dataframe for column in at.columns)
