"""Plugins come in through the ``escort`` entry-point group; a broken one is a warning, not an outage."""

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from escort.plugins import Plugins
from escort.registry import build_registry

CHECKLIST = """\
id: thirdparty
version: "0.1.0"
title: 第三方示例清单
domain: other
sections:
  - id: s
    title: 节
    questions:
      - id: has_policy
        text: 是否有书面制度？
        type: yes_no
rules:
  - id: no_policy
    title: 没有书面制度
    when: not has_policy and is_small(enterprise.employees)
    severity: low
    cite: [labour_contract_law#4]
    consequence: 后果
    recommendation: 建议
    timeframe: within_90_days
"""

MODULE = """\
from pathlib import Path
from escort import hookimpl

@hookimpl
def escort_checklists():
    return [Path(__file__).with_name("thirdparty.yaml")]

@hookimpl
def escort_functions():
    return {"is_small": lambda n: n < 100}
"""


def build_wheel(folder: Path) -> Path:
    """Write a real wheel for a distribution 'escort-thirdparty' with an 'escort' entry point."""
    files = {
        "escort_thirdparty/__init__.py": MODULE,
        "escort_thirdparty/thirdparty.yaml": CHECKLIST,
        "escort_thirdparty-0.1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: escort-thirdparty\nVersion: 0.1.0\n",
        "escort_thirdparty-0.1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "escort_thirdparty-0.1.0.dist-info/entry_points.txt": "[escort]\nthirdparty = escort_thirdparty\n",
    }
    record = []
    wheel = folder / "escort_thirdparty-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name, text in files.items():
            data = text.encode("utf-8")
            zf.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{name},sha256={digest},{len(data)}")
        record.append("escort_thirdparty-0.1.0.dist-info/RECORD,,")
        zf.writestr("escort_thirdparty-0.1.0.dist-info/RECORD", "\n".join(record) + "\n")
    return wheel


@pytest.fixture(scope="module")
def installed_thirdparty(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    target = folder / "site"
    wheel = build_wheel(folder)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    return target


def test_pip_installed_plugin_is_listed_and_its_checklist_runs(installed_thirdparty, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(installed_thirdparty))
    listing = subprocess.run([sys.executable, "-m", "escort", "list"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert listing.returncode == 0
    assert "thirdparty       escort-thirdparty 0.1.0" in listing.stdout
    line = next(l for l in listing.stdout.splitlines() if "第三方示例清单" in l)
    assert line.endswith("(1 questions, 1 rules; from thirdparty)")
    answers = tmp_path / "a.yaml"
    answers.write_text("enterprise: {name: 乙公司, uscc: 91350100M000100Y43, employees: 20}\n"
                       "assessment: {date: 2026-11-20}\nchecklist_versions: {thirdparty: 0.1.0}\n"
                       "answers:\n  thirdparty:\n    has_policy: no\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "escort", "check", str(answers), "-o", str(tmp_path / "out")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "没有书面制度" in check.stdout
    assert (tmp_path / "out" / "result.json").exists()


class FakeEntryPoint:
    def __init__(self, name, loader):
        self.name, self.value, self.dist, self._loader = name, f"fake:{name}", None, loader

    def load(self):
        return self._loader()


def test_plugin_that_fails_to_import_is_named_and_others_still_load():
    def broken():
        raise ImportError("No module named 'missing_dependency'")

    import escort.builtins.sample as sample
    plugins = Plugins().load(entry_points=[FakeEntryPoint("broken", broken), FakeEntryPoint("sample", lambda: sample)])
    registry = build_registry(plugins)
    assert "sample" in registry.checklists
    messages = [str(p) for p in registry.problems]
    assert any("plugin 'broken' (? ?) failed to load: ImportError: No module named 'missing_dependency'" in m for m in messages)
    assert all(p.level == "warning" for p in registry.problems)


def test_strict_mode_makes_a_broken_plugin_an_error():
    plugins = Plugins(strict=True).load(entry_points=[FakeEntryPoint("broken", lambda: 1 / 0)])
    assert [p.level for p in plugins.problems] == ["error"]


def test_plugin_returning_bad_data_is_named():
    class Bad:
        from escort import hookimpl

        @hookimpl
        def escort_checklists(self):
            return "not a list"

        @hookimpl
        def escort_functions(self):
            return {"len": lambda x: 0}  # clashes with the core's len

    plugins = Plugins().load(entry_points=[FakeEntryPoint("bad", lambda: Bad())])
    build_registry(plugins)
    messages = [str(p) for p in plugins.problems]
    assert any("plugin 'bad': escort_checklists must return a list, not str" in m for m in messages)
    assert any("two plugins provide the expression function 'len': 'escort.core' and 'bad'" in m for m in messages)


def test_disabled_builtin_leaves_a_working_core():
    import escort.builtins.sample as sample
    plugins = Plugins(disabled={"sample"}).load(entry_points=[FakeEntryPoint("sample", lambda: sample)])
    registry = build_registry(plugins)
    assert registry.checklists == {} and "days_between" in registry.functions
    assert [i.error for i in plugins.infos if i.name == "sample"] == ["disabled"]


def test_folder_of_yaml_is_a_plugin(tmp_path):
    (tmp_path / "thirdparty.yaml").write_text(CHECKLIST.replace(" and is_small(enterprise.employees)", ""), encoding="utf-8")
    plugins = Plugins(folders=[tmp_path]).load(entry_points=[])
    registry = build_registry(plugins)
    # the folder has no law file and no plugin provides labour_contract_law#4: the citation cannot resolve
    assert "thirdparty" not in registry.checklists
    assert any("labour_contract_law#4" in str(p) and p.code == "E-CITE" for p in registry.problems)
    law = Path(__file__).resolve().parent.parent / "checklists" / "laws" / "labour.yaml"
    (tmp_path / "laws.yaml").write_text(law.read_text(encoding="utf-8"), encoding="utf-8")
    registry = build_registry(Plugins(folders=[tmp_path]).load(entry_points=[]))
    assert registry.checklists["thirdparty"].plugin == f"folder:{tmp_path}"


def test_every_hook_is_documented_with_its_parts():
    from escort import hookspecs

    for name in ("escort_checklists", "escort_laws", "escort_functions", "escort_findings", "escort_report_sections"):
        doc = getattr(hookspecs, name).__doc__
        assert "Called" in doc and ":returns:" in doc and "Example" in doc, name


def test_a_plugin_failing_in_escort_findings_is_named_in_the_result(escort_registry):
    from escort.answers import answers_from_data
    from escort.engine import evaluate
    from escort.testing import TEST_USCC

    class Failing:
        from escort import hookimpl

        @hookimpl
        def escort_findings(self, checklist):
            raise RuntimeError("database unreachable")

    escort_registry.plugins.pm.register(Failing(), name="failing")
    try:
        answers, _ = answers_from_data({"enterprise": {"name": "甲", "uscc": TEST_USCC, "tags": ["escort-sample"]},
                                        "assessment": {"date": "2026-11-20"},
                                        "answers": {"sample": {"headcount": 3}}}, escort_registry)
        result = evaluate(escort_registry, answers, only=["sample"])
    finally:
        escort_registry.plugins.pm.unregister(name="failing")
    assert "plugin 'failing' raised in escort_findings: RuntimeError: database unreachable" in result.warnings
