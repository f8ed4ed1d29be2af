"""The generated docs and JSON Schemas are committed; they must match the code they come from."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from escort import hookspecs
from escort.functions import FUNCTIONS
from escort.models import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "scripts" / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["reference.md", "hooks.md", "schema/checklist.schema.json",
                                  "schema/answers.schema.json", "schema/laws.schema.json"])
def test_generated_file_is_up_to_date(name):
    expected = load_generator().outputs()[DOCS / name]
    assert (DOCS / name).read_text(encoding="utf-8") == expected, \
        f"docs/{name} is out of date; run: python scripts/gen_reference.py"


@pytest.mark.parametrize("kind", ["checklist", "answers"])
def test_committed_schema_equals_escort_schema_output(kind, tmp_path):
    out = tmp_path / f"{kind}.json"
    proc = subprocess.run([sys.executable, "-m", "escort", "schema", kind, "-o", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == (DOCS / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8")) == SCHEMAS[kind].model_json_schema()


def test_every_hookspec_is_documented_with_its_docstring():
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    hooks = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("escort_")]
    assert len(hooks) >= 5
    for name in hooks:
        assert f"## `{name}(" in text, f"hook {name} missing from docs/hooks.md"
        first_line = inspect.getdoc(getattr(hookspecs, name)).splitlines()[0]
        assert first_line in text


def test_every_expression_function_and_question_type_is_in_the_reference():
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    for name in FUNCTIONS:
        assert f"| `{name}(" in text, f"function {name} missing from docs/reference.md"
    for kind in ("yes_no", "choice", "multi_choice", "number", "money", "percent", "date", "text", "table"):
        assert f"| `{kind}` |" in text


def test_every_checklist_field_is_in_the_reference():
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    for model in ("Checklist", "Section", "Question", "Column", "Option", "Rule", "Exposure"):
        section = text.split(f"### {model}\n", 1)[1].split("\n### ", 1)[0]
        for field in SCHEMAS["checklist"].model_json_schema()["$defs"].get(model, SCHEMAS["checklist"].model_json_schema())["properties"]:
            assert f"| `{field}` |" in section, f"{model}.{field} missing from docs/reference.md"


def test_authoring_docs_exist_and_link_the_references():
    for name in ("authoring.md", "publishing.md"):
        assert (DOCS / name).exists(), f"docs/{name} is missing"
    authoring = (DOCS / "authoring.md").read_text(encoding="utf-8")
    assert "escort new-plugin" in authoring and "reference.md" in authoring and "hooks.md" in authoring


def test_the_batch_front_end_in_the_service_docs_runs(tmp_path, monkeypatch):
    """docs/service.md's batch example, run as written on a folder holding two examples and a broken file."""
    import re
    import shutil

    text = (DOCS / "service.md").read_text(encoding="utf-8")
    block = text.split("## A batch front end", 1)[1]
    code = re.search(r"```python\n(.*?)```", block, re.S).group(1)
    (tmp_path / "answers").mkdir()
    (tmp_path / "out").mkdir()
    examples = DOCS.parent / "examples"
    for name in ("well_run.yaml", "sample.yaml"):
        shutil.copy(examples / name, tmp_path / "answers" / name)
    (tmp_path / "answers" / "broken.yaml").write_text("enterprise: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    printed = []
    exec(compile("from escort.config import Config\n" + code, "service.md", "exec"),
         {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sample.json", "well_run.json"]
    assert len(printed) == 1 and printed[0].startswith(str(Path("answers") / "broken.yaml") + ":2: not valid YAML")
