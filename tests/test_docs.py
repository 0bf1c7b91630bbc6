"""The README stays short and points at every docs/ page, and every link between them leads somewhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

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


SPEED = ROOT / "docs" / "speed.md"
RESULTS = sorted((ROOT / "benchmarks").glob("*results.md"))
NUMBER = r"\d[\d,]*(?:\.\d+)?"
# A measured figure: a decimal, or a whole number with a unit of time, size or ratio ("25x").
FIGURE = re.compile(r"(?<![\w.\-/])(\d[\d,]*\.\d+|\d[\d,]*(?=\s?(?:s|ms|MB|GB|x)\b))")


def _goals_dropped(text: str) -> str:
    """The text without its goals, which are targets rather than measures."""
    text = re.sub(r"\(goal:[^)]*\)", "", text)
    lines = []
    goal_column = None
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and "goal" in [cell.strip() for cell in cells]:
            goal_column = [cell.strip() for cell in cells].index("goal")
        elif not line.startswith("|"):
            goal_column = None
        if goal_column is not None and line.startswith("|"):
            del cells[goal_column]
        lines.append("|".join(cells))
    return "\n".join(lines)


def speed_figures() -> list[str]:
    """Every measured figure of the Speed page, the README's Speed section and its lines about speed."""
    text = README.read_text("utf-8")
    section = (
        text.split("\n## Speed\n", 1)[1].split("\n## ", 1)[0] if "\n## Speed\n" in text else ""
    )
    readme = [line for line in text.splitlines() if "speed" in line.lower()] + [section]
    text = _goals_dropped(SPEED.read_text(encoding="utf-8") + "\n" + "\n".join(readme))
    return sorted(set(FIGURE.findall(text)))


def _results_numbers() -> list[float]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in RESULTS)
    return [float(number.replace(",", "")) for number in re.findall(NUMBER, text)]


@pytest.mark.parametrize("figure", speed_figures())
def test_every_speed_figure_comes_from_a_results_file_a_benchmark_writes(figure):
    value = float(figure.replace(",", ""))
    decimals = len(figure.split(".")[1]) if "." in figure else 0
    half_step = 0.5 * 10**-decimals + 1e-9
    assert any(abs(number - value) <= half_step for number in _results_numbers()), (
        f"{figure} in docs/speed.md is in no benchmarks/*results.md"
    )


def test_the_readme_speed_section_is_read_for_figures():
    text = README.read_text("utf-8")
    section = text.split("\n## Speed\n", 1)[1].split("\n## ", 1)[0]
    assert set(FIGURE.findall(_goals_dropped(section))) <= set(speed_figures())
    assert FIGURE.findall(_goals_dropped(section))


def test_the_speed_page_has_figures_and_every_results_file_says_when_and_where():
    assert len(speed_figures()) > 20
    assert {path.name for path in RESULTS} >= {"load-results.md", "results.md"}
    for path in RESULTS:
        opening = path.read_text(encoding="utf-8").split("\n|", 1)[0]
        assert re.search(r"20\d\d-\d\d-\d\d", opening), f"{path.name} gives no date"
        assert "load average" in opening, path.name
        assert "core" in opening, path.name


def test_the_readmes_own_data_example_is_valid_data(tmp_path):
    from timeline.data.load import load_dataset

    section = README.read_text(encoding="utf-8").split("## Your own data", 1)[1]
    source, event = (
        yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)
    )
    events_dir, seeds_dir = tmp_path / "events", tmp_path / "seeds"
    events_dir.mkdir()
    seeds_dir.mkdir()
    shutil.copy(ROOT / "events" / "taxonomy.yaml", events_dir)
    (events_dir / "2024-10.yaml").write_text(yaml.safe_dump(event), encoding="utf-8")
    (seeds_dir / "sources.yaml").write_text(yaml.safe_dump(source), encoding="utf-8")
    quote = event[0]["quote"]
    (seeds_dir / source[0]["file"]).write_text(f"It said it had {quote}.\n", encoding="utf-8")
    dataset = load_dataset(events_dir, seeds_dir)
    assert dataset.problems == []
    assert list(dataset.events["id"]) == [event[0]["id"]]


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda page: page.name)
def test_every_picture_a_page_shows_is_there(page):
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page.read_text(encoding="utf-8"))
    missing = [p for p in pictures if not (page.parent / p).is_file()]
    assert not missing, f"{page.name} shows pictures that are not in the repository: {missing}"
