"""Re-check diff and rectification tracking, on pairs of results built by hand."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from escort.errors import EscortError
from escort.recheck import diff_results, recheck_section

from escort.resources import data_path

EXAMPLES = data_path("examples")


@pytest.fixture
def pair(make_result):
    old = make_result(7, "2026-05-10", [
        ("labour", "no_contract", "high", "fired", 10_000),
        ("contracts", "overdue", "medium", "fired", 5_000),
        ("ip", "nda", "high", "fired", None),
        ("tax", "late", "low", "fired", 1_000),
        ("tax", "invoice", "medium", "fired", 2_000),
    ])
    new = make_result(7, "2026-11-10", [
        ("labour", "no_contract", "critical", "fired", 10_000),   # more severe
        ("contracts", "overdue", "medium", "fired", 3_000),       # same severity, less money
        ("ip", "nda", "high", "verify", None),                     # still there (unknown is never compliant)
        ("privacy", "consent", "medium", "fired", 7_000),          # new
        ("tax", "invoice", "medium", "fired", 2_000, "dismissed"), # a lawyer dismissed it: gone
    ], rectification={"tax": {"late": {"status": "verified", "responsible": "李会计", "due": "2026-08-31",
                                       "evidence": ["完税凭证"], "verified_by": "陈律师", "verified_on": "2026-11-10"}}})
    return old, new


def test_each_finding_is_classified(pair):
    diff = diff_results(*pair)
    changes = {r.rule: r.change for r in diff.rows}
    assert changes == {"no_contract": "worsened", "overdue": "improved", "nda": "persisting", "consent": "new",
                       "late": "resolved", "invoice": "resolved"}
    assert diff.counts == {"worsened": 1, "new": 1, "persisting": 1, "improved": 1, "resolved": 2}


def test_money_change_per_row_and_in_total(pair):
    diff = diff_results(*pair)
    money = {r.rule: r.money_change for r in diff.rows}
    assert money == {"no_contract": 0, "overdue": 3_000 - 5_000, "nda": 0, "consent": 7_000,
                     "late": -1_000, "invoice": -2_000}
    assert diff.money_change == -2_000 + 7_000 - 1_000 - 2_000


def test_order_of_arguments_does_not_matter(pair):
    old, new = pair
    assert diff_results(new, old).counts == diff_results(old, new).counts


def test_rectification_record_travels_with_the_row(pair):
    row = next(r for r in diff_results(*pair).rows if r.rule == "late")
    assert row.rectification["status"] == "verified" and row.rectification["verified_by"] == "陈律师"
    html = recheck_section(diff_results(*pair)).html
    assert recheck_section(diff_results(*pair)).title == "整改情况"
    assert "已核验" in html and "李会计" in html and "已解决" in html


def test_different_enterprises_are_refused(make_result):
    a = make_result(1, "2026-01-01", [])
    b = make_result(2, "2026-06-01", [])
    with pytest.raises(EscortError, match="same USCC"):
        diff_results(a, b)


def test_recheck_cli_writes_the_follow_up_report(pair, tmp_path, run_cli):
    old, new = pair
    (tmp_path / "old.json").write_text(old.model_dump_json(), encoding="utf-8")
    (tmp_path / "new.json").write_text(new.model_dump_json(), encoding="utf-8")
    out = run_cli("recheck", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "-o", str(tmp_path / "rc"),
                  "--format", "json,html,report-docx")
    assert out.returncode == 0, out.stderr
    assert "已解决 2" in out.stdout
    data = json.loads((tmp_path / "rc" / "recheck.json").read_text(encoding="utf-8"))
    assert data["counts"]["resolved"] == 2
    assert "法治体检回访报告" in (tmp_path / "rc" / "recheck.html").read_text(encoding="utf-8")
    docx = pytest.importorskip("docx")
    report = docx.Document(str(tmp_path / "rc" / "report.docx"))
    assert "整改情况" in [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    table = report.tables[-1]
    assert [c.text for c in table.rows[0].cells][:2] == ["变化", "问题"] and len(table.rows) == 1 + 6


def test_template_from_previous_answers_keeps_answers_and_rectification(tmp_path, run_cli):
    src = yaml.safe_load((EXAMPLES / "average.yaml").read_text(encoding="utf-8"))
    src["rectification"] = {"labour": {"no_written_contract": {"status": "in_progress", "responsible": "王经理"}}}
    (tmp_path / "last.yaml").write_text(yaml.safe_dump(src, allow_unicode=True), encoding="utf-8")
    out = run_cli("template", "--from", str(tmp_path / "last.yaml"), "--date", "2027-03-01", "-o", str(tmp_path / "next.yaml"))
    assert out.returncode == 0, out.stderr
    new = yaml.safe_load((tmp_path / "next.yaml").read_text(encoding="utf-8"))
    assert str(new["assessment"]["date"]) == "2027-03-01"
    assert new["enterprise"]["uscc"] == src["enterprise"]["uscc"]
    assert new["answers"]["labour"]["headcount"] == src["answers"]["labour"]["headcount"]
    assert new["rectification"]["labour"]["no_written_contract"]["responsible"] == "王经理"
    assert run_cli("validate", str(tmp_path / "next.yaml")).returncode == 0


def test_template_from_a_result_json(tmp_path, run_cli):
    shutil.copy(EXAMPLES / "well_run.yaml", tmp_path / "a.yaml")
    assert run_cli("check", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "out")).returncode == 0
    out = run_cli("template", "--from", str(tmp_path / "out" / "result.json"), "-o", str(tmp_path / "next.yaml"))
    assert out.returncode == 0, out.stderr
    assert run_cli("validate", str(tmp_path / "next.yaml")).returncode == 0


def test_a_rectification_record_for_an_unknown_rule_is_located(tmp_path, run_cli):
    src = yaml.safe_load((EXAMPLES / "well_run.yaml").read_text(encoding="utf-8"))
    src["rectification"] = {"labour": {"no_writen_contract": {"status": "done"}}}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(src, allow_unicode=True), encoding="utf-8")
    out = run_cli("validate", str(tmp_path / "a.yaml"))
    assert out.returncode == 2
    assert "rectification.labour.no_writen_contract" in out.stderr and "no_written_contract" in out.stderr
