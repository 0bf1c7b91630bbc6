"""A copy of the dashboard fixture with one hostile payload in every text field of every file, each
field numbered so that a hit names it: markup, links, icons, autolinks and formulas."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "dashboard"


def payload(n: int) -> str:
    """Text that would run, fetch, link or decorate if any output read it as anything but text."""
    return (
        f'P{n} <img src=x onerror=alert({n})> <a href="http://evil.example/a-{n}">alink{n}</a> '
        f'<span style="fill:url(http://evil.example/css-{n}.svg#a)">S{n}</span> '
        f"[md{n}](javascript:alert({n})) :material/verified: :streamlit: "
        f"http://evil.example/auto-{n} www.evil-{n}.example x{n}@evil.example **bold{n}** "
        f'=HYPERLINK("http://evil.example/csv-{n}") END{n}'
    )


# Field numbers, as the review that found the holes numbered them.
EVENT_FIELDS = {"title": 1, "claimant": 5, "location": 6, "notes": 7}
SOURCE_FIELDS = {"title": 10, "outlet": 11, "author": 12}


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_copy(root: Path) -> Path:
    """The fixture copied to `root` with payloads in every text field; returns `root`."""
    shutil.copytree(FIXTURE, root)
    events, seeds = root / "events", root / "seeds"
    quote = payload(4)
    with (seeds / "alpha.txt").open("a", encoding="utf-8") as seed:
        seed.write(f"\n{quote}\n")

    def events_file(items: list[dict]) -> None:
        for item in items:
            for field, n in EVENT_FIELDS.items():
                item[field] = payload(n)
            item["tags"] = [payload(8), '=HYPERLINK("http://evil.example/tag")']
        first = items[0]
        first["quote"], first["source"] = quote, "alpha"
        first["date"], first["start"] = payload(9), "2024-10-10"
        first["tags"].append("source-problem")

    _edit(events / "october.yaml", events_file)

    def sources_file(items: list[dict]) -> None:
        for item in items:
            for field, n in SOURCE_FIELDS.items():
                item[field] = payload(n)

    _edit(seeds / "sources.yaml", sources_file)

    def taxonomy_file(taxonomy: dict) -> None:
        for vocabulary, n in (("alignments", 16), ("kinds", 17), ("statuses", 18)):
            for term in taxonomy[vocabulary].values():
                term["label"] = payload(n)
        taxonomy["bodies"] = {**taxonomy.get("bodies", {}), "EVIL": payload(19)}
        taxonomy["country_names"] = {**taxonomy.get("country_names", {}), "RU": payload(20)}

    _edit(events / "taxonomy.yaml", taxonomy_file)
    (events / "dataset.yaml").write_text(
        yaml.safe_dump({"title": payload(24), "subtitle": payload(25)}, allow_unicode=True),
        encoding="utf-8",
    )
    return root
