"""The labour checklist: the three example enterprises and every statutory threshold.

Expected figures are worked out here from the statute, not copied from the
program's output.  Dates follow the engine's convention: one month after
2026-01-15 is 2026-02-15.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins.labour import (annual_leave_days, daily_wage, double_wage_full_months,
                                    double_wage_started_months, severance_amount, severance_months)
from escort.engine import evaluate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
D = dt.date.fromisoformat


def run_example(registry, name):
    answers, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, answers, only=["labour"])
    fired = {f.rule for f in result.findings if f.status == "fired"}
    verify = {f.rule for f in result.findings if f.status == "verify"}
    return result, fired, verify


def exposure(result, rule):
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.exposure is not None, finding.exposure_note
    return finding.exposure


# --------------------------------------------------------------------------- examples


def test_well_run_has_no_labour_findings(escort_registry):
    result, fired, verify = run_example(escort_registry, "well_run")
    assert fired == set()
    assert verify == set()
    assert result.needs_verification == []
    assert result.grade == "green"
    # 林海峰 earned 40,000 > 3 × 10,500: 16 years 3 months → capped at 12 months × 31,500 = 378,000, paid in full.
    assert result.exposure_total == {"low": 0, "high": 0}


def test_average_fires_exactly_these_rules(escort_registry):
    result, fired, verify = run_example(escort_registry, "average")
    assert fired == {"no_written_contract", "untaken_leave_unpaid"}
    # renewal_after_two_terms and attendance_kept were answered "unknown": never silent.
    assert verify == {"open_ended_not_offered", "attendance_not_kept"}
    assert {v.question for v in result.needs_verification} == {"renewal_after_two_terms", "attendance_kept"}
    assert result.notes["labour"]["overtime_hours_max"].startswith("按2026年")
    assert result.grade == "amber"


def test_average_exposure_figures(escort_registry):
    result, _, _ = run_example(escort_registry, "average")
    # 第八十二条 / 实施条例第六条: 王磊 hired 2026-05-06, unsigned at 2026-11-20: 6 whole months since hiring,
    # the first month is the grace month → 5 full months owed, a 6th month begun.
    # 赵敏 hired 2026-02-10, signed 2026-06-15 → last unsigned day 2026-06-14: 4 whole months → 3 full, a 4th begun.
    dw = exposure(result, "no_written_contract")
    assert dw.low == 6800 * 5 + 7200 * 3
    assert dw.high == 6800 * 6 + 7200 * 4
    # 年休假条例第五条, 实施办法第十条、第十一条: owed 200% of monthly ÷ 21.75 per untaken day.
    leave = exposure(result, "untaken_leave_unpaid")
    assert leave.low == pytest.approx(8700 / 21.75 * 5 * 2 + 10875 / 21.75 * 3 * 2)
    assert leave.low == pytest.approx(400 * 5 * 2 + 500 * 3 * 2)  # 7,000
    assert result.exposure_total == {"low": 6800 * 5 + 7200 * 3 + 7000, "high": 6800 * 6 + 7200 * 4 + 7000}


def test_in_trouble_fires_exactly_these_rules(escort_registry):
    result, fired, verify = run_example(escort_registry, "in_trouble")
    rules = {r.id for r in escort_registry.checklists["labour"].model.rules}
    assert fired == rules - {"no_workplace_rules", "dispatch_agency_unlicensed"}
    assert verify == {"dispatch_agency_unlicensed"}
    assert result.grade == "red"


def test_in_trouble_exposure_figures(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    # 黄强 hired 2025-06-01, still unsigned: 17 months → capped at 11 (第八十二条: 超过一个月不满一年).
    # 李娟 hired 2026-08-10: 3 whole months → 2 full, a 3rd begun.  吴刚 hired 2026-10-25: under one month → 0.
    dw = exposure(result, "no_written_contract")
    assert dw.low == 5200 * 11 + 4800 * 2 + 4600 * 0
    assert dw.high == 5200 * 11 + 4800 * 3 + 4600 * 0
    # 第二十条: floor = max(80% × 5,000, minimum wage 2,100) = 4,000; paid 3,500; 3 months × 20 people.
    pu = exposure(result, "probation_underpaid")
    assert pu.low == (4000 - 3500) * 3 * 20
    # 第八十五条: 逾期不支付的 加付应付金额50%至100% → at most twice the shortfall.
    assert pu.high == (4000 - 3500) * 3 * 20 * 2
    ot = exposure(result, "overtime_underpaid")
    assert (ot.low, ot.high) == (420000, 840000)
    wa = exposure(result, "wage_arrears")
    assert (wa.low, wa.high) == (310000, 620000)
    # 社会保险法第八十六条: 120,000 since 2025-01-01 (365 + 323 = 688 days), 90,000 since 2026-01-01 (323 days).
    si = exposure(result, "si_arrears")
    surcharge = 120000 * 0.0005 * 688 + 90000 * 0.0005 * 323
    assert si.low == pytest.approx(surcharge)  # 41,280 + 14,535
    assert si.high == pytest.approx(surcharge + 3 * (120000 + 90000))
    # 第四十七条 (average wage 7,800; 3× = 23,400, no one above it):
    # 郑凯 2023-02-20 → 2026-02-19: 2 years + 11 months → 3 months × 5,500 = 16,500, paid 5,500 → 11,000.
    # 马丽 2025-05-10 → 2025-11-09: under 6 months → half a month × 4,800 = 2,400, paid 0.
    sev = exposure(result, "severance_unpaid")
    assert sev.low == (5500 * 3 - 5500) + 4800 * 0.5
    assert sev.high == sev.low * 2
    # 第八十七条: twice the severance.  张伟 2015-04-01 → 2026-04-30: 11 years + 29 days → 11.5 months × 6,500.
    # 周芳 2024-09-01 → 2025-12-31: 1 year + 3 months → 1.5 months × 5,000, 2,500 already paid.
    un = exposure(result, "unlawful_termination")
    assert un.low == 2 * 6500 * 11.5 + (2 * 5000 * 1.5 - 2500)
    assert un.low == 162000
    # 劳动合同法第九十二条第二款: 责令限期改正; only 逾期不改正 brings 5,000–10,000 per worker,
    # so the low estimate is 0 (corrected in time) and the high one the maximum fine.
    dp = exposure(result, "dispatch_core_posts")
    assert (dp.low, dp.high) == (0, 30 * 10000)
    # 6,525 ÷ 21.75 = 300 a day; 4,350 ÷ 21.75 = 200 a day; 200% owed per untaken day.
    assert exposure(result, "untaken_leave_unpaid").low == pytest.approx(300 * 10 * 2 + 200 * 5 * 2)


# --------------------------------------------------------------------------- double wages


def unsigned(hire, wage=6000, signed=None):
    row = {"name": "甲", "hire_date": hire, "monthly_wage": wage}
    if signed:
        row["signed_date"] = signed
    return {"has_unsigned": True, "unsigned_staff": [row]}


def test_exactly_one_month_without_contract_owes_nothing(escort_run):
    out = escort_run("labour", unsigned("2026-10-20"), date="2026-11-20")
    out.not_fired("no_written_contract")


def test_one_month_and_one_day_owes_double_wages(escort_run):
    out = escort_run("labour", unsigned("2026-10-20"), date="2026-11-21")
    f = out.fired("no_written_contract")
    assert f.exposure.low == 6000 * 0   # no whole month yet
    assert f.exposure.high == 6000 * 1  # one month begun


def test_signed_the_day_after_one_month_owes_nothing(escort_run):
    # 实施条例第六条: double wages end the day before signing.
    out = escort_run("labour", unsigned("2026-01-15", signed="2026-02-16"), date="2026-11-20")
    out.not_fired("no_written_contract")


def test_eleven_months_cap_on_the_first_anniversary(escort_run):
    out = escort_run("labour", unsigned("2025-11-20"), date="2026-11-20")
    f = out.fired("no_written_contract")
    assert (f.exposure.low, f.exposure.high) == (6000 * 11, 6000 * 11)
    out.fired("deemed_open_ended")  # 第十四条第三款, 实施条例第七条


def test_day_before_first_anniversary(escort_run):
    out = escort_run("labour", unsigned("2025-11-21"), date="2026-11-20")
    f = out.fired("no_written_contract")
    assert (f.exposure.low, f.exposure.high) == (6000 * 10, 6000 * 11)
    out.not_fired("deemed_open_ended")


def test_two_years_unsigned_still_capped_at_eleven(escort_run):
    out = escort_run("labour", unsigned("2024-11-20"), date="2026-11-20")
    assert out.fired("no_written_contract").exposure.high == 6000 * 11


def test_double_wage_month_functions_at_thresholds():
    assert double_wage_full_months(D("2026-01-15"), D("2026-02-15")) == 0
    assert double_wage_started_months(D("2026-01-15"), D("2026-02-15")) == 0
    assert double_wage_started_months(D("2026-01-15"), D("2026-02-16")) == 1
    assert double_wage_full_months(D("2026-01-15"), D("2026-03-15")) == 1
    assert double_wage_full_months(D("2026-01-15"), D("2027-01-15")) == 11
    assert double_wage_started_months(D("2026-01-15"), D("2027-06-01")) == 11


def test_unknown_unsigned_table_is_listed_for_verification(escort_run):
    out = escort_run("labour", {"has_unsigned": "unknown"}, date="2026-11-20")
    out.verify("no_written_contract")


# --------------------------------------------------------------------------- overtime


def test_36_hours_overtime_is_within_the_cap(escort_run):
    escort_run("labour", {"overtime_hours_max": 36}, date="2026-11-20").not_fired("overtime_over_cap")


def test_37_hours_overtime_exceeds_the_cap(escort_run):
    escort_run("labour", {"overtime_hours_max": 37}, date="2026-11-20").fired("overtime_over_cap")


def test_no_overtime_hides_the_overtime_pay_questions(escort_run):
    out = escort_run("labour", {"overtime_hours_max": 0}, date="2026-11-20")
    assert out.finding("overtime_underpaid") is None
    assert out.finding("overtime_not_consulted") is None


# --------------------------------------------------------------------------- severance


def test_severance_months_at_the_six_month_boundary():
    # 第四十七条: 不满六个月的，支付半个月；六个月以上不满一年的，按一年计算。
    assert severance_months(D("2025-05-01"), D("2025-10-30")) == 0.5  # 5 months 29 days
    assert severance_months(D("2025-05-01"), D("2025-11-01")) == 1    # exactly 6 months
    assert severance_months(D("2025-05-01"), D("2026-05-01")) == 1    # exactly one year
    assert severance_months(D("2025-05-01"), D("2026-05-02")) == 1.5  # one year and a day
    assert severance_months(D("2023-05-01"), D("2026-04-30")) == 3    # 2 years 11 months 29 days


def test_severance_three_times_average_wage_cap_and_twelve_years():
    # 第四十七条第二款: 3 × 10,000 = 30,000.  15 years of service.
    assert severance_amount(30000, D("2011-01-01"), D("2026-01-01"), 10000) == 30000 * 15  # not above 3×: no cap
    assert severance_amount(30001, D("2011-01-01"), D("2026-01-01"), 10000) == 30000 * 12  # above: base and years capped
    assert severance_amount(40000, D("2021-01-01"), D("2026-01-01"), 10000) == 30000 * 5   # capped base, years < 12


def severance_case(reason, hire, end, wage, paid=0, avg=10000, min_wage=2490):
    # local_min_wage is a required answer: 实施条例第二十七条 raises a base below it to the minimum wage.
    return {"local_avg_wage": avg, "local_min_wage": min_wage, "had_terminations": True, "terminations": [
        {"name": "乙", "hire_date": hire, "end_date": end, "reason": reason, "monthly_wage": wage, "severance_paid": paid}]}


def test_severance_rule_half_month_just_under_six_months(escort_run):
    out = escort_run("labour", severance_case("layoff", "2025-05-01", "2025-10-30", 8000), date="2026-11-20")
    assert out.fired("severance_unpaid").exposure.low == 8000 * 0.5


def test_severance_rule_full_month_at_six_months(escort_run):
    out = escort_run("labour", severance_case("layoff", "2025-05-01", "2025-11-01", 8000), date="2026-11-20")
    assert out.fired("severance_unpaid").exposure.low == 8000 * 1


def test_severance_paid_in_full_does_not_fire(escort_run):
    out = escort_run("labour", severance_case("mutual_employer", "2023-05-01", "2026-05-01", 8000, paid=8000 * 3),
                     date="2026-11-20")
    out.not_fired("severance_unpaid")


def test_unlawful_termination_is_twice_the_capped_severance(escort_run):
    out = escort_run("labour", severance_case("no_ground", "2011-01-01", "2026-01-01", 50000), date="2026-11-20")
    f = out.fired("unlawful_termination")
    assert f.exposure.low == 2 * 30000 * 12  # 第八十七条 × 第四十七条第二款
    out.not_fired("severance_unpaid")


def test_resignation_owes_no_severance(escort_run):
    out = escort_run("labour", severance_case("resigned", "2020-01-01", "2026-01-01", 8000), date="2026-11-20")
    out.not_fired("severance_unpaid")
    out.not_fired("unlawful_termination")


def test_unknown_average_wage_leaves_severance_to_verify(escort_run):
    case = severance_case("layoff", "2020-01-01", "2026-01-01", 8000)
    case["local_avg_wage"] = "unknown"
    escort_run("labour", case, date="2026-11-20").verify("severance_unpaid")


# --------------------------------------------------------------------------- annual leave, wages, dispatch


def test_annual_leave_tiers():
    # 职工带薪年休假条例第三条
    assert annual_leave_days(0.9) == 0
    assert annual_leave_days(1) == 5
    assert annual_leave_days(9.9) == 5
    assert annual_leave_days(10) == 10
    assert annual_leave_days(19.9) == 10
    assert annual_leave_days(20) == 15


def test_daily_wage_is_monthly_over_21_75():
    assert daily_wage(21750) == pytest.approx(1000)  # 实施办法第十一条


def test_probation_wage_at_exactly_eighty_percent_is_lawful(escort_run):
    base = {"uses_probation": True, "probation_agreed_wage": 8000, "local_min_wage": 2490,
            "probation_months": 3, "probation_headcount": 2}
    escort_run("labour", dict(base, probation_wage=6400), date="2026-11-20").not_fired("probation_underpaid")
    f = escort_run("labour", dict(base, probation_wage=6399), date="2026-11-20").fired("probation_underpaid")
    assert f.exposure.low == (6400 - 6399) * 3 * 2


def test_no_dispatch_hides_dispatch_questions(escort_run):
    out = escort_run("labour", {"has_dispatch": False}, date="2026-11-20")
    for rule in ("dispatch_core_posts", "dispatch_over_share", "dispatch_unequal_pay", "dispatch_agency_unlicensed"):
        assert out.finding(rule) is None
    assert not any(q == "dispatch_count" for _, q in out.unknown_questions)


def test_dispatch_share_at_ten_percent_is_not_over(escort_run):
    base = {"has_dispatch": True, "headcount": 90}
    escort_run("labour", dict(base, dispatch_count=10), date="2026-11-20").not_fired("dispatch_over_share")
    escort_run("labour", dict(base, dispatch_count=11), date="2026-11-20").fired("dispatch_over_share")


def test_messages_spell_out_each_persons_arithmetic(escort_run):
    out = escort_run("labour", severance_case("no_ground", "2011-01-01", "2026-01-01", 50000), date="2026-11-20")
    message = out.fired("unlawful_termination").message
    assert "按30,000元计、最多12个月：30,000元 × 12个月" in message
    assert "= 720,000元" in message  # 2 × 30,000 × 12
    out = escort_run("labour", unsigned("2026-05-06", wage=6800), date="2026-11-20")
    assert "6,800元 × 5至6个月 = 34,000至40,800元" in out.fired("no_written_contract").message


def test_in_trouble_total_exposure(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    surcharge = 120000 * 0.0005 * 688 + 90000 * 0.0005 * 323
    # dispatch fine (第九十二条) only if the order to correct is ignored: low 0, high 30 × 10,000;
    # probation shortfall (第二十条) plus up to 100% more under 第八十五条 in the high estimate.
    low = ((5200 * 11 + 4800 * 2) + 500 * 3 * 20 + 420000 + 310000 + surcharge + 13400 + 162000
           + 0 + 8000)
    high = ((5200 * 11 + 4800 * 3) + 500 * 3 * 20 * 2 + 840000 + 620000 + surcharge + 3 * 210000 + 26800 + 162000
            + 30 * 10000 + 8000)
    assert result.exposure_total["low"] == pytest.approx(low)
    assert result.exposure_total["high"] == pytest.approx(high)


# --------------------------------------------------------------------------- minors (split by what the cited articles support)


def test_minor_overtime_alone_is_the_overtime_finding_only(escort_run):
    # 劳动法第四十一条 governs overtime limits for every worker; it says nothing on child labour.
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["overtime_or_night"]}, date="2026-11-20")
    out.fired("minors_overtime")
    out.not_fired("minors_unprotected")


def test_under_sixteen_fires_the_minor_protection_finding(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["under_16"]}, date="2026-11-20")
    f = out.fired("minors_unprotected")
    assert "未满16周岁" in f.message
    out.not_fired("minors_overtime")


def test_unknown_minor_protections_are_listed_for_verification(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": "unknown"}, date="2026-11-20")
    out.verify("minors_unprotected")
    out.verify("minors_overtime")


def test_no_minor_issue_fires_nothing(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["none"]}, date="2026-11-20")
    out.not_fired("minors_unprotected")
    out.not_fired("minors_overtime")


def test_severance_base_below_minimum_wage_is_raised_to_it(escort_run):
    # 实施条例第二十七条: 平均工资低于当地最低工资标准的，按照当地最低工资标准计算.
    # 2024-01-01 → 2026-01-01: 2 full years → 2 months × 2,490 (not × 1,800).
    out = escort_run("labour", severance_case("no_fault", "2024-01-01", "2026-01-01", 1800), date="2026-11-20")
    assert out.fired("severance_unpaid").exposure.low == 2 * 2490
    assert severance_amount(1800, D("2024-01-01"), D("2026-01-01"), 10000, 2490) == 2 * 2490


def test_unknown_minimum_wage_leaves_severance_to_verify(escort_run):
    answers = severance_case("no_fault", "2024-01-01", "2026-01-01", 8000)
    del answers["local_min_wage"]
    escort_run("labour", answers, date="2026-11-20").verify("severance_unpaid")
