"""escort validate as a linter: one small broken checklist per lint code, each reported at its line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from escort.registry import build_registry, validate_file

HEAD = """\
id: lint_case
version: "1.0.0"
title: 检查用例
domain: other
sections:
  - id: main
    title: 基本情况
    questions:
      - {id: headcount, text: 员工人数, type: number}
      - {id: has_unsigned, text: 是否有未签合同的员工, type: yes_no}
      - {id: start_date, text: 开始日期, type: date}
      - id: keeper
        text: 合同由谁保管
        type: choice
        options:
          - {id: hr, text: 人事部门}
          - {id: managers, text: 各部门}
          - {id: nobody, text: 无人保管}
"""
# HEAD is 18 lines; the lines below are numbered from 19.
RULE = """\
rules:
  - id: r1
    title: 规则
    when: {when}
    severity: low
    cite: [labour_contract_law#10]
    consequence: 后果
    recommendation: 建议
    timeframe: ongoing
"""


@pytest.fixture(scope="module")
def registry():
    return build_registry()


def lint(tmp_path: Path, registry, text: str, code: str) -> list[tuple[int, str]]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.message) for p in validate_file(path, registry) if p.code == code]


def test_a_clean_checklist_has_no_lint_problems(tmp_path, registry):
    text = HEAD + RULE.format(when="\"has_unsigned and keeper != 'hr'\"")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    assert validate_file(path, registry) == []


def test_when_that_is_a_bare_number_is_a_type_error_at_its_line(tmp_path, registry):
    found = lint(tmp_path, registry, HEAD + RULE.format(when="headcount"), "E-TYPE")
    assert [line for line, _ in found] == [22]
    assert "true or false" in found[0][1] and "a number" in found[0][1]


@pytest.mark.parametrize("when, kind", [
    ("\"headcount * 2\"", "a number"),
    ("\"'yes'\"", "text"),
    ("start_date", "a date"),
    ("\"add_days(start_date, 30)\"", "a date"),
    ("\"[1, 2]\"", "a list"),
])
def test_when_of_each_non_boolean_kind_is_reported(tmp_path, registry, when, kind):
    found = lint(tmp_path, registry, HEAD + RULE.format(when=when), "E-TYPE")
    assert [line for line, _ in found] == [22] and kind in found[0][1]


def test_comparing_a_date_with_a_number_is_a_type_error(tmp_path, registry):
    found = lint(tmp_path, registry, HEAD + RULE.format(when="\"start_date > 5\""), "E-TYPE")
    assert [line for line, _ in found] == [22]
    assert "compares a date with a number" in found[0][1]


def test_comparing_a_date_with_a_string_is_a_type_error(tmp_path, registry):
    found = lint(tmp_path, registry, HEAD + RULE.format(when="\"start_date < '2026-01-01'\""), "E-TYPE")
    assert [line for line, _ in found] == [22] and "date('2026-01-01')" in found[0][1]


def test_exposure_that_is_a_comparison_or_text_is_a_type_error(tmp_path, registry):
    text = HEAD + RULE.format(when="has_unsigned") + textwrap.indent(textwrap.dedent("""\
        exposure:
          low: "headcount > 3"
          high: "'很多'"
          basis: 说明
        """), "    ")
    found = lint(tmp_path, registry, text, "E-TYPE")
    assert [line for line, _ in found] == [29, 30]
    assert "exposure low" in found[0][1] and "true/false" in found[0][1]
    assert "exposure high" in found[1][1] and "text" in found[1][1]


def test_numeric_exposure_and_function_results_pass(tmp_path, registry):
    text = HEAD + RULE.format(when="\"days_between(start_date, today) > 30\"") + textwrap.indent(textwrap.dedent("""\
        exposure:
          low: "headcount * 100"
          high: "max(headcount, 10) * days_between(start_date, today)"
          basis: 说明
        """), "    ")
    assert lint(tmp_path, registry, text, "E-TYPE") == []


def test_show_if_false_for_every_answer_makes_the_question_unreachable(tmp_path, registry):
    text = HEAD + textwrap.indent(textwrap.dedent("""\
        - {id: detail, text: 详情, type: text, show_if: "has_unsigned and not has_unsigned"}
        - {id: detail_date, text: 日期, type: date, show_if: "detail != ''"}
        - {id: other, text: 其他, type: yes_no, show_if: "keeper == 'hr' and keeper == 'nobody'"}
        """), "      ") + RULE.format(when="\"detail_date > date('2026-01-01')\"")
    found = lint(tmp_path, registry, text, "W-UNREACHABLE")
    lines = [line for line, _ in found]
    assert lines == [19, 20, 21, 25]
    assert "'detail' is never asked" in found[0][1]
    assert "'detail_date' is never asked" in found[1][1]  # its show_if reads only a question never asked
    assert "can never fire" in found[3][1]


def test_a_show_if_that_can_be_true_is_not_reported(tmp_path, registry):
    text = HEAD + textwrap.indent(textwrap.dedent("""\
        - {id: detail, text: 详情, type: text, show_if: "has_unsigned or keeper == 'nobody'"}
        """), "      ") + RULE.format(when="has_unsigned")
    assert lint(tmp_path, registry, text, "W-UNREACHABLE") == []


def test_options_no_rule_looks_at_are_warned_at_their_lines(tmp_path, registry):
    text = HEAD.replace("          - {id: nobody, text: 无人保管}\n",
                        "          - {id: nobody, text: 无人保管}\n          - {id: lawyer, text: 律师}\n")
    found = lint(tmp_path, registry, text + RULE.format(when="\"keeper == 'nobody'\""),
                 "W-UNUSED-OPTION")
    # one warning per question, at the first unused option (line 16); 'hr', 'managers' and 'lawyer' are unused
    assert [line for line, _ in found] == [16]
    assert "options 'hr', 'managers', 'lawyer' of 'keeper' are never used" in found[0][1]


def test_one_unmentioned_option_is_the_implicit_good_answer(tmp_path, registry):
    text = HEAD + RULE.format(when="\"keeper in ['managers', 'nobody']\"")
    assert lint(tmp_path, registry, text, "W-UNUSED-OPTION") == []


def test_not_equal_speaks_about_every_option(tmp_path, registry):
    text = HEAD + RULE.format(when="\"keeper != 'hr'\"")
    assert lint(tmp_path, registry, text, "W-UNUSED-OPTION") == []


def test_a_checklist_with_title_en_reports_texts_without_english_once(tmp_path, registry):
    text = HEAD.replace("title: 检查用例\n", "title: 检查用例\ntitle_en: Lint case\n")
    found = lint(tmp_path, registry, text + RULE.format(when="has_unsigned"), "W-NO-ENGLISH")
    # section title (8), four questions, three options and one rule title lack English: one line, at the first
    assert found == [(8, "section 'main' and 8 more text(s) have no English text, but the checklist has title_en")]


def test_no_english_warning_without_title_en(tmp_path, registry):
    assert lint(tmp_path, registry, HEAD + RULE.format(when="has_unsigned"), "W-NO-ENGLISH") == []


def test_lint_problems_print_as_file_line_code(tmp_path, registry):
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + RULE.format(when="headcount"), encoding="utf-8")
    line = next(str(p) for p in validate_file(path, registry) if p.code == "E-TYPE")
    assert line.startswith(f"{path}:22: E-TYPE ")


def test_validate_without_paths_lints_installed_checklists(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "case.yaml").write_text(HEAD + RULE.format(when="headcount"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "escort", "--checklists", str(folder), "validate"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{folder / 'case.yaml'}:22: E-TYPE" in proc.stderr
