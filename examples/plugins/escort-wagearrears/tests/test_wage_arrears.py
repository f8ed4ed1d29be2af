"""The wage arrears checklist: answers in, findings and amounts out, worked out from the statutes."""

import pytest

from escort.testing import assert_fires, assert_not_fires

DATE = "2026-11-20"
CLEAN = {
    "payday_fixed": True, "wages_late": False, "arrears_now": False, "min_wage": 2490, "lowest_wage": 3000,
    "overtime_pay": "paid", "labour_order": False, "assets_moved": False, "ability_to_pay": "able",
    "crime_threshold": 30000, "disputes_pending": 0, "payroll_records": "complete", "pay_cut": False,
    "resigned_for_arrears": 0,
}
STAFF = [
    {"name": "张三", "months_owed": 3, "amount": 18000, "still_employed": True},
    {"name": "李四", "months_owed": 2, "amount": 14000, "still_employed": False},
]


def run(escort_run, **changes):
    return escort_run("wage_arrears", {**CLEAN, **changes}, date=DATE)


def test_a_company_that_pays_on_time_has_no_findings(escort_run):
    assert run(escort_run).fired_ids == set()


def test_wages_owed_range_from_principal_to_double(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF)
    # 劳动合同法第八十五条: the wages, plus up to 100% of the amount owed if an order to pay is ignored
    assert_fires(out, "wages_owed", exposure=(18000 + 14000, (18000 + 14000) * 2))


def test_ignoring_an_order_adds_50_to_100_percent(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid")
    assert_fires(out, "order_not_complied", exposure=(32000 * 1.5, 32000 * 2))


def test_crime_risk_when_ordered_unpaid_able_and_over_the_threshold(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid", crime_threshold=30000)
    finding = out.fired("crime_risk")  # 32,000 owed >= 30,000 threshold; able to pay
    assert "有能力支付而不支付" in finding.message


def test_no_crime_risk_below_the_local_threshold(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid", crime_threshold=32001)
    assert_not_fires(out, "crime_risk")


def test_crime_risk_at_exactly_the_threshold(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid", crime_threshold=32000)
    out.fired("crime_risk")


def test_crime_risk_is_to_verify_when_the_threshold_is_unknown(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid", crime_threshold="unknown")
    assert out.verify("crime_risk").unknown == ["crime_threshold"]


def test_truly_unable_to_pay_without_evasion_is_not_the_crime(escort_run):
    out = run(escort_run, arrears_now=True, arrears_staff=STAFF, labour_order=True,
              order_deadline="2026-10-31", order_paid="not_paid", ability_to_pay="unable")
    assert_not_fires(out, "crime_risk")
    out.fired("order_not_complied")


def test_paid_after_the_deadline(escort_run):
    out = run(escort_run, labour_order=True, order_deadline="2026-10-31", order_paid="paid_late")
    out.fired("paid_after_deadline")
    assert_not_fires(out, "order_not_complied")


@pytest.mark.parametrize("lowest, fires", [(2489, True), (2490, False), (2491, False)])
def test_minimum_wage_threshold(escort_run, lowest, fires):
    out = run(escort_run, lowest_wage=lowest)
    if fires:
        assert "少 1 元" in out.fired("below_minimum_wage").message
    else:
        assert_not_fires(out, "below_minimum_wage")


@pytest.mark.parametrize("years, months", [(2.25, 2.5), (2.5, 3), (0.25, 0.5), (3, 3)])
def test_severance_for_resigning_over_arrears(escort_run, years, months):
    out = run(escort_run, resigned_for_arrears=2, resigned_avg_wage=8000, resigned_avg_years=years)
    # 劳动合同法第四十六条第一项、第四十七条: a month per year, six months or more = a year, less = half a month
    assert_fires(out, "resignation_severance", exposure=(2 * 8000 * months, 2 * 8000 * months))


def test_unknown_overtime_pay_is_treated_as_unpaid(escort_run):
    run(escort_run, overtime_pay="unknown").fired("overtime_unpaid")
    assert_not_fires(run(escort_run, overtime_pay="no_overtime"), "overtime_unpaid")


def test_other_rules(escort_run):
    out = run(escort_run, payday_fixed=False, wages_late=True, late_months=2, assets_moved=True,
              payroll_records="partial", pay_cut=True, disputes_pending=1)
    assert {"no_fixed_payday", "wages_paid_late", "assets_moved_or_absconding", "records_incomplete",
            "unilateral_pay_cut", "wage_disputes_pending"} <= out.fired_ids
