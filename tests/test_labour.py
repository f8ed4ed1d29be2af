"""The labour checklist: the three example enterprises and every statutory threshold.

Expected figures are worked out here from the statute, not copied from the
program's output.  Labour periods count the first day of work as day 1 and the
leaving day as worked (hired 2026-03-01 → one month complete on 03-31 → double
wages from 04-01).  A part month of double wages is monthly wage ÷ 21.75 × its
working days (Monday to Friday; 劳动争议解释（二）第六条, 劳社部发[2008]3号).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins.labour import (annual_leave_days, daily_wage, double_wage_amount, double_wage_full_months,
                                    double_wage_part_days, is_labour_claim_time_barred, service_end_exclusive,
                                    severance_amount, severance_months, working_days)
from escort.engine import evaluate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
D = dt.date.fromisoformat


def run_example(registry, name):
    answers, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, answers, only=["labour"])
    fired = {f.rule for f in result.findings if f.status == "fired"}
    verify = {f.rule for f in result.findings if f.status == "verify"}
    return result, fired, verify


def cited(finding):
    return {a.key for a in finding.legal_basis}


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
    # 第八十二条 / 实施条例第六条: 王磊 hired 2026-05-06 (day 1), one month complete 06-05 → double wages from 06-06;
    # unsigned at 2026-11-20: 5 whole months (to 11-05) + 11-06..11-20 = 11 working days (Fri 6, 9-13, 16-20).
    # 赵敏 hired 2026-02-10, signed 2026-06-15 → last unsigned day 06-14: from 03-10, 3 whole months (to 06-09)
    # + 06-10..06-14 = 3 working days (Wed-Fri; 13-14 is a weekend).
    dw = exposure(result, "no_written_contract")
    assert dw.low == 6800 * 3 + 6800 * 2 + 7200 * 3
    assert dw.high == pytest.approx(6800 * 5 + 6800 / 21.75 * 11 + 7200 * 3 + 7200 / 21.75 * 3, abs=0.02)
    # 年休假条例第五条, 实施办法第十条、第十一条: owed 200% of monthly ÷ 21.75 per untaken day.
    leave = exposure(result, "untaken_leave_unpaid")
    assert leave.low == pytest.approx(400 * 5 * 2 + 500 * 3 * 2)  # 7,000
    assert result.exposure_total["low"] == pytest.approx(6800 * 5 + 7200 * 3 + 7000)


def in_trouble_fired(registry):
    rules = {r.id for r in registry.checklists["labour"].model.rules}
    # not fired: no child labour, no hazardous minor work, a handbook exists, no retirees;
    # the agency's licence was answered unknown.
    return rules - {"no_workplace_rules", "dispatch_agency_unlicensed", "child_labour", "minor_hazardous_work",
                    "retirees_without_pension", "hiring_discrimination", "hired_still_employed_elsewhere"}


def test_in_trouble_fires_exactly_these_rules(escort_registry):
    result, fired, verify = run_example(escort_registry, "in_trouble")
    assert fired == in_trouble_fired(escort_registry)
    assert verify == {"dispatch_agency_unlicensed"}
    assert result.grade == "red"


def test_in_trouble_exposure_figures(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    # 黄强 hired 2025-06-01, still unsigned: capped at 11 months (第八十二条; 解释（二）第九条).
    # 李娟 hired 2026-08-10: from 09-10, 2 whole months (to 11-09) + 11-10..11-20 = 9 working days.
    # 吴刚 hired 2026-10-25: one month not yet complete → 0.  何伟 refused, written requests evidenced → 0 (解释（二）第七条).
    dw = exposure(result, "no_written_contract")
    assert dw.low == 5200 * 11 + 4800 * 2
    assert dw.high == pytest.approx(5200 * 11 + 4800 * 2 + 4800 / 21.75 * 9, abs=0.01)
    # 陈磊's contract expired 2026-02-28; work continued from 03-01 (day 1) → from 04-01: 7 whole months (to 10-31)
    # + 11-02..11-20 = 15 working days.  Low 0: regions that deem renewal on the same terms (解释（二）第十一条).
    ex = exposure(result, "expired_contract_not_renewed")
    assert ex.low == 0
    assert ex.high == pytest.approx(6000 * 7 + 6000 / 21.75 * 15, abs=0.01)
    # 第二十条: floor = max(80% × 5,000, minimum wage 2,100) = 4,000; paid 3,500; 3 months × 20 people.
    pu = exposure(result, "probation_underpaid")
    assert (pu.low, pu.high) == ((4000 - 3500) * 3 * 20, (4000 - 3500) * 3 * 20 * 2)
    # 劳动法第四十四条: 刘军 4,350 ÷ 174 = 25 an hour; 25 × (1.5×300 + 2×200 + 3×24) = 23,050, paid 3,000 → 20,050.
    # 孙红 all-in 3,000 a month: minimum wage 2,100 ÷ 174 × (174 × 12 + 1.5×360 + 2×240 + 3×16) − 3,000 × 12
    #   = 2,100 × 3,156 ÷ 174 − 36,000 = 2,089.66 (low); 3,000 ÷ 174 × 1,068 = 18,413.79 (high).
    # 蒋涛 left 2025-08-31: more than a year ago → low 0 (调解仲裁法第二十七条第四款); high 25 × (300 + 200) = 12,500.
    ot = exposure(result, "overtime_underpaid")
    assert ot.low == pytest.approx(20050 + (2100 * 3156 / 174 - 36000), abs=0.01)
    assert ot.high == pytest.approx((20050 + 3000 / 174 * 1068 + 12500) * 2, abs=0.02)
    wa = exposure(result, "wage_arrears")
    assert (wa.low, wa.high) == (310000, 620000)
    # 社会保险法第八十六条: 120,000 since 2025-01-01 (365 + 323 = 688 days), 90,000 since 2026-01-01 (323 days).
    si = exposure(result, "si_arrears")
    surcharge = 120000 * 0.0005 * 688 + 90000 * 0.0005 * 323
    assert si.low == pytest.approx(surcharge)
    assert si.high == pytest.approx(surcharge + 3 * (120000 + 90000))
    # 第四十七条, leaving day counted: 郑凯 2023-02-20 → 2026-02-19 is exactly 3 years → 3 × 5,500 − 5,500 = 11,000.
    # 马丽 2025-05-10 → 2025-11-09 is exactly six months → 1 × 4,800 (audit §4.1), but she left more than a year
    # before 2026-11-20 → presumptively time-barred: out of the low figure, in the high one.
    sev = exposure(result, "severance_unpaid")
    assert sev.low == 5500 * 3 - 5500
    assert sev.high == (5500 * 3 - 5500 + 4800 * 1) * 2
    # 第八十七条: 张伟 2015-04-01 → 2026-04-30: 11 years 1 month → 11.5 months × 6,500 × 2 = 149,500.
    # 周芳 2024-09-01 → 2025-12-31: 1 year 4 months → 1.5 × 5,000 × 2 − 2,500 paid = 12,500.
    un = exposure(result, "unlawful_termination")
    assert un.low == un.high == 2 * 6500 * 11.5 + (2 * 5000 * 1.5 - 2500) == 162000
    dp = exposure(result, "dispatch_core_posts")
    assert (dp.low, dp.high) == (0, 30 * 10000)
    assert exposure(result, "untaken_leave_unpaid").low == pytest.approx(300 * 10 * 2 + 200 * 5 * 2)
    # 工伤保险条例第六十二条第二款: 98,000 statutory benefits − 30,000 paid under the private settlement.
    assert exposure(result, "uninsured_injury_benefits").low == 98000 - 30000
    # 女职工劳动保护特别规定第十三条: 3 women × 1,000-5,000.  劳动合同法第八十四条: 30 people × 500-2,000.
    fe = exposure(result, "female_staff_protection_breached")
    assert (fe.low, fe.high) == (3 * 1000, 3 * 5000)
    dep = exposure(result, "deposits_or_ids_held")
    assert (dep.low, dep.high) == (30 * 500, 30 * 2000)
    # 住房公积金管理条例第三十七条 (0 if registered in time, else up to 50,000) and 第三十八条 (the arrears).
    assert (exposure(result, "housing_fund_not_registered").low, exposure(result, "housing_fund_not_registered").high) == (0, 50000)
    assert exposure(result, "housing_fund_underpaid").low == 280000


def test_in_trouble_messages_read_right(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    msg = {f.rule: f.message for f in result.findings}
    # 吴刚 (26 days) is not late yet and 何伟 refused: two, not four, employees are counted.
    assert msg["no_written_contract"].startswith("共 2 名员工入职满一个月未签订书面劳动合同")
    assert "何伟：员工拒绝签订" in msg["no_written_contract"]
    assert "马丽：2025-05-10至2025-11-09（离职当日计入），4,800元 × 1个月 = 4,800元" in msg["severance_unpaid"]
    assert "可能已过一年时效" in msg["severance_unpaid"]
    assert "黄强（2025-06-01入职，2026-05-31满一年）" in msg["deemed_open_ended"]
    # 2,100 × 12 = 25,200 normal pay; 2,100 ÷ 174 × 1,068 = 12,889.66 overtime; 38,089.66 − 36,000 = 2,089.66.
    assert "至少应得正常工资25,200元加加班费12,889.66元，实发36,000元，差额2,089.66元" in msg["overtime_underpaid"]
    assert "员工可以要求订立无固定期限劳动合同" in msg["expired_contract_not_renewed"]
    severities = {f.rule: f.severity.value for f in result.findings}
    assert severities["minor_registration_lapse"] == "low"  # a registration lapse is not child labour
    assert severities["deemed_open_ended"] == "high" and severities["unlawful_termination"] == "high"


# --------------------------------------------------------------------------- the labour date convention


def test_service_end_exclusive_counts_the_last_day():
    assert service_end_exclusive(D("2026-02-28")) == D("2026-03-01")
    assert service_end_exclusive(D("2028-02-28")) == D("2028-02-29")  # leap year
    assert service_end_exclusive(D("2026-12-31")) == D("2027-01-01")


def test_working_days_are_mondays_to_fridays():
    assert working_days(D("2026-11-16"), D("2026-11-23")) == 5  # Mon 16 … Sun 22
    assert working_days(D("2026-11-21"), D("2026-11-23")) == 0  # a weekend
    assert working_days(D("2026-11-20"), D("2026-11-20")) == 0  # empty


# --------------------------------------------------------------------------- double wages


def unsigned(hire, wage=6000, **cells):
    row = {"name": "甲", "hire_date": hire, "monthly_wage": wage, **cells}
    return {"has_unsigned": True, "unsigned_staff": [row]}


def test_double_wage_day_count_audit_cases():
    # Audit §4.1: hired 2026-03-01 → 满一个月 on 03-31 → double wages from 04-01.
    hire = D("2026-03-01")
    assert (double_wage_full_months(hire, D("2026-03-31")), double_wage_part_days(hire, D("2026-03-31"))) == (0, 0)
    assert (double_wage_full_months(hire, D("2026-04-01")), double_wage_part_days(hire, D("2026-04-01"))) == (0, 1)  # Wed
    assert (double_wage_full_months(hire, D("2026-04-30")), double_wage_part_days(hire, D("2026-04-30"))) == (1, 0)
    assert (double_wage_full_months(hire, D("2026-05-01")), double_wage_part_days(hire, D("2026-05-01"))) == (1, 1)  # Fri
    # 21,750 a month → 1,000 a working day (÷ 21.75).
    assert double_wage_amount(21750, hire, D("2026-05-01")) == 21750 + 1000
    assert double_wage_amount(21750, hire, D("2026-05-01"), prorate=False) == 21750


def test_exactly_one_month_without_contract_owes_nothing(escort_run):
    # Hired 2026-10-20 (day 1): the first month ends 11-19; unsigned through 11-19 is still on time.
    escort_run("labour", unsigned("2026-10-20"), date="2026-11-19").not_fired("no_written_contract")


def test_the_day_after_one_month_owes_one_working_day(escort_run):
    # 实施条例第六条第二款: from 用工之日起满一个月的次日 = 2026-11-20 (a Friday): one working day.
    f = escort_run("labour", unsigned("2026-10-20"), date="2026-11-20").fired("no_written_contract")
    assert f.exposure.low == 0
    assert f.exposure.high == pytest.approx(6000 / 21.75 * 1, abs=0.01)


def test_signed_on_the_first_double_wage_day_owes_nothing(escort_run):
    # Signed 2026-02-15 → last unsigned day 02-14, the last day of the first month (hired 01-15).
    escort_run("labour", unsigned("2026-01-15", signed_date="2026-02-15"), date="2026-11-20").not_fired("no_written_contract")
    # Signed a day later: one double-wage day, 2026-02-15 (a Sunday → 0 working days, still a late contract).
    f = escort_run("labour", unsigned("2026-01-15", signed_date="2026-02-16"), date="2026-11-20").fired("no_written_contract")
    assert (f.exposure.low, f.exposure.high) == (0, 0)


def test_month_end_hire(escort_run):
    # Hired 2026-01-31: one month later is 02-28 (no 31 February), so double wages start on 02-28 (Sat);
    # unsigned through 03-02 (Mon): 0 whole months, 1 working day.
    escort_run("labour", unsigned("2026-01-31"), date="2026-02-27").not_fired("no_written_contract")
    f = escort_run("labour", unsigned("2026-01-31"), date="2026-03-02").fired("no_written_contract")
    assert f.exposure.high == pytest.approx(6000 / 21.75, abs=0.01)


def test_eleven_months_cap_on_the_first_anniversary(escort_run):
    out = escort_run("labour", unsigned("2025-11-20"), date="2026-11-20")
    f = out.fired("no_written_contract")
    assert (f.exposure.low, f.exposure.high) == (6000 * 11, 6000 * 11)
    out.fired("deemed_open_ended")  # 第十四条第三款, 实施条例第七条


def test_deemed_open_ended_on_the_day_the_year_is_complete(escort_run):
    # Hired 2025-11-21 (day 1): the year is complete on 2026-11-20 (满一年的当日).
    escort_run("labour", unsigned("2025-11-21"), date="2026-11-19").not_fired("deemed_open_ended")
    escort_run("labour", unsigned("2025-11-21"), date="2026-11-20").fired("deemed_open_ended")
    escort_run("labour", unsigned("2025-11-21"), date="2026-11-21").fired("deemed_open_ended")


def test_deemed_open_ended_from_29_february(escort_run):
    # Hired 2028-02-29: 2028-02-29 + 364 days = 2029-02-27 completes 365 days of work.
    escort_run("labour", unsigned("2028-02-29"), date="2029-02-26").not_fired("deemed_open_ended")
    escort_run("labour", unsigned("2028-02-29"), date="2029-02-27").fired("deemed_open_ended")


def test_part_month_is_capped_at_one_months_wage(escort_run):
    # Hired 2025-11-22: from 12-22, 10 whole months (to 10-21) + 10-22..11-20 = 22 working days;
    # 6,000 ÷ 21.75 × 22 = 6,068.97 > 6,000 → one month's wage at most.
    f = escort_run("labour", unsigned("2025-11-22"), date="2026-11-20").fired("no_written_contract")
    assert (f.exposure.low, f.exposure.high) == (6000 * 10, 6000 * 11)


def test_two_years_unsigned_still_capped_at_eleven(escort_run):
    out = escort_run("labour", unsigned("2024-11-20"), date="2026-11-20")
    assert out.fired("no_written_contract").exposure.high == 6000 * 11


def test_leaving_ends_the_double_wage_period(escort_run):
    # Hired 2026-03-02, left 2026-05-29: from 04-02, 1 whole month (to 05-01) + 05-04..05-29 = 20 working days.
    f = escort_run("labour", unsigned("2026-03-02", left_on="2026-05-29"), date="2026-11-20").fired("no_written_contract")
    assert f.exposure.low == 6000
    assert f.exposure.high == pytest.approx(6000 + 6000 / 21.75 * 20, abs=0.01)


def test_refusal_with_written_requests_owes_no_double_wages(escort_run):
    # 劳动争议解释（二）第七条第二项; 实施条例第六条: the employer should end the relationship in writing.
    evidenced = unsigned("2026-03-02", refused_to_sign=True, written_requests_evidence=True)
    escort_run("labour", evidenced, date="2026-11-20").not_fired("no_written_contract")
    # A refusal the employer cannot prove is no defence.
    bare = unsigned("2026-03-02", refused_to_sign=True, written_requests_evidence=False)
    escort_run("labour", bare, date="2026-11-20").fired("no_written_contract")


def test_contract_backdated_to_the_first_day_is_not_a_double_wage_case(escort_run):
    backdated = unsigned("2026-03-02", signed_date="2026-06-01", dated_as="2026-03-02")
    escort_run("labour", backdated, date="2026-11-20").not_fired("no_written_contract")
    dated_on_signing = unsigned("2026-03-02", signed_date="2026-06-01", dated_as="2026-06-01")
    f = escort_run("labour", dated_on_signing, date="2026-11-20").fired("no_written_contract")
    # From 04-02 to 05-31: 1 whole month (to 05-01) + 05-04..05-29 = 20 working days (05-30/31 weekend).
    assert f.exposure.high == pytest.approx(6000 + 6000 / 21.75 * 20, abs=0.01)


def expired(expiry, wage=6000, **cells):
    return {"expired_unrenewed": True, "expired_rows": [
        {"name": "丙", "hire_date": "2020-03-01", "expiry_date": expiry, "monthly_wage": wage, **cells}]}


def test_expired_contract_runs_from_the_expiry_not_the_hire_date(escort_run):
    # Expired 2026-02-28; work from 03-01 (day 1); first month ends 03-31 → from 04-01 in the regions that award it.
    f = escort_run("labour", expired("2026-02-28"), date="2026-03-31").fired("expired_contract_not_renewed")
    assert (f.exposure.low, f.exposure.high) == (0, 0)
    f = escort_run("labour", expired("2026-02-28"), date="2026-04-01").fired("expired_contract_not_renewed")
    assert f.exposure.high == pytest.approx(6000 / 21.75, abs=0.01)
    # Never the original hire date: a 2020 hire gets no 11 months for a lapse of one month.
    f = escort_run("labour", expired("2026-02-28", renewed_on="2026-05-01"), date="2026-11-20").fired("expired_contract_not_renewed")
    assert f.exposure.high == 6000 * 1  # 04-01 .. 04-30
    escort_run("labour", expired("2026-02-28"), date="2026-11-20").not_fired("no_written_contract")
    escort_run("labour", expired("2026-02-28"), date="2026-11-20").not_fired("deemed_open_ended")


def test_unknown_unsigned_table_is_listed_for_verification(escort_run):
    out = escort_run("labour", {"has_unsigned": "unknown"}, date="2026-11-20")
    out.verify("no_written_contract")


def test_double_wage_message_flags_the_one_year_limitation(escort_run):
    # Signed 2025-06-01 → last unsigned day 2025-05-31, more than a year before 2026-11-20.
    out = escort_run("labour", unsigned("2025-01-02", signed_date="2025-06-01"), date="2026-11-20")
    assert "可能已过一年仲裁时效" in out.fired("no_written_contract").message


# --------------------------------------------------------------------------- overtime


def test_36_hours_overtime_is_within_the_cap(escort_run):
    escort_run("labour", {"overtime_hours_max": 36}, date="2026-11-20").not_fired("overtime_over_cap")


def test_37_hours_overtime_exceeds_the_cap(escort_run):
    escort_run("labour", {"overtime_hours_max": 37}, date="2026-11-20").fired("overtime_over_cap")


def test_no_overtime_hides_the_overtime_pay_questions(escort_run):
    out = escort_run("labour", {"overtime_hours_max": 0}, date="2026-11-20")
    assert out.finding("overtime_underpaid") is None
    assert out.finding("overtime_not_consulted") is None
    assert out.finding("overtime_waiver_no_defence") is None


def overtime(row, min_wage=2490):
    base = {"name": "丁", "months": 12, "extended_hours": 0, "rest_day_hours": 0, "holiday_hours": 0, "overtime_paid": 0}
    return {"overtime_hours_max": 40, "overtime_pay": "partial", "local_min_wage": min_wage,
            "overtime_rows": [dict(base, **row)]}


def test_overtime_by_kind_at_150_200_300_percent(escort_run):
    # 劳动法第四十四条: 8,700 ÷ 174 = 50 an hour; 10 h × 150% + 8 h × 200% + 8 h × 300% = 15 + 16 + 24 = 55 h-equivalents.
    f = escort_run("labour", overtime({"monthly_wage": 8700, "extended_hours": 10, "rest_day_hours": 8,
                                       "holiday_hours": 8, "overtime_paid": 750}), date="2026-11-20").fired("overtime_underpaid")
    assert f.exposure.low == 50 * 55 - 750  # 2,000
    assert f.exposure.high == (50 * 55 - 750) * 2  # 第八十五条: up to 100% more after an ignored order


def test_overtime_paid_in_full_does_not_fire(escort_run):
    escort_run("labour", overtime({"monthly_wage": 8700, "extended_hours": 10, "overtime_paid": 750}),
               date="2026-11-20").not_fired("overtime_underpaid")


def test_all_in_pay_is_recomputed_from_the_minimum_wage(escort_run):
    # 3,480 a month "all-in", 12 months, 120 extended hours; minimum wage 2,610 → 15 an hour (÷ 174).
    # Low: 15 × (174 × 12 + 1.5 × 120) − 3,480 × 12 = 15 × 2,268 − 41,760 = 34,020 − 41,760 < 0 → 0 …
    # so take 2,700 a month: 15 × 2,268 − 32,400 = 1,620.  High: 2,700 ÷ 174 × 180 = 2,793.10 (× 2 under 第八十五条).
    f = escort_run("labour", overtime({"monthly_wage": 2700, "all_in": True, "extended_hours": 120}, min_wage=2610),
                   date="2026-11-20").fired("overtime_underpaid")
    assert f.exposure.low == pytest.approx(15 * 2268 - 2700 * 12, abs=0.01)
    assert f.exposure.high == pytest.approx(2700 / 174 * 180 * 2, abs=0.02)


def test_overtime_of_a_leaver_is_time_barred_a_year_after_leaving(escort_run):
    # 调解仲裁法第二十七条第四款: left 2025-11-20 → the year ends 2026-11-20 (day after as day 1).
    row = {"monthly_wage": 8700, "extended_hours": 10, "left_on": "2025-11-20"}
    assert escort_run("labour", overtime(row), date="2026-11-20").fired("overtime_underpaid").exposure.low == 50 * 15
    assert escort_run("labour", overtime(row), date="2026-11-21").fired("overtime_underpaid").exposure.low == 0


def test_waiver_or_unoperated_approval_rule_is_asked_and_flagged(escort_run):
    base = {"overtime_hours_max": 20, "overtime_pay": "statutory"}
    escort_run("labour", dict(base, overtime_waiver=True, overtime_approval_rule="operated"),
               date="2026-11-20").fired("overtime_waiver_no_defence")
    escort_run("labour", dict(base, overtime_waiver=False, overtime_approval_rule="not_operated"),
               date="2026-11-20").fired("overtime_waiver_no_defence")
    escort_run("labour", dict(base, overtime_waiver=False, overtime_approval_rule="operated"),
               date="2026-11-20").not_fired("overtime_waiver_no_defence")


# --------------------------------------------------------------------------- severance


def test_severance_months_count_the_leaving_day():
    # 第四十七条: 不满六个月的，支付半个月；六个月以上不满一年的，按一年计算.  The leaving day is worked.
    assert severance_months(D("2025-05-10"), D("2025-11-08")) == 0.5  # day before six months
    assert severance_months(D("2025-05-10"), D("2025-11-09")) == 1    # exactly six months (audit §4.1)
    assert severance_months(D("2025-05-10"), D("2025-11-10")) == 1    # day after
    assert severance_months(D("2020-01-01"), D("2021-06-30")) == 2    # one year six months
    assert severance_months(D("2020-01-01"), D("2020-06-29")) == 0.5
    assert severance_months(D("2025-05-01"), D("2026-04-30")) == 1    # exactly one year
    assert severance_months(D("2025-05-01"), D("2026-05-01")) == 1.5  # one year and a day
    # 29 February: 2024-02-29 + six months = 2024-08-29, so six months end on 08-28.
    assert severance_months(D("2024-02-29"), D("2024-08-27")) == 0.5
    assert severance_months(D("2024-02-29"), D("2024-08-28")) == 1


def test_severance_three_times_average_wage_cap_and_twelve_years():
    # 第四十七条第二款: 3 × 10,000 = 30,000.  2011-01-01 → 2025-12-31 is 15 years.
    assert severance_amount(30000, D("2011-01-01"), D("2025-12-31"), 10000) == 30000 * 15  # not above 3×: no cap
    assert severance_amount(30001, D("2011-01-01"), D("2025-12-31"), 10000) == 30000 * 12  # above: base and years capped
    assert severance_amount(40000, D("2021-01-01"), D("2025-12-31"), 10000) == 30000 * 5   # capped base, years < 12


def severance_case(reason, hire, end, wage, paid=0, avg=10000, min_wage=2490):
    # local_min_wage is a required answer: 实施条例第二十七条 raises a base below it to the minimum wage.
    return {"local_avg_wage": avg, "local_min_wage": min_wage, "had_terminations": True, "terminations": [
        {"name": "乙", "hire_date": hire, "end_date": end, "reason": reason, "monthly_wage": wage, "severance_paid": paid}]}


def test_severance_rule_half_month_the_day_before_six_months(escort_run):
    out = escort_run("labour", severance_case("layoff", "2025-05-01", "2025-10-30", 8000), date="2026-03-20")
    assert out.fired("severance_unpaid").exposure.low == 8000 * 0.5


def test_severance_rule_full_month_at_six_months(escort_run):
    out = escort_run("labour", severance_case("layoff", "2025-05-01", "2025-10-31", 8000), date="2026-03-20")
    assert out.fired("severance_unpaid").exposure.low == 8000 * 1


def test_severance_paid_in_full_does_not_fire(escort_run):
    out = escort_run("labour", severance_case("mutual_employer", "2023-05-01", "2026-04-30", 8000, paid=8000 * 3),
                     date="2026-11-20")
    out.not_fired("severance_unpaid")


def test_severance_claim_time_barred_a_year_after_leaving(escort_run):
    # 调解仲裁法第二十七条第一款: left 2025-10-31 → last day to apply 2026-10-31.
    case = severance_case("layoff", "2025-05-01", "2025-10-31", 8000)
    f = escort_run("labour", case, date="2026-10-31").fired("severance_unpaid")
    assert (f.exposure.low, f.exposure.high) == (8000, 8000 * 2)
    f = escort_run("labour", case, date="2026-11-01").fired("severance_unpaid")
    assert (f.exposure.low, f.exposure.high) == (0, 8000 * 2)
    assert "可能已过一年时效" in f.message
    assert not is_labour_claim_time_barred(D("2024-02-29"), D("2025-02-28"))  # 29 February: a year ends 02-28
    assert is_labour_claim_time_barred(D("2024-02-29"), D("2025-03-01"))


def test_pre_2008_service_is_counted_in_segments(escort_run):
    # 第九十七条第三款.  Hired 2005-07-01, left 2026-06-30, 7,000 a month (below 3 × 10,000).
    # From 2008-01-01 to 2026-06-30: 18 years 6 months → 19 months → 133,000.  Whole service: 21 years → 147,000.
    expiry = escort_run("labour", severance_case("expiry_not_renewed", "2005-07-01", "2026-06-30", 7000), date="2026-11-20")
    f = expiry.fired("severance_unpaid")
    assert (f.exposure.low, f.exposure.high) == (7000 * 19, 7000 * 19 * 2)  # expiry gave no severance before 2008
    assert "自2008年1月1日起算" in f.message
    mutual = escort_run("labour", severance_case("mutual_employer", "2005-07-01", "2026-06-30", 7000), date="2026-11-20")
    f = mutual.fired("severance_unpaid")
    assert (f.exposure.low, f.exposure.high) == (7000 * 19, 7000 * 21 * 2)
    assert "分段计算" in f.message


def test_unlawful_termination_is_twice_the_capped_severance(escort_run):
    out = escort_run("labour", severance_case("no_ground", "2011-01-01", "2025-12-31", 50000), date="2026-11-20")
    f = out.fired("unlawful_termination")
    assert f.exposure.low == 2 * 30000 * 12  # 第八十七条 × 第四十七条第二款
    assert f.severity.value == "high"
    out.not_fired("severance_unpaid")


def test_expiry_during_a_protected_period_is_unlawful_termination(escort_run):
    # 第四十二条 / 第四十五条: 2 years exactly (2024-05-01 → 2026-04-30) → 2 × 2 × 8,000.
    out = escort_run("labour", severance_case("expiry_protected", "2024-05-01", "2026-04-30", 8000), date="2026-11-20")
    assert out.fired("unlawful_termination").exposure.low == 2 * 8000 * 2


def test_resignation_owes_no_severance(escort_run):
    out = escort_run("labour", severance_case("resigned", "2020-01-01", "2026-01-01", 8000), date="2026-11-20")
    out.not_fired("severance_unpaid")
    out.not_fired("unlawful_termination")


def test_unknown_average_wage_leaves_severance_to_verify(escort_run):
    case = severance_case("layoff", "2020-01-01", "2026-01-01", 8000)
    case["local_avg_wage"] = "unknown"
    escort_run("labour", case, date="2026-11-20").verify("severance_unpaid")


def test_severance_base_below_minimum_wage_is_raised_to_it(escort_run):
    # 实施条例第二十七条: 平均工资低于当地最低工资标准的，按照当地最低工资标准计算.
    # 2024-01-01 → 2025-12-31: 2 full years → 2 months × 2,490 (not × 1,800).
    out = escort_run("labour", severance_case("no_fault", "2024-01-01", "2025-12-31", 1800), date="2026-11-20")
    assert out.fired("severance_unpaid").exposure.low == 2 * 2490
    assert severance_amount(1800, D("2024-01-01"), D("2025-12-31"), 10000, 2490) == 2 * 2490


def test_unknown_minimum_wage_leaves_severance_to_verify(escort_run):
    answers = severance_case("no_fault", "2024-01-01", "2026-01-01", 8000)
    del answers["local_min_wage"]
    escort_run("labour", answers, date="2026-11-20").verify("severance_unpaid")


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
    for rule in ("dispatch_core_posts", "dispatch_over_share", "dispatch_unequal_pay", "dispatch_agency_unlicensed",
                 "dispatch_uninsured"):
        assert out.finding(rule) is None
    assert not any(q == "dispatch_count" for _, q in out.unknown_questions)


def test_dispatch_share_at_ten_percent_is_not_over(escort_run):
    base = {"has_dispatch": True, "headcount": 90}
    escort_run("labour", dict(base, dispatch_count=10), date="2026-11-20").not_fired("dispatch_over_share")
    escort_run("labour", dict(base, dispatch_count=11), date="2026-11-20").fired("dispatch_over_share")


def test_agency_insurance_is_asked_for_dispatched_staff(escort_run):
    base = {"has_dispatch": True}
    escort_run("labour", dict(base, dispatch_agency_insures="verified"), date="2026-11-20").not_fired("dispatch_uninsured")
    f = escort_run("labour", dict(base, dispatch_agency_insures="not_insured"), date="2026-11-20").fired("dispatch_uninsured")
    assert "连带赔偿责任" in f.consequence


def test_messages_spell_out_each_persons_arithmetic(escort_run):
    out = escort_run("labour", severance_case("no_ground", "2011-01-01", "2025-12-31", 50000), date="2026-11-20")
    message = out.fired("unlawful_termination").message
    assert "按30,000元计、最多12个月：30,000元 × 12个月" in message
    assert "= 720,000元" in message  # 2 × 30,000 × 12
    out = escort_run("labour", unsigned("2026-05-06", wage=6800), date="2026-11-20")
    assert "6,800元 × 5个月 + 6,800元 ÷ 21.75 × 11个工作日" in out.fired("no_written_contract").message


def test_in_trouble_total_exposure(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    surcharge = 120000 * 0.0005 * 688 + 90000 * 0.0005 * 323
    double = 5200 * 11 + 4800 * 2
    overtime_low = 20050 + (2100 * 3156 / 174 - 36000)
    low = (double + 0 + overtime_low + (5500 * 3 - 5500) + 162000 + 68000 + 0 + 280000 + 3 * 1000 + 30 * 500
           + 0 + 0 + surcharge + 500 * 3 * 20 + 310000 + 8000)
    assert result.exposure_total["low"] == pytest.approx(low, abs=0.05)


# --------------------------------------------------------------------------- work injury


def injury(**cells):
    row = {"name": "戊", "injury_date": "2026-03-12", "insured": False, "statutory_benefits": 98000, "paid": 30000,
           "settled": False, **cells}
    return {"injury_cases": True, "injury_reported": True, "injury_rows": [row]}


def test_uninsured_injury_benefits_are_the_employers_own(escort_run):
    # 工伤保险条例第六十二条第二款: the employer pays the benefits itself; 98,000 − 30,000 paid.
    f = escort_run("labour", injury(), date="2026-11-20").fired("uninsured_injury_benefits")
    assert f.exposure.low == f.exposure.high == 68000
    escort_run("labour", injury(insured=True), date="2026-11-20").not_fired("uninsured_injury_benefits")


def test_private_settlement_below_statutory_benefits_does_not_end_the_claim(escort_run):
    escort_run("labour", injury(settled=True), date="2026-11-20").fired("injury_settlement_below_statutory")
    escort_run("labour", injury(settled=True, paid=98000), date="2026-11-20").not_fired("injury_settlement_below_statutory")


# --------------------------------------------------------------------------- wage-refusal crime


def arrears(**values):
    return dict({"wage_arrears": True, "wage_arrears_amount": 6000, "wage_arrears_ordered": True,
                 "order_deadline_passed": True, "wage_arrears_persons": 1, "wage_arrears_longest_months": 3}, **values)


def test_wage_refusal_crime_needs_amount_and_expired_deadline(escort_run):
    # 拒不支付劳动报酬刑事解释第三条 (national floors 5,000 / 30,000) and 第四条 (deadline passed).
    escort_run("labour", arrears(), date="2026-11-20").fired("wage_arrears_criminal_risk")
    escort_run("labour", arrears(wage_arrears_amount=4999), date="2026-11-20").not_fired("wage_arrears_criminal_risk")
    escort_run("labour", arrears(wage_arrears_longest_months=2), date="2026-11-20").not_fired("wage_arrears_criminal_risk")
    escort_run("labour", arrears(order_deadline_passed=False), date="2026-11-20").not_fired("wage_arrears_criminal_risk")
    ten = arrears(wage_arrears_longest_months=1, wage_arrears_persons=10, wage_arrears_amount=30000)
    escort_run("labour", ten, date="2026-11-20").fired("wage_arrears_criminal_risk")
    escort_run("labour", dict(ten, wage_arrears_persons=9), date="2026-11-20").not_fired("wage_arrears_criminal_risk")
    escort_run("labour", arrears(order_deadline_passed="unknown"), date="2026-11-20").verify("wage_arrears_criminal_risk")


# --------------------------------------------------------------------------- minors (split by what the cited articles support)


def test_minor_overtime_alone_is_the_overtime_finding_only(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["overtime_or_night"]}, date="2026-11-20")
    out.fired("minors_overtime")
    out.not_fired("child_labour")
    out.not_fired("minor_registration_lapse")


def test_under_sixteen_is_child_labour_at_5000_per_child_month(escort_run):
    # 禁止使用童工规定第六条: 5,000 per child per month; 10,000 after the deadline.
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["under_16"], "under_16_count": 2},
                     date="2026-11-20")
    f = out.fired("child_labour")
    assert f.severity.value == "critical"
    assert (f.exposure.low, f.exposure.high) == (5000 * 2, 10000 * 2)
    assert {"labour_law#15", "child_labour_provisions#6"} <= cited(f)
    out.not_fired("minors_overtime")


def test_registration_lapse_alone_is_low(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["not_registered"]}, date="2026-11-20")
    assert out.fired("minor_registration_lapse").severity.value == "low"
    out.not_fired("child_labour")
    out.not_fired("minor_hazardous_work")


def test_unknown_minor_protections_are_listed_for_verification(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": "unknown"}, date="2026-11-20")
    out.verify("child_labour")
    out.verify("minors_overtime")


def test_no_minor_issue_fires_nothing(escort_run):
    out = escort_run("labour", {"has_minors": True, "minor_protections": ["none"]}, date="2026-11-20")
    for rule in ("child_labour", "minor_hazardous_work", "minor_registration_lapse", "minors_overtime"):
        out.not_fired(rule)


# --------------------------------------------------------------------------- inputs a real enterprise can give


def test_a_twelve_month_probation_is_recorded_with_a_warning(tmp_path, escort_registry):
    path = tmp_path / "a.yaml"
    path.write_text("enterprise: {name: 甲公司, uscc: 91350100M000100Y43}\nassessment: {date: 2026-11-20}\n"
                    "answers:\n  labour:\n    uses_probation: yes\n    probation_months: 12\n"
                    "    probation_issues: [over_cap]\n", encoding="utf-8")
    answers, problems = load_answers(path, escort_registry)
    assert answers.values["labour"]["probation_months"] == 12
    assert [p.level for p in problems] == ["warning"]
    assert "12 is above the usual largest value" in str(problems[0]) or "kept as given" in str(problems[0])
    result = evaluate(escort_registry, answers, only=["labour"])
    assert any(f.rule == "probation_unlawful" and f.status == "fired" for f in result.findings)


def test_social_insurance_is_a_per_person_list(escort_run):
    rows = [{"name": "试用期员工", "persons": 12, "missing": "all", "reason": "probation"},
            {"name": "李四", "persons": 1, "missing": "some", "reason": "waiver"}]
    out = escort_run("labour", {"si_uninsured": True, "si_uninsured_staff": rows,
                                "si_types": ["pension", "medical", "unemployment", "work_injury"]}, date="2026-11-20")
    assert "未参保或缺缴的员工 13 人" in out.fired("si_incomplete").message
    out = escort_run("labour", {"si_uninsured": False, "si_types": ["pension", "medical", "unemployment", "work_injury"]},
                     date="2026-11-20")
    out.not_fired("si_incomplete")


def test_si_waivers_cite_the_2025_interpretation(escort_run):
    f = escort_run("labour", {"si_waivers": True}, date="2026-11-20").fired("si_waivers")
    assert "spc_labour_dispute_interp_2#19" in cited(f)
    assert "返还" in f.recommendation


def test_noncompete_scope_is_checked_against_what_the_person_knew(escort_run):
    base = {"has_noncompete": True, "noncompete_scope": "key_staff"}
    escort_run("labour", dict(base, noncompete_fit="fits"), date="2026-11-20").not_fired("noncompete_too_broad")
    f = escort_run("labour", dict(base, noncompete_fit="template"), date="2026-11-20").fired("noncompete_too_broad")
    assert "spc_labour_dispute_interp_2#13" in cited(f)


# --------------------------------------------------------------------------- depth list (issue 15 item 3)


def test_housing_fund_registration_and_arrears(escort_run):
    # 住房公积金管理条例第三十七条: order first, then 10,000-50,000 → 0 to 50,000; 第三十八条: the arrears.
    out = escort_run("labour", {"hf_registered": False, "hf_unregistered_count": 8, "hf_payment": "short",
                                "hf_arrears_amount": 24000}, date="2026-11-20")
    reg = out.fired("housing_fund_not_registered").exposure
    assert (reg.low, reg.high) == (0, 50000)
    assert out.fired("housing_fund_underpaid").exposure.low == 24000
    out = escort_run("labour", {"hf_registered": True, "hf_payment": "full"}, date="2026-11-20")
    out.not_fired("housing_fund_not_registered")
    out.not_fired("housing_fund_underpaid")


def test_part_time_beyond_four_hours_is_full_employment(escort_run):
    # 劳动合同法第六十八条, 第七十条, 第七十二条.
    base = {"nonstandard_kinds": ["part_time"]}
    f = escort_run("labour", dict(base, part_time_issues=["over_hours"], part_time_over_count=3),
                   date="2026-11-20").fired("part_time_misclassified")
    assert "超过每日4小时" in f.message
    escort_run("labour", dict(base, part_time_issues=["none"]), date="2026-11-20").not_fired("part_time_misclassified")


def test_retirees_without_pension_and_sham_outsourcing(escort_run):
    out = escort_run("labour", {"nonstandard_kinds": ["retirees", "outsourcing"], "retiree_pension_checked": "some_without",
                                "outsourcing_managed": True}, date="2026-11-20")
    assert "spc_labour_dispute_interp_2#21" in cited(out.fired("retirees_without_pension"))
    out.fired("sham_outsourcing")
    out = escort_run("labour", {"nonstandard_kinds": ["none"]}, date="2026-11-20")
    out.not_fired("retirees_without_pension")
    out.not_fired("sham_outsourcing")


def test_female_staff_beyond_dismissal(escort_run):
    # 女职工劳动保护特别规定第十三条: 1,000-5,000 per woman affected.
    out = escort_run("labour", {"has_female": True, "female_issues": ["maternity_short", "no_prohibited_notice"],
                                "female_affected_count": 4}, date="2026-11-20")
    f = out.fired("female_staff_protection_breached")
    assert (f.exposure.low, f.exposure.high) == (4 * 1000, 4 * 5000)
    out.fired("female_prohibited_work_not_notified")
    out = escort_run("labour", {"has_female": True, "female_issues": ["no_prohibited_notice"]}, date="2026-11-20")
    out.not_fired("female_staff_protection_breached")  # the notice alone is the low finding, no head count asked


def test_hiring_deposits_and_discrimination(escort_run):
    # 劳动合同法第八十四条第二款: 500-2,000 per person.
    out = escort_run("labour", {"hiring_issues": ["deposits_or_ids", "discriminatory", "still_employed_elsewhere"],
                                "deposit_persons": 7}, date="2026-11-20")
    f = out.fired("deposits_or_ids_held")
    assert (f.exposure.low, f.exposure.high) == (7 * 500, 7 * 2000)
    out.fired("hiring_discrimination")
    out.fired("hired_still_employed_elsewhere")
    out = escort_run("labour", {"hiring_issues": ["none"]}, date="2026-11-20")
    for rule in ("deposits_or_ids_held", "hiring_discrimination", "hired_still_employed_elsewhere"):
        out.not_fired(rule)


def test_occupational_health_checks(escort_run):
    # 职业病防治法第三十五条, 第七十一条: warning, "可以并处" 50,000-100,000 → 0 to 100,000.
    out = escort_run("labour", {"hazard_posts": True, "health_checks": "gaps", "hazard_disclosed": False,
                                "left_without_exit_check": True}, date="2026-11-20")
    f = out.fired("occupational_health_checks_missing")
    assert (f.exposure.low, f.exposure.high) == (0, 100000)
    out.fired("hazard_not_disclosed")
    out.fired("terminated_without_exit_check")
    out = escort_run("labour", {"hazard_posts": False}, date="2026-11-20")
    for rule in ("occupational_health_checks_missing", "hazard_not_disclosed", "terminated_without_exit_check"):
        assert out.finding(rule) is None


def test_empty_optional_cells_are_left_out_of_the_report(escort_registry):
    # 何伟 answered the refusal columns; 黄强 is still employed and unsigned: no "不清楚" for his empty cells.
    from escort.report_view import format_answer

    result, _, _ = run_example(escort_registry, "in_trouble")
    finding = next(f for f in result.findings if f.rule == "no_written_contract")
    fact = next(x for x in finding.facts if x.question == "unsigned_staff")
    question = escort_registry.checklists["labour"].questions["unsigned_staff"]
    text = format_answer(fact.answer, question)
    assert "姓名 黄强，入职（用工）日期 2025-06-01，月工资 5,200 元；" in text
    assert "不清楚" not in text
    assert "员工是否拒绝签订 是，是否有书面要求其签订的证据 是" in text


# --------------------------------------------------------------------------- severity by the facts (docs/authoring.md scale)


def test_severance_all_time_barred_is_graded_medium(escort_run):
    case = severance_case("layoff", "2025-05-01", "2025-10-31", 8000)
    assert escort_run("labour", case, date="2026-10-31").fired("severance_unpaid").severity.value == "high"
    f = escort_run("labour", case, date="2026-11-01").fired("severance_unpaid")
    assert (f.severity.value, f.base_severity.value) == ("medium", "high")
    assert "可能已过仲裁时效" in f.severity_reason


def test_overtime_shortfall_of_a_tenth_of_payroll_is_critical(escort_run):
    # 50 an hour × 15 h-equivalents = 750 shortfall; high bound × 2 = 1,500.  10% of 15,000 = 1,500 → critical;
    # payroll 15,001 → 9.9993 % → high.
    row = {"monthly_wage": 8700, "extended_hours": 10}
    f = escort_run("labour", dict(overtime(row), annual_payroll=15000), date="2026-11-20").fired("overtime_underpaid")
    assert f.severity.value == "critical"
    f = escort_run("labour", dict(overtime(row), annual_payroll=15001), date="2026-11-20").fired("overtime_underpaid")
    assert f.severity.value == "high"


def test_unapproved_hours_scheme_with_overtime_is_high(escort_run):
    base = {"hours_system": "special_unapproved"}
    assert escort_run("labour", dict(base, overtime_hours_max=0), date="2026-11-20").fired("special_hours_unapproved").severity.value == "medium"
    assert escort_run("labour", dict(base, overtime_hours_max=20), date="2026-11-20").fired("special_hours_unapproved").severity.value == "high"


def test_in_trouble_social_insurance_gap_of_57_people_is_critical(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    f = next(f for f in result.findings if f.rule == "si_incomplete")
    assert f.severity.value == "critical"  # 40 + 17 = 57 people ≥ 50
