"""Answers files: every value is checked against its question, with the line of each problem."""

import datetime as dt
import textwrap

import pytest

from escort.answers import load_answers, normalise, parse_date
from escort.errors import ProblemsFound
from escort.expressions import UNKNOWN
from escort.models import Column, QuestionType

HEAD = """\
enterprise: {name: 甲公司, uscc: 91350100M000100Y43, tags: [escort-sample]}
assessment: {date: 2026-11-20}
"""


def problems(tmp_path, registry, body):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        load_answers(path, registry)
    return [str(p).replace(str(path), "a.yaml") for p in exc.value.problems]


def test_unknown_checklist_and_question_ids_suggest_the_nearest(tmp_path, escort_registry):
    out = problems(tmp_path, escort_registry, """\
        answers:
          sampel: {}
          sample:
            headcont: 3
        """)
    assert out == ["a.yaml:4: answers.sampel: no checklist 'sampel' is installed; did you mean 'sample'?",
                   "a.yaml:6: answers.sample.headcont: checklist 'sample' has no question 'headcont'; did you mean 'headcount'?"]


def test_wrong_types_are_one_line_each(tmp_path, escort_registry):
    out = problems(tmp_path, escort_registry, """\
        answers:
          sample:
            has_unsigned: maybe
            overtime_hours_max: lots
            insured_share: 120
            insurance_types: [pension, dental]
            unsigned_staff:
              - {name: 甲, hire_date: 2026-01-01, monthly_wage: 3000}
              - {name: 乙, hire_date: 2026/13/01, monthly_wage: 3000}
        """)
    assert out == [
        "a.yaml:5: answers.sample.has_unsigned: answer yes, no or unknown (是/否/未知), not 'maybe'",
        "a.yaml:6: answers.sample.overtime_hours_max: should be a number, not 'lots'",
        "a.yaml:7: answers.sample.insured_share: 120 is above the largest allowed value 100",
        "a.yaml:8: answers.sample.insurance_types: 'dental' is not one of the options: pension, medical, unemployment, work_injury",
        "a.yaml:11: answers.sample.unsigned_staff[1]: row 2, column 'hire_date': '2026/13/01' is not a real date (month must be in 1..12)",
    ]


def test_invalid_uscc_is_rejected(tmp_path, escort_registry):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD.replace("Y43", "Y44") + "answers: {}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        load_answers(path, escort_registry)
    assert "the last character should be '3'" in str(exc.value)


def test_hostile_strings_are_kept_as_plain_text(tmp_path, escort_registry):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD.replace("甲公司", "\"<script>alert(1)</script>{{7*7}}\"") +
                    "answers:\n  sample:\n    hr_notes: \"__import__('os').system('id')\"\n", encoding="utf-8")
    answers, _ = load_answers(path, escort_registry)
    assert answers.model.enterprise.name == "<script>alert(1)</script>{{7*7}}"
    assert answers.values["sample"]["hr_notes"] == "__import__('os').system('id')"


@pytest.mark.parametrize("raw, value", [
    (True, True), ("是", True), ("no", False), ("否", False), ("unknown", UNKNOWN), ("未知", UNKNOWN), (None, None),
])
def test_yes_no_answers(raw, value):
    assert normalise(Column(id="q", text="q", type=QuestionType.yes_no), raw, "q") is value


@pytest.mark.parametrize("raw", ["2026-11-01", "2026/11/1", "2026.11.1", "2026年11月1日", dt.date(2026, 11, 1)])
def test_dates_in_the_forms_people_type(raw):
    assert parse_date(raw) == dt.date(2026, 11, 1)


def test_answer_with_note_and_evidence(tmp_path, escort_registry):
    path = tmp_path / "a.yaml"
    path.write_text(HEAD + "answers:\n  sample:\n    headcount: {value: 12, note: 含试用期, evidence: [花名册]}\n", encoding="utf-8")
    answers, _ = load_answers(path, escort_registry)
    assert answers.values["sample"]["headcount"] == 12
    assert answers.notes["sample"]["headcount"] == "含试用期"
    assert answers.evidence["sample"]["headcount"] == ["花名册"]
