"""The engine on the sample checklist, with expected values worked out by hand from the statutes."""


import pytest

from escort.answers import load_answers
from escort.engine import evaluate
from escort.resources import data_path

SAMPLE = {"enterprise": {"tags": ["escort-sample"]}}


def run(escort_run, answers, **kw):
    kw.setdefault("enterprise", {"tags": ["escort-sample"]})
    return escort_run("sample", answers, **kw)


CLEAN = {
    "headcount": 40, "has_unsigned": False, "overtime_hours_max": 30, "overtime_pay": "statutory",
    "insured_share": 100, "insurance_types": ["pension", "medical", "unemployment", "work_injury"],
    "arrears": 0, "hr_notes": "无",
}


def test_a_compliant_enterprise_gets_no_finding_and_full_score(escort_run):
    out = run(escort_run, CLEAN)
    assert out.result.findings == []
    assert out.result.needs_verification == []
    assert out.result.grade == "green"
    assert out.result.overall_score == 100
    # unsigned_staff and arrears_since are hidden by show_if: 8 of 10 questions asked
    assert out.result.coverage == {"answered": 8, "visible": 8}


def test_double_wages_exposure_follows_article_82(escort_run):
    answers = dict(CLEAN, has_unsigned=True, unsigned_staff=[
        {"name": "张三", "hire_date": "2026-03-02", "monthly_wage": 6800},  # 8 full months to 2026-11-20
        {"name": "李四", "hire_date": "2025-09-15", "monthly_wage": 7200},  # 14 full months
    ])
    out = run(escort_run, answers, date="2026-11-20")
    f = out.fired("no_written_contract")
    # 第八十二条 + 实施条例第六条: double wages from the second month, at most 11 months.
    # 张三: 8 months employed - first month = 7 months; 李四: 14 - 1 = 13, capped at 11.
    assert f.exposure.low == f.exposure.high == 6800 * 7 + 7200 * 11
    assert f.message == "共 2 名员工入职满一个月仍未签订书面劳动合同。"
    assert "下限 = (6800 * 7 + 7200 * 11) = 126,800" in f.exposure.working
    # 李四 has gone a full year without a contract: 第十四条 deems an open-ended contract (computed by the plugin)
    deemed = out.fired("deemed_open_ended")
    assert deemed.source == "sample" and "李四" in deemed.message and "张三" not in deemed.message


def test_exactly_one_month_owes_no_double_wages(escort_run):
    answers = dict(CLEAN, has_unsigned=True, unsigned_staff=[{"name": "甲", "hire_date": "2026-10-20", "monthly_wage": 5000}])
    f = run(escort_run, answers, date="2026-11-20").fired("no_written_contract")
    assert f.exposure.high == 0  # one full month is the statutory grace: 1 - 1 = 0 months owed


def test_social_insurance_surcharge_is_005_percent_a_day(escort_run):
    answers = dict(CLEAN, arrears=48000, arrears_since="2026-08-01")
    f = run(escort_run, answers, date="2026-11-20").fired("insurance_arrears")
    days = 31 + 30 + 31 + 19  # 1 Aug -> 20 Nov = 111 days
    assert f.exposure.low == pytest.approx(48000 * 0.0005 * days)          # 2,664
    assert f.exposure.high == pytest.approx(48000 * 0.0005 * days + 48000 * 3)  # plus the 3x fine
    assert "下限 = 48000 * 0.0005 * 111 = 2,664" in f.exposure.working
    assert [fact.question for fact in f.facts] == ["arrears", "arrears_since"]


def test_unknown_answer_needs_verification_and_is_never_compliant(escort_run):
    answers = dict(CLEAN, overtime_hours_max="unknown")
    out = run(escort_run, answers)
    assert out.verify("overtime_over_cap").unknown == ["overtime_hours_max"]
    assert ("sample", "overtime_hours_max") in out.unknown_questions
    # the sample's rules weigh 20 + 40 + 10 + 20 + 20 + 20 = 130 (high 20, critical 40, medium 10);
    # a medium rule left to verify costs half its 10 points
    assert out.result.overall_score == round(100 * (1 - 5 / 130), 1)


def test_if_unknown_fire_treats_unknown_as_the_finding(escort_run):
    out = run(escort_run, dict(CLEAN, overtime_pay="unknown"))
    assert out.fired("overtime_underpaid").unknown == ["overtime_pay"]


def test_unanswered_visible_question_is_listed_as_unanswered(escort_run):
    answers = dict(CLEAN)
    del answers["arrears"]
    out = run(escort_run, answers)
    reasons = {v.question: v.reason for v in out.result.needs_verification}
    # arrears_since is asked "if arrears > 0": with arrears unknown the gate is undecided, so it is asked too
    assert reasons == {"arrears": "unanswered", "arrears_since": "unanswered"}


def test_kleene_or_fires_when_one_side_is_known_true(escort_run):
    # when: len(insurance_types) < 4 or insured_share < 100
    out = run(escort_run, dict(CLEAN, insurance_types="unknown", insured_share=80))
    assert out.fired("insurance_incomplete").unknown == []


def test_rules_on_hidden_questions_are_silent(escort_run):
    out = run(escort_run, dict(CLEAN, has_unsigned=False))
    assert "no_written_contract" not in out.fired_ids | out.verify_ids


def test_show_if_on_unknown_answer_shows_the_question(escort_run):
    out = run(escort_run, dict(CLEAN, has_unsigned="unknown"))
    assert ("sample", "unsigned_staff") in out.unknown_questions
    assert out.verify("no_written_contract")


def test_checklist_not_applicable_says_why(escort_run):
    out = escort_run("sample", CLEAN, enterprise={"tags": []})
    run_ = next(r for r in out.result.checklists if r.id == "sample")
    assert not run_.applicable and "escort-sample" in run_.reason
    assert out.result.findings == []


def test_override_dismisses_and_expired_waiver_does_not(escort_run):
    answers = dict(CLEAN, overtime_hours_max=50)
    dismissed = run(escort_run, answers, overrides={"sample": {"overtime_over_cap": {
        "status": "dismissed", "reason": "旺季经工会同意", "by": "王律师", "until": "2027-01-31"}}})
    f = dismissed.finding("overtime_over_cap")
    assert f.status == "fired" and not f.effective and f.override.by == "王律师"
    assert dismissed.result.overall_score == 100
    expired = run(escort_run, answers, overrides={"sample": {"overtime_over_cap": {
        "status": "dismissed", "reason": "旺季", "by": "王律师", "until": "2026-06-30"}}})
    f = expired.finding("overtime_over_cap")
    assert f.effective and f.override_expired
    assert expired.result.overall_score == round(100 * (1 - 10 / 130), 1)


def test_scores_and_grade_follow_the_documented_formula(escort_run):
    # high (20) + medium (10) fired out of 130: 100 x (1 - 30/130) = 76.9 -> amber (a high finding)
    out = run(escort_run, dict(CLEAN, overtime_hours_max=40, arrears=1000, arrears_since="2026-11-10"))
    assert out.fired_ids == {"overtime_over_cap", "insurance_arrears"}
    assert out.result.overall_score == 76.9
    assert out.result.grade == "amber"
    assert out.result.domain_scores[0].findings["high"] == 1


def test_demo_example_end_to_end(escort_registry):
    answers, warnings = load_answers(data_path("examples", "sample.yaml"), escort_registry)
    result = evaluate(escort_registry, answers, only=["sample"])
    fired = {f.rule for f in result.findings if f.status == "fired"}
    assert fired == {"no_written_contract", "deemed_open_ended", "overtime_over_cap", "overtime_underpaid",
                     "insurance_incomplete", "insurance_arrears"}
    days = 111  # 2026-08-01 -> 2026-11-20
    low = (6800 * 7 + 7200 * 11) + 48000 * 0.0005 * days
    assert result.exposure_total == {"low": pytest.approx(low), "high": pytest.approx(low + 48000 * 3)}
    assert result.grade == "red"  # a critical finding (deemed open-ended contract)
    assert result.notes["sample"]["hr_notes"] == "人事经理口述，待核对花名册。"


def test_result_records_versions_and_orphan_answers(escort_registry, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "enterprise: {name: 甲公司, uscc: 91350100M000100Y43, tags: [escort-sample]}\n"
        "assessment: {date: 2026-11-20}\n"
        "checklist_versions: {sample: '0.9.0'}\n"
        "answers:\n  sample:\n    headcount: 3\n    retired_question: yes\n", encoding="utf-8")
    answers, warnings = load_answers(path, escort_registry)
    assert any("retired_question" in str(w) and w.level == "warning" for w in warnings)
    assert any("written for sample 0.9.0" in str(w) for w in warnings)
    result = evaluate(escort_registry, answers)
    run_ = next(r for r in result.checklists if r.id == "sample")
    assert (run_.version, run_.answered_version) == ("1.0.0", "0.9.0")
    assert any("retired_question" in w for w in result.warnings)
