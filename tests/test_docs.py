"""The README stays short and points at every docs/ page, and every link between them leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def test_the_readme_is_what_a_newcomer_reads_in_ten_minutes():
    text = README.read_text(encoding="utf-8")
    assert len(text) < 15_000
    for heading in ("## Two commands", "## The pages", "## Presenting a briefing", "## Exports"):
        assert heading in text
    assert "seeds/sources.yaml" in text.split("## Your own data", 1)[1]


def test_the_readme_links_every_docs_page():
    linked = {(ROOT / target).resolve() for target in LINK.findall(README.read_text("utf-8"))}
    assert PAGES
    for page in PAGES:
        assert page.resolve() in linked, page.name


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda page: page.name)
def test_every_link_to_a_page_leads_to_one(page):
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        assert (page.parent / target).is_file(), f"{page.name} links {target}"
