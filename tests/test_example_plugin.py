"""The third-party example plugin (examples/plugins/escort-wagearrears) as an installed distribution.

The plugin is put on a path as a real distribution (package + .dist-info with
entry_points.txt), so Escort discovers it through the ``escort`` entry-point
group exactly as it would after ``pip install``; its checklist is then
listed, linted, checked beside the built-ins, and its own test-suite is run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plugins" / "escort-wagearrears"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(EXAMPLE / "escort_wagearrears", site / "escort_wagearrears")
    info = site / "escort_wagearrears-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: escort-wagearrears\nVersion: 1.0.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[escort]\nwagearrears = escort_wagearrears.plugin\n", encoding="utf-8")
    return site


def escort(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("ESCORT_CHECKLISTS", None)
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, env=env, cwd=cwd or site, timeout=180)


def test_escort_list_discovers_the_entry_point(site):
    proc = escort(site, "escort", "list")
    assert proc.returncode == 0, proc.stderr
    assert "wagearrears      escort-wagearrears 1.0.0" in proc.stdout
    line = next(l for l in proc.stdout.splitlines() if l.strip().startswith("wage_arrears"))
    assert "21 questions, 13 rules; from wagearrears" in line


def test_its_checklist_passes_escort_validate_without_warnings(site):
    proc = escort(site, "escort", "validate")
    assert proc.returncode == 0, proc.stderr
    assert "wage_arrears.yaml" not in proc.stderr and "escort_wagearrears" not in proc.stderr


def test_its_checklist_runs_in_escort_check_beside_the_built_ins(site, tmp_path):
    from escort.testing import TEST_USCC

    answers = {
        "enterprise": {"name": "示例制造有限公司", "uscc": TEST_USCC, "employees": 80, "tags": ["escort-sample"]},
        "assessment": {"date": "2026-11-20"},
        "answers": {
            "sample": {"headcount": 80, "has_unsigned": False, "overtime_hours_max": 40},
            "wage_arrears": {"payday_fixed": True, "wages_late": False, "arrears_now": True,
                             "arrears_staff": [{"name": "张三", "months_owed": 2, "amount": 12000}],
                             "labour_order": False, "overtime_pay": "paid"},
        },
    }
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    proc = escort(site, "escort", "check", str(path), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    fired = {(f["checklist"], f["rule"]) for f in result["findings"] if f["status"] == "fired"}
    assert ("sample", "overtime_over_cap") in fired
    assert ("wage_arrears", "wages_owed") in fired
    owed = next(f for f in result["findings"] if f["rule"] == "wages_owed")
    assert owed["exposure"]["low"] == 12000 and owed["exposure"]["high"] == 12000 * 2  # 劳动合同法第八十五条
    assert owed["legal_basis"][0]["label"] == "第八十五条"


def test_its_own_test_suite_passes(site):
    proc = escort(site, "pytest", "-q", "-p", "no:cacheprovider", cwd=EXAMPLE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


def test_its_law_entries_are_verbatim_copies_of_the_registry():
    mine = yaml.safe_load((EXAMPLE / "escort_wagearrears" / "laws.yaml").read_text(encoding="utf-8"))["laws"]
    ours = {law["id"]: law for law in yaml.safe_load((ROOT / "checklists" / "laws" / "labour.yaml")
                                                     .read_text(encoding="utf-8"))["laws"]}
    assert len(mine) >= 4
    for law in mine:
        source = ours[law["id"]]
        for key in ("name", "short_name", "revision", "source"):
            assert law[key] == source[key]
        by_number = {a["number"]: a for a in source["articles"]}
        for article in law["articles"]:
            assert article == by_number[article["number"]], f"{law['id']}#{article['number']} differs"


def test_it_has_at_least_15_questions_and_10_rules():
    data = yaml.safe_load((EXAMPLE / "escort_wagearrears" / "wage_arrears.yaml").read_text(encoding="utf-8"))
    assert sum(len(s["questions"]) for s in data["sections"]) >= 15
    assert len(data["rules"]) >= 10
