"""The layers' contract: no import cycle anywhere, every import points down (pages -> ui ->
exports -> charts -> present -> data), and loading the data leaves Plotly, kaleido and
python-pptx unloaded. Imports are read from the source (inside functions and under
TYPE_CHECKING too), so an import that only runs sometimes is still held to the contract."""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRAWING = ("plotly", "kaleido", "pptx")

# Lowest first: a module may import its own layer or any layer below it, never one above.
LAYERS = (
    ("data", ("timeline.data", "timeline")),
    ("present", ("timeline.present",)),
    ("charts", ("timeline.charts",)),
    ("exports", ("timeline.exports",)),
    ("cli", ("timeline.__main__",)),
    ("ui", ("ui",)),
    ("pages", ("pages",)),
    ("entrypoint", ("dashboard",)),
)


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module of the project's code under `root`."""
    files = [*root.glob("timeline/**/*.py"), *root.glob("ui/*.py"), *root.glob("pages/*.py")]
    files += [root / "dashboard.py"] if (root / "dashboard.py").exists() else []
    return {
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): path
        for path in files
    }


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module `name` imports anywhere in its file: a project module by its dotted name
    (`from package import module` names the module), anything else by its top-level name."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module if module in known else module.split(".")[0] for module in found}


def graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports, project modules by name and libraries by top name."""
    names = module_names(root)
    return {name: imports(name, path, set(names)) for name, path in names.items()}


def layer(module: str) -> int | None:
    """The rank of the layer a project module belongs to (the longest prefix wins)."""
    ranked = [(prefix, rank) for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes]
    for prefix, rank in sorted(ranked, key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the project's modules, or None."""
    inside = {name: {t for t in targets if t in edges} for name, targets in edges.items()}
    try:
        tuple(graphlib.TopologicalSorter(inside).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Every import from a layer to one above it, and every drawing library or Streamlit the
    layers below the user interface import."""
    wrong = []
    for name, targets in sorted(edges.items()):
        rank = layer(name)
        assert rank is not None, f"{name} belongs to no layer"
        for target in sorted(targets):
            if (
                target in edges
                and (target_rank := layer(target)) is not None
                and target_rank > rank
            ):
                wrong.append(f"{name} -> {target}")
            elif name.startswith("timeline") and target == "streamlit":
                wrong.append(f"{name} -> streamlit")
            elif rank == 0 and target in DRAWING:
                wrong.append(f"{name} -> {target}")
    return wrong


def test_no_import_cycle_anywhere() -> None:
    assert cycle(graph(ROOT)) is None


def test_every_import_points_down() -> None:
    assert upward(graph(ROOT)) == []


def test_the_graph_sees_imports_inside_functions_and_for_typing_only() -> None:
    """A positive control: the walk finds the imports the contract is about."""
    edges = graph(ROOT)
    assert "timeline.data.briefings" in edges["timeline.data.load"]
    assert "timeline.exports.pptx" in edges["timeline.exports.registry"]  # inside a function
    assert "kaleido" in edges["timeline.exports.image"]  # inside a function
    assert {"timeline.data.load", "ui.frame"} <= set(edges)


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "timeline/__init__.py": "",
            "timeline/data/__init__.py": "",
            "timeline/data/a.py": "from timeline.data import b\n",
            "timeline/data/b.py": "def f():\n    from timeline.data.a import x\n",
        },
    )
    assert set(cycle(graph(root)) or ()) == {"timeline.data.a", "timeline.data.b"}


def test_a_cycle_under_type_checking_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "timeline/__init__.py": "",
            "timeline/data/__init__.py": "",
            "timeline/data/a.py": "from timeline.data import b\n",
            "timeline/data/b.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import X\n"
            ),
        },
    )
    assert set(cycle(graph(root)) or ()) == {"timeline.data.a", "timeline.data.b"}


@pytest.mark.parametrize(
    ("source", "target", "text"),
    [
        (
            "timeline/data/a.py",
            "timeline.data.a -> timeline.present",
            "from timeline import present\n",
        ),
        ("timeline/data/a.py", "timeline.data.a -> plotly", "def f():\n    import plotly.io\n"),
        (
            "timeline/present.py",
            "timeline.present -> timeline.charts.c",
            "import timeline.charts.c\n",
        ),
        (
            "timeline/charts/c.py",
            "timeline.charts.c -> timeline.exports.e",
            "from ..exports import e\n",
        ),
        ("timeline/exports/e.py", "timeline.exports.e -> streamlit", "import streamlit as st\n"),
        ("ui/u.py", "ui.u -> pages.p", "from pages import p\n"),
    ],
)
def test_an_upward_import_is_found(tmp_path: Path, source: str, target: str, text: str) -> None:
    files = {
        "timeline/__init__.py": "",
        "timeline/data/__init__.py": "",
        "timeline/data/a.py": "",
        "timeline/present.py": "",
        "timeline/charts/__init__.py": "",
        "timeline/charts/c.py": "",
        "timeline/exports/__init__.py": "",
        "timeline/exports/e.py": "",
        "ui/u.py": "",
        "pages/p.py": "",
    }
    root = _package(tmp_path, files | {source: text})
    assert upward(graph(root)) == [target]


def _loaded_after(code: str) -> list[str]:
    """The drawing libraries in sys.modules after running `code` in a fresh interpreter."""
    code += f"\nimport sys; print(sorted(name for name in {DRAWING!r} if name in sys.modules))\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return ast.literal_eval(result.stdout.strip())


def test_loading_the_data_leaves_the_drawing_libraries_unloaded() -> None:
    """The CLI's validate, the snapshot and uploads load the data: none of them pays for Plotly."""
    loaded = _loaded_after(
        "import importlib, pathlib\n"
        "from timeline import load_dataset\n"
        "for path in pathlib.Path('timeline/data').glob('*.py'):\n"
        "    importlib.import_module('timeline.data.' + path.stem)\n"
        "dataset = load_dataset('events', 'seeds')\n"
        "assert len(dataset.events) > 0 and not dataset.problems, dataset.problems\n"
    )
    assert loaded == []


def test_a_chart_does_load_plotly() -> None:
    """A positive control: the check above sees Plotly when it is loaded."""
    assert "plotly" in _loaded_after("import timeline.charts.timeline")


def test_the_layout_page_has_a_line_for_every_module() -> None:
    """docs/layout.md's tree names each module of the code under its folder, so it stays the map."""
    tree = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8").split("```")[1]
    listed: set[str] = set()
    folders: list[str] = []
    for line in tree.splitlines():
        indent = (len(line) - len(line.lstrip())) // 2
        name = line.split()[0] if line.strip() else ""
        if name.endswith("/"):
            folders[indent:] = [name.rstrip("/")]
        elif name.endswith(".py"):
            listed.add("/".join([*folders[:indent], name]))
    modules = {  # a package's __init__ is its folder's line
        str(path.relative_to(ROOT))
        for path in module_names(ROOT).values()
        if path.name != "__init__.py"
    }
    assert modules <= listed, sorted(modules - listed)
