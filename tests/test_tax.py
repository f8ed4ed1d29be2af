"""Tests for the tax checkup: the three example enterprises and the statutory arithmetic at its edges.

Expected figures are worked out from the statute in each test:
- 税收征收管理法第三十二条: surcharge = tax × 0.05% per day; 实施细则第七十五条: from the day
  after the deadline up to and including the payment date (unpaid: the assessment date).
- 第六十三条: fine 50% – 5 × the tax evaded; 第六十九条: fine 50% – 3 × the tax not withheld.
- 发票管理办法第三十五条: false invoicing ≤ RMB 10,000: fine up to 50,000; above: 50,000 – 500,000.
- 企业所得税法第四条、第二十八条: 25% standard rate, 15% high-tech rate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins.tax import (entertainment_excess, highest_evasion_ratio, false_invoice_fine_max, false_invoice_fine_min, late_surcharge, surcharge_days,
                                 underpayment_fine_max, underpayment_fine_min, withholding_fine_max,
                                 withholding_fine_min)
from escort.engine import evaluate
from escort.expressions import Record

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = dt.date(2026, 11, 20)


def run_example(registry, name):
    answers, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, answers, only=["tax"])
    fired = {f.rule: f for f in result.findings if f.checklist == "tax" and f.status == "fired"}
    verify = {f.rule: f for f in result.findings if f.checklist == "tax" and f.status == "verify"}
    return result, fired, verify


# --------------------------------------------------------------------------- arithmetic functions


def test_surcharge_days_count_from_the_day_after_the_deadline_to_the_payment_day_inclusive():
    due = dt.date(2026, 1, 15)
    assert surcharge_days(due, dt.date(2026, 1, 14)) == 0   # paid early
    assert surcharge_days(due, due) == 0                    # paid on the last day of the period: not late
    assert surcharge_days(due, dt.date(2026, 1, 16)) == 1   # first surcharge day is 16 January
    assert surcharge_days(due, dt.date(2026, 2, 15)) == 16 + 15  # 16–31 January, 1–15 February (last day counted)
    assert surcharge_days("2026-12-31", "2027-01-01") == 1  # across the year end
    assert surcharge_days("2028-02-28", "2028-03-01") == 2  # 29 February 2028 and 1 March


def test_late_surcharge_is_tax_times_half_a_per_mille_per_day():
    assert late_surcharge(100000, "2026-01-15", "2026-01-15") == 0
    assert late_surcharge(100000, "2026-01-15", "2026-01-16") == pytest.approx(100000 * 0.0005 * 1)  # 50 元
    assert late_surcharge(100000, "2026-01-15", "2026-02-15") == pytest.approx(100000 * 0.0005 * 31)


def test_penalty_multiples_follow_articles_63_and_69():
    assert underpayment_fine_min(200000) == 200000 * 0.5   # 百分之五十
    assert underpayment_fine_max(200000) == 200000 * 5     # 五倍
    assert withholding_fine_min(60000) == 60000 * 0.5      # 百分之五十
    assert withholding_fine_max(60000) == 60000 * 3        # 三倍


def test_false_invoice_fine_bracket_turns_above_ten_thousand():
    assert (false_invoice_fine_min(10000), false_invoice_fine_max(10000)) == (0, 50000)        # 1万元以下（含）
    assert (false_invoice_fine_min(10000.01), false_invoice_fine_max(10000.01)) == (50000, 500000)  # 超过1万元


# --------------------------------------------------------------------------- the three examples

WELL_RUN_FIRED = {"hnte_renewal_due"}

AVERAGE_FIRED = {
    "late_filing", "tax_arrears_outstanding", "late_payment_surcharge", "individual_payments_not_withheld",
    "informal_receipts", "related_party_not_arms_length", "related_party_undocumented",
    "rd_records_insufficient", "rd_rate_basis_unchecked",
    "entertainment_over_cap", "deemed_sales_unbooked", "stamp_duty_unpaid",
}
AVERAGE_VERIFY = {
    "bank_accounts_unreported", "iit_remittance_late", "non_deductible_input_credited",
    "related_party_report_missing", "hnte_conditions_at_risk", "private_account_income",
}

IN_TROUBLE_FIRED = {
    "tax_registration_late", "bank_accounts_unreported", "non_filing", "eit_annual_settlement_late",
    "books_incomplete", "underpayment_penalty", "evasion_crime_threshold",
    "tax_arrears_outstanding", "late_payment_surcharge",
    "iit_not_full_declaration", "iit_remittance_late", "salary_off_payroll", "special_deductions_not_applied",
    "individual_payments_not_withheld",
    "income_not_invoiced", "uninvoiced_income_undeclared", "false_invoices", "false_vat_invoice_crime",
    "input_vat_unverified", "non_deductible_input_credited", "invoice_records_not_kept", "informal_receipts",
    "related_party_not_arms_length", "related_party_undocumented", "related_party_report_missing",
    "avoidance_arrangement",
    "vat_refund_conditions_unverified", "vat_refund_irregular_input",
    "private_account_income", "private_account_payments", "large_cash_payments",
    "tax_audit_open", "open_assessment_unpaid", "evasion_safe_harbour_lost",
    "tax_arrears_enforcement", "false_invoice_crime", "related_sales_below_market",
    "entertainment_over_cap", "deduction_caps_unchecked", "shareholder_loan_deemed_dividend",
    "deemed_sales_unbooked", "vat_switchover_unreviewed", "stamp_duty_unpaid",
}


def test_well_run_only_gets_the_renewal_alert(escort_registry):
    result, fired, verify = run_example(escort_registry, "well_run")
    assert set(fired) == WELL_RUN_FIRED
    assert set(verify) == set()
    # certificate valid to 2027-03-10: 10 days left in November, 31 in December, 31 in January, 28 in February, 10 in March
    assert "110 天" in fired["hnte_renewal_due"].message
    assert (dt.date(2027, 3, 10) - TODAY).days == 10 + 31 + 31 + 28 + 10
    # the settled stamp-duty row raises nothing
    assert "late_payment_surcharge" not in fired and "tax_arrears_outstanding" not in fired
    assert result.exposure_total == {"low": 0.0, "high": 0.0}


def test_average_fired_and_verify_sets(escort_registry):
    _, fired, verify = run_example(escort_registry, "average")
    assert set(fired) == AVERAGE_FIRED
    assert set(verify) == AVERAGE_VERIFY


def test_average_exposure_figures(escort_registry):
    result, fired, _ = run_example(escort_registry, "average")
    # VAT 86,000 due 2026-09-15, unpaid: 16–30 Sep (15) + Oct (31) + 1–20 Nov (20) = 66 days to the assessment date
    # EIT 40,000 due 2026-05-31, paid 2026-07-10: June (30) + 1–10 July (10) = 40 days
    surcharge = 86000 * 0.0005 * (15 + 31 + 20) + 40000 * 0.0005 * (30 + 10)
    assert surcharge == pytest.approx(2838 + 800)
    f = fired["late_payment_surcharge"]
    assert f.exposure.low == pytest.approx(surcharge) and f.exposure.high == pytest.approx(surcharge)
    assert "66 天（2026-09-16 至 2026-11-20）" in f.message
    assert "40 天（2026-06-01 至 2026-07-10）" in f.message
    # 第六十九条: tax not withheld 3,200 + 4,800, fine 50% – 3 ×
    f = fired["individual_payments_not_withheld"]
    assert (f.exposure.low, f.exposure.high) == (pytest.approx((3200 + 4800) * 0.5), pytest.approx((3200 + 4800) * 3))
    # R&D extra deduction 2,400,000 disallowed at the 15% high-tech rate
    assert fired["rd_records_insufficient"].exposure.high == pytest.approx(2400000 * 0.15)
    # 第六十二条: late filing, fine up to 10,000
    assert (fired["late_filing"].exposure.low, fired["late_filing"].exposure.high) == (0, 10000)
    # The tax itself: 86,000 of VAT unpaid (tax_arrears_outstanding, now with the principal as its figure).
    assert fired["tax_arrears_outstanding"].exposure.high == 86000
    # 实施条例第四十三条: entertainment 260,000, revenue 48,000,000: deductible min(156,000, 240,000) = 156,000;
    # 104,000 added back at the 15 % rate = 15,600.
    assert fired["entertainment_over_cap"].exposure.high == pytest.approx((260000 - 156000) * 0.15)
    # stamp duty the company estimated as unpaid: the tax itself
    assert fired["stamp_duty_unpaid"].exposure.high == 6800
    assert result.exposure_total["low"] == pytest.approx(surcharge + 4000 + 360000 + 0 + 86000 + 15600 + 6800)
    assert result.exposure_total["high"] == pytest.approx(surcharge + 24000 + 360000 + 10000 + 86000 + 15600 + 6800)


def test_in_trouble_fired_set(escort_registry):
    _, fired, verify = run_example(escort_registry, "in_trouble")
    assert set(fired) == IN_TROUBLE_FIRED
    assert set(verify) == set()


def test_in_trouble_exposure_figures(escort_registry):
    result, fired, _ = run_example(escort_registry, "in_trouble")
    # VAT 350,000 due 2026-03-15: 16–31 Mar (16) + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + 1–20 Nov (20)
    vat_days = 16 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 20
    assert vat_days == 250
    # withheld IIT 42,000 due 2026-08-15: 16–31 Aug (16) + Sep 30 + Oct 31 + 1–20 Nov (20)
    iit_days = 16 + 30 + 31 + 20
    assert iit_days == 97
    surcharge = 350000 * 0.0005 * vat_days + 42000 * 0.0005 * iit_days   # the settled stamp-duty row is excluded
    assert fired["late_payment_surcharge"].exposure.high == pytest.approx(surcharge)
    assert surcharge == pytest.approx(43750 + 2037)
    # The tax itself (620,000) plus the 第六十三条 fine of 50 %–5× on the part within five years (all 620,000:
    # 2023–2025; 征管法第八十六条 bars penalties only for acts undiscovered for five years).
    f = fired["underpayment_penalty"]
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(620000 + 620000 * 0.5), pytest.approx(620000 + 620000 * 5))
    # 第六十九条 on 20,000 + 40,000 not withheld
    f = fired["individual_payments_not_withheld"]
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(60000 * 0.5), pytest.approx(60000 * 3))
    # 发票管理办法第三十五条: 1,300,000 falsely invoiced (> 10,000), plus the 149,500 of input VAT credited on
    # the false special invoices, to be reversed (增值税法第十六条 / 暂行条例第九条).
    f = fired["false_invoices"]
    assert (f.exposure.low, f.exposure.high) == (149500 + 50000, 149500 + 500000)
    assert f.severity == "high"
    # 第六十四条第二款: 85,000 not filed — the tax plus 50 %–5×
    f = fired["non_filing"]
    assert (f.exposure.low, f.exposure.high) == (85000 + 42500, 85000 + 425000)
    # unpaid principal: VAT 350,000 + withheld IIT 42,000
    assert fired["tax_arrears_outstanding"].exposure.high == 350000 + 42000
    # 企业所得税法第四十一条: 62,000 of interest forgone on a free related-party loan × 25 %
    assert fired["related_sales_below_market"].exposure.high == pytest.approx(62000 * 0.25)
    # 实施条例第四十三条: 150,000 − min(90,000, 150,000) = 60,000 added back × 25 %
    assert fired["entertainment_over_cap"].exposure.high == pytest.approx(60000 * 0.25)
    # 征管法第六十九条: 800,000 deemed dividend × 20 % = 160,000 not withheld; fine 50 %–3×
    f = fired["shareholder_loan_deemed_dividend"]
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(160000 * 0.5), pytest.approx(160000 * 3))
    assert fired["stamp_duty_unpaid"].exposure.high == 24000
    # refund to return: the smaller of the irregular input VAT and the refund received
    assert fired["vat_refund_irregular_input"].exposure.high == min(95000, 280000)
    assert fired["open_assessment_unpaid"].exposure.high == 180000
    # 第六十条 (registration, bank accounts) and 发票管理办法第三十三条: each up to 10,000
    for rule in ("tax_registration_late", "bank_accounts_unreported", "income_not_invoiced"):
        assert (fired[rule].exposure.low, fired[rule].exposure.high) == (0, 10000)
    extra = (85000 + 392000 + 15500 + 15000 + 24000)   # non-filing tax, arrears principal, related party, entertainment, stamp
    low = 620000 * 1.5 + surcharge + 60000 * 0.5 + 149500 + 50000 + 95000 + 180000 + 42500 + 80000 + extra
    high = 620000 * 6 + surcharge + 60000 * 3 + 149500 + 500000 + 95000 + 180000 + 3 * 10000 + 425000 + 480000 + extra
    assert result.exposure_total["low"] == pytest.approx(low)
    assert result.exposure_total["high"] == pytest.approx(high)
    # 刑法第二百零一条 / 两高解释第二条: 620,000 ≥ 100,000 in total; the ratio is taken per tax year, the highest
    # year counting: 2023 180,000 / 2,100,000 = 8.6 %; 2024 260,000 / 2,400,000 = 10.8 %; 2025 180,000 / 2,300,000
    # = 7.8 %. Highest 10.8 % ≥ 10 %: fires (the old tool divided the 3-year total by one year: 25.8 %).
    msg = fired["evasion_crime_threshold"].message
    assert "2024年 少缴 260,000 元 ÷ 应纳 2,400,000 元 = 10.8%" in msg and "最高 10.8%" in msg
    assert "25.8%" not in msg


# --------------------------------------------------------------------------- edges through the engine


def arrears_row(amount, due, status, paid=None):
    row = {"tax_type": "vat", "amount": amount, "due_date": due, "status": status}
    if paid:
        row["paid_date"] = paid
    return row


def test_surcharge_first_and_last_day_through_the_engine(escort_run):
    # unpaid, deadline the day before the assessment date: one day (the assessment date itself)
    out = escort_run("tax", {"has_arrears": True, "tax_arrears": [arrears_row(10000, "2026-11-19", "unpaid")]})
    assert out.fired("late_payment_surcharge").exposure.high == pytest.approx(10000 * 0.0005 * 1)
    # paid late on the day after the deadline: one day; the payment day is the last day counted
    out = escort_run("tax", {"has_arrears": True,
                             "tax_arrears": [arrears_row(10000, "2026-06-15", "paid_late", "2026-06-16")]})
    assert out.fired("late_payment_surcharge").exposure.high == pytest.approx(10000 * 0.0005 * 1)
    out.not_fired("tax_arrears_outstanding")
    # paid on 2026-07-15 for a 2026-06-15 deadline: 16 June – 15 July = 30 days
    out = escort_run("tax", {"has_arrears": True,
                             "tax_arrears": [arrears_row(10000, "2026-06-15", "paid_late", "2026-07-15")]})
    assert out.fired("late_payment_surcharge").exposure.high == pytest.approx(10000 * 0.0005 * 30)
    # settled rows raise nothing
    out = escort_run("tax", {"has_arrears": True,
                             "tax_arrears": [arrears_row(10000, "2026-06-15", "settled", "2026-07-15")]})
    out.not_fired("late_payment_surcharge")
    out.not_fired("tax_arrears_outstanding")


def test_unknown_payment_date_needs_verification(escort_run):
    out = escort_run("tax", {"has_arrears": True, "tax_arrears": [arrears_row(10000, "2026-06-15", "paid_late")]})
    f = out.fired("late_payment_surcharge")
    assert f.exposure is None and "paid_date" in f.exposure_note


@pytest.mark.parametrize("underpaid, due, fires", [
    (99999, 200000, False),      # below 十万元
    (100000, 1000000, True),     # exactly 十万元 and exactly 10%
    (100000, 1000001, False),    # just under 10% of the tax due
    (150000, 1000000, True),
])
def test_evasion_crime_threshold_edges(escort_run, underpaid, due, fires):
    out = escort_run("tax", {"underreported": True, "underpaid_tax": underpaid, "underpaid_tax_5y": underpaid,
                             "evasion_by_year": [{"year": 2025, "underpaid": underpaid, "tax_due": due}]})
    if fires:
        out.fired("evasion_crime_threshold")
    else:
        out.not_fired("evasion_crime_threshold")
    f = out.fired("underpayment_penalty")
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(underpaid * 1.5), pytest.approx(underpaid * 6))


@pytest.mark.parametrize("amount, low, high", [(10000, 0, 50000), (10001, 50000, 500000)])
def test_false_invoice_fine_edges_through_the_engine(escort_run, amount, low, high):
    out = escort_run("tax", {"invoice_mismatch": True, "false_invoice_amount": amount, "false_vat_tax_amount": 0,
                             "false_input_vat_credited": 0})
    f = out.fired("false_invoices")
    assert (f.exposure.low, f.exposure.high) == (low, high)
    out.not_fired("false_vat_invoice_crime")


@pytest.mark.parametrize("tax, fires", [(99999, False), (100000, True)])
def test_false_vat_invoice_crime_threshold(escort_run, tax, fires):
    out = escort_run("tax", {"invoice_mismatch": True, "false_invoice_amount": 1000000, "false_vat_tax_amount": tax})
    (out.fired if fires else out.not_fired)("false_vat_invoice_crime")


@pytest.mark.parametrize("days_left, renewal", [(181, False), (180, True), (0, True), (-1, False)])
def test_hnte_renewal_window_edges(escort_run, days_left, renewal):
    expiry = (TODAY + dt.timedelta(days=days_left)).isoformat()
    out = escort_run("tax", {"is_hnte": True, "hnte_expiry": expiry, "taxable_income": 1000000,
                             "hnte_conditions_failing": [], "hnte_recertified": False})
    (out.fired if renewal else out.not_fired)("hnte_renewal_due")


# 国家税务总局公告2017年第24号第一条 (named in the rule; not in the registry): in the calendar year the certificate
# expires the company keeps 15 % if re-certified by 31 December; only from the following year is 25 % owed for it.
@pytest.mark.parametrize("date, expiry, same_year, earlier_year", [
    ("2026-11-20", "2026-11-19", True, False),    # expired yesterday, same year: re-certify by 2026-12-31
    ("2026-12-31", "2026-12-30", True, False),    # last day of the expiry year: still medium
    ("2027-01-01", "2026-12-31", False, True),    # the day after the expiry year: 25 % for 2026 is owed
    ("2026-11-20", "2025-12-31", False, True),
    ("2028-03-01", "2027-02-28", False, True),    # 2027 has no 29 February; earlier year all the same
])
def test_hnte_expiry_year_rule(escort_run, date, expiry, same_year, earlier_year):
    out = escort_run("tax", {"is_hnte": True, "hnte_expiry": expiry, "taxable_income": 1000000,
                             "hnte_conditions_failing": [], "hnte_recertified": False}, date=date)
    (out.fired if same_year else out.not_fired)("hnte_expiry_year_not_recertified")
    (out.fired if earlier_year else out.not_fired)("hnte_certificate_expired")
    if earlier_year:
        assert out.fired("hnte_certificate_expired").exposure.high == pytest.approx(1000000 * (0.25 - 0.15))
    if same_year:
        f = out.fired("hnte_expiry_year_not_recertified")
        assert (f.exposure.low, f.exposure.high) == (0, pytest.approx(1000000 * (0.25 - 0.15)))
        assert f.severity == "medium"


def test_recertified_company_gets_neither_expiry_finding(escort_run):
    out = escort_run("tax", {"is_hnte": True, "hnte_expiry": "2025-10-31", "taxable_income": 1000000,
                             "hnte_conditions_failing": [], "hnte_recertified": True})
    out.not_fired("hnte_certificate_expired")
    out.not_fired("hnte_expiry_year_not_recertified")


def test_hnte_conditions_exposure_is_the_rate_difference(escort_run):
    out = escort_run("tax", {"is_hnte": True, "hnte_expiry": "2028-12-31", "taxable_income": 3000000,
                             "hnte_conditions_failing": ["rd_ratio"]})
    assert out.fired("hnte_conditions_at_risk").exposure.high == pytest.approx(3000000 * (0.25 - 0.15))


def test_evasion_safe_harbour_edge(escort_run):
    # 刑法第二百零一条第四款但书: two or more administrative penalties in five years. Critical only with a
    # current underreporting (the exemption is what is lost); otherwise a high warning for the future.
    escort_run("tax", {"evasion_penalties_5y": 1, "underreported": True}).not_fired("evasion_safe_harbour_lost")
    escort_run("tax", {"evasion_penalties_5y": 2, "underreported": True}).fired("evasion_safe_harbour_lost")
    out = escort_run("tax", {"evasion_penalties_5y": 2, "underreported": False})
    out.not_fired("evasion_safe_harbour_lost")
    assert out.fired("evasion_record_repeat").severity == "high"


def test_withholding_fine_through_the_engine(escort_run):
    out = escort_run("tax", {"pays_individuals": True, "individual_payments_withheld": "none",
                             "unwithheld_payments": [{"payee_type": "labour_service", "amount": 50000,
                                                      "tax_not_withheld": 8000}]})
    f = out.fired("individual_payments_not_withheld")
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(8000 * 0.5), pytest.approx(8000 * 3))


def test_unknown_is_never_silent(escort_run):
    out = escort_run("tax", {"private_account_receipts": "unknown", "underreported": "unknown"})
    out.verify("private_account_income")
    out.verify("underpayment_penalty")
    assert ("tax", "private_account_receipts") in out.unknown_questions


# --------------------------------------------------------------------------- issue 14 item 9 and the depth list


def test_non_filing_without_tax_is_the_small_fine(escort_run):
    # 征管法第六十二条: a missed return with no tax unpaid — fine up to 2,000, serious cases 2,000–10,000.
    out = escort_run("tax", {"filing_on_time": "not_filed", "unfiled_tax_amount": 0})
    out.not_fired("non_filing")
    f = out.fired("non_filing_no_tax")
    assert (f.exposure.low, f.exposure.high) == (0, 10000) and f.severity == "medium"


def test_five_year_penalty_limit(escort_run):
    # 300,000 underpaid, of which 120,000 in the last five years: tax 300,000 + fine 50 %–5× of 120,000 only.
    out = escort_run("tax", {"underreported": True, "underpaid_tax": 300000, "underpaid_tax_5y": 120000,
                             "evasion_by_year": [{"year": 2025, "underpaid": 120000, "tax_due": 2000000}]})
    f = out.fired("underpayment_penalty")
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(300000 + 60000), pytest.approx(300000 + 600000))


def test_no_surcharge_when_the_authority_was_at_fault(escort_run):
    # 征管法第五十二条第一款: reassessed for the authority's fault — the tax is due, no surcharge.
    fault = dict(arrears_row(50000, "2026-06-15", "unpaid"), cause="authority_fault")
    out = escort_run("tax", {"has_arrears": True, "tax_arrears": [fault], "arrears_order_expired": False})
    out.not_fired("late_payment_surcharge")
    assert out.fired("tax_arrears_outstanding").exposure.high == 50000
    # mixed: only the ordinary row bears a surcharge — 20,000 × 0.05 % × 1 day
    ordinary = arrears_row(20000, "2026-11-19", "unpaid")
    out = escort_run("tax", {"has_arrears": True, "tax_arrears": [fault, ordinary], "arrears_order_expired": False})
    assert out.fired("late_payment_surcharge").exposure.high == pytest.approx(20000 * 0.0005 * 1)
    assert "不加收滞纳金" in out.fired("late_payment_surcharge").message


@pytest.mark.parametrize("amount, crime", [(499999, False), (500000, True)])
def test_false_invoice_crime_threshold(escort_run, amount, crime):
    # 危害税收征管解释第十三条 (named, not in the registry): 票面金额五十万元以上 is 情节严重 under 刑法第二百零五条之一.
    out = escort_run("tax", {"invoice_mismatch": True, "false_invoice_amount": amount, "false_vat_tax_amount": 0,
                             "false_input_vat_credited": 30000})
    (out.fired if crime else out.not_fired)("false_invoice_crime")
    f = out.fired("false_invoices")
    assert (f.exposure.low, f.exposure.high) == (30000 + 50000, 30000 + 500000)


@pytest.mark.parametrize("expense, revenue, excess", [
    (100000, 10000000, 100000 - 50000),    # 5‰ of revenue (50,000) is below 60 % (60,000)
    (100000, 40000000, 100000 - 60000),    # 60 % (60,000) is below 5‰ (200,000)
    (0, 10000000, 0),
])
def test_entertainment_cap(escort_run, expense, revenue, excess):
    assert entertainment_excess(expense, revenue) == pytest.approx(excess)
    out = escort_run("tax", {"entertainment_expense": expense, "sales_revenue": revenue,
                             "entertainment_adjusted": False, "eit_rate": 25})
    if excess:
        assert out.fired("entertainment_over_cap").exposure.high == pytest.approx(excess * 0.25)
    else:
        out.not_fired("entertainment_over_cap")


def test_per_year_ratio_not_the_multi_year_total(escort_run):
    # Two years each at 8 %: 160,000 + 160,000 = 320,000 ≥ 100,000 but no year reaches 10 %: no crime finding,
    # although 320,000 / 2,000,000 (one year's tax) would read 16 %.
    rows = [{"year": 2024, "underpaid": 160000, "tax_due": 2000000},
            {"year": 2025, "underpaid": 160000, "tax_due": 2000000}]
    out = escort_run("tax", {"underreported": True, "underpaid_tax": 320000, "underpaid_tax_5y": 320000,
                             "evasion_by_year": rows})
    out.not_fired("evasion_crime_threshold")
    assert highest_evasion_ratio([Record(r, "r") for r in rows]) == pytest.approx(0.08)


@pytest.mark.parametrize("answers, rule", [
    ({"deduction_caps_checked": False}, "deduction_caps_unchecked"),
    ({"claims_small_low_profit": True, "small_low_profit_doubts": ["business_split"]}, "small_low_profit_misclaimed"),
    ({"deemed_sales_booked": False}, "deemed_sales_unbooked"),
    ({"straddling_contracts_reviewed": False}, "vat_switchover_unreviewed"),
    ({"owns_property": True, "property_taxes_paid": False}, "property_taxes_unpaid"),
])
def test_depth_rules_fire(escort_run, answers, rule):
    escort_run("tax", answers).fired(rule)


def test_shareholder_loan_fine(escort_run):
    # 财税〔2003〕158号 (named): deemed dividend taxed at 20 %; 征管法第六十九条 fine 50 %–3× of the tax not withheld.
    out = escort_run("tax", {"shareholder_loans_open": True, "shareholder_loan_amount": 500000})
    f = out.fired("shareholder_loan_deemed_dividend")
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(500000 * 0.2 * 0.5), pytest.approx(500000 * 0.2 * 3))


@pytest.mark.parametrize("amount, severity", [(99999, "high"), (100000, "critical")])
def test_non_filing_is_graded_by_the_tax_not_filed(escort_run, amount, severity):
    # audit §4.3 / authoring scale: critical only where the 逃税罪 amount (十万元, 解释第二条) is reached
    out = escort_run("tax", {"filing_on_time": "not_filed", "unfiled_tax_amount": amount})
    f = out.fired("non_filing")
    assert f.severity == severity and f.base_severity == "high"
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(amount * 1.5), pytest.approx(amount * 6))


@pytest.mark.parametrize("date, key", [
    ("2025-12-31", "vat_interim_regulation#9"),   # last day of the 增值税暂行条例
    ("2026-01-01", "vat_law#16"),                 # 增值税法第三十八条: in force from 2026-01-01
    ("2026-01-02", "vat_law#16"),
])
def test_vat_deduction_rule_cites_the_law_in_force_on_the_date(escort_run, date, key):
    f = escort_run("tax", {"input_invoices_verified": False}, date=date).fired("input_vat_unverified")
    keys = [b.key for b in f.legal_basis]
    assert key in keys and len([k for k in keys if k.startswith("vat_")]) == 1
