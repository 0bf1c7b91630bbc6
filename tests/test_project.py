"""Meta-tests that keep the project honest: the README's commands exist, pages are registered, pins pin."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(page.read_text(encoding="utf-8") for page in sorted((ROOT / "docs").glob("*.md")))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
TARGETS = set(re.findall(r"^([a-z]+):", MAKEFILE, flags=re.MULTILINE))


def test_the_readme_gives_the_two_commands_and_the_makefile_has_them():
    block = README.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    assert "streamlit run serve.py" in MAKEFILE.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "pytest" in MAKEFILE.split("\ntest:", 1)[1].split("\n\n", 1)[0]


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make (\w+)", README + DOCS))))
def test_every_make_task_the_readme_and_docs_name_exists(target):
    assert target in TARGETS


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.strip().splitlines()[-1] == "make test"
    assert "chromium" in script


def test_every_page_is_registered():
    dashboard = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    for page in (ROOT / "pages").glob("*.py"):
        assert f'page("{page.stem}"' in dashboard, page.name


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt", "constraints.txt"])
def test_requirements_are_pinned_exactly(name):
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r "):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{name}: {line}"


def test_constraints_cover_every_direct_requirement():
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8").lower()
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r "):
                assert line.lower().replace("_", "-") in constraints.replace("_", "-"), line


def test_the_core_never_imports_streamlit():
    """timeline/ is the pure core: importing every module of it loads no Streamlit."""
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "timeline").rglob("*.py")
    ]
    assert "timeline.data.load" in modules and "timeline.exports.pptx" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("target", ["lint", "test"])
def test_the_app_is_type_checked_by_lint_and_test(target):
    recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, flags=re.MULTILINE)
    assert recipe is not None and "mypy" in recipe[1]
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert set(settings["files"]) == {"timeline", "ui", "pages", "dashboard.py"}


def test_tests_share_through_conftest_and_helpers_never_through_each_other():
    """A test module imports no other test module, and the test package by one name only."""
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for name in names:
                assert not name.startswith(("tests.test_", "test_")), f"{path.name}: {name}"
                assert name.split(".")[0] not in {"factories", "helpers", "server"}, (
                    f"{path.name}: import {name} as tests.{name}"
                )


def test_the_project_points_at_nothing_outside_it():
    """Code, docs and tests name only files of the project: no design notes kept elsewhere."""
    outside = re.compile(r"\.\./shared|DESIGN\.md|STYLE\.md|SHAPE\.md")
    for path in ROOT.rglob("*"):
        if path.suffix in {".py", ".md", ".yaml", ".toml"} and ".venv" not in path.parts:
            assert not outside.search(path.read_text(encoding="utf-8", errors="replace")), path
