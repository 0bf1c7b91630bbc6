"""The shipped data: it validates, every quote stands in its seed, and it covers the story."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.helpers import shipped
from timeline import load_events
from timeline.data.load import event_files
from timeline.data.provenance import fold, locate, passage

ROOT = Path(__file__).resolve().parent.parent
EVENTS_DIR = ROOT / "events"
SEEDS_DIR = ROOT / "seeds"
SEED_IDS = sorted(path.stem for path in SEEDS_DIR.glob("*.txt"))

# Each events file holds the events whose span starts in its window, so a curator finds them.
FILE_WINDOWS = {
    "2024-background.yaml": (dt.date(1900, 1, 1), dt.date(2024, 9, 30)),
    "2024-10.yaml": (dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    "2024-11.yaml": (dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
    "2024-12.yaml": (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
}


def _raw_events() -> list[dict]:
    """Every item of every events file as written, valid or not, so none escapes a check."""
    items = []
    for path in event_files(EVENTS_DIR):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return items


RAW_EVENTS = _raw_events()


def test_shipped_data_validates() -> None:
    events = load_events(EVENTS_DIR, SEEDS_DIR)
    assert len(events) == len(RAW_EVENTS)


def test_every_events_file_has_its_window() -> None:
    names = {path.name for path in event_files(EVENTS_DIR)}
    assert names == set(FILE_WINDOWS)


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_quote_is_in_its_seed(event: dict) -> None:
    text = (SEEDS_DIR / f"{event['source']}.txt").read_text(encoding="utf-8")
    found = passage(text, event["quote"])
    assert found is not None, f"{event['id']}: quote not in seed {event['source']}"
    assert fold(found.match) == fold(event["quote"])


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_quote_is_short(event: dict) -> None:
    assert len(fold(event["quote"])) <= 320


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_seed_is_described_and_cited_at_least_three_times(seed: str) -> None:
    assert seed in shipped().sources
    assert (shipped().events["source"] == seed).sum() >= 3


def test_no_two_events_share_claimant_and_quote() -> None:
    """A claim counts once: the same claimant quoted with the same words is one event."""
    keys = Counter((event["claimant"], fold(event["quote"])) for event in RAW_EVENTS)
    assert [key for key, n in keys.items() if n > 1] == []


def test_every_contradiction_points_at_an_event() -> None:
    ids = {event["id"] for event in RAW_EVENTS}
    targets = {target for event in RAW_EVENTS for target in event.get("contradicts", [])}
    assert targets - ids == set()
    assert targets, "the data should link at least one pair of claims that cannot both be true"


def test_no_event_contradicts_itself() -> None:
    events = shipped().events
    assert [
        i for i, links in zip(events["id"], events["contradicts"], strict=True) if i in links
    ] == []


def test_data_spans_october_to_december_2024() -> None:
    events = shipped().events
    assert events["start"].min() <= pd.Timestamp("2024-10-31")
    assert events["end"].max() >= pd.Timestamp("2024-12-01")
    months = set(events["start"].dt.strftime("%Y-%m"))
    assert {"2024-10", "2024-11", "2024-12"} <= months


@pytest.mark.parametrize(("name", "window"), FILE_WINDOWS.items(), ids=list(FILE_WINDOWS))
def test_events_sit_in_the_file_for_their_date(name: str, window: tuple[dt.date, dt.date]) -> None:
    events = shipped().events[shipped().events["file"].map(lambda f: Path(f).name) == name]
    first, last = (pd.Timestamp(day) for day in window)
    assert len(events) > 0
    misplaced = events[(events["start"] < first) | (events["start"] > last)]
    assert misplaced["id"].tolist() == []


def test_every_alignment_in_the_data_has_a_distinct_colour() -> None:
    taxonomy = shipped().taxonomy
    assert taxonomy is not None
    used = set(shipped().events["alignment"]) | set(shipped().events["outlet_alignment"])
    assert used <= set(taxonomy.alignments)
    colours = [a.colour.upper() for a in taxonomy.alignments.values()]
    assert len(set(colours)) == len(colours)


def test_every_status_has_a_colour() -> None:
    taxonomy = shipped().taxonomy
    assert taxonomy is not None
    assert all(term.colour for term in taxonomy.statuses.values())


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision"),
    [
        # Dates the documents word relatively, read against each source's publication date.
        ("austin-seeing-evidence", "2024-10-23", "2024-10-23", "day"),
        ("nis-1500-vladivostok", "2024-10-08", "2024-10-13", "days"),
        ("hur-2600-kursk-by-end-october", "2024-10-21", "2024-10-31", "month_part"),
        ("nk-special-forces-plan-cancelled-2023", "2023-01-01", "2023-12-31", "year"),
        ("nishioka-third-batch-standby", "2024-10-01", "2024-10-10", "month_part"),
        ("nishioka-10000-by-year-end", "2024-12-01", "2024-12-31", "year_part"),
        ("reports-11000-since-early-october", "2024-10-01", "2024-12-20", "month_part"),
        ("mediazona-pilots-vietnam-1960s", "1960-01-01", "1969-12-31", "decade"),
        ("mediazona-pilots-arab-israeli-wars", "1967-01-01", "1973-12-31", "year"),
        # A curator's span keeps the precision the curator knows: "last summer" is a season.
        ("tertitsky-nk-media-line-after-shoigu", "2023-06-01", "2023-08-31", "season"),
    ],
)
def test_worded_dates_read_as_intended(event_id: str, start: str, end: str, precision: str) -> None:
    row = shipped().events.set_index("id").loc[event_id]
    assert (row["start"], row["end"], row["precision"]) == (
        pd.Timestamp(start),
        pd.Timestamp(end),
        precision,
    )


# --- The record corrected (issue 7 section 3) -------------------------------------------------

RAW = {event["id"]: event for event in RAW_EVENTS}


def shipped_events() -> pd.DataFrame:
    """The shipped events by id."""
    return shipped().events.set_index("id")


LABEL_CHARS = 40


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_every_event_has_a_short_label(event: dict) -> None:
    assert event.get("label"), "every event carries a short label for the chart"
    assert len(event["label"]) <= LABEL_CHARS


def test_every_troop_figure_says_what_it_counts() -> None:
    missing = [e["id"] for e in RAW_EVENTS if e.get("troops") and not e.get("troops_kind")]
    assert missing == []


def test_no_claim_is_said_after_its_document_was_published() -> None:
    events = shipped().events
    published = events["source"].map(lambda s: pd.Timestamp(shipped().sources[s].published))
    late = events[(events["said_end"] > published) | (events["said_start"] > published)]
    assert late["id"].tolist() == []
    assert (events["said_start"] <= events["said_end"]).all()


def test_a_claim_about_the_past_is_never_said_before_what_it_reports_began() -> None:
    """Said and happened in the right order for reports of what happened (not forecasts)."""
    reports = shipped().events[shipped().events["kind"].isin(["footage", "diplomatic_move"])]
    early = reports[reports["said_end"] < reports["start"]]
    assert early["id"].tolist() == []


def test_a_statement_is_placed_when_it_was_said() -> None:
    """For a statement or a denial, what happened is the saying: the two spans meet."""
    events = shipped().events[shipped().events["kind"].isin(["official_statement", "denial"])]
    apart = events[(events["said_end"] < events["start"]) | (events["said_start"] > events["end"])]
    assert apart["id"].tolist() == []


def test_dates_from_public_reporting_name_it() -> None:
    """An explicit said-date comes from outside the document, so the notes say from where."""
    unexplained = [
        e["id"] for e in RAW_EVENTS if "said_start" in e and "2024" not in (e.get("notes") or "")
    ]
    assert unexplained == []


@pytest.mark.parametrize(
    "event", [e for e in RAW_EVENTS if "source-problem" in e.get("tags", [])], ids=lambda e: e["id"]
)
def test_a_corrected_date_keeps_the_documents_wording_and_says_why(event: dict) -> None:
    assert event.get("date"), "the document's wording stays in `date`"
    assert event.get("start"), "the corrected span goes in `start`/`end`"
    assert event["notes"].startswith("SOURCE PROBLEM:")
    assert shipped_events().loc[event["id"], "corrected"]


@pytest.mark.parametrize(
    ("event_id", "wording", "start", "end"),
    [
        # Finding 1: JAPAN Forward misprints the summons as August 21; it was Monday October 21.
        ("rok-summons-russian-ambassador", "August 21", "2024-10-21", "2024-10-21"),
        ("kim-hong-kyun-un-violation", "August 21", "2024-10-21", "2024-10-21"),
        # The Storm Shadow strike of "In November last week" was on November 20.
        ("storm-shadow-strike-kursk", "In November last week", "2024-11-20", "2024-11-20"),
        ("kyiv-nk-general-injured", "In November last week", "2024-11-20", "2024-11-20"),
        # ExileNova posted on Thursday October 31, not "In early November".
        ("exilenova-warning-from-kursk", "early November", "2024-10-31", "2024-10-31"),
        # The SBU released the Kyiv Post intercept on December 18, not "Last week" (December 9-15).
        ("kyiv-post-hospital-discrimination", "Last week", "2024-12-18", "2024-12-18"),
        # Zelenskyy's "burning faces" post was of December 16, not December 18.
        ("zelensky-burning-faces-december-18", "December 18", "2024-12-16", "2024-12-16"),
        # Shoigu's visit as defence minister was in the summer of 2023, not "last summer" (2024).
        ("tertitsky-nk-media-line-after-shoigu", "last summer", "2023-06-01", "2023-08-31"),
    ],
)
def test_documents_wrong_dates_are_corrected(event_id: str, wording: str, start: str, end: str):
    raw, row = RAW[event_id], shipped_events().loc[event_id]
    assert raw["date"] == wording
    assert "source-problem" in raw["tags"]
    assert (row["start"], row["end"]) == (_day(start), _day(end))


def test_the_summons_follows_the_nis_announcement() -> None:
    summons = shipped_events().loc["rok-summons-russian-ambassador"]
    assert summons["start"] > shipped_events().loc["nis-12000-special-forces", "said_end"]
    assert summons["said_start"] == _day("2024-10-21")


def test_the_11000_figure_is_the_articles_december_count() -> None:
    """Finding 2: not October 1-10, where it stood before every other estimate."""
    row = shipped_events().loc["reports-11000-since-early-october"]
    assert row["start"] == _day("2024-10-01")
    assert row["end"] == _day("2024-12-20")
    assert row["said_start"] >= _day("2024-12-01")
    assert row["precision"] not in ("day", "days")


def test_the_heavy_casualty_claims_start_with_the_kursk_reports_and_are_drawn_rough() -> None:
    """Finding 3: from late October (the Kursk reports), not October 1, and not exact."""
    row = shipped_events().loc["ukrainian-media-heavy-casualties"]
    assert _day("2024-10-21") <= row["start"] <= _day("2024-10-31")
    assert row["end"] == _day("2024-12-20")
    assert row["precision"] not in ("day", "days")


def _information_war_passage() -> tuple[int, int]:
    """Where EurAsian Times sets the Russian bloggers' claims against Kyiv's: its two middle parts."""
    text = (SEEDS_DIR / "003_51d8ea2b4fc11b21.txt").read_text(encoding="utf-8")
    return text.index("Conflicting Reports On The Impact"), text.index(
        "Mutual Security Treaty Between Russia"
    )


def test_one_status_for_both_sides_in_the_information_war_passage() -> None:
    """Finding 4: EurAsian Times calls both sides' claims exaggerated, so one status for all."""
    text = (SEEDS_DIR / "003_51d8ea2b4fc11b21.txt").read_text(encoding="utf-8")
    first, last = _information_war_passage()
    statuses = {}
    for event in RAW_EVENTS:
        if event["source"] != "003_51d8ea2b4fc11b21" or event["alignment"] not in (
            "ukraine",
            "russia",
        ):
            continue
        where = locate(text, event["quote"])
        assert where is not None
        if first <= where[0] < last:
            statuses[event["id"]] = event["status"]
    sides = {RAW[i]["alignment"] for i in statuses}
    assert sides == {"ukraine", "russia"}, "the passage holds claims of both sides"
    assert set(statuses.values()) == {"disputed"}, statuses


@pytest.mark.parametrize(
    "event_id", ["romanov-plekhovo-hurricane", "rozhin-baptism-of-fire", "kotenok-minefields"]
)
def test_the_plekhovo_claims_were_said_december_6_to_12(event_id: str) -> None:
    """Finding 5: posted before Zelenskyy's December 14 address, not only 'by December 20'."""
    row = shipped_events().loc[event_id]
    assert (row["said_start"], row["said_end"]) == (_day("2024-12-06"), _day("2024-12-12"))
    assert row["said_end"] < shipped_events().loc["zelensky-assaults-december-14", "said_start"]
    assert row["start"] == _day("2024-12-06")


def test_nishiokas_forecast_is_said_in_october_about_the_years_end() -> None:
    """Finding 6: two times, an October forecast about December."""
    row = shipped_events().loc["nishioka-10000-by-year-end"]
    assert row["said_start"].month == row["said_end"].month == 10
    assert row["start"] == _day("2024-12-01") and row["end"] == _day("2024-12-31")
    assert row["qualifier"] == "by"


@pytest.mark.parametrize(
    "merged",
    [
        "ukraine-video-equipment-japan-forward",
        "ukraine-video-sergeevsky",
        "austin-indications-abt",
        "russian-bloggers-300-killed",
        "nis-11th-corps-mediazona",
        "eurasian-significant-numbers-last-week",
    ],
)
def test_merged_duplicates_are_gone_and_named_by_the_survivor(merged: str) -> None:
    """Finding 7: each duplicate is merged into one event whose notes (or appearance's) name it."""
    assert merged not in RAW

    def notes(event: dict) -> str:
        return " ".join(
            [event.get("notes") or ""]
            + [a.get("notes") or "" for a in event.get("appearances", [])]
        )

    assert [e["id"] for e in RAW_EVENTS if merged in notes(e)] != []


@pytest.mark.parametrize(
    ("description", "matches"),
    [
        (
            "the Ukrainian video of October 18",
            lambda e: (
                e["kind"] == "footage"
                and "video" in e.get("tags", [])
                and str(e.get("said")) == "October 18"
            ),
        ),
        ("Austin's October 23 remark", lambda e: e["claimant"] == "Lloyd Austin"),
        ("the '300' of Plekhovo", lambda e: e["alignment"] == "russia" and "300" in e["quote"]),
        (
            "the NIS's 11th Corps",
            lambda e: "11th" in e["quote"] and "Intelligence" in e["claimant"],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_duplicated_claim_counts_once(description: str, matches) -> None:
    assert len([e for e in RAW_EVENTS if matches(e)]) == 1, description


def test_one_claimant_name_per_actor() -> None:
    """Finding 7: an actor has one name, with one country and one alignment."""
    events = shipped().events
    per_claimant = events.groupby("claimant")[["claimant_country", "alignment"]].nunique()
    assert per_claimant[(per_claimant > 1).any(axis=1)].index.tolist() == []
    assert "Russian government" not in set(events["claimant"]), "the Kremlin has one name"


def _gap_days(a: pd.Series, b: pd.Series) -> int:
    """Days between two happened spans; 0 when they overlap."""
    return max(0, (max(a["start"], b["start"]) - min(a["end"], b["end"])).days)


def test_contradictions_are_about_the_same_time() -> None:
    """Finding 8: an October denial does not contradict December combat reports."""
    far = [
        (source, target)
        for source, links in shipped_events()["contradicts"].items()
        for target in links
        if _gap_days(shipped_events().loc[source], shipped_events().loc[target]) > 31
    ]
    assert far == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # "Big success" vs "only tactical gains" is a framing disagreement, not a contradiction.
        ("ukmod-casualties-tactical-gains", "romanov-plekhovo-hurricane"),
        # A claim about Kyiv's motive does not make Kyiv's figure false.
        ("jdd-kiev-internationalise", "zelensky-10000-mobilize"),
        ("russia-rejects-accusations", "zelensky-assaults-december-14"),
    ],
)
def test_framing_and_distant_claims_are_not_linked(one: str, other: str) -> None:
    assert other not in shipped_events().loc[one, "contradicts"]
    assert one not in shipped_events().loc[other, "contradicts"]


@pytest.mark.parametrize(
    ("event_id", "source", "words"),
    [
        (
            "medvedev-78-percent-recruitment",
            "000_c8c1ef873393fa57",
            "78% of the military recruitment plan",
        ),
        ("isw-30000-recruits-a-month", "000_c8c1ef873393fa57", "30,000 soldiers per month"),
        (
            "abt-foot-troops-only",
            "000_c8c1ef873393fa57",
            "sighted in Russia so far are foot troops",
        ),
        ("abt-kursk-claims-bizarre", "000_c8c1ef873393fa57", "particularly bizarre"),
        ("abt-no-language-overlap", "000_c8c1ef873393fa57", "no language overlap"),
        (
            "eurasian-exaggerated-claims-both-sides",
            "003_51d8ea2b4fc11b21",
            "exaggerated claims from both sides with little evidence",
        ),
        ("eurasian-no-combat-seven-decades", "003_51d8ea2b4fc11b21", "last seven decades"),
        (
            "western-hardware-since-2022",
            "003_51d8ea2b4fc11b21",
            "Since the start of the Ukraine-Russia war in 2022",
        ),
        (
            "nishioka-officers-since-outbreak",
            "002_fdf6a1604e5ac282",
            "since the outbreak of the war",
        ),
        (
            "japan-sanctions-monitoring",
            "004_c48d07ad756108df",
            "monitor the enforcement of sanctions",
        ),
        ("japan-forward-families-at-risk", "004_c48d07ad756108df", "could be executed"),
        ("mediazona-suicide-indoctrination", "001_60c56e71c65e9ff4", "they must commit suicide"),
        ("mediazona-pilots-vietnam-1960s", "001_60c56e71c65e9ff4", "Vietnam War in the 1960s"),
        (
            "abt-flags-at-the-front",
            "000_c8c1ef873393fa57",
            "waving North Korean flags at the front",
        ),
        (
            "nishioka-russia-withholds-advanced-weapons",
            "002_fdf6a1604e5ac282",
            "reluctant to provide advanced weapons",
        ),
        (
            "mediazona-pilots-arab-israeli-wars",
            "001_60c56e71c65e9ff4",
            "Arab-Israeli wars of 1967 and 1973",
        ),
    ],
)
def test_claims_the_data_lacked_are_there(event_id: str, source: str, words: str) -> None:
    """Finding 9: each dated claim the first curation missed, quoted from its document."""
    event = RAW[event_id]
    assert event["source"] == source
    assert fold(words) in fold(event["quote"])


@pytest.mark.parametrize(
    ("event_id", "said", "published"),
    [
        # Finding 10: placed "no later than" the article, but said earlier, as reporting shows.
        ("woodward-highly-likely-troops", "2024-10-21", "2024-10-25"),
        ("kim-yo-jong-bad-dogs", "2024-10-22", "2024-10-25"),
        ("kremlin-sovereign-right", "2024-10-21", "2024-10-25"),
        ("matsuda-linked-east-asia", "2024-10-22", "2024-10-25"),
        ("ukrainian-media-18-escaped", "2024-10-15", "2024-10-24"),
    ],
)
def test_undated_claims_get_the_earlier_day_they_were_said(
    event_id: str, said: str, published: str
):
    row = shipped_events().loc[event_id]
    assert row["said_start"] == row["said_end"] == _day(said) < _day(published)
    assert pd.isna(row["said_qualifier"])


def test_medvedevs_figure_is_the_only_russian_officials_number_and_is_dated_october() -> None:
    row = shipped_events().loc["medvedev-78-percent-recruitment"]
    assert row["alignment"] == "russia"
    assert _day("2024-10-01") <= row["said_start"] <= row["said_end"] <= _day("2024-10-28")


# --- The record v3 (issue 16 section 4): the review's findings, pinned ---------------------------

SHORT = {e["id"]: e.get("claimant_short") or e["claimant"] for e in RAW_EVENTS}


def test_only_corroborated_claims_are_confirmed() -> None:
    """S5, S6, M7: confirmed is earned by another claimant in another country, never by a verb."""
    confirmed = {i for i, e in RAW.items() if e["status"] == "confirmed"}
    assert confirmed == {
        "zelensky-assaults-december-14",
        "ukmod-offensive-combat-kursk",
        "duma-ratifies-treaty",
        "treaty-signed-june",
    }
    for event_id in confirmed:
        event = RAW[event_id]
        assert event["corroborated_by"], event_id
        for other in event["corroborated_by"]:
            assert RAW[other]["claimant"] != event["claimant"], (event_id, other)
            assert RAW[other]["claimant_country"] != event["claimant_country"], (event_id, other)


@pytest.mark.parametrize(
    "event_id",
    [
        "zelensky-10000-mobilize",
        "nis-12000-special-forces",
        "nis-1500-vladivostok",
        # M7: acts JAPAN Forward states as fact, like the G7's and the summons, are reported.
        "japan-sanctions-monitoring",
        "austin-kyiv-visit",
        "rok-summons-russian-ambassador",
        "g7-defence-ministers-condemn",
        "kim-inspects-special-forces-september-11",
    ],
)
def test_a_claimant_or_a_document_cannot_confirm_itself(event_id: str) -> None:
    assert RAW[event_id]["status"] == "reported"


def test_acts_a_document_states_as_fact_have_the_document_as_claimant() -> None:
    """M7: one convention; the G7's own words keep the G7 as claimant."""
    for event_id in (
        "japan-sanctions-monitoring",
        "austin-kyiv-visit",
        "rok-summons-russian-ambassador",
    ):
        assert RAW[event_id]["claimant"] == "JAPAN Forward", event_id
    assert RAW["g7-defence-ministers-condemn"]["claimant"] == "G7 defence ministers"


def test_the_denials_span_from_the_day_they_were_first_reported() -> None:
    """S2: Peskov's "hoax" of October 10, the DPRK diplomat of October 21, to the essay."""
    for event_id, said in (
        ("russia-rejects-accusations", "2024-10-10"),
        ("dprk-rejects-accusations", "2024-10-21"),
    ):
        row = shipped_events().loc[event_id]
        assert (row["said_start"], row["said_end"]) == (_day(said), _day("2024-10-28"))
        assert (row["start"], row["precision"]) == (_day(said), "approximate")
        assert "nis-3000-by-october-23" in row["contradicts"]  # M4
    assert (
        "nis-3000-by-october-23"
        in shipped_events().loc["abt-figment-of-imagination", "contradicts"]
    )


def test_the_injured_general_is_said_from_the_first_western_report_to_the_article() -> None:
    """S4: the WSJ's Western officials on November 21; the article's "Kyiv claimed" is kept."""
    row = shipped_events().loc["kyiv-nk-general-injured"]
    assert (row["said_start"], row["said_end"]) == (_day("2024-11-21"), _day("2024-12-20"))
    assert row["claimant"] == "Ukrainian government" and row["status"] == "disputed"
    assert "Western officials" in RAW["kyiv-nk-general-injured"]["notes"]


def test_the_burning_faces_post_is_said_on_december_16() -> None:
    """S3: the Telegram and X post of December 16; what it reports happened by then."""
    row = shipped_events().loc["zelensky-burning-faces-december-18"]
    assert (row["said_start"], row["said_end"]) == (_day("2024-12-16"), _day("2024-12-17"))
    assert row["qualifier"] == "by"


def test_one_claim_repeated_by_several_documents_is_one_claim_with_appearances() -> None:
    """D1 and the merges: a relay is an appearance of the claim, not a second claim."""
    sources = {i: [a["source"] for a in e.get("appearances", [])] for i, e in RAW.items()}
    assert sources["nis-12000-special-forces"] == ["001_60c56e71c65e9ff4"]
    assert sources["austin-seeing-evidence"] == ["000_c8c1ef873393fa57"]
    assert sorted(sources["ukraine-video-training-ground"]) == [
        "001_60c56e71c65e9ff4",
        "004_c48d07ad756108df",
    ]
    assert "significant numbers" in RAW["zelensky-assaults-december-14"]["notes"]
    assert shipped_events().loc["ukraine-video-training-ground", "appearance_count"] == 3


@pytest.mark.parametrize("event", RAW_EVENTS, ids=[str(e.get("id")) for e in RAW_EVENTS])
def test_an_unconfirmed_label_names_who_claims_it(event: dict) -> None:
    """M5: no unconfirmed claim reads as fact on a chart or a slide."""
    if event["status"] != "confirmed":
        assert SHORT[event["id"]].lower() in event["label"].lower()


def test_numbers_say_what_they_count() -> None:
    """M6 and the extended troops_kind: batches, plans and totals are told apart."""
    assert "troops" not in RAW["ukrainian-media-18-escaped"]
    kinds = {i: e.get("troops_kind") for i, e in RAW.items() if e.get("troops")}
    assert kinds["nis-1500-vladivostok"] == "batch"
    assert kinds["nis-12000-special-forces"] == "planned"
    assert kinds["zelensky-10000-mobilize"] == "planned"
    assert kinds["nis-3000-by-october-23"] == "deployed"
    assert kinds["exilenova-warning-from-kursk"] == "unit"


def test_claims_dated_only_by_an_estimated_publication_carry_the_uncertainty() -> None:
    """M8: never drawn as an exact day."""
    events = shipped().events
    published = events["source"].map(lambda s: shipped().sources[s].published)
    estimated = events["source"].map(lambda s: shipped().sources[s].published_estimated)
    at_estimate = events[estimated & (events["start"].dt.date == published)]
    exact = at_estimate[
        at_estimate["qualifier"].isna() & (at_estimate["precision"] != "approximate")
    ]
    assert exact["id"].tolist() == []
    assert len(at_estimate) >= 13


def test_a_forecast_is_marked_and_claims_about_a_period_end_when_said() -> None:
    """M1: a claim about a state ends when it was said; one about later is a forecast."""
    for event_id in (
        "nis-12000-special-forces",
        "ukmod-casualties-tactical-gains",
        "zelensky-noticeable-losses",
        "nishioka-russia-pays-per-soldier",
    ):
        assert shipped_events().loc[event_id, "qualifier"] == "by", event_id
    row = shipped_events().loc["nishioka-construction-donetsk"]
    assert (row["start"], row["end"]) == (_day("2024-05-01"), _day("2024-10-21"))
    events = shipped().events
    later = events[events["start"] > events["said_end"]]
    assert set(later["id"]) == {i for i in later["id"] if RAW[i].get("forecast")}
    assert {"hur-2600-kursk-by-end-october", "nishioka-10000-by-year-end"} <= set(later["id"])


def test_the_said_spans_the_review_tightened() -> None:
    """M2, M3: the SBU's release, Medvedev's session, Budanov's interview."""
    for event_id, start, end in (
        ("kyiv-post-hospital-discrimination", "2024-12-18", "2024-12-18"),
        ("medvedev-78-percent-recruitment", "2024-10-17", "2024-10-17"),
        ("hur-2600-kursk-by-end-october", "2024-10-17", "2024-10-18"),
    ):
        row = shipped_events().loc[event_id]
        assert (row["said_start"], row["said_end"]) == (_day(start), _day(end)), event_id


def test_the_umbrella_casualty_claim_summarises_its_instances() -> None:
    """M9: counted once, through its instances."""
    summary = RAW["ukrainian-media-heavy-casualties"]["summary_of"]
    assert set(summary) >= {
        "exilenova-warning-from-kursk",
        "kyiv-nk-general-injured",
        "kyiv-post-hospital-discrimination",
        "zelensky-burning-faces-december-18",
    }
    assert all(RAW[i]["alignment"] == "ukraine" for i in summary)


def test_attribution_judgement_calls() -> None:
    """M10, M11: two wars are not one span; unnamed Western governments are not NATO."""
    assert "not continuous" in RAW["mediazona-pilots-arab-israeli-wars"]["notes"]
    assert RAW["western-hardware-since-2022"]["claimant_country"] == "WEST"


@pytest.mark.parametrize(
    ("event_id", "source", "words"),
    [
        ("nishioka-participation-confirmed", "002_fdf6a1604e5ac282", "has been confirmed by the"),
        ("lankov-officer-corps-critical", "001_60c56e71c65e9ff4", "the officer corps will likely"),
        ("tertitsky-trained-to-kill-the-leader", "001_60c56e71c65e9ff4", "to kill the leader"),
        ("abt-treaty-could-trigger", "000_c8c1ef873393fa57", "at least theoretically trigger"),
        ("abt-west-13000-mercenaries", "000_c8c1ef873393fa57", "some 13,000 mercenaries"),
        ("seoul-protests-keep-out", "004_c48d07ad756108df", "took to the streets of Seoul"),
        (
            "eurasian-casualties-before-combat",
            "003_51d8ea2b4fc11b21",
            "Ukrainian and Western media",
        ),
    ],
)
def test_the_omissions_are_filled(event_id: str, source: str, words: str) -> None:
    """O1-O6: each, quoted from its document."""
    event = RAW[event_id]
    assert event["source"] == source
    assert fold(words) in fold(event["quote"])


def test_the_two_sides_of_october_are_linked() -> None:
    """O1: Nishioka's "confirmed" and Abt's "no one has been able to substantiate"."""
    assert (
        "abt-no-one-substantiated"
        in shipped_events().loc["nishioka-participation-confirmed", "contradicts"]
    )
