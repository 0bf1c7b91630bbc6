"""axe-core, the accessibility engine, run inside a Playwright page: its serious and critical
violations. The script comes from npm (`npm install --prefix .ci/npm axe-core@4.14.1`, which
.ci/run does), or from the file named by $AXE_CORE."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AXE_CORE = Path(
    os.environ.get("AXE_CORE", REPO / ".ci" / "npm" / "node_modules" / "axe-core" / "axe.min.js")
)
SERIOUS = ("serious", "critical")


def axe_script() -> str:
    """The text of axe.min.js; the test skips without it, and fails on CI."""
    if not AXE_CORE.is_file():
        missing = f"{AXE_CORE} is missing (npm install --prefix .ci/npm axe-core@4.14.1)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI must run the accessibility checks, not skip them")
        pytest.skip(missing)
    return AXE_CORE.read_text(encoding="utf-8")


def serious_violations(page: object, script: str) -> list[str]:
    """Each serious or critical axe-core violation on the page as it is drawn now, one line
    each: the rule, its help text and the first elements it names."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=script)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {'; '.join(v['nodes'])}"
        for v in found
        if v["impact"] in SERIOUS
    ]
