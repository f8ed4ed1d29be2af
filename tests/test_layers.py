"""Built-in plugins use only the API a third-party plugin has; the layer contracts themselves are in pyproject.toml."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS = sorted((Path(__file__).resolve().parent.parent / "plugins").glob("*.py"))
# What a plugin may import from Escort: the hook marker, models and records, expression values and
# functions, the bundled data locations and output formats.  Never the engine, the CLI or the catalog.
PUBLIC = {"escort", "escort.models", "escort.functions", "escort.expressions", "escort.resources", "escort.formats"}


def escort_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "escort":
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] == "escort"}
    return names


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.stem)
def test_a_built_in_plugin_imports_only_the_public_plugin_api(path):
    assert escort_imports(path) <= PUBLIC, escort_imports(path) - PUBLIC


def test_the_core_never_names_a_built_in_plugin():
    core = Path(__file__).resolve().parent.parent / "escort"
    for path in core.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "escort.builtins." not in text, path
        assert "plugins/" not in text.replace("the repository's top-level ``plugins/``", ""), path
