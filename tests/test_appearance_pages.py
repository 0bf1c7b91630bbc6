"""The record's v3 keys on the pages (AppTest): the Sources page marks a claim in every document
that carries it, the card lists every appearance and what corroborates the claim, and the
presenter view says when a briefing runs in a curated order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, open_page
from ui import md

HIGHLIGHT = ":orange-background["
# The bravo dispatch (published 2024-12-16) carries the NIS claim of alpha (2024-10-25) again.
RELAYED = "NATO said the deployment had been confirmed by several allies"
APPEARANCE = f"""  appearances:
    - source: bravo
      quote: {RELAYED}
      date: in October
      notes: The dispatch names no source for it.
"""


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The dashboard fixture with an appearance of kr-nis-12000 in bravo, and nato-confirms
    corroborated by it."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    october = root / "events" / "october.yaml"
    text = october.read_text(encoding="utf-8")
    anchor = "  tags: [numbers]\n"
    october.write_text(text.replace(anchor, anchor + APPEARANCE, 1), encoding="utf-8")
    december = root / "events" / "december.yaml"
    text = december.read_text(encoding="utf-8")
    december.write_text(
        text.replace("corroborated_by: [ua-first-combat]", "corroborated_by: [kr-nis-12000]"),
        encoding="utf-8",
    )
    monkeypatch.setenv("EVENTS_DIR", str(root / "events"))
    monkeypatch.setenv("SEEDS_DIR", str(root / "seeds"))
    return root


def test_the_sources_page_marks_a_further_appearance_in_its_document() -> None:
    at = open_page("sources", {"source": "bravo"})
    assert not at.exception
    assert not [m.value for m in at.main.warning]
    buttons = {b.key: b.label for b in at.button if b.key and b.key.startswith("quote_")}
    assert "quote_bravo_kr-nis-12000" in buttons
    assert any(HIGHLIGHT + md(RELAYED) in m.value for m in at.main.markdown)
    assert "**Events:** 4 quote it; 4 pass the filters" in "\n".join(
        m.value for m in at.main.markdown
    )


def test_the_card_lists_every_appearance_with_its_standing() -> None:
    at = open_page("sources", {"source": "alpha", "event": "kr-nis-12000"})
    assert not at.exception
    text = "\n".join(m.value for m in at.main.markdown)
    assert "**Appearances:** 2 documents, first seen 2024-10-25; 1 independent source" in text
    assert "**Appearance 2**" in text
    assert f"{HIGHLIGHT}**{md(RELAYED)}**]" in text
    captions = [c.value for c in at.main.caption]
    assert any(md("Second fixture dispatch") in caption for caption in captions)
    assert f"relays it; dates it “in October”; {md('The dispatch names no source for it.')}" in (
        captions
    )


def test_the_card_shows_the_corroboration_as_links() -> None:
    at = open_page("sources", {"source": "bravo", "event": "nato-confirms"})
    assert not at.exception
    assert "**Corroborated by**" in [m.value for m in at.main.markdown]
    [button] = [b for b in at.button if b.key == "corroborated_by_kr-nis-12000"]
    assert button.label == md("NIS says about 12,000 soldiers will be sent")
    button.click().run()
    assert at.query_params["event"] == "kr-nis-12000"


def test_the_presenter_view_says_when_a_briefing_is_in_a_curated_order(data: Path) -> None:
    folder = data / "events" / "briefings"
    folder.mkdir(exist_ok=True)
    (folder / "talk.yaml").write_text(
        "title: Talk\norder: curated\norder_reason: The denial first, then what it denies.\n"
        "steps:\n  - event: ru-kremlin-denial\n  - event: kr-nis-12000\n",
        encoding="utf-8",
    )
    at = open_page("briefing", {"briefing": "talk", "step": "2", "notes": "1"})
    assert not at.exception
    assert (
        f"Steps in a curated order, not as said: {md('The denial first, then what it denies.')}"
        in [c.value for c in at.main.caption]
    )
    room = open_page("briefing", {"briefing": "talk", "step": "2"})
    assert not any("curated order" in c.value for c in room.main.caption)
