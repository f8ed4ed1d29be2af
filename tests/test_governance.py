"""The governance (公司治理与资本) checklist: every rule, every date boundary, the three example enterprises.

Expected figures are worked out here from the quoted articles, not copied from
the program's output.  Deadlines are inclusive: the act is on time on the last
day and late from the next (民法典 第二百零一条、第二百零二条 for periods in
years and months).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins.governance import (annual_report_deadline, current_report_year, days_late, days_remaining,
                                        five_year_deadline, forfeiture_disposal_deadline, grace_period_end,
                                        latest_report_year_due, liquidation_group_deadline, serious_violation_date)
from escort.engine import evaluate
from escort.testing import assert_fires

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
D = dt.date.fromisoformat
TODAY = "2026-11-20"

# A limited company formed in 2015 with everything in order: no governance rule fires.
CLEAN = {
    "company_form": "llc",
    "incorporated_on": "2015-03-10",
    "paid_in_registration": False,
    "articles_updated": True,
    "shareholders": [
        {"name": "甲", "subscribed": 600000, "paid": 600000, "due_date": "2020-12-31"},
        {"name": "乙", "subscribed": 400000, "paid": 400000, "due_date": "2020-12-31"},
    ],
    "has_in_kind": False,
    "capital_verified": True,
    "cannot_pay_debts": False,
    "capital_publicity": "consistent",
    "forfeiture_used": False,
    "unpaid_transfer": "none",
    "capital_withdrawn": False,
    "false_contribution": False,
    "registration_documents_false": False,
    "meeting_notice": "on_time",
    "minutes_signed": True,
    "decisions_without_meeting": False,
    "major_votes": "two_thirds",
    "unlawful_resolution": False,
    "director_records": True,
    "supervisor_status": "active",
    "has_guarantees": False,
    "related_transactions": "approved",
    "managers_compete": False,
    "controller_instructs": False,
    "commingling": ["none"],
    "last_annual_report_year": 2025,
    "abnormal_listed": False,
    "disclosure_accurate": True,
    "needs_licences": False,
    "legal_rep_role": "manages",
    "operating_status": "operating",
    "exit_plan": "none",
    "dissolution_event": False,
}


def answers(**changes):
    data = copy.deepcopy(CLEAN)
    data.update(changes)
    return data


def holders(*rows):
    return [{"name": n, "subscribed": s, "paid": p, "due_date": d} for n, s, p, d in rows]


def test_clean_company_has_no_findings(escort_run):
    out = escort_run("governance", CLEAN, date=TODAY)
    assert out.fired_ids == set()
    assert out.verify_ids == set()


# --------------------------------------------------------------------------- every rule
# (answers changed from CLEAN, assessment date, the rules that fire, {rule: (low, high)} worked from the statute)

CASES = [
    # 公司法 第四十七条: formed 2024-07-15 → five years end 2029-07-15 (民法典 第二百零一条、第二百零二条).
    ("five_years_one_day_over",
     dict(incorporated_on="2024-07-15", articles_updated=True,
          shareholders=holders(("甲", 1000000, 0, "2029-07-16"))), TODAY,
     {"capital_period_over_five_years"}, {}),
    ("five_years_on_the_last_day",
     dict(incorporated_on="2024-07-15", shareholders=holders(("甲", 1000000, 0, "2029-07-15"))), TODAY, set(), {}),
    # 29 February: formed 2028-02-29 → no 2033-02-29, so the month's last day 2033-02-28 (第二百零二条).
    ("five_years_from_29_february_ok",
     dict(incorporated_on="2028-02-29", last_annual_report_year=0,
          shareholders=holders(("甲", 1000000, 0, "2033-02-28"))), "2028-03-01", set(), {}),
    ("five_years_from_29_february_over",
     dict(incorporated_on="2028-02-29", last_annual_report_year=0,
          shareholders=holders(("甲", 1000000, 0, "2033-03-01"))), "2028-03-01",
     {"capital_period_over_five_years"}, {}),
    # 注册资本登记管理规定 第二条: formed before 2024-07-01, due 2040 > 2032-06-30 → adjust by 2027-06-30.
    ("transition_due", dict(shareholders=holders(("甲", 1000000, 200000, "2040-12-31"))), TODAY,
     {"transition_adjustment_due"}, {}),
    ("transition_due_date_2032_06_30_is_within", dict(shareholders=holders(("甲", 1000000, 200000, "2032-06-30"))),
     TODAY, set(), {}),
    ("transition_2027_06_29", dict(last_annual_report_year=2026,
                                   shareholders=holders(("甲", 1000000, 200000, "2040-12-31"))), "2027-06-29",
     {"transition_adjustment_due"}, {}),
    ("transition_2027_06_30", dict(last_annual_report_year=2026,
                                   shareholders=holders(("甲", 1000000, 200000, "2040-12-31"))), "2027-06-30",
     {"transition_adjustment_due"}, {}),
    ("transition_2027_07_01", dict(last_annual_report_year=2026,
                                   shareholders=holders(("甲", 1000000, 200000, "2040-12-31"))), "2027-07-01",
     {"transition_adjustment_missed"}, {}),
    # A company formed on 2024-06-30 is still "2024年6月30日前登记设立".
    ("formed_2024_06_30_is_transitional",
     dict(incorporated_on="2024-06-30", shareholders=holders(("甲", 1000000, 0, "2033-06-30"))), TODAY,
     {"transition_adjustment_due"}, {}),
    # Joint-stock promoters pay in full by 2027-06-30; from 2027-07-01 the unpaid 200,000 is overdue:
    # claim 1,000,000 − 800,000; 公司法 第二百五十二条 fine up to max(200,000, 15% × 200,000 = 30,000).
    ("joint_stock_2027_06_30",
     dict(company_form="joint_stock", last_annual_report_year=2026,
          shareholders=holders(("甲", 1000000, 800000, "2027-06-30"))), "2027-06-30",
     {"joint_stock_payment_due", "contribution_due_soon"}, {}),
    ("joint_stock_2027_07_01",
     dict(company_form="joint_stock", last_annual_report_year=2026,
          shareholders=holders(("甲", 1000000, 800000, "2027-06-30"))), "2027-07-01",
     {"joint_stock_payment_missed", "contribution_overdue", "contribution_fine_risk"},
     {"contribution_overdue": (1000000 - 800000, 1000000 - 800000), "contribution_fine_risk": (0, 200000)}),
    # 公司法 第四十九条: 乙 due 2026-11-19 is one day late; 甲 due today is still on time (due within 90 days).
    ("contribution_overdue_and_due_today",
     dict(shareholders=holders(("甲", 600000, 0, "2026-11-20"), ("乙", 400000, 100000, "2026-11-19"))), TODAY,
     {"contribution_overdue", "contribution_fine_risk", "contribution_due_soon"},
     {"contribution_overdue": (400000 - 100000, 400000 - 100000), "contribution_fine_risk": (0, 200000)}),
    # 情节严重: 15% × (5,000,000 − 1,000,000) = 600,000 > 200,000.
    ("fine_over_the_fixed_cap", dict(shareholders=holders(("乙", 5000000, 1000000, "2026-01-31"))), TODAY,
     {"contribution_overdue", "contribution_fine_risk"},
     {"contribution_overdue": (4000000, 4000000), "contribution_fine_risk": (0, 0.15 * 4000000)}),
    # 2026-11-20 + 90 days = 2027-02-18: due that day is "within 90 days", 2027-02-19 is not.
    ("due_on_day_90", dict(shareholders=holders(("甲", 600000, 0, "2027-02-18"))), TODAY, {"contribution_due_soon"}, {}),
    ("due_on_day_91", dict(shareholders=holders(("甲", 600000, 0, "2027-02-19"))), TODAY, set(), {}),
    ("no_verification", dict(capital_verified=False), TODAY, {"capital_not_verified"}, {}),
    ("in_kind_not_transferred", dict(has_in_kind=True, in_kind_issues=["not_transferred"]), TODAY,
     {"in_kind_defective"}, {}),
    ("in_kind_in_order", dict(has_in_kind=True, in_kind_issues=["none"]), TODAY, set(), {}),
    # 公司法 第五十四条: all unpaid capital can be called early: (600,000 − 100,000) + 0.
    ("acceleration", dict(cannot_pay_debts=True,
                          shareholders=holders(("甲", 600000, 100000, "2030-12-31"), ("乙", 400000, 400000, "2020-12-31"))),
     TODAY, {"acceleration_risk"}, {"acceleration_risk": (500000, 500000)}),
    # Only capital not yet due is "accelerated"; overdue capital is already owed (no double count).
    ("insolvent_with_only_overdue_capital",
     dict(cannot_pay_debts=True, shareholders=holders(("乙", 400000, 100000, "2026-11-19"))), TODAY,
     {"contribution_overdue", "contribution_fine_risk"},
     {"contribution_overdue": (300000, 300000), "contribution_fine_risk": (0, 200000)}),
    # 公司法 第五十二条: call 2026-01-01 → 60 days run to 2026-03-02; a notice that day is too early.
    # Six months from 2026-03-02 end 2026-09-02, passed by 2026-11-20 → the other shareholders pay 300,000.
    ("forfeiture_too_early_and_not_disposed",
     dict(forfeiture_used=True, call_date="2026-01-01", forfeiture_notice_date="2026-03-02",
          forfeiture_steps=["written_call", "board_resolution", "written_notice"], forfeited_amount=300000,
          forfeited_disposed=False), TODAY,
     {"forfeiture_grace_too_short", "forfeited_equity_not_disposed"},
     {"forfeited_equity_not_disposed": (300000, 300000)}),
    ("forfeiture_day_61_without_board_resolution",
     dict(forfeiture_used=True, call_date="2026-01-01", forfeiture_notice_date="2026-03-03",
          forfeiture_steps=["written_call", "written_notice"], forfeited_amount=300000, forfeited_disposed=True),
     TODAY, {"forfeiture_procedure_incomplete"}, {}),
    # Month end: notice 2026-08-31 → six months end 2027-02-28 (no 31 February).
    ("forfeiture_month_end_last_day",
     dict(forfeiture_used=True, call_date="2026-06-01", forfeiture_notice_date="2026-08-31",
          forfeiture_steps=["written_call", "board_resolution", "written_notice"], forfeited_amount=300000,
          forfeited_disposed=False, last_annual_report_year=2026), "2027-02-28", set(), {}),
    ("forfeiture_month_end_next_day",
     dict(forfeiture_used=True, call_date="2026-06-01", forfeiture_notice_date="2026-08-31",
          forfeiture_steps=["written_call", "board_resolution", "written_notice"], forfeited_amount=300000,
          forfeited_disposed=False, last_annual_report_year=2026), "2027-03-01",
     {"forfeited_equity_not_disposed"}, {"forfeited_equity_not_disposed": (300000, 300000)}),
    # 公司法 第八十八条.
    ("transfer_not_due", dict(unpaid_transfer="not_due", unpaid_transfer_amount=250000), TODAY,
     {"transfer_unpaid_not_due"}, {"transfer_unpaid_not_due": (250000, 250000)}),
    ("transfer_overdue", dict(unpaid_transfer="overdue_or_overvalued", unpaid_transfer_amount=250000), TODAY,
     {"transfer_overdue_or_overvalued"}, {"transfer_overdue_or_overvalued": (250000, 250000)}),
    # 公司法 第五十三条; 刑法 第一百五十九条 only for paid-in registration: fine 2%–10% of 800,000.
    ("withdrawal_subscribed_company", dict(capital_withdrawn=True, capital_withdrawn_amount=800000), TODAY,
     {"capital_withdrawn"}, {"capital_withdrawn": (800000, 800000)}),
    ("withdrawal_paid_in_company",
     dict(paid_in_registration=True, capital_withdrawn=True, capital_withdrawn_amount=800000), TODAY,
     {"capital_withdrawn", "crime_capital_withdrawal"},
     {"capital_withdrawn": (800000, 800000), "crime_capital_withdrawal": (0.02 * 800000, 0.10 * 800000)}),
    # 公司法 第二百五十二条: max(200,000, 15% × 2,000,000 = 300,000); 刑法 第一百五十九条: 2%–10%.
    ("false_contribution_subscribed_company", dict(false_contribution=True, false_contribution_amount=2000000), TODAY,
     {"false_contribution_civil"}, {"false_contribution_civil": (0, 300000)}),
    ("false_contribution_paid_in_company",
     dict(paid_in_registration=True, false_contribution=True, false_contribution_amount=2000000), TODAY,
     {"crime_false_contribution"}, {"crime_false_contribution": (40000, 200000)}),
    # 刑法 第一百五十八条: 1%–5% of 10,000,000 falsely reported.
    ("false_registration_subscribed_company",
     dict(registration_documents_false=True, false_registered_amount=10000000), TODAY,
     {"false_registration_documents"}, {}),
    ("false_registration_paid_in_company",
     dict(paid_in_registration=True, registration_documents_false=True, false_registered_amount=10000000), TODAY,
     {"crime_false_registered_capital"}, {"crime_false_registered_capital": (100000, 500000)}),
    ("publicity_never_checked", dict(capital_publicity="not_checked"), TODAY, {"capital_publicity_inaccurate"}, {}),
    ("articles_old", dict(articles_updated=False), TODAY, {"articles_not_updated"}, {}),
    ("articles_of_a_new_company", dict(incorporated_on="2024-07-01", articles_updated=False), TODAY, set(), {}),
    ("short_notice", dict(meeting_notice="short"), TODAY, {"meeting_notice_short"}, {}),
    ("unsigned_minutes", dict(minutes_signed=False), TODAY, {"minutes_not_signed"}, {}),
    ("paper_resolutions", dict(decisions_without_meeting=True), TODAY, {"resolutions_without_meeting"}, {}),
    ("never_meets", dict(meeting_notice="never_held"), TODAY, {"resolutions_without_meeting"}, {}),
    ("two_thirds_missed", dict(major_votes="below"), TODAY, {"major_resolution_below_two_thirds"}, {}),
    ("void_resolution", dict(unlawful_resolution=True), TODAY, {"unlawful_resolution_content"}, {}),
    ("board_unrecorded", dict(director_records=False), TODAY, {"director_decisions_unrecorded"}, {}),
    ("nominal_supervisor", dict(supervisor_status="nominal"), TODAY, {"supervisor_nominal"}, {}),
    # 公司法 第十五条第二款、第三款; 担保制度解释 第七条、第十七条, the debtor paying nothing: half the principal
    # (non-good-faith creditor, both at fault: 不应超过债务人不能清偿部分的二分之一) to all of it (good-faith creditor).
    ("guarantee_for_shareholder",
     dict(has_guarantees=True, guarantees=[
         {"beneficiary": "股东甲", "beneficiary_type": "shareholder", "amount": 3000000,
          "approval": "shareholders_meeting_interested", "within_limit": True},
         {"beneficiary": "客户丙", "beneficiary_type": "other", "amount": 1000000, "approval": "board",
          "within_limit": True}]), TODAY,
     {"guarantee_for_shareholder_improper"}, {"guarantee_for_shareholder_improper": (3000000 / 2, 3000000)}),
    # 公司法 第十五条第一款: no resolution (2,000,000) and over the articles' limit (500,000); 700,000 in order.
    ("guarantees_unapproved",
     dict(has_guarantees=True, guarantees=[
         {"beneficiary": "丁公司", "beneficiary_type": "other", "amount": 2000000, "approval": "none",
          "within_limit": True},
         {"beneficiary": "戊公司", "beneficiary_type": "other", "amount": 500000, "approval": "board",
          "within_limit": False},
         {"beneficiary": "己公司", "beneficiary_type": "other", "amount": 700000, "approval": "board",
          "within_limit": True}]), TODAY,
     {"guarantee_unapproved"}, {"guarantee_unapproved": ((2000000 + 500000) / 2, 2000000 + 500000)}),
    ("guarantee_for_shareholder_properly_approved",
     dict(has_guarantees=True, guarantees=[
         {"beneficiary": "股东甲", "beneficiary_type": "shareholder", "amount": 3000000,
          "approval": "shareholders_meeting", "within_limit": True}]), TODAY, set(), {}),
    ("related_unapproved", dict(related_transactions="not_approved"), TODAY, {"related_party_unapproved"}, {}),
    ("competing_manager", dict(managers_compete=True), TODAY, {"opportunity_or_competition"}, {}),
    ("controller_orders", dict(controller_instructs=True), TODAY, {"controller_instructions"}, {}),
    ("personal_accounts", dict(commingling=["personal_accounts"]), TODAY, {"commingling"}, {}),
    ("one_person_without_audit", dict(company_form="one_person", one_person_audit=False), TODAY,
     {"one_person_separation_unproven"}, {}),
    ("one_person_with_audit", dict(company_form="one_person", one_person_audit=True), TODAY, set(), {}),
    # 企业信息公示暂行条例 第八条: the 2025 report is due 1 January – 30 June 2026.
    ("report_2025_missing_after_window", dict(last_annual_report_year=2024), TODAY, {"annual_report_overdue"}, {}),
    ("report_2025_missing_on_30_june", dict(last_annual_report_year=2024), "2026-06-30", {"annual_report_due_now"}, {}),
    ("report_2025_missing_on_1_july", dict(last_annual_report_year=2024), "2026-07-01", {"annual_report_overdue"}, {}),
    # Formed in 2025: the first report (for 2025) is due in 2026 (第八条第二款).
    ("first_report_in_window", dict(incorporated_on="2025-03-01", last_annual_report_year=0), "2026-06-30",
     {"annual_report_due_now"}, {}),
    ("first_report_late", dict(incorporated_on="2025-03-01", last_annual_report_year=0), "2026-07-01",
     {"annual_report_overdue"}, {}),
    ("formed_this_year_files_nothing", dict(incorporated_on="2026-02-01", last_annual_report_year=0), TODAY,
     set(), {}),
    # 第十七条: listed 2024-02-29 → 满3年 on 2027-02-28 (no 29 February in 2027).
    ("abnormal_before_three_years", dict(abnormal_listed=True, abnormal_listed_since="2024-02-29",
                                         last_annual_report_year=2026), "2027-02-27", {"abnormal_listing"}, {}),
    ("abnormal_three_years", dict(abnormal_listed=True, abnormal_listed_since="2024-02-29",
                                  last_annual_report_year=2026), "2027-02-28", {"serious_violation_list"}, {}),
    ("false_disclosure", dict(disclosure_accurate=False), TODAY, {"disclosure_false"}, {}),
    ("licence_expired_yesterday",
     dict(needs_licences=True, licence_info_published=True, licences=[{"name": "排污许可证", "expiry": "2026-11-19"}]),
     TODAY, {"licence_expired"}, {}),
    ("licence_expires_today",
     dict(needs_licences=True, licence_info_published=True, licences=[{"name": "排污许可证", "expiry": "2026-11-20"}]),
     TODAY, {"licence_expiring_soon"}, {}),
    ("licence_in_91_days",
     dict(needs_licences=True, licence_info_published=True, licences=[{"name": "排污许可证", "expiry": "2027-02-19"}]),
     TODAY, set(), {}),
    ("licence_not_published",
     dict(needs_licences=True, licence_info_published=False, licences=[{"name": "排污许可证", "expiry": "2099-12-31"}]),
     TODAY, {"licence_info_not_published"}, {}),
    ("nominal_legal_rep", dict(legal_rep_role="nominal"), TODAY, {"legal_rep_nominal"}, {}),
    ("dormant_left_alone", dict(operating_status="dormant", exit_plan="abandon", debts_outstanding=False), TODAY,
     {"dormant_abandoned"}, {}),
    # 公司法 第二百四十条: shareholders jointly liable for the 180,000 still owed.
    ("simplified_with_debts",
     dict(exit_plan="simplified", debts_outstanding=True, debts_outstanding_amount=180000), TODAY,
     {"simplified_deregistration_with_debts"}, {"simplified_deregistration_with_debts": (180000, 180000)}),
    ("simplified_without_debts", dict(exit_plan="simplified", debts_outstanding=False), TODAY, set(), {}),
    # 公司法 第二百三十二条: event 2026-11-05 → liquidation group by 2026-11-20.
    ("liquidation_group_last_day",
     dict(dissolution_event=True, dissolution_date="2026-11-05", liquidation_group_formed=False,
          liquidation_issues=["none"]), "2026-11-20", {"liquidation_group_due"}, {}),
    ("liquidation_group_late",
     dict(dissolution_event=True, dissolution_date="2026-11-05", liquidation_group_formed=False,
          liquidation_issues=["none"]), "2026-11-21", {"liquidation_group_late"}, {}),
    # 刑法 第一百六十二条: fine 20,000–200,000 per responsible person.
    ("early_distribution",
     dict(dissolution_event=True, dissolution_date="2026-09-01", liquidation_group_formed=True,
          liquidation_issues=["early_distribution"]), TODAY,
     {"crime_obstructing_liquidation"}, {"crime_obstructing_liquidation": (20000, 200000)}),
]


@pytest.mark.parametrize("changes,date,fired,amounts", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_cases(escort_run, changes, date, fired, amounts):
    out = escort_run("governance", answers(**changes), date=date)
    assert out.fired_ids == fired
    assert out.verify_ids == set()
    for rule, expected in amounts.items():
        assert_fires(out, rule, exposure=expected)
    for rule in fired - set(amounts):
        finding = out.finding(rule)
        if finding.exposure is not None:
            pytest.fail(f"{rule} has an exposure the case does not check: {finding.exposure}")


def test_every_rule_has_a_case(escort_registry):
    rules = {r.id for r in escort_registry.checklists["governance"].model.rules}
    covered = set().union(*(c[3] for c in CASES))
    assert rules - covered == set()


def test_every_exposure_basis_says_whether_it_is_a_claim():
    """Amounts owed *to* the company (unpaid or withdrawn capital) are marked as claims in their basis."""
    import yaml

    from escort.resources import data_path

    rules = yaml.safe_load(Path(data_path("checklists", "governance.yaml")).read_text(encoding="utf-8"))["rules"]
    claims = {"contribution_overdue", "acceleration_risk", "forfeited_equity_not_disposed", "transfer_unpaid_not_due",
              "transfer_overdue_or_overvalued", "capital_withdrawn"}
    for rule in rules:
        if rule["id"] in claims:
            assert "不是公司的负债" in rule["exposure"]["basis"], rule["id"]


# --------------------------------------------------------------------------- messages and unknowns


def test_transition_message_counts_days_inclusively(escort_run):
    data = answers(last_annual_report_year=2026, shareholders=holders(("甲", 1000000, 200000, "2040-12-31")))
    # 2026-11-20 → 2027-06-30: 10 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 222 days later, 223 days counting both ends.
    assert "还有223天" in escort_run("governance", data, date=TODAY).fired("transition_adjustment_due").message
    assert "还有2天" in escort_run("governance", data, date="2027-06-29").fired("transition_adjustment_due").message
    assert "还有1天" in escort_run("governance", data, date="2027-06-30").fired("transition_adjustment_due").message
    assert "已过1天" in escort_run("governance", data, date="2027-07-01").fired("transition_adjustment_missed").message


def test_overdue_message_names_each_shareholder(escort_run):
    data = answers(shareholders=holders(("甲", 600000, 0, "2026-11-20"), ("乙", 400000, 100000, "2026-11-19")))
    out = escort_run("governance", data, date=TODAY)
    message = out.fired("contribution_overdue").message
    assert message == "乙：认缴400,000元，实缴100,000元，未缴300,000元，章程规定的出资日期2026-11-19，已逾期1天。"
    message = out.fired("contribution_due_soon").message
    assert message == "甲：认缴600,000元，实缴0元，未缴600,000元，章程规定的出资日期2026-11-20，还剩1天（含当日）。"


def test_transition_message_names_only_the_shareholders_to_adjust(escort_run):
    data = answers(shareholders=holders(("甲", 600000, 0, "2040-12-31"), ("乙", 400000, 0, "2032-06-30")))
    message = escort_run("governance", data, date=TODAY).fired("transition_adjustment_due").message
    assert "甲：认缴600,000元" in message and "乙" not in message


def test_unknown_answers_are_to_verify(escort_run):
    data = answers(capital_verified="unknown",
                   shareholders=[{"name": "甲", "subscribed": 600000, "paid": "unknown", "due_date": "2020-12-31"}])
    out = escort_run("governance", data, date=TODAY)
    out.verify("capital_not_verified")
    out.verify("contribution_overdue")
    assert "capital_not_verified" not in out.fired_ids


# --------------------------------------------------------------------------- the date arithmetic


def test_five_year_deadline():
    assert five_year_deadline(D("2024-07-15")) == D("2029-07-15")
    assert five_year_deadline(D("2028-02-29")) == D("2033-02-28")   # 民法典 第二百零二条: month's last day
    assert five_year_deadline(D("2024-08-31")) == D("2029-08-31")


def test_inclusive_day_counts():
    assert days_remaining(D("2027-06-30"), D("2027-06-30")) == 1
    assert days_remaining(D("2027-06-29"), D("2027-06-30")) == 2
    assert days_remaining(D("2027-07-01"), D("2027-06-30")) == 0
    assert days_late(D("2027-06-30"), D("2027-06-30")) == 0
    assert days_late(D("2027-07-01"), D("2027-06-30")) == 1


def test_annual_report_dates():
    assert annual_report_deadline(2025) == D("2026-06-30")
    assert latest_report_year_due(D("2015-03-10"), D("2026-06-30")) == 2024
    assert latest_report_year_due(D("2015-03-10"), D("2026-07-01")) == 2025
    assert latest_report_year_due(D("2025-12-31"), D("2026-11-20")) == 2025
    assert latest_report_year_due(D("2026-01-01"), D("2026-11-20")) == 0
    assert current_report_year(D("2015-03-10"), D("2028-02-29")) == 2027
    assert current_report_year(D("2015-03-10"), D("2027-06-30")) == 2026
    assert current_report_year(D("2015-03-10"), D("2027-07-01")) == 0
    assert current_report_year(D("2027-01-05"), D("2027-03-01")) == 0


def test_forfeiture_and_liquidation_periods():
    assert grace_period_end(D("2026-01-01")) == D("2026-03-02")      # 60 days, the call day not counted
    assert grace_period_end(D("2028-01-01")) == D("2028-03-01")      # leap year: 31 + 29 = 60
    assert forfeiture_disposal_deadline(D("2026-08-31")) == D("2027-02-28")
    assert forfeiture_disposal_deadline(D("2027-08-31")) == D("2028-02-29")
    assert liquidation_group_deadline(D("2026-11-05")) == D("2026-11-20")
    assert serious_violation_date(D("2024-02-29")) == D("2027-02-28")


# --------------------------------------------------------------------------- the example enterprises


def run_example(registry, name):
    data, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, data, only=["governance"])
    fired = {f.rule for f in result.findings if f.status == "fired"}
    verify = {f.rule for f in result.findings if f.status == "verify"}
    return result, fired, verify


def exposure(result, rule):
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.exposure is not None, finding.exposure_note
    return finding.exposure


def test_well_run_has_no_governance_findings(escort_registry):
    result, fired, verify = run_example(escort_registry, "well_run")
    assert fired == set() and verify == set()
    assert result.needs_verification == []
    assert result.exposure_total == {"low": 0, "high": 0}


def test_average_must_adjust_its_contribution_period(escort_registry):
    result, fired, verify = run_example(escort_registry, "average")
    # formed 2015-09-01, due 2035-08-31 > 2032-06-30: adjust by 2027-06-30 (注册资本登记管理规定 第二条).
    assert fired == {"transition_adjustment_due", "minutes_not_signed"}
    assert verify == {"capital_publicity_inaccurate"}        # answered "unknown": never silent
    assert {v.question for v in result.needs_verification} == {"capital_publicity"}
    message = next(f.message for f in result.findings if f.rule == "transition_adjustment_due")
    assert "还有223天" in message and "周明：认缴4,000,000元，实缴2,000,000元，未缴2,000,000元" in message


def test_in_trouble_fires_exactly_these_rules(escort_registry):
    result, fired, verify = run_example(escort_registry, "in_trouble")
    assert fired == {
        "transition_adjustment_due", "contribution_overdue", "contribution_fine_risk", "capital_not_verified",
        "acceleration_risk", "capital_withdrawn", "capital_publicity_inaccurate", "articles_not_updated",
        "resolutions_without_meeting", "minutes_not_signed", "director_decisions_unrecorded", "supervisor_nominal",
        "guarantee_for_shareholder_improper", "guarantee_unapproved", "related_party_unapproved",
        "controller_instructions", "commingling", "annual_report_overdue", "abnormal_listing", "disclosure_false",
        "licence_expired", "licence_info_not_published", "legal_rep_nominal"}
    assert verify == set()


def test_in_trouble_exposure_figures(escort_registry):
    result, _, _ = run_example(escort_registry, "in_trouble")
    # 公司法 第四十九条: 刘芳 due 2025-12-31, paid 200,000 of 1,000,000 → 800,000 owed to the company.
    assert (exposure(result, "contribution_overdue").low, exposure(result, "contribution_overdue").high) == (800000, 800000)
    # 第二百五十二条: up to max(200,000, 15% × 800,000 = 120,000).
    assert exposure(result, "contribution_fine_risk").high == 200000
    # 第五十四条: 顺达投资's 2,000,000 − 500,000 is not due until 2042-04-19 but can be called now.
    assert exposure(result, "acceleration_risk").low == 2000000 - 500000
    assert exposure(result, "capital_withdrawn").low == 300000
    # 第十五条, 担保制度解释 第七条、第十七条 (debtor paying nothing): the guarantee for the controlling shareholder
    # approved only by the board, 2,000,000; 宏达's 800,000 with no resolution; the wholly owned subsidiary's
    # 500,000 is left out (担保制度解释 第八条).
    assert (exposure(result, "guarantee_for_shareholder_improper").low,
            exposure(result, "guarantee_for_shareholder_improper").high) == (2000000 / 2, 2000000)
    assert (exposure(result, "guarantee_unapproved").low, exposure(result, "guarantee_unapproved").high) == (800000 / 2, 800000)
    assert result.exposure_total == {"low": 800000 + 1500000 + 300000 + 1000000 + 400000,
                                     "high": 800000 + 200000 + 1500000 + 300000 + 2000000 + 800000}


def test_overdue_report_message_says_never_filed(escort_run):
    out = escort_run("governance", answers(incorporated_on="2025-03-01", last_annual_report_year=0), date="2026-07-01")
    message = out.fired("annual_report_overdue").message
    assert "成立以来从未报送" in message and "2025年度年报的报送截止日2026-06-30（含当日）已过" in message
    out = escort_run("governance", answers(last_annual_report_year=2024), date=TODAY)
    assert "所属年度：2024" in out.fired("annual_report_overdue").message
    # 2027-03-01 → 2027-06-30: 30 + 30 + 31 + 30 = 121 days later, 122 counting both ends.
    out = escort_run("governance", answers(last_annual_report_year=2025), date="2027-03-01")
    assert out.fired("annual_report_due_now").message == "2026年度年报应在2027-06-30前（含当日）报送，还剩122天。"
    out = escort_run("governance", answers(last_annual_report_year=2024), date="2026-06-30")
    assert "还剩1天" in out.fired("annual_report_due_now").message


def test_report_charts_and_heat_map_include_governance(escort_registry):
    from escort.report_view import build_view

    data, _ = load_answers(EXAMPLES / "in_trouble.yaml", escort_registry)
    view = build_view(evaluate(escort_registry, data), escort_registry)
    bars = {b["name"]: b for b in view["score_chart"]["bars"]}
    assert "公司治理与资本" in bars
    # seven characters at 11 pt need 77 points before the bars start, plus the 8-point gap to the label's end
    assert view["score_chart"]["label_w"] - 8 >= 7 * 11
    rows = {r["name"]: r for r in view["heatmap"]["rows"]}
    high = rows["公司治理与资本"]["cells"][1]          # columns: 重大, 高, 中, 低, 提示
    result, fired, _ = run_example(escort_registry, "in_trouble")
    rules = {r.id: r for r in escort_registry.checklists["governance"].model.rules}
    assert high["fired"] == sum(1 for rule in fired if rules[rule].severity.value == "high")
