"""Authoring mistakes are reported with their file and line, all at once."""

import textwrap

import pytest

from escort.registry import build_registry, validate_file

GOOD = """\
id: demo
version: "1.0"
title: 测试清单
domain: labour
sections:
  - id: s1
    title: 第一节
    questions:
      - id: a
        text: 问题A
        type: yes_no
      - id: b
        text: 问题B
        type: choice
        options: [{id: x, text: X}, {id: y, text: Y}]
        show_if: a
rules:
  - id: r1
    title: 规则
    when: "a and b == 'x'"
    severity: high
    cite: [labour_contract_law#10]
    consequence: 后果
    recommendation: 建议
    timeframe: immediately
"""


@pytest.fixture(scope="module")
def registry():
    return build_registry()


def problems_for(tmp_path, registry, text):
    path = tmp_path / "c.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(p).replace(str(path), "c.yaml") for p in validate_file(path, registry)]


def test_a_good_checklist_has_no_problems(tmp_path, registry):
    assert problems_for(tmp_path, registry, GOOD) == []


def test_misspelt_key_names_line_and_suggests_the_field(tmp_path, registry):
    text = GOOD.replace("        type: yes_no\n", "        type: yes_no\n        requird: true\n")
    assert problems_for(tmp_path, registry, text) == [
        "c.yaml:12: sections[0].questions[0].requird: 'requird' is not a known field; did you mean 'required'?"]


def test_bad_enum_value_lists_the_allowed_values(tmp_path, registry):
    out = problems_for(tmp_path, registry, GOOD.replace("severity: high", "severity: urgent"))
    assert out == ["c.yaml:21: rules[0].severity: 'urgent' is not allowed; use one of: "
                   "'critical', 'high', 'medium', 'low' or 'info'"]


def test_malformed_yaml_gives_its_line(tmp_path, registry):
    out = problems_for(tmp_path, registry, GOOD.replace("    title: 第一节", "    title: [第一节"))
    assert len(out) == 1 and out[0].startswith("c.yaml:") and "not valid YAML" in out[0]


def test_duplicate_keys_are_not_silently_merged(tmp_path, registry):
    out = problems_for(tmp_path, registry, GOOD.replace("title: 测试清单\n", "title: 测试清单\ntitle: again\n"))
    assert out == ["c.yaml:4: duplicate key 'title' (first given on line 3)"]


def test_link_errors_are_collected_with_lines(tmp_path, registry):
    text = GOOD.replace("show_if: a", "show_if: c").replace(
        "when: \"a and b == 'x'\"", "when: \"a == 'yes' and b == 'z' and enterprise.employes > 3 and cap(1)\"").replace(
        "labour_contract_law#10", "labour_contract_law#999")
    out = problems_for(tmp_path, registry, text)
    assert "c.yaml:16: E-NAME sections[0].questions[1].show_if: unknown name 'c' in 'c'" in out[0]
    assert any(line.startswith("c.yaml:20: E-FUNC rules[0].when: unknown function 'cap'()") for line in out)
    assert any(line.startswith("c.yaml:20: E-NAME rules[0].when: enterprise has no field 'employes'; did you mean 'employees'?") for line in out)
    assert any("'z' is not an option of 'b' (options: x, y)" in line for line in out)
    assert any("'a' is a yes/no question" in line for line in out)
    assert any(line.startswith("c.yaml:22: E-CITE rules[0].cite[0]: citation 'labour_contract_law#999' does not resolve") for line in out)


def test_show_if_may_not_look_forward_or_at_itself(tmp_path, registry):
    text = GOOD.replace("      - id: a\n        text: 问题A\n        type: yes_no\n",
                        "      - id: a\n        text: 问题A\n        type: yes_no\n        show_if: b == 'x'\n")
    out = problems_for(tmp_path, registry, text)
    assert out == ["c.yaml:12: E-ORDER sections[0].questions[0].show_if: show_if refers to a question asked later ('b'); "
                   "it may only use earlier answers"]


def test_unsafe_expression_is_rejected_at_validation_with_its_line(tmp_path, registry):
    out = problems_for(tmp_path, registry, GOOD.replace("when: \"a and b == 'x'\"", "when: \"9**9**9 > 1\""))
    assert out == ["c.yaml:20: E-EXPR rules[0].when: ** needs a literal exponent no larger than 10 (unbounded cost)"]


def test_duplicate_question_id_points_at_both(tmp_path, registry):
    text = GOOD.replace("      - id: b\n", "      - id: a\n")
    out = problems_for(tmp_path, registry, text)
    assert out[0] == "c.yaml:12: E-DUP sections[0].questions[1].id: duplicate question id 'a' (first on line 9)"


def test_installed_checklists_validate(registry):
    assert [str(p) for p in registry.problems if p.level == "error"] == []
    assert "sample" in registry.checklists
