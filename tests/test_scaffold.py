"""escort new-plugin: the scaffold installs with pip into a fresh virtualenv, is listed, validates and tests green."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

from escort.scaffold import render_plugin, schema_text


def escort_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "escort", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_new_plugin_writes_the_package(tmp_path):
    proc = escort_cli("new-plugin", "data_protection", "-o", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "escort-data-protection"
    package = root / "escort_data_protection"
    for path in ("pyproject.toml", "README.md", "tests/test_data_protection.py"):
        assert (root / path).is_file(), path
    for path in ("__init__.py", "plugin.py", "data_protection.yaml", "laws.yaml", "checklist.schema.json"):
        assert (package / path).is_file(), path
    assert 'data_protection = "escort_data_protection.plugin"' in (root / "pyproject.toml").read_text(encoding="utf-8")


def test_every_yaml_starts_with_the_schema_comment_and_the_schema_is_shipped(tmp_path):
    package = tmp_path / "escort-demo" / "escort_demo"
    render_plugin("demo", tmp_path / "escort-demo")
    for name in ("demo.yaml", "laws.yaml"):
        first = (package / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert (package / first.split("$schema=")[1]).is_file()
    assert (package / "checklist.schema.json").read_text(encoding="utf-8") == schema_text("checklist")


def test_the_checklist_shows_every_feature(tmp_path):
    render_plugin("demo", tmp_path / "escort-demo")
    data = yaml.safe_load((tmp_path / "escort-demo" / "escort_demo" / "demo.yaml").read_text(encoding="utf-8"))
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert len(data["sections"]) == 2
    assert any(q["type"] == "table" for q in questions)
    assert any("show_if" in q for q in questions)
    assert any("exposure" in r for r in data["rules"])
    assert any("when" not in r for r in data["rules"])  # the computed finding
    assert all(r["cite"] for r in data["rules"])


def test_the_law_file_is_copied_verbatim_from_the_registry(tmp_path):
    from escort.resources import data_path

    render_plugin("demo", tmp_path / "escort-demo")
    mine = yaml.safe_load((tmp_path / "escort-demo" / "escort_demo" / "laws.yaml").read_text(encoding="utf-8"))
    ours = yaml.safe_load(data_path("checklists", "laws", "labour.yaml").read_text(encoding="utf-8"))
    source = next(law for law in ours["laws"] if law["id"] == "labour_contract_law")
    law = mine["laws"][0]
    assert {k: law[k] for k in ("id", "name", "short_name", "revision", "source")} == \
        {k: source[k] for k in ("id", "name", "short_name", "revision", "source")}
    texts = {a["number"]: a["text"] for a in source["articles"]}
    assert {a["number"] for a in law["articles"]} == {"10", "14", "82"}
    assert all(a["text"] == texts[a["number"]] for a in law["articles"])


@pytest.mark.parametrize("name", ["Data", "1abc", "data.x", "x" * 41, "数据"])
def test_an_invalid_name_is_one_line_and_exit_2(tmp_path, name):
    proc = escort_cli("new-plugin", name, "-o", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "invalid plugin name" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path):
    target = tmp_path / "escort-demo"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    proc = escort_cli("new-plugin", "demo", "-o", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_scaffold_installs_with_pip_into_a_fresh_venv_lists_validates_and_tests_green(tmp_path):
    """Fresh venv (Escort and its dependencies visible through a .pth file); the plugin itself goes in with pip."""
    pytest.importorskip("hatchling", reason="building the plugin without network needs hatchling installed")
    render_plugin("demo_privacy", tmp_path / "escort-demo_privacy")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    import escort

    escort_root = Path(escort.__file__).resolve().parent.parent  # an editable install's escort is not in purelib
    (site / "escort-parent.pth").write_text(f"{sysconfig.get_paths()['purelib']}\n{escort_root}\n", encoding="utf-8")
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                          "--no-build-isolation", str(tmp_path / "escort-demo_privacy")],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ESCORT_CHECKLISTS")}

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run([str(python), "-m", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=180)

    listed = run("escort", "list")
    assert listed.returncode == 0, listed.stderr
    assert "demo_privacy     escort-demo-privacy 0.1.0" in listed.stdout
    assert "from demo_privacy" in listed.stdout
    checked = run("escort", "validate")
    assert checked.returncode == 0, checked.stderr
    assert "demo_privacy.yaml" not in checked.stderr  # no errors and no lint warnings
    tests = run("pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path / "escort-demo_privacy")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout
    shown = run("escort", "show", "demo_privacy", "--json")
    assert shown.returncode == 0, shown.stderr
    rules = json.loads(shown.stdout)["rules"]
    assert all(rule["legal_basis"] for rule in rules)


def test_a_hyphenated_name_is_accepted_and_the_next_step_installs_the_folder(tmp_path):
    for typed in ("data-privacy", "data_privacy"):
        out = tmp_path / typed
        out.mkdir()
        proc = escort_cli("new-plugin", typed, cwd=out)
        assert proc.returncode == 0, proc.stderr
        assert "pip install -e ./escort-data-privacy" in proc.stdout
        assert "pip install escort-" not in proc.stdout  # pip would read that as a name on PyPI
        assert (out / "escort-data-privacy" / "escort_data_privacy" / "data_privacy.yaml").is_file()
