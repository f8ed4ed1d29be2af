"""Bankruptcy-reorganisation readiness: examples, look-back windows and insolvency thresholds.

Expected values are worked out from the statute in each test:
企业破产法 第二条、第三十一条至第三十三条, 破产法解释（一） 第一条至第四条,
破产法解释（二） 第十二条、第十四条至第十六条, 公司法 第五十四条、第二百三十二条.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from escort.builtins.bankruptcy import in_lookback_window, lookback_start
from escort.resources import data_path

DISTRESS = {"tags": ["financial_distress"]}
D = dt.date


def load_example(name: str) -> dict:
    return yaml.safe_load(data_path("examples", f"{name}.yaml").read_text(encoding="utf-8"))


def run_example(escort_run, name: str):
    data = load_example(name)
    assert data["checklist_versions"] == {"bankruptcy": "1.0.0"}
    assert data["assessment"]["date"] == D(2026, 11, 20)
    return escort_run("bankruptcy", data["answers"]["bankruptcy"], enterprise=data["enterprise"], date="2026-11-20")


# --------------------------------------------------------------------------- window functions


def test_one_year_window_starts_on_the_same_day_a_year_before_acceptance():
    acceptance = D(2026, 12, 1)
    assert lookback_start(acceptance, 12) == D(2025, 12, 1)
    assert in_lookback_window(D(2025, 12, 1), acceptance, 12)       # exactly one year before: inside
    assert not in_lookback_window(D(2025, 11, 30), acceptance, 12)  # the day before: outside
    assert in_lookback_window(D(2025, 12, 2), acceptance, 12)


def test_six_month_window_starts_on_the_same_day_six_months_before_acceptance():
    acceptance = D(2026, 12, 1)
    assert lookback_start(acceptance, 6) == D(2026, 6, 1)
    assert in_lookback_window(D(2026, 6, 1), acceptance, 6)
    assert not in_lookback_window(D(2026, 5, 31), acceptance, 6)
    assert in_lookback_window(D(2026, 6, 2), acceptance, 6)


def test_acts_on_the_acceptance_date_are_not_before_acceptance():
    acceptance = D(2026, 12, 1)
    assert in_lookback_window(D(2026, 11, 30), acceptance, 12)
    assert not in_lookback_window(acceptance, acceptance, 12)
    assert not in_lookback_window(acceptance, acceptance, 6)


def test_window_start_clamps_to_the_end_of_a_shorter_month():
    assert lookback_start(D(2026, 8, 31), 6) == D(2026, 2, 28)   # 31 February does not exist
    assert lookback_start(D(2028, 2, 29), 12) == D(2027, 2, 28)  # 29 February 2027 does not exist
    assert in_lookback_window(D(2026, 2, 28), D(2026, 8, 31), 6)
    assert not in_lookback_window(D(2026, 2, 27), D(2026, 8, 31), 6)


# --------------------------------------------------------------------------- look-back through the checklist

ACCEPTED = {"acceptance_date_known": True, "acceptance_date": "2026-12-01",
            "has_overdue_debts": True, "overdue_debts_amount": 1_000_000, "insolvent_since": "2025-01-01"}


def row(day: str, kind: str, amount: float, **extra):
    return {"date": day, "counterparty": "某公司", "related_party": True, "type": kind, "amount": amount, **extra}


def test_gift_exactly_one_year_before_acceptance_is_voidable_and_the_day_before_is_not(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2025-12-01", "transfer_without_consideration", 100_000, consideration=0),
        row("2025-11-30", "transfer_without_consideration", 70_000, consideration=0),
    ]}, enterprise=DISTRESS)
    f = out.fired("voidable_acts_one_year")
    assert f.exposure.high == 100_000  # only the gift of 2025-12-01 (第三十一条第（一）项)
    assert "2025-12-01（含）" in f.message
    civil = out.fired("civil_revocation_outside_window")
    assert civil.exposure.high == 70_000  # 2025-11-30 is outside; 民法典第五百三十八条, five years from the act


def test_preference_exactly_six_months_before_acceptance_is_voidable_and_the_day_before_is_not(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2026-06-01", "individual_repayment", 200_000, exception="none"),
        row("2026-05-31", "individual_repayment", 90_000, exception="none"),
        row("2026-11-30", "individual_repayment", 10_000, exception="none"),
    ]}, enterprise=DISTRESS)
    assert out.fired("preferences_six_months").exposure.high == 200_000 + 10_000  # 第三十二条, 2026-05-31 outside
    out.not_fired("acts_on_or_after_acceptance")


def test_payment_on_the_acceptance_date_is_reported_apart(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2026-12-01", "individual_repayment", 50_000, exception="none"),
    ]}, enterprise=DISTRESS)
    out.not_fired("preferences_six_months")
    assert out.fired("acts_on_or_after_acceptance").exposure.high == 50_000


def test_six_month_window_with_month_end_clamping(escort_run):
    answers = {**ACCEPTED, "acceptance_date": "2026-08-31", "transactions": [
        row("2026-02-28", "individual_repayment", 30_000, exception="none"),
        row("2026-02-27", "individual_repayment", 40_000, exception="none"),
    ]}
    out = escort_run("bankruptcy", answers, enterprise=DISTRESS)
    assert out.fired("preferences_six_months").exposure.high == 30_000  # 2026-08-31 − 6 months = 2026-02-28


def test_preference_before_insolvency_and_safe_payments_are_not_voidable(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "insolvent_since": "2026-09-01", "transactions": [
        row("2026-08-31", "individual_repayment", 11_000, exception="none"),       # not yet insolvent (第三十二条)
        row("2026-09-01", "individual_repayment", 22_000, exception="none"),       # insolvent from that day
        row("2026-09-02", "individual_repayment", 33_000, exception="utilities"),  # 解释（二）第十六条第（一）项
        row("2026-09-03", "individual_repayment", 44_000, exception="wages_or_injury"),  # 第十六条第（二）项
        row("2026-09-04", "individual_repayment", 55_000, exception="fully_secured"),    # 第十四条
        row("2026-09-05", "individual_repayment", 66_000, exception="court_enforcement"),  # 第十五条
    ]}, enterprise=DISTRESS)
    assert out.fired("preferences_six_months").exposure.high == 22_000


def test_early_repayment_of_a_debt_due_before_acceptance_follows_interpretation_two_article_12(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        # due before acceptance, paid outside the six months: not voidable (第十二条)
        row("2026-03-01", "early_repayment", 500_000, original_due_date="2026-10-01"),
        # due before acceptance, but paid inside the six months while insolvent: the exception applies, voidable
        row("2026-07-01", "early_repayment", 300_000, original_due_date="2026-10-01"),
        # still not due at acceptance: voidable under 第三十一条第（四）项
        row("2026-03-01", "early_repayment", 200_000, original_due_date="2027-03-01"),
    ]}, enterprise=DISTRESS)
    assert out.fired("voidable_acts_one_year").exposure.high == 300_000 + 200_000


def test_unreasonable_price_puts_the_price_gap_at_risk(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2026-04-01", "unreasonable_price", 3_000_000, consideration=1_200_000),
    ]}, enterprise=DISTRESS)
    assert out.fired("voidable_acts_one_year").exposure.high == 3_000_000 - 1_200_000


def test_concealment_and_fictitious_debt_have_no_window(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2019-05-01", "concealment_or_transfer_of_assets", 1_000_000),
        row("2026-12-05", "fictitious_debt", 250_000),
    ]}, enterprise=DISTRESS)
    assert out.fired("void_acts_concealment").exposure.high == 1_000_000 + 250_000  # 第三十三条


def test_expected_filing_date_is_the_reference_when_there_is_no_acceptance(escort_run):
    out = escort_run("bankruptcy", {"acceptance_date_known": False, "expected_filing_date": "2027-01-15",
                                    "has_overdue_debts": False, "transactions": [
                                        row("2026-01-15", "waiver_of_claim", 80_000),
                                        row("2026-01-14", "waiver_of_claim", 60_000)]},
                     enterprise=DISTRESS)
    assert out.fired("voidable_acts_one_year").exposure.high == 80_000


def test_unknown_reference_date_lists_the_rows_for_verification(escort_run):
    out = escort_run("bankruptcy", {"acceptance_date_known": True, "acceptance_date": "unknown",
                                    "has_overdue_debts": False, "transactions": [
                                        row("2026-01-15", "waiver_of_claim", 80_000)]}, enterprise=DISTRESS)
    f = out.verify("voidable_acts_one_year")
    assert "acceptance_date" in f.unknown


# --------------------------------------------------------------------------- insolvency thresholds

BASE = {"acceptance_date_known": False, "expected_filing_date": "2026-12-15", "has_overdue_debts": True,
        "overdue_debts_amount": 5_000_000, "cash_balance": 10_000_000, "debts_due_next_90_days": 0,
        "assets_illiquid": True, "enforcement_cases_no_assets": 0, "legal_rep_missing": False, "loss_years": 0,
        "transactions": []}


def test_liabilities_equal_to_assets_is_not_balance_sheet_insolvency(escort_run):
    # 破产法解释（一）第三条: insolvent when assets are NOT ENOUGH to pay all liabilities
    out = escort_run("bankruptcy", {**BASE, "total_assets": 80_000_000, "total_liabilities": 80_000_000}, enterprise=DISTRESS)
    out.not_fired("insolvency_balance_sheet")


def test_liabilities_one_yuan_above_assets_is_balance_sheet_insolvency(escort_run):
    out = escort_run("bankruptcy", {**BASE, "total_assets": 80_000_000, "total_liabilities": 80_000_001}, enterprise=DISTRESS)
    f = out.fired("insolvency_balance_sheet")
    assert "负债超过资产 1 元" in f.message
    out.not_fired("insolvency_lack_of_ability")  # 第四条 covers only book assets not below liabilities


def test_no_overdue_debt_means_no_insolvency_even_with_a_deficit(escort_run):
    # 企业破产法第二条: BOTH unable to pay debts due AND (deficit OR evident inability)
    out = escort_run("bankruptcy", {**BASE, "has_overdue_debts": False, "total_assets": 1, "total_liabilities": 2},
                     enterprise=DISTRESS)
    out.not_fired("insolvency_balance_sheet")
    out.not_fired("creditor_petition_risk")


@pytest.mark.parametrize("cash, fires", [(5_000_000, False), (4_999_999, True)])
def test_cash_shortfall_with_illiquid_assets_is_evident_inability(escort_run, cash, fires):
    # 第四条第（一）项: cash below the 5,000,000 overdue and assets cannot be realised
    out = escort_run("bankruptcy", {**BASE, "cash_balance": cash, "total_assets": 90_000_000,
                                    "total_liabilities": 90_000_000}, enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("insolvency_lack_of_ability")


@pytest.mark.parametrize("cases, fires", [(0, False), (1, True)])
def test_failed_enforcement_is_evident_inability(escort_run, cases, fires):
    out = escort_run("bankruptcy", {**BASE, "enforcement_cases_no_assets": cases, "enforcement_unpaid_amount": 100_000,
                                    "total_assets": 90_000_000, "total_liabilities": 50_000_000}, enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("insolvency_lack_of_ability")


@pytest.mark.parametrize("years, fires", [(2, False), (3, True)])
def test_long_term_losses_threshold_is_three_years(escort_run, years, fires):
    # 第四条第（四）项 "长期亏损": the checklist's documented working line is three consecutive loss years
    out = escort_run("bankruptcy", {**BASE, "loss_years": years, "turnaround_difficult": True,
                                    "total_assets": 90_000_000, "total_liabilities": 50_000_000}, enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("insolvency_lack_of_ability")


def test_missing_legal_representative_is_evident_inability(escort_run):
    out = escort_run("bankruptcy", {**BASE, "legal_rep_missing": True, "total_assets": 90_000_000,
                                    "total_liabilities": 50_000_000}, enterprise=DISTRESS)
    out.fired("insolvency_lack_of_ability")


@pytest.mark.parametrize("cash, fires", [(3_000_000, False), (2_999_999, True)])
def test_early_reorganisation_window_when_cash_is_below_debts_due_soon(escort_run, cash, fires):
    # 企业破产法第二条第二款: "有明显丧失清偿能力可能的" — cash below the 3,000,000 due within three months
    out = escort_run("bankruptcy", {**BASE, "has_overdue_debts": False, "cash_balance": cash,
                                    "debts_due_next_90_days": 3_000_000, "total_assets": 10, "total_liabilities": 5},
                     enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("reorganisation_early_window")


@pytest.mark.parametrize("dissolved, fires", [("2026-11-05", False), ("2026-11-04", True)])
def test_liquidation_group_is_due_within_fifteen_days_of_dissolution(escort_run, dissolved, fires):
    # 公司法第二百三十二条: 15 days from the dissolution event; 2026-11-05 + 15 = 2026-11-20 (the checkup day)
    out = escort_run("bankruptcy", {"acceptance_date_known": False, "dissolution_event": True,
                                    "dissolution_date": dissolved, "liquidation_group_formed": False},
                     enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("liquidation_duty_breach")


# --------------------------------------------------------------------------- accepted petition (audit §4.7.4)


@pytest.mark.parametrize("dissolved, fires", [("2026-10-17", False), ("2026-10-16", True), ("2026-02-28", True)])
def test_after_acceptance_the_fifteen_days_run_to_the_acceptance_date(escort_run, dissolved, fires):
    # 公司法第二百三十二条: 15 days; counted to the acceptance of 2026-11-01 (after it the 管理人 liquidates):
    # 2026-10-17 + 15 = 2026-11-01, in time; 2026-10-16 + 15 = 2026-10-31, late.
    out = escort_run("bankruptcy", {"acceptance_date_known": True, "acceptance_date": "2026-11-01",
                                    "dissolution_event": True, "dissolution_date": dissolved,
                                    "liquidation_group_formed": False}, enterprise=DISTRESS)
    (out.fired if fires else out.not_fired)("liquidation_duty_after_acceptance")
    out.not_fired("liquidation_duty_breach")
    out.fired("petition_accepted")


def test_accepted_petition_silences_every_before_filing_rule(escort_run):
    answers = {**ACCEPTED, "total_assets": 10_000_000, "total_liabilities": 30_000_000, "cash_balance": 0,
               "debts_due_next_90_days": 5_000_000, "going_concern_value": 1, "liquidation_value": 2,
               "enforcement_cases_no_assets": 3, "enforcement_unpaid_amount": 800_000}
    out = escort_run("bankruptcy", answers, enterprise=DISTRESS)
    for rule in ("insolvency_balance_sheet", "insolvency_lack_of_ability", "creditor_petition_risk",
                 "reorganisation_early_window", "liquidation_only", "enforcement_cases_pending"):
        out.not_fired(rule)
    assert "2026-12-01" in out.fired("petition_accepted").message
    # the same facts before any petition: the insolvency test and the creditor-petition warning fire
    out = escort_run("bankruptcy", {**answers, "acceptance_date_known": False, "expected_filing_date": "2027-01-15"},
                     enterprise=DISTRESS)
    out.fired("insolvency_balance_sheet")
    out.fired("creditor_petition_risk")
    f = out.fired("enforcement_cases_pending")
    assert (f.exposure.low, f.exposure.high) == (800_000, 800_000)


def test_overdue_debts_of_unknown_amount_are_flagged(escort_run):
    # 破产法规定（一）第二条: a debt due and unpaid is "不能清偿到期债务" whatever its amount; an unknown amount must
    # not hide the creditor-petition risk or the acceleration of unpaid capital (公司法第五十四条).
    out = escort_run("bankruptcy", {"acceptance_date_known": False, "expected_filing_date": "2027-01-15",
                                    "has_overdue_debts": True, "overdue_debts_amount": "unknown",
                                    "unpaid_capital": 1_000_000}, enterprise=DISTRESS)
    out.fired("creditor_petition_risk")
    assert out.fired("unpaid_capital_acceleration").exposure.high == 1_000_000


def test_insider_transactions_window_boundary(escort_run):
    # one year before the acceptance of 2026-12-01 starts on 2025-12-01 (inside); 2025-11-30 is outside
    rows = [{"date": "2025-12-01", "counterparty": "股东甲", "related_party": True, "type": "individual_repayment",
             "amount": 100_000, "exception": "none"},
            {"date": "2025-11-30", "counterparty": "股东乙", "related_party": True, "type": "individual_repayment",
             "amount": 70_000, "exception": "none"},
            {"date": "2026-06-01", "counterparty": "客户丙", "related_party": False, "type": "individual_repayment",
             "amount": 50_000, "exception": "none"}]
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": rows}, enterprise=DISTRESS)
    assert "100,000" in out.fired("insider_transactions_in_lookback").message


@pytest.mark.parametrize("answers, rule", [
    ({"equity_transferred_unpaid": True}, "unpaid_equity_transferred"),
    ({"capital_reduced_or_retimed": True}, "capital_reduced_in_distress"),
    ({"deregistration_plan": "simplified"}, "deregistration_without_liquidation"),
    ({"deregistration_plan": "without_liquidation"}, "deregistration_without_liquidation"),
    ({"third_party_assets_key": True}, "third_party_assets_recoverable"),
    ({"criminal_red_flags": ["records_hidden_or_destroyed"]}, "criminal_red_lines"),
    ({"owner_guarantees": True, "owner_guarantee_amount": 3_000_000}, "owner_personal_guarantees"),
])
def test_depth_rules_fire(escort_run, answers, rule):
    escort_run("bankruptcy", answers, enterprise=DISTRESS).fired(rule)


@pytest.mark.parametrize("answers, rule", [
    ({"deregistration_plan": "none"}, "deregistration_without_liquidation"),
    ({"criminal_red_flags": ["none_of_these"]}, "criminal_red_lines"),
])
def test_depth_rules_silent(escort_run, answers, rule):
    escort_run("bankruptcy", answers, enterprise=DISTRESS).not_fired(rule)


def test_checklist_applies_only_to_tagged_enterprises(escort_run):
    out = escort_run("bankruptcy", {"has_overdue_debts": True}, enterprise={"tags": []})
    run = next(r for r in out.result.checklists if r.id == "bankruptcy")
    assert not run.applicable
    assert out.result.findings == []


# --------------------------------------------------------------------------- examples


def test_distressed_saveable_example(escort_run):
    out = run_example(escort_run, "bankruptcy_distressed_saveable")
    assert out.fired_ids == {
        "insolvency_lack_of_ability", "creditor_petition_risk", "voidable_acts_one_year", "preferences_six_months",
        "civil_revocation_outside_window", "unpaid_capital_acceleration", "wage_arrears", "executory_contracts_review",
        "secured_shortfall", "cross_guarantee_exposure", "reorganisation_value_present", "liquidation_recovery_estimate",
        "insider_transactions_in_lookback", "insider_creditors_listed", "owner_personal_guarantees",
        "third_party_assets_recoverable",
    }
    assert out.verify_ids == set()
    # related-party transactions from 2025-12-15 (one year before the expected filing of 2026-12-15):
    # 2026-03-18 sale 3,200,000 + 2026-05-20 waiver 900,000 + 2026-08-05 repayment 1,500,000; the gift of
    # 2025-12-10 is outside the year
    assert "5,600,000" in out.fired("insider_transactions_in_lookback").message
    assert "6,000,000" in out.fired("insider_creditors_listed").message
    # 企业破产法第九十二条第三款: the owners' 12,000,000 personal guarantee survives a reorganisation plan
    assert "12,000,000" in out.fired("owner_personal_guarantees").message
    # expected filing 2026-12-15: one year from 2025-12-15, six months from 2026-06-15
    # 第三十一条: sale at 3,200,000 for 1,100,000 (第（二）项) + waiver of 900,000 (第（五）项);
    # the gift of 2025-12-10 is before the window; the early repayment of 2026-04-02 fell due 2026-10-30,
    # before the filing date, and was paid before the six months (解释（二）第十二条)
    assert out.fired("voidable_acts_one_year").exposure.high == (3_200_000 - 1_100_000) + 900_000
    # 第三十二条: 1,500,000 to the related company on 2026-08-05, after insolvency (2026-05-01);
    # the 3,000,000 to the fully secured bank (第十四条) and the 260,000 electricity bill (第十六条) are safe
    assert out.fired("preferences_six_months").exposure.high == 1_500_000
    assert out.fired("civil_revocation_outside_window").exposure.high == 800_000
    assert out.fired("unpaid_capital_acceleration").exposure.high == 2_000_000  # 公司法第五十四条
    guarantee = out.fired("cross_guarantee_exposure").exposure
    assert (guarantee.low, guarantee.high) == (0, 5_000_000)
    assert "7,000,000" in out.fired("secured_shortfall").message  # 45,000,000 claim − 38,000,000 collateral
    # waterfall: 52,000,000 − 38,000,000 secured − 2,500,000 costs = 11,500,000; − 2,600,000 employees
    # − 620,000 tax = 8,280,000 over ordinary 58,000,000 + related 6,000,000 + shortfall 7,000,000 = 71,000,000
    rate = 8_280_000 / 71_000_000 * 100
    assert f"{rate:.2f}%" in out.fired("liquidation_recovery_estimate").message
    # recoveries for the estate and the company's own (contingent) liability are separate totals (audit §4.7.3)
    assert out.result.exposure_totals["recovery"]["high"] == 3_000_000 + 1_500_000 + 800_000 + 2_000_000
    assert out.result.exposure_total == {"low": 0, "high": 5_000_000}


def test_liquidation_example(escort_run):
    out = run_example(escort_run, "bankruptcy_liquidation")
    assert out.fired_ids == {
        # petition accepted 2026-11-10 (audit §4.7.4): no insolvency test, no creditor-petition warning, no
        # "form a liquidation group" order, no "prepare a liquidation petition" — the accepted-case findings instead
        "petition_accepted", "liquidation_duty_after_acceptance",
        "voidable_acts_one_year", "preferences_six_months",
        "void_acts_concealment", "acts_on_or_after_acceptance", "civil_revocation_outside_window",
        "unpaid_capital_acceleration", "capital_not_called", "directors_duty_record",
        "abnormal_income_recovery", "production_stopped", "no_investor_plan_deadline",
        "insider_transactions_in_lookback", "insider_creditors_listed", "owner_personal_guarantees",
        "unpaid_equity_transferred",
        "licences_at_risk", "key_staff_unstable", "wage_arrears", "employee_claims_list_missing", "books_incomplete",
        "setoff_restricted", "secured_shortfall", "tax_priority_over_security", "commingling_with_related",
        "liquidation_recovery_estimate",
    }
    assert out.verify_ids == set()
    out.not_fired("reorganisation_value_present")
    for rule in ("insolvency_balance_sheet", "creditor_petition_risk", "liquidation_duty_breach", "liquidation_only",
                 "enforcement_cases_pending"):
        out.not_fired(rule)
    # acceptance 2026-11-10: one year from 2025-11-10 (inside), six months from 2026-05-10 (inside)
    # 第三十一条: security for an old debt 3,000,000 (第（三）项) + gift of 500,000 on 2025-11-10, exactly one year before
    assert out.fired("voidable_acts_one_year").exposure.high == 3_000_000 + 500_000
    # the waiver of 2025-11-09 is one day early: only 民法典第五百三十八条 remains
    assert out.fired("civil_revocation_outside_window").exposure.high == 300_000
    # 第三十二条: 700,000 on 2026-09-01; 400,000 on 2026-05-09 is the day before the six months
    assert out.fired("preferences_six_months").exposure.high == 700_000
    # 第三十三条, no window: 4,600,000 moved to the related company + 2,000,000 fictitious loan of 2025-06-30
    assert out.fired("void_acts_concealment").exposure.high == 4_600_000 + 2_000_000
    assert out.fired("acts_on_or_after_acceptance").exposure.high == 120_000  # paid on the acceptance date
    assert out.fired("unpaid_capital_acceleration").exposure.high == 5_000_000
    assert out.fired("abnormal_income_recovery").exposure.high == 380_000
    # dissolved 2026-07-01, petition accepted 2026-11-10: 31 (July) + 31 + 30 + 31 + 9 = 132 days, beyond 15
    assert "132 日" in out.fired("liquidation_duty_after_acceptance").message
    # waterfall: 12,000,000 − 9,500,000 collateral − (900,000 costs + 300,000 共益债务, 第四十三条) = 1,300,000,
    # all to employees (3,100,000 owed)
    msg = out.fired("liquidation_recovery_estimate").message
    assert "破产费用和共益债务 1,200,000 元" in msg and "职工债权 1,300,000 元" in msg and "0.00%" in msg
    assert out.result.exposure_totals["recovery"]["high"] == (3_500_000 + 700_000 + 6_600_000 + 120_000 + 300_000
                                                              + 5_000_000 + 380_000)
    assert out.result.exposure_total["high"] == 0  # nothing here is the company's own liability with a figure


def test_healthy_control_raises_no_finding(escort_run):
    out = run_example(escort_run, "bankruptcy_healthy")
    assert out.fired_ids == set()
    assert out.verify_ids == set()
    assert not out.result.needs_verification
    for rule in ("insolvency_balance_sheet", "insolvency_lack_of_ability", "creditor_petition_risk",
                 "reorganisation_early_window", "voidable_acts_one_year", "preferences_six_months"):
        out.not_fired(rule)


def test_empty_register_asks_for_the_transactions_and_names_the_windows(escort_run):
    out = escort_run("bankruptcy", {**ACCEPTED, "acceptance_date": "2026-08-31", "transactions": []}, enterprise=DISTRESS)
    f = out.fired("lookback_register_missing")
    assert "一年回溯期自 2025-08-31 起" in f.message
    assert "六个月回溯期自 2026-02-28 起" in f.message  # 2026-08-31 − 6 months, clamped to the end of February


@pytest.mark.parametrize("today, revocable", [
    ("2026-11-20", True),   # 民法典第五百四十一条: act 2021-11-20, five years from the act end on 2026-11-20 (inclusive)
    ("2026-11-21", False),  # the day after: extinguished
])
def test_civil_revocation_five_years_includes_the_anniversary(escort_run, today, revocable):
    out = escort_run("bankruptcy", {**ACCEPTED, "transactions": [
        row("2021-11-20", "transfer_without_consideration", 40_000, consideration=0),
    ]}, enterprise=DISTRESS, date=today)
    if revocable:
        assert out.fired("civil_revocation_outside_window").exposure.high == 40_000
    else:
        assert out.finding("civil_revocation_outside_window") is None


@pytest.mark.parametrize("amount, severity", [(1_999_999, "medium"), (2_000_000, "high")])
def test_cross_guarantees_graded_by_their_share_of_assets(escort_run, amount, severity):
    # 2,000,000 / 10,000,000 = 20 % of total assets: high; just below: the base medium
    out = escort_run("bankruptcy", {"cross_guarantees": True, "guarantee_amount": amount, "total_assets": 10_000_000},
                     enterprise=DISTRESS)
    assert out.fired("cross_guarantee_exposure").severity == severity
