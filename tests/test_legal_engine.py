"""Exposure kinds and separate totals, severity that scales, law as of the date (issue 14 items 2, 7, 11).

A small checklist written here uses each feature; the expected amounts, severities and versions are worked
out by hand from the answers and from the dates each text is in force (recorded in the registry, or in
checklists/laws/pending.yaml for texts the registry does not hold).
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from escort.checklists import link_checklist, parse_checklist
from escort.errors import ProblemsFound
from escort.lint import lint_checklist
from escort.registry import Registry
from escort.testing import run_answers

CHECKLIST = textwrap.dedent("""\
    id: engine_features
    version: 1.0.0
    title: 引擎功能测试
    domain: other
    sections:
      - id: s
        title: 事实
        questions:
          - {id: affected_count, text: 涉及人数, type: number}
          - {id: company_wide_rule, text: 是否来自全公司适用的制度, type: yes_no}
          - {id: amount, text: 欠付金额, type: money}
          - {id: annual_payroll, text: 年工资总额, type: money}
          - {id: owed_to_us, text: 客户欠我方金额, type: money}
          - {id: estate_recoverable, text: 可撤销交易金额, type: money}
          - {id: deadline, text: 期限届满日, type: date}
          - {id: fact_day, text: 事实发生日, type: date}
    rules:
      - id: wages_owed
        title: 欠付工资
        when: amount > 0
        severity: medium
        severity_by:
          - when: "affected_count >= 50"
            severity: critical
            reason: 影响50人以上
          - when: "affected_count >= 10 or company_wide_rule"
            severity: high
            reason: 影响10人以上或来自全公司适用的制度
          - when: "share_of(exposure_high, annual_payroll) >= 5"
            severity: high
            reason: 金额达年工资总额的5%以上
        cite: [labour_contract_law#82]
        consequence: 劳动者可以主张。
        recommendation: 补发。
        timeframe: within_30_days
        exposure: {low: amount, high: amount, basis: 欠付金额}
      - id: receivable
        title: 客户欠款
        when: owed_to_us > 0
        severity: low
        cite: [civil_code#188]
        consequence: 时效风险。
        recommendation: 催收。
        timeframe: within_30_days
        exposure: {low: owed_to_us, high: owed_to_us, basis: 欠款本金, kind: claim}
      - id: estate
        title: 可撤销交易
        when: estate_recoverable > 0
        severity: high
        cite: [enterprise_bankruptcy_law#31]
        consequence: 管理人可以撤销。
        recommendation: 披露。
        timeframe: immediately
        exposure: {low: estate_recoverable, high: estate_recoverable, basis: 交易金额, kind: recovery}
      - id: late_days
        title: 逾期天数罚金
        when: "deadline != date('1900-01-01')"
        severity: low
        cite: [civil_code#585]
        consequence: 违约金。
        recommendation: 履行。
        timeframe: ongoing
        exposure: {low: "days_between(deadline, today) * 100", high: "days_between(deadline, today) * 200", basis: 每日100至200元}
      - id: unpriced
        title: 重大但无法估算
        when: "affected_count >= 1"
        severity: critical
        cite: [criminal_law#276-1]
        consequence: 刑事风险。
        recommendation: 立即支付。
        timeframe: immediately
      - id: inventor_reward
        title: 发明人奖金
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [patent_rules_2010#77, patent_rules#93]}]
        consequence: 奖金。
        recommendation: 支付。
        timeframe: within_90_days
      - id: limitation
        title: 诉讼时效
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [general_principles_civil_law#135, civil_code#188]}]
        consequence: 时效。
        recommendation: 核对。
        timeframe: within_30_days
      - id: capital
        title: 出资期限
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [company_law_2018#28, company_law#47]}]
        consequence: 出资。
        recommendation: 核对。
        timeframe: within_30_days
      - id: vat
        title: 增值税
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [vat_interim_regulation#10, vat_law#22]}]
        consequence: 税。
        recommendation: 核对。
        timeframe: within_30_days
      - id: unfair_competition
        title: 商业秘密
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [anti_unfair_competition_law#9, anti_unfair_competition_law_2025#10]}]
        consequence: 秘密。
        recommendation: 核对。
        timeframe: within_30_days
      - id: arbitration
        title: 仲裁条款
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [arbitration_law#16, arbitration_law_2025#27]}]
        consequence: 仲裁。
        recommendation: 核对。
        timeframe: within_30_days
      - id: trademark
        title: 商标注销后一年
        when: "fact_day != date('1900-01-01')"
        facts_date: fact_day
        severity: medium
        cite: [{in_force: [trademark_law#50, trademark_law_2027#49]}, trademark_law#49]
        consequence: 商标。
        recommendation: 核对。
        timeframe: within_30_days
    """)

NONE = {"affected_count": 0, "company_wide_rule": False, "amount": 0, "annual_payroll": 1_000_000, "owed_to_us": 0,
        "estate_recoverable": 0, "deadline": "1900-01-01", "fact_day": "1900-01-01"}


@pytest.fixture(scope="module")
def engine_registry(escort_registry, tmp_path_factory):
    path = tmp_path_factory.mktemp("cl") / "engine_features.yaml"
    path.write_text(CHECKLIST, encoding="utf-8")
    loaded = parse_checklist(path, "test")
    problems = link_checklist(loaded, escort_registry.laws, escort_registry.functions)
    problems += lint_checklist(loaded, escort_registry)
    assert [str(p) for p in problems if p.level == "error"] == []
    return Registry(plugins=escort_registry.plugins, laws=escort_registry.laws, functions=escort_registry.functions,
                    checklists={"engine_features": loaded})


def run(reg, date="2026-11-20", **answers):
    return run_answers(reg, "engine_features", dict(NONE, **answers), date=date)


# --------------------------------------------------------------------------- A. exposure kinds


def test_claims_and_recoveries_have_their_own_totals_and_stay_out_of_the_liability_total(engine_registry):
    out = run(engine_registry, amount=12_000, owed_to_us=85_000, estate_recoverable=2_100_000, affected_count=1)
    totals = out.result.exposure_totals
    # liability: wages_owed 12,000 only; unpriced (critical, no formula) fired without a figure
    assert totals["liability"] == {"low": 12_000, "high": 12_000, "findings_with_figure": 1,
                                   "findings_without_figure": 1, "critical_without_figure": 1}
    assert totals["claim"]["low"] == totals["claim"]["high"] == 85_000
    assert totals["recovery"]["low"] == 2_100_000
    assert out.result.exposure_total == {"low": 12_000, "high": 12_000}  # compatibility: liability only
    assert out.fired("receivable").exposure.kind == "claim"
    assert out.fired("estate").exposure.kind == "recovery"


def test_headline_names_each_kind_separately(engine_registry):
    from escort.report_view import exposure_lines

    out = run(engine_registry, amount=12_000, owed_to_us=85_000, estate_recoverable=2_100_000, affected_count=1)
    assert exposure_lines(out.result) == [
        "可能承担 12,000 元（1 项有金额，1 项无法估算，其中重大 1 项）",
        "可主张或可追回 85,000 元（1 项有金额）",
        "破产财产可追回 2,100,000 元（1 项有金额）",
    ]


def test_a_future_date_is_refused_where_time_is_counted_up_to_the_checkup(engine_registry):
    """A date after the checkup where a rule counts days up to it is a located problem (never negative money)."""
    from escort.errors import ProblemsFound

    with pytest.raises(ProblemsFound) as exc:
        run(engine_registry, deadline="2026-11-30", amount=5_000)  # days_between(deadline, today) would be -10
    assert "2026-11-30 is after the assessment date 2026-11-20" in str(exc.value)
    past = run(engine_registry, deadline="2026-11-10")  # 10 days late: 1,000 – 2,000
    assert (past.fired("late_days").exposure.low, past.fired("late_days").exposure.high) == (1_000, 2_000)


def test_marked_rules_carry_their_kind(escort_registry):
    kinds = {(cid, r.id): r.exposure.kind for cid, c in escort_registry.checklists.items()
             for r in c.model.rules if r.exposure}
    assert kinds[("contracts", "sme_payments_overdue")] == "claim"
    assert kinds[("bankruptcy", "unpaid_capital_acceleration")] == "recovery"
    assert kinds[("bankruptcy", "abnormal_income_recovery")] == "recovery"
    assert kinds[("bankruptcy", "cross_guarantee_exposure")] == "liability"


# --------------------------------------------------------------------------- B. severity that scales


@pytest.mark.parametrize("count, wide, expected, reason", [
    (1, False, "medium", ""),
    (9, False, "medium", ""),
    (10, False, "high", "影响10人以上或来自全公司适用的制度"),
    (2, True, "high", "影响10人以上或来自全公司适用的制度"),
    (49, True, "high", "影响10人以上或来自全公司适用的制度"),
    (50, False, "critical", "影响50人以上"),  # the first true step wins, though the second is true as well
])
def test_severity_by_first_true_step_wins(engine_registry, count, wide, expected, reason):
    out = run(engine_registry, amount=1_000, affected_count=count, company_wide_rule=wide)
    f = out.fired("wages_owed")
    assert (f.severity.value, f.base_severity.value, f.severity_reason) == (expected, "medium", reason)


def test_severity_by_amount_relative_to_payroll(engine_registry):
    # 50,000 / 1,000,000 = 5 % → high; 49,999 → 4.9999 % → medium
    assert run(engine_registry, amount=50_000, affected_count=1).fired("wages_owed").severity.value == "high"
    assert run(engine_registry, amount=49_999, affected_count=1).fired("wages_owed").severity.value == "medium"


def test_severity_by_unknown_keeps_the_base_and_says_so(engine_registry):
    out = run(engine_registry, amount=1_000, affected_count="unknown", company_wide_rule="unknown",
              annual_payroll="unknown")
    f = out.fired("wages_owed")
    assert f.severity.value == "medium"
    assert "affected_count" in f.severity_reason and "按基础等级" in f.severity_reason


def test_an_undecided_earlier_step_is_noted_for_the_lawyer(engine_registry):
    # affected_count unknown, but the amount is 10 % of payroll: high by the third step, maybe critical by the first
    f = run(engine_registry, amount=100_000, affected_count="unknown").fired("wages_owed")
    assert f.severity.value == "high" and f.severity_reason == "金额达年工资总额的5%以上"
    assert any("可能应更高" in n for n in f.lawyer_notes)


def test_share_of_is_a_percentage_and_refuses_a_zero_base():
    from escort.expressions import EvaluationError
    from escort.functions import share_of

    assert share_of(50_000, 2_000_000) == 2.5
    with pytest.raises(EvaluationError):
        share_of(1, 0)


def test_score_weight_uses_the_highest_possible_severity(engine_registry):
    from escort.engine import rule_weight

    rule = engine_registry.checklists["engine_features"].model.rules[0]
    assert rule_weight(rule) == 40  # critical is possible, so the rule can cost 40, not the medium 10


# --------------------------------------------------------------------------- C. law as of the date


def cited(out, rule):
    return out.fired(rule).legal_basis[0]


@pytest.mark.parametrize("rule, day, key", [
    # 专利法实施细则: 2010 text until 2024-01-19, 2023 text (第九十三条) from 2024-01-20
    ("inventor_reward", "2024-01-19", "pending:patent_rules_2010"),
    ("inventor_reward", "2024-01-20", "patent_rules#93"),
    ("inventor_reward", "2024-01-21", "patent_rules#93"),
    # limitation: two years (民法通则) for periods expired before 2017-10-01, three years from then
    ("limitation", "2017-09-30", "pending:general_principles_civil_law"),
    ("limitation", "2017-10-01", "civil_code#188"),
    ("limitation", "2017-10-02", "civil_code#188"),
    # capital contributions: the 2023 公司法 from 2024-07-01 (29 February 2024 is before it)
    ("capital", "2024-02-29", "pending:company_law_2018"),
    ("capital", "2024-06-30", "pending:company_law_2018"),
    ("capital", "2024-07-01", "company_law#47"),
    ("capital", "2024-07-02", "company_law#47"),
    # VAT: 暂行条例 up to 2025-12-31 (a month end), 增值税法 from 2026-01-01
    ("vat", "2025-12-30", "vat_interim_regulation#10"),
    ("vat", "2025-12-31", "vat_interim_regulation#10"),
    ("vat", "2026-01-01", "vat_law#22"),
    ("vat", "2026-01-02", "vat_law#22"),
    # 反不正当竞争法 2025 in force 2025-10-15
    ("unfair_competition", "2025-10-14", "anti_unfair_competition_law#9"),
    ("unfair_competition", "2025-10-15", "anti_unfair_competition_law_2025#10"),
    ("unfair_competition", "2025-10-16", "anti_unfair_competition_law_2025#10"),
    # 仲裁法 2025 in force 2026-03-01 (the day after 2026-02-28: no 29 February in 2026)
    ("arbitration", "2026-02-28", "arbitration_law#16"),
    ("arbitration", "2026-03-01", "arbitration_law_2025#27"),
    ("arbitration", "2026-03-02", "arbitration_law_2025#27"),
    # 商标法: the 2026 revision (no text in the registry) from 2027-01-01
    ("trademark", "2026-12-31", "trademark_law#50"),
    ("trademark", "2027-01-01", "pending:trademark_law_2027"),
    ("trademark", "2027-01-02", "pending:trademark_law_2027"),
])
def test_the_version_in_force_on_the_facts_date_is_cited(engine_registry, rule, day, key):
    out = run(engine_registry, date="2027-03-01", fact_day=day)
    art = cited(out, rule)
    f = out.fired(rule)
    assert art.facts_date == dt.date.fromisoformat(day)
    if key.startswith("pending:"):
        # no text for that version: the registry text is quoted with a remark; the lawyer gets the version
        pending = engine_registry.laws.pending[key.split(":")[1]]
        assert pending.revision_zh in art.version_note and "尚未收录" in art.version_note
        assert any(pending.short_name in n and "不在法规库中" in n for n in f.lawyer_notes)
    else:
        assert art.key == key and art.version_note == ""
        assert f.lawyer_notes == []


def test_2027_checkup_does_not_quote_the_old_trademark_number_as_current(engine_registry):
    out = run(engine_registry, date="2027-01-05", fact_day="2027-01-04")
    f = out.fired("trademark")
    plain = f.legal_basis[1]  # trademark_law#49 cited plainly: superseded on the facts date
    assert plain.key == "trademark_law#49"
    assert "2027年1月1日起已被《商标法》（2026年6月26日修订，2027年1月1日起施行）取代" in plain.version_note
    # the concordance points the lawyer to where 第四十九条 went (第五十七条第二款), without quoting any text
    assert any("trademark_law#49" in n and "第五十七条第二款" in n for n in f.lawyer_notes)


def test_unknown_facts_date_falls_back_to_the_assessment_date_with_a_note(engine_registry):
    out = run(engine_registry, date="2026-11-20", fact_day="unknown")
    f = out.finding("vat")
    assert f is not None
    assert f.legal_basis[0].key == "vat_law#22"  # in force on 2026-11-20
    assert any("事实发生日期未知" in n or "无法确定" in n for n in f.lawyer_notes)


def test_rules_without_facts_date_are_unchanged(engine_registry):
    out = run(engine_registry, amount=1_000, affected_count=1)
    art = out.fired("wages_owed").legal_basis[0]
    assert art.key == "labour_contract_law#82" and art.facts_date is None and art.version_note == ""


def test_report_prints_the_version_and_date_but_never_the_lawyer_notes(engine_registry):
    from escort.report import render_html

    out = run(engine_registry, date="2027-03-01", fact_day="2027-01-04", amount=1_000, affected_count=12)
    html = render_html(out.result, engine_registry)
    f = out.fired("trademark")
    assert f.lawyer_notes
    for note in f.lawyer_notes:
        assert note not in html
    assert "不在法规库中" not in html and "对照表" not in html
    assert "适用于 2027-01-04 的事实" in html
    assert "2026年6月26日修订，2027年1月1日起施行" in html
    arb = out.fired("arbitration").legal_basis[0]
    assert arb.key == "arbitration_law_2025#27" and arb.revision_zh in html
    assert "影响10人以上或来自全公司适用的制度" in html  # the grading reason is shown to the client


# --------------------------------------------------------------------------- linking the new syntax


def link(escort_registry, tmp_path, rule_yaml: str) -> list[str]:
    text = CHECKLIST.split("\nrules:\n")[0] + "\nrules:\n" + textwrap.indent(rule_yaml, "  ")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        loaded = parse_checklist(path, "test")
    except ProblemsFound as exc:
        return [str(p) for p in exc.problems]
    problems = link_checklist(loaded, escort_registry.laws, escort_registry.functions)
    problems += lint_checklist(loaded, escort_registry)
    return [str(p) for p in problems if p.level == "error"]


RULE = """\
- id: r
  title: t
  when: amount > 0
  severity: medium
  consequence: c
  recommendation: r
  timeframe: ongoing
"""


@pytest.mark.parametrize("extra, message", [
    ("cite: [{in_force: [arbitration_law#16, vat_law#22]}]", "must be versions of one instrument"),
    ("cite: [{in_force: [arbitration_law#16, arbitration_law#18]}]", "two articles of one version"),
    ("cite: [{in_force: [arbitration_law#99, arbitration_law_2025#27]}]", "does not resolve"),
    ("cite: [{in_force: [trademark_law_2027#49, patent_rules_2010#77]}]", "at least one version whose text"),
    ("cite: [{in_force: [civil_code#188, civil_code_x#1]}]", "does not resolve"),
    ("cite: [labour_contract_law#82]\nfacts_date: amount", "facts_date should be a date"),
    ("cite: [labour_contract_law#82]\nseverity_by: [{when: 'headcount > 3', severity: high, reason: x}]",
     "unknown name 'headcount'"),
    ("cite: [labour_contract_law#82]\nseverity_by: [{when: 'amount', severity: high, reason: x}]",
     "when should be true or false"),
    ("cite: [labour_contract_law#82]\nwhen: exposure_high > 0", "unknown name 'exposure_high'"),
    ("cite: [{in_force: [arbitration_law#16]}]", "give at least two"),
    ("cite: [labour_contract_law#82]\nseverity_by: [{when: 'exposure_hig > 0', severity: high, reason: x}]",
     "did you mean 'exposure_high'"),
])
def test_linker_and_lint_reject_bad_dated_citations_and_grades(escort_registry, tmp_path, extra, message):
    rule = RULE.replace("  when: amount > 0\n", "") if extra.count("when:") and "severity_by" not in extra else RULE
    errors = link(escort_registry, tmp_path, rule + textwrap.indent(extra, "  ") + "\n")
    assert any(message in e for e in errors), errors


def test_overlapping_periods_are_rejected(escort_registry, tmp_path):
    # civil_code#188 (from 2017-10-01) and 民法通则 (to 2017-10-01) meet without overlap: accepted
    ok = link(escort_registry, tmp_path, RULE + "  cite: [{in_force: [general_principles_civil_law#135, civil_code#188]}]\n")
    assert ok == []
    from escort.laws import LawRegistry
    from escort.models import PendingLaw

    laws = LawRegistry(laws=dict(escort_registry.laws.laws), articles=dict(escort_registry.laws.articles),
                       pending=dict(escort_registry.laws.pending))
    laws.add_pending(PendingLaw(id="arbitration_law_draft", name="中华人民共和国仲裁法", short_name="仲裁法",
                                revision_zh="x", effective=dt.date(2025, 1, 1), source="test"), "test")
    path = tmp_path / "c.yaml"
    text = CHECKLIST.split("\nrules:\n")[0] + "\nrules:\n" + textwrap.indent(
        RULE + "  cite: [{in_force: [arbitration_law#16, arbitration_law_draft#1]}]\n", "  ")
    path.write_text(text, encoding="utf-8")
    problems = link_checklist(parse_checklist(path, "t"), laws, escort_registry.functions)
    assert any("overlap" in str(p) for p in problems), [str(p) for p in problems]


def test_pending_file_holds_no_article_text():
    import yaml

    from escort.resources import data_path

    data = yaml.safe_load(data_path("checklists", "laws", "pending.yaml").read_text(encoding="utf-8"))
    assert set(data) == {"pending"}
    for entry in data["pending"]:
        assert "articles" not in entry and "text" not in entry
        for target in entry.get("article_map", {}).values():
            assert len(target) < 60  # a pointer to article numbers, never a quotation


# --------------------------------------------------------------------------- D. every example renders to HTML


EXAMPLES = sorted(p.name for p in __import__("pathlib").Path(__file__).resolve().parent.parent.joinpath("examples").glob("*.yaml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_renders_to_html(escort_registry, name):
    from escort.answers import load_answers
    from escort.engine import evaluate
    from escort.report import render_html
    from escort.report_view import exposure_lines
    from escort.resources import data_path

    answers, _ = load_answers(data_path("examples", name), escort_registry)
    result = evaluate(escort_registry, answers)
    html = render_html(result, escort_registry)
    assert "执行摘要" in html
    for line in exposure_lines(result):
        assert line in html
    for f in result.findings:
        for note in f.lawyer_notes:
            assert note not in html


def test_bankruptcy_example_keeps_estate_recoveries_apart(escort_registry):
    """bankruptcy_distressed_saveable: the look-back recoveries (audit §6, verified row by row there:
    800,000 civil revocation + 2,100,000 undervalue sale + 1,500,000 related-party preference …) and the
    unpaid capital are the estate's to recover; only the contingent guarantee is the company's to pay."""
    from escort.answers import load_answers
    from escort.engine import evaluate
    from escort.resources import data_path

    answers, _ = load_answers(data_path("examples", "bankruptcy_distressed_saveable.yaml"), escort_registry)
    result = evaluate(escort_registry, answers)
    recovery = [f for f in result.findings if f.exposure and f.exposure.kind == "recovery" and f.status == "fired"]
    liability = [f for f in result.findings if f.exposure and f.exposure.kind == "liability" and f.status == "fired"]
    assert {f.rule for f in liability} <= {"cross_guarantee_exposure", "liquidation_recovery_estimate"}
    # 第三十一条 3,000,000 + 第三十二条 1,500,000 + unpaid capital 2,000,000 + civil revocation 800,000
    assert result.exposure_totals["recovery"]["low"] == sum(f.exposure.low for f in recovery) == 7_300_000
    assert result.exposure_totals["recovery"]["findings_with_figure"] == 4
    # the company's own exposure: the contingent cross-guarantee, 0 – 5,000,000 (not 7.3–12.3 M as before)
    assert result.exposure_total == {"low": 0, "high": 5_000_000}


def test_headline_legend_explains_only_the_kinds_shown(engine_registry):
    from escort.report_view import exposure_legend, exposure_lines

    out = run(engine_registry, amount=12_000, estate_recoverable=2_100_000)
    legend = exposure_legend(exposure_lines(out.result))
    assert "破产财产可追回" in legend and "可能承担" in legend and "可主张或可追回" not in legend
    assert exposure_legend(exposure_lines(run(engine_registry, amount=12_000).result)) == ""


@pytest.mark.parametrize("law, day, expected", [
    ("vat_interim_regulation", "2025-12-31", True), ("vat_interim_regulation", "2026-01-01", False),
    ("vat_law", "2025-12-31", False), ("vat_law", "2026-01-01", True),
    ("patent_rules", "2024-01-19", False), ("patent_rules", "2024-01-20", True),
    ("patent_rules_2010", "2024-01-19", True), ("patent_rules_2010", "2024-01-20", False),
    ("trademark_law", "2026-12-31", True), ("trademark_law", "2027-01-01", False),
    ("trademark_law_2027", "2027-01-01", True),
    ("company_law", "2024-02-29", False), ("company_law_2018", "2024-02-29", True),
])
def test_law_in_force_reads_the_registry_periods(escort_registry, law, day, expected):
    assert escort_registry.functions["law_in_force"](law, day) is expected


def test_law_in_force_per_row_in_an_expression(escort_registry):
    from escort.expressions import Record, compile_expression, evaluate

    # 2023 细则 floor 4,000 from 2024-01-20; before it the rule's own lower figure (here 3,000) — per row
    rows = [Record({"granted": dt.date(2024, 1, 19)}, "r"), Record({"granted": dt.date(2024, 1, 20)}, "r")]
    expr = compile_expression("sum((4000 if law_in_force('patent_rules', r.granted) else 3000) for r in rows)")
    assert evaluate(expr, {"rows": rows}, escort_registry.functions) == 3000 + 4000
    with pytest.raises(Exception, match="no law 'nope'"):
        escort_registry.functions["law_in_force"]("nope", "2026-01-01")


def test_an_older_result_without_totals_per_kind_still_gets_its_headline(engine_registry):
    from escort.report_view import exposure_lines

    result = run(engine_registry, amount=12_000).result
    result.exposure_totals = {}  # as in a result.json written before exposure kinds
    assert exposure_lines(result) == ["可能承担 12,000 元（1 项有金额）"]
