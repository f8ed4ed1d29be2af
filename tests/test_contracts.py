"""Tests for the contracts checklist (合同管理): example enterprises, exposure arithmetic, limitation boundaries.

Expected figures are worked out from the statute in the test:
- 民法典第一百八十八条: limitation period three years from when the creditor knew of the harm
  (for a receivable, its due date);
- 民法典第一百九十五条: a written demand or the debtor's acknowledgement interrupts it and it runs
  again in full, so the period ends on max(due date, last interruption) + 3 years;
- 保障中小企业款项支付条例第十七条: late-payment interest, when no rate is agreed, 万分之五 a day;
- 民法典担保制度解释第十七条: an invalid guarantee with both sides at fault costs at most 1/2 of
  what the debtor cannot pay.
The assessment date of every case is 2026-11-20.
"""

from __future__ import annotations

import datetime as dt

import pytest

from escort.answers import load_answers
from escort.builtins.contracts import (describe_time_bars, is_near_time_bar, is_time_barred, limitation_end,
                                       receivable_limitation_end)
from escort.engine import evaluate
from escort.expressions import UNKNOWN, Record, Undetermined
from escort.resources import data_path

TODAY = dt.date(2026, 11, 20)
D = dt.date


def run_example(registry, name):
    answers, _ = load_answers(data_path("examples", f"{name}.yaml"), registry)
    result = evaluate(registry, answers, only=["contracts"])
    return {f.rule: f for f in result.findings if f.checklist == "contracts"}, result


def ids(findings, status):
    return {rule for rule, f in findings.items() if f.status == status}


# --------------------------------------------------------------------------- examples


def test_well_run_has_no_contract_findings(escort_registry):
    findings, result = run_example(escort_registry, "well_run")
    assert findings == {}
    assert [v.question for v in result.needs_verification if v.checklist == "contracts"] == []
    # Receivables: 2026-10-15 + 3y, 2026-09-30 + 3y are far off; the 2023 debt is in court (sued).
    # Guarantee of 5,000,000 is for a wholly-owned subsidiary (担保制度解释第八条第一款第二项), within the 20,000,000 cap.


def test_average_findings_and_verifications(escort_registry):
    findings, result = run_example(escort_registry, "average")
    assert ids(findings, "fired") == {"approval_flow_gaps", "receivables_near_time_bar", "sme_payments_overdue",
                                      "large_customer_abusive_terms", "own_liability_uncapped",
                                      "title_retention_unregistered", "enforcement_period_near",
                                      "no_price_or_force_majeure_clauses"}
    assert ids(findings, "verify") == {"counterparty_authority_unchecked", "electronic_records_not_kept"}
    assert {v.question for v in result.needs_verification if v.checklist == "contracts"} == {
        "counterparty_authority_check", "electronic_records_kept"}

    near = findings["receivables_near_time_bar"].exposure
    # 无锡华晟: due 2024-03-31, no interruption -> ends 2027-03-31, within 2026-11-20 .. 2027-05-20.
    # 常州新禾: due 2023-06-30, demand 2025-01-15 -> ends 2028-01-15 (outside the window).
    # 南通启明: due 2023-09-30, demand 2025-06-10 -> ends 2028-06-10 (outside the window).
    assert (near.low, near.high) == (0, 150_000)
    assert "2027-03-31" in findings["receivables_near_time_bar"].message

    sme = findings["sme_payments_overdue"].exposure
    # principal 85,000; no agreed rate -> 85,000 × 0.05% × 40 days of interest (条例第十七条).
    assert sme.low == 85_000
    assert sme.high == pytest.approx(85_000 + 85_000 * 0.0005 * 40)  # = 86,700

    near_judgment = findings["enforcement_period_near"]
    # 嘉兴恒通 120,000: performance deadline 2025-03-15 + 2 years (民事诉讼法第二百五十条) = 2027-03-15,
    # within 2026-11-20 .. 2027-05-20, enforcement not applied for.
    assert (near_judgment.exposure.low, near_judgment.exposure.high) == (0, 120_000)
    assert "2027-03-15" in near_judgment.message

    # Two highs (20 each: near time bar, near enforcement period), four mediums (10 each: approval flow,
    # payment terms, own liability, title retention), one low (5) fired; two lows to verify count half
    # (2.5 each), plus the low for price/force-majeure clauses (5), out of the total weight of the checklist's rules
    # (critical 40, high 20, medium 10, low 5, info 0).
    import yaml
    from escort.resources import data_path

    weights = {"critical": 40, "high": 20, "medium": 10, "low": 5, "info": 0}
    rules = yaml.safe_load(data_path("checklists", "contracts.yaml").read_text(encoding="utf-8"))["rules"]
    possible = sum(weights[r["severity"]] for r in rules)
    contracts = next(s for s in result.domain_scores if s.domain == "contracts")
    assert contracts.score == round(100 * (1 - (20 + 20 + 10 * 4 + 5 + 5 + 2.5 + 2.5) / possible), 1)


def test_in_trouble_findings_and_exposure(escort_registry):
    findings, result = run_example(escort_registry, "in_trouble")
    every_rule = {r.id for r in escort_registry.checklists["contracts"].model.rules}
    # ld_basis is hidden (no liquidated damages at all), deposits are within 20 %,
    # and the company is an SME, so the questions for a large buyer are not asked.
    # The one unenforced judgment is already past its period, so the "ends within six months" rule stays silent.
    assert ids(findings, "fired") == every_rule - {"ld_without_basis", "deposit_over_cap", "large_buyer_late_to_sme",
                                                   "enforcement_period_near"}
    assert ids(findings, "verify") == set()

    barred = findings["receivables_time_barred"].exposure
    # 佛山宏泰 186,000: due 2022-06-30, no demand -> ended 2025-06-30.
    # 中山坤达  94,500: demand 2023-08-10 is later than due 2023-03-15 -> ended 2026-08-10.
    # 深圳华锐 420,000: due 2021-05-10 but sued (第一百九十五条第三项) -> not counted.
    assert (barred.low, barred.high) == (0, 186_000 + 94_500)
    # 宏泰 paid part on 2025-10-08, after the period ended on 2025-06-30: no written promise to pay the
    # rest, so the remaining 186,000 stays time-barred (民法典第一百九十二条第二款 protects only what was paid).
    assert "2025-10-08 届满后的部分付款不使余款恢复时效" in findings["receivables_time_barred"].message

    lapsed = findings["enforcement_period_lapsed"].exposure
    # 温州鑫达 260,000: performance deadline 2024-06-30 + 2 years = 2026-06-30 < 2026-11-20, not applied for.
    assert (lapsed.low, lapsed.high) == (0, 260_000)

    owed = findings["penalties_owed"].exposure
    # 甬钢: principal 380,000 + penalty 95,000 as agreed = 475,000 (upper bound). The supplier's loss is
    # 40,000; 95,000 > 40,000 × 1.3 = 52,000 is "过分高于损失" (合同编通则解释第六十五条第二款), so the
    # company may ask to reduce it (民法典第五百八十五条第二款): lower bound 380,000 + 52,000 = 432,000.
    assert (owed.low, owed.high) == (380_000 + 40_000 * 1.3, 380_000 + 95_000)
    assert "可请求适当减少" in findings["penalties_owed"].message

    near = findings["receivables_near_time_bar"].exposure
    # 惠州鹏程 233,000: due 2023-12-31 -> ends 2026-12-31 (≤ 2027-05-20).
    # 江门永利  58,000: due 2022-01-20, acknowledgement 2024-04-18 -> ends 2027-04-18.
    # 广州恒达  75,000: due 2025-09-30 -> ends 2028-09-30 (outside).
    assert (near.low, near.high) == (0, 233_000 + 58_000)

    no_resolution = findings["guarantee_without_resolution"].exposure
    # 800,000 for 宏达塑胶 without any resolution; the 500,000 for the wholly-owned subsidiary needs none.
    assert (no_resolution.low, no_resolution.high) == (800_000 / 2, 800_000)

    board_only = findings["related_guarantee_board_only"].exposure
    # 2,000,000 for the controlling shareholder with only a board resolution (公司法第十五条第二款).
    assert (board_only.low, board_only.high) == (2_000_000 / 2, 2_000_000)

    assert "3,300,000" in findings["guarantees_over_articles_cap"].message  # 2,000,000 + 800,000 + 500,000 > 1,500,000

    sme = findings["sme_payments_overdue"].exposure
    # 粤华汽车 360,000 × 0.05% × 150 days (no agreed rate); 德力家电 120,000 has an agreed rate: principal only.
    assert sme.low == 360_000 + 120_000
    assert sme.high == pytest.approx(360_000 + 120_000 + 360_000 * 0.0005 * 150)  # = 507,000

    # what the company may have to pay (the guarantees, the penalty it owes) and what it may claim (its
    # receivables, the SME arrears, the judgment it did not enforce) are two totals, never added
    assert result.exposure_total["high"] == pytest.approx(800_000 + 2_000_000 + (380_000 + 95_000))
    assert result.exposure_totals["claim"]["high"] == pytest.approx(
        (186_000 + 94_500) + (233_000 + 58_000) + (480_000 + 27_000) + 260_000)


# --------------------------------------------------------------------------- date functions


def test_limitation_end_is_three_years_after_due_date():
    assert limitation_end(D(2023, 11, 20)) == D(2026, 11, 20)  # 第一百八十八条: 三年


def test_interruption_restarts_the_three_years():
    # 第一百九十五条: a demand on 2025-03-01 restarts the period: 2028-03-01.
    assert limitation_end(D(2022, 6, 30), D(2025, 3, 1)) == D(2028, 3, 1)


def test_a_demand_before_the_due_date_does_not_shorten_the_period():
    assert limitation_end(D(2024, 6, 30), D(2024, 1, 15)) == D(2027, 6, 30)


def test_limitation_end_from_29_february():
    assert limitation_end(D(2024, 2, 29)) == D(2027, 2, 28)


def test_time_barred_boundaries():
    assert not is_time_barred(TODAY, TODAY)                     # last day: still in time
    assert is_time_barred(TODAY - dt.timedelta(days=1), TODAY)  # ended yesterday
    assert not is_time_barred(TODAY + dt.timedelta(days=1), TODAY)


def test_six_month_window_boundaries():
    assert is_near_time_bar(TODAY, TODAY)                       # ends today: act today
    assert is_near_time_bar(D(2027, 5, 20), TODAY)              # 2026-11-20 + 6 months, included
    assert not is_near_time_bar(D(2027, 5, 21), TODAY)          # one day beyond
    assert not is_near_time_bar(TODAY - dt.timedelta(days=1), TODAY)  # already barred, not "near"


def test_row_without_documented_interruption_counts_from_due_date():
    row = Record({"debtor": "甲", "amount": 1, "due_date": D(2023, 1, 1), "last_interruption": UNKNOWN, "sued": False}, "r[1]")
    assert receivable_limitation_end(row) == D(2026, 1, 1)


def test_row_with_unknown_due_date_is_undetermined():
    row = Record({"debtor": "甲", "amount": 1, "due_date": UNKNOWN, "last_interruption": UNKNOWN, "sued": False}, "r[1]")
    with pytest.raises(Undetermined):
        receivable_limitation_end(row)


def test_describe_time_bars_skips_sued_rows():
    rows = [Record({"debtor": "甲", "amount": 1000, "due_date": D(2022, 1, 1), "last_interruption": UNKNOWN, "sued": False}, "r[1]"),
            Record({"debtor": "乙", "amount": 2000, "due_date": D(2022, 1, 1), "last_interruption": UNKNOWN, "sued": True}, "r[2]")]
    assert describe_time_bars(rows, TODAY, "barred") == ["甲（1,000 元，时效届满日 2025-01-01）"]


# --------------------------------------------------------------------------- limitation rules at the thresholds


def receivable(due, last=None, sued=False, amount=100_000):
    row = {"debtor": "测试债务人有限公司", "amount": amount, "due_date": due, "sued": sued}
    if last is not None:
        row["last_interruption"] = last
    return {"has_overdue_receivables": True, "receivables": [row]}


def test_period_ending_today_is_near_not_barred(escort_run):
    out = escort_run("contracts", receivable("2023-11-20"), date="2026-11-20")
    out.not_fired("receivables_time_barred")
    assert out.fired("receivables_near_time_bar").exposure.high == 100_000


def test_period_ended_yesterday_is_barred(escort_run):
    out = escort_run("contracts", receivable("2023-11-19"), date="2026-11-20")
    assert out.fired("receivables_time_barred").exposure.high == 100_000
    out.not_fired("receivables_near_time_bar")


def test_period_ending_tomorrow_is_near(escort_run):
    out = escort_run("contracts", receivable("2023-11-21"), date="2026-11-20")
    out.not_fired("receivables_time_barred")
    out.fired("receivables_near_time_bar")


def test_demand_restarts_the_period(escort_run):
    # Due 2022-06-01: without a demand the period would end 2025-06-01.  A written demand on
    # 2023-11-21, inside that period, restarts the three years (第一百九十五条): ends 2026-11-21.
    out = escort_run("contracts", receivable("2022-06-01", last="2023-11-21"), date="2026-11-20")
    out.not_fired("receivables_time_barred")
    out.fired("receivables_near_time_bar")
    # A demand two days earlier, 2023-11-19, restarts it only to 2026-11-19: barred by the checkup date.
    out = escort_run("contracts", receivable("2022-06-01", last="2023-11-19"), date="2026-11-20")
    out.fired("receivables_time_barred")


def test_six_month_window_edges(escort_run):
    escort_run("contracts", receivable("2024-05-20"), date="2026-11-20").fired("receivables_near_time_bar")
    out = escort_run("contracts", receivable("2024-05-21"), date="2026-11-20")
    out.not_fired("receivables_near_time_bar")
    out.not_fired("receivables_time_barred")


def test_sued_receivable_is_not_at_risk(escort_run):
    out = escort_run("contracts", receivable("2021-01-01", sued=True), date="2026-11-20")
    out.not_fired("receivables_time_barred")
    out.not_fired("receivables_near_time_bar")


def test_unknown_whether_sued_needs_verification(escort_run):
    out = escort_run("contracts", receivable("2021-01-01", sued="unknown"), date="2026-11-20")
    out.verify("receivables_time_barred")


def test_no_overdue_receivables_hides_the_table_and_its_rules(escort_run):
    out = escort_run("contracts", {"has_overdue_receivables": False}, date="2026-11-20")
    assert out.finding("receivables_time_barred") is None
    assert out.finding("receivables_near_time_bar") is None


# --------------------------------------------------------------------------- guarantees


def guarantees(*rows, cap=0):
    return {"gives_guarantees": True, "articles_guarantee_cap": cap,
            "guarantees_given": [{"creditor": "某银行", "debtor": "某公司", "amount": amount, "relation": relation,
                                  "resolution": resolution} for amount, relation, resolution in rows]}


def test_guarantee_for_wholly_owned_subsidiary_needs_no_resolution(escort_run):
    out = escort_run("contracts", guarantees((1_000_000, "wholly_owned_sub", "none")))
    out.not_fired("guarantee_without_resolution")


def test_listed_company_gets_no_subsidiary_or_two_thirds_exception(escort_run):
    # 担保制度解释第八条最后一款: 上市公司对外提供担保，不适用前款第二项、第三项的规定.
    rows = guarantees((1_000_000, "wholly_owned_sub", "none"), (200_000, "other", "two_thirds_signed"))
    escort_run("contracts", rows).not_fired("guarantee_without_resolution")
    f = escort_run("contracts", rows, enterprise={"listing": "listed"}).fired("guarantee_without_resolution")
    assert f.exposure.high == 1_000_000 + 200_000
    assert f.exposure.low == (1_000_000 + 200_000) / 2  # 第十七条: both at fault, at most one half


def test_guarantee_without_resolution_exposure(escort_run):
    out = escort_run("contracts", guarantees((600_000, "other", "none"), (400_000, "other", "board")))
    exposure = out.fired("guarantee_without_resolution").exposure
    assert (exposure.low, exposure.high) == (600_000 * 1 / 2, 600_000)  # 担保制度解释第十七条: ≤ 1/2; valid: all


def test_shareholder_guarantee_needs_shareholders_meeting(escort_run):
    out = escort_run("contracts", guarantees((300_000, "shareholder", "board")))
    assert out.fired("related_guarantee_board_only").exposure.high == 300_000
    for ok in ("shareholders_meeting", "two_thirds_signed"):
        escort_run("contracts", guarantees((300_000, "shareholder", ok))).not_fired("related_guarantee_board_only")


def test_articles_cap_boundary(escort_run):
    escort_run("contracts", guarantees((500_000, "other", "board"), cap=500_000)).not_fired("guarantees_over_articles_cap")
    escort_run("contracts", guarantees((500_001, "other", "board"), cap=500_000)).fired("guarantees_over_articles_cap")
    escort_run("contracts", guarantees((9_000_000, "other", "board"), cap=0)).not_fired("guarantees_over_articles_cap")


def test_no_guarantees_hides_guarantee_rules(escort_run):
    out = escort_run("contracts", {"gives_guarantees": False})
    for rule in ("guarantee_without_resolution", "related_guarantee_board_only", "guarantees_over_articles_cap"):
        assert out.finding(rule) is None


# --------------------------------------------------------------------------- e-signatures, SME payments


def test_no_e_signatures_hides_e_signature_rules(escort_run):
    out = escort_run("contracts", {"uses_esign": False})
    assert out.finding("esign_not_reliable") is None
    assert out.finding("esign_not_controlled") is None


def test_image_seal_is_not_a_reliable_e_signature(escort_run):
    escort_run("contracts", {"uses_esign": True, "esign_method": "image_only", "esign_control": True}).fired("esign_not_reliable")


def test_sme_late_payment_interest_only_where_no_rate_agreed(escort_run):
    rows = [{"customer": "甲集团", "amount": 100_000, "days_overdue": 60, "interest_agreed": False},
            {"customer": "乙集团", "amount": 50_000, "days_overdue": 90, "interest_agreed": True}]
    out = escort_run("contracts", {"company_size": "sme", "sells_to_large": True, "large_customer_overdue": rows})
    exposure = out.fired("sme_payments_overdue").exposure
    assert exposure.low == 100_000 + 50_000
    assert exposure.high == pytest.approx(150_000 + 100_000 * 0.0005 * 60)  # 条例第十七条: 万分之五 a day


def test_large_enterprise_is_not_asked_supplier_questions(escort_run):
    out = escort_run("contracts", {"company_size": "large", "buys_from_sme": True, "sme_supplier_payment": "pay_when_paid"})
    out.fired("large_buyer_late_to_sme")
    assert out.finding("sme_payments_overdue") is None


def test_arbitration_or_litigation_clause_is_flagged(escort_run):
    escort_run("contracts", {"dispute_clause": "arbitration_or_court"}).fired("arbitration_clause_invalid")
    escort_run("contracts", {"dispute_clause": "arbitration_named"}).not_fired("arbitration_clause_invalid")


# --------------------------------------------------------------------------- enforcement period (民事诉讼法第二百五十条)

from escort.builtins.contracts import (enforcement_end, is_enforcement_lapsed, is_enforcement_near,  # noqa: E402
                                       penalty_floor)


def judgment(deadline, applied=False, amount=100_000):
    return Record({"debtor": "甲", "amount": amount, "performance_deadline": deadline, "enforcement_applied": applied}, "判决")


def test_enforcement_period_is_two_years_from_the_last_day_of_performance():
    # 第二百五十条: 二年, from the last day of the performance period; the first day is not counted.
    assert enforcement_end(judgment(D(2024, 11, 20))) == D(2026, 11, 20)
    assert enforcement_end(judgment(D(2024, 2, 29))) == D(2026, 2, 28)   # 29 February → 28 February
    assert enforcement_end(judgment(D(2024, 8, 31))) == D(2026, 8, 31)   # month end


def test_enforcement_boundaries_day_before_the_day_and_day_after():
    # Ends 2026-11-20: on that day (the checkup) the application is still in time.
    assert not is_enforcement_lapsed(judgment(D(2024, 11, 20)), TODAY)
    assert is_enforcement_near(judgment(D(2024, 11, 20)), TODAY)
    # Ended the day before the checkup: lapsed, no longer "near".
    assert is_enforcement_lapsed(judgment(D(2024, 11, 19)), TODAY)
    assert not is_enforcement_near(judgment(D(2024, 11, 19)), TODAY)
    # Ends six months after the checkup (2027-05-20): near; a day later: neither.
    assert is_enforcement_near(judgment(D(2025, 5, 20)), TODAY)
    assert not is_enforcement_near(judgment(D(2025, 5, 21)), TODAY)
    # Applied for: neither rule applies.
    assert not is_enforcement_lapsed(judgment(D(2023, 1, 1), applied=True), TODAY)


def test_unknown_performance_deadline_is_undetermined():
    with pytest.raises(Undetermined):
        enforcement_end(judgment(UNKNOWN))


def test_enforcement_rules_fire_from_the_table(escort_run):
    out = escort_run("contracts", {"has_unenforced_judgments": True, "unenforced_judgments": [
        {"debtor": "甲", "amount": 50_000, "performance_deadline": "2024-11-19", "enforcement_applied": False},
        {"debtor": "乙", "amount": 70_000, "performance_deadline": "2024-11-20", "enforcement_applied": False},
        {"debtor": "丙", "amount": 90_000, "performance_deadline": "2023-01-10", "enforcement_applied": True}]})
    lapsed, near = out.finding("enforcement_period_lapsed"), out.finding("enforcement_period_near")
    assert lapsed.status == "fired" and (lapsed.exposure.low, lapsed.exposure.high) == (0, 50_000)
    assert near.status == "fired" and (near.exposure.low, near.exposure.high) == (0, 70_000)
    assert "2026-11-19" in lapsed.message and "2026-11-20" in near.message


# --------------------------------------------------------------------------- penalties the company owes (民法典第五百八十五条)


def test_penalty_floor_is_loss_plus_thirty_percent_when_excessive():
    # 合同编通则解释第六十五条第二款: above loss × 130 % is generally excessive.
    assert penalty_floor(Record({"penalty": 100_000, "loss_estimate": 50_000}, "违约金")) == pytest.approx(65_000)
    # 60,000 ≤ 50,000 × 1.3 = 65,000: not excessive, nothing to reduce.
    assert penalty_floor(Record({"penalty": 60_000, "loss_estimate": 50_000}, "违约金")) == 60_000
    # No loss estimate: the penalty as agreed.
    assert penalty_floor(Record({"penalty": 60_000, "loss_estimate": None}, "违约金")) == 60_000


def test_penalties_owed_exposure_adds_principal(escort_run):
    out = escort_run("contracts", {"owes_penalties": True, "penalties_owed": [
        {"creditor": "甲", "source": "contract", "principal": 200_000, "penalty": 80_000, "loss_estimate": 20_000},
        {"creditor": "乙", "source": "settlement", "principal": 0, "penalty": 30_000}]})
    f = out.finding("penalties_owed")
    # high: (200,000 + 80,000) + (0 + 30,000); low: (200,000 + 20,000 × 1.3) + (0 + 30,000)
    assert (f.exposure.low, f.exposure.high) == (pytest.approx(200_000 + 26_000 + 30_000), 310_000)
    assert "和解协议" in f.message


def test_part_payment_inside_the_period_is_entered_as_an_interruption(escort_run):
    # A part-payment before 2026-06-30 (the end without it) is the debtor agreeing to pay (第一百九十五条第二项):
    # entered as last_interruption it restarts three years; entered as part_payment_after_bar it changes nothing.
    row = {"debtor": "甲", "amount": 10_000, "due_date": "2023-06-30", "sued": False}
    assert receivable_limitation_end(Record({**row, "last_interruption": D(2026, 5, 1)}, "应收")) == D(2029, 5, 1)
    barred = Record({**row, "part_payment_after_bar": D(2026, 7, 1)}, "应收")
    assert receivable_limitation_end(barred) == D(2026, 6, 30)
    assert "不使余款恢复时效" in describe_time_bars([barred], TODAY)[0]


@pytest.mark.parametrize("answers, rule", [
    ({"legal_review": "none"}, "no_legal_review"),
    ({"own_liability_terms": "uncapped"}, "own_liability_uncapped"),
    ({"own_liability_terms": "heavy_penalties"}, "own_liability_uncapped"),
    ({"acceptance_terms_defined": False}, "acceptance_terms_missing"),
    ({"credit_sales_title": "unregistered"}, "title_retention_unregistered"),
    ({"leases_premises": True, "leased_premises_status": "temporary"}, "leased_premises_void_risk"),
    ({"termination_practice": "informal_notice"}, "termination_not_provable"),
    ({"long_term_price_clauses": False}, "no_price_or_force_majeure_clauses"),
    ({"company_size": "sme", "sells_to_large": True, "large_customer_terms": ["audit_settlement"]},
     "large_customer_abusive_terms"),
])
def test_depth_rules_fire(escort_run, answers, rule):
    assert escort_run("contracts", answers).finding(rule).status == "fired"


@pytest.mark.parametrize("answers, rule", [
    ({"legal_review": "in_house"}, "no_legal_review"),
    ({"own_liability_terms": "capped"}, "own_liability_uncapped"),
    ({"credit_sales_title": "registered"}, "title_retention_unregistered"),
    ({"credit_sales_title": "no_credit_sales"}, "title_retention_unregistered"),
    ({"leases_premises": True, "leased_premises_status": "permitted"}, "leased_premises_void_risk"),
    ({"termination_practice": "defined_and_proved"}, "termination_not_provable"),
    ({"company_size": "sme", "sells_to_large": True, "large_customer_terms": ["none_of_these"]},
     "large_customer_abusive_terms"),
])
def test_depth_rules_stay_silent_when_compliant(escort_run, answers, rule):
    f = escort_run("contracts", answers).finding(rule)
    assert f is None or f.status != "fired"


@pytest.mark.parametrize("date, keys", [
    ("2026-02-28", ["arbitration_law#16", "arbitration_law#18"]),            # 仲裁法 2017 still in force
    ("2026-03-01", ["arbitration_law_2025#27", "arbitration_law_2025#29"]),  # 2025 revision in force
    ("2026-03-02", ["arbitration_law_2025#27", "arbitration_law_2025#29"]),
])
def test_arbitration_rule_cites_the_law_in_force_on_the_date(escort_run, date, keys):
    f = escort_run("contracts", {"dispute_clause": "arbitration_or_court"}, date=date).fired("arbitration_clause_invalid")
    assert [b.key for b in f.legal_basis] == keys
    assert f.severity == "medium"


def test_enforcement_and_sme_figures_are_claims_not_liabilities(escort_run):
    out = escort_run("contracts", {"has_unenforced_judgments": True, "unenforced_judgments": [
        {"debtor": "甲", "amount": 50_000, "performance_deadline": "2024-01-31", "enforcement_applied": False}],
        "owes_penalties": True, "penalties_owed": [
        {"creditor": "乙", "source": "contract", "principal": 10_000, "penalty": 2_000}]})
    assert out.fired("enforcement_period_lapsed").exposure_kind == "claim"
    assert out.fired("penalties_owed").exposure_kind == "liability"
    assert out.result.exposure_totals["claim"]["high"] == 50_000
    assert out.result.exposure_totals["liability"]["high"] == 12_000
