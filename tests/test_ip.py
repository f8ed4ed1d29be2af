"""The intellectual-property checklist: example enterprises, statutory arithmetic, date boundaries.

Expected values are worked out from the articles quoted in checklists/laws/ip.yaml:
商标法 第四十条 (renewal within 12 months before expiry, 6-month grace), 第四十九条 (three years'
non-use), 专利法实施细则 第九十三条 (reward floors 4000 / 1500), 第一百一十五条 (annual fee grace
of 6 months), 促进科技成果转化法 第四十五条 (remuneration floors 50% / 5% for 3–5 years).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins import ip
from escort.engine import evaluate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = "2026-11-20"
D = dt.date


def run_example(registry, name):
    answers, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, answers, only=["ip"])
    fired = {f.rule: f for f in result.findings if f.status == "fired"}
    verify = {f.rule: f for f in result.findings if f.status == "verify"}
    return result, fired, verify


# --------------------------------------------------------------------------- examples

WELL_RUN_FIRED = {"trademark_renewal_upcoming"}  # HX图形 expires 2028-06-13: window opens 2027-06-13, within a year

AVERAGE_FIRED = {
    "class_coverage_gap", "trademark_renewal_window_open", "trademark_nonuse_three_years", "no_use_evidence",
    "no_departure_followup", "no_reward_policy", "inventor_reward_unpaid", "inventor_remuneration_floor",
    "patent_annuity_due_soon", "no_abandonment_review", "software_commissioned_no_agreement", "oss_no_inventory",
    "oss_copyleft_unreviewed", "nda_gaps", "weak_secrecy_measures", "outsourcing_ip_not_assigned",
    "no_fto_before_launch", "tm_licence_unrecorded", "r_mark_on_unregistered", "unlicensed_software",
    "unlicensed_marketing_materials",
}
AVERAGE_VERIFY = {"mark_squatted", "no_renewal_docket", "codev_ownership_unclear", "commissioned_design_not_assigned",
                  "oss_notices_missing"}

IN_TROUBLE_FIRED = {
    "core_brand_unregistered", "class_coverage_gap", "mark_squatted", "no_renewal_docket", "trademark_in_grace_period",
    "trademark_lapsed", "trademark_nonuse_three_years", "no_use_evidence", "mark_altered_in_use",
    "no_service_invention_rules", "patents_held_by_insiders", "no_departure_followup", "no_reward_policy",
    "inventor_reward_unpaid", "inventor_remuneration_floor", "transfer_remuneration_floor", "no_annuity_docket",
    "no_abandonment_review", "patent_annuity_due_soon", "patent_annuity_due_30d", "patent_annuity_in_grace",
    "patent_lapsed_for_annuity",
    "software_commissioned_no_agreement", "software_employee_no_agreement", "core_software_unregistered",
    "commissioned_design_not_assigned", "oss_no_inventory", "oss_copyleft_unreviewed", "oss_notices_missing",
    "trade_secrets_not_identified", "nda_gaps", "weak_secrecy_measures", "noncompete_missing", "incoming_staff_taint",
    "trade_secret_dispute", "employment_contract_no_ip_clause", "outsourcing_ip_not_assigned",
    "outsourcing_no_confidentiality", "no_fto_before_launch", "no_trademark_clearance", "third_party_tech_unlicensed",
    "pending_infringement_claims", "tm_licence_unrecorded", "tm_licensee_quality_unmonitored", "transfer_unregistered",
    "disclosure_before_filing", "false_patent_marking", "r_mark_on_unregistered", "well_known_wording_used",
    "foreign_filing_without_review", "unlicensed_software", "unlicensed_marketing_materials",
}


@pytest.mark.parametrize("name, fired, verify", [
    ("well_run", WELL_RUN_FIRED, set()),
    ("average", AVERAGE_FIRED, AVERAGE_VERIFY),
    ("in_trouble", IN_TROUBLE_FIRED, set()),
])
def test_example_fires_exactly_these_rules(escort_registry, name, fired, verify):
    _, got_fired, got_verify = run_example(escort_registry, name)
    assert set(got_fired) == fired
    assert set(got_verify) == verify


def test_well_run_has_no_money_at_stake(escort_registry):
    result, _, _ = run_example(escort_registry, "well_run")
    assert result.exposure_total == {"low": 0.0, "high": 0.0}


def test_average_lists_its_unknown_answers(escort_registry):
    result, _, _ = run_example(escort_registry, "average")
    assert {v.question for v in result.needs_verification if v.checklist == "ip"} == {
        "squatting_found", "renewal_docket", "codev_ip_agreed", "implementation_profit", "commissioned_design",
        "oss_notices"}


def test_average_reward_floor_counts_unknown_rows_in_the_upper_bound(escort_registry):
    _, fired, _ = run_example(escort_registry, "average")
    f = fired["inventor_reward_unpaid"]
    # 实施细则第九十三条: one invention and one utility model known unpaid, both granted before the 2023
    # 细则 took effect (2024-01-20), so the lower bound uses the former floors 3000 / 1000 and the
    # upper bound the current 4000 / 1500; a third utility model's reward is unknown: upper bound only.
    # Both are also past the three-year limitation (民法典第一百八十八条): the invention's reward fell due
    # 2023-02-15 (time-barred from 2026-02-16), the utility model's 2021-10-02 (from 2024-10-03), so the lower
    # bound is 0 and they stay in the upper bound only.
    assert f.exposure.low == 0
    assert f.exposure.high == 4000 * 1 + 1500 * 1 + 1500
    assert "ZL202321234567.0" in f.message
    assert "2023-02-15" in f.message and "2021-10-02" in f.message and "诉讼时效已届满" in f.message


def test_average_remuneration_without_profit_fires_without_a_figure(escort_registry):
    _, fired, _ = run_example(escort_registry, "average")
    f = fired["inventor_remuneration_floor"]
    assert f.exposure is None
    assert "implementation_profit" in f.exposure_note


def test_average_dated_alerts(escort_registry):
    _, fired, _ = run_example(escort_registry, "average")
    # 联创 expires 2027-03-20: window opened 2026-03-20 (12 months before), 120 days left
    assert "2026-03-20" in fired["trademark_renewal_window_open"].message
    assert "120 天" in fired["trademark_renewal_window_open"].message
    # 联创科技 last used 2023-06-30: three years complete on 2026-06-30; LC图形's use is unknown
    nonuse = fired["trademark_nonuse_three_years"]
    assert "2026-06-30" in nonuse.message and "LC图形" in nonuse.message
    # utility model fee due 2027-01-12: 11 + 31 + 11 = 53 days from 2026-11-20
    assert "53 天" in fired["patent_annuity_due_soon"].message


def test_in_trouble_exposure_figures(escort_registry):
    result, fired, _ = run_example(escort_registry, "in_trouble")
    # 实施细则第九十三条: 2 inventions, 2 utility models, 1 design, none rewarded; only the invention granted
    # 2024-10-11 falls under the 2023 细则 alone, the other four were granted before 2024-01-20 (former
    # floors 3000 / 1000 in the lower bound, current 4000 / 1500 in the upper bound)
    # 民法典第一百八十八条: every reward due before 2023-11-21 is time-barred by the checkup — the 2018 utility
    # model (due 2018-12-14), the 2023-05-16 invention (due 2023-08-16), the 2023-04-28 utility model (due
    # 2023-07-28) and the 2023-07-07 design (due 2023-10-07): upper bound only. The lower bound keeps the
    # 2024-10-11 invention alone (due 2025-01-11).
    reward_low = 4000 * 1
    reward_high = 4000 * 2 + 1500 * (2 + 1)
    assert fired["inventor_reward_unpaid"].exposure.low == reward_low
    assert fired["inventor_reward_unpaid"].exposure.high == reward_high
    # 促进科技成果转化法第四十五条第一款第三项: ≥ 5% of operating profit a year, for 3 to 5 years
    assert fired["inventor_remuneration_floor"].exposure.low == 2_400_000 * 0.05 * 3
    assert fired["inventor_remuneration_floor"].exposure.high == 2_400_000 * 0.05 * 5
    # 第一项: ≥ 50% of net transfer or licence income
    assert fired["transfer_remuneration_floor"].exposure.low == 300_000 * 0.5
    # lapsed registrations at the value the answers give
    assert fired["trademark_lapsed"].exposure.low == 800_000
    assert fired["patent_lapsed_for_annuity"].exposure.low == 600_000
    # depth rules: 商标法第五十三条 100,000 fixed; 第五十二条 0–10,000; 专利法第六十八条 0–250,000
    marks_low, marks_high = 100_000, 100_000 + 10_000 + 250_000
    assert result.exposure_total["low"] == (reward_low + 2_400_000 * 0.05 * 3 + 300_000 * 0.5 + 800_000 + 600_000
                                            + marks_low)
    assert result.exposure_total["high"] == (reward_high + 2_400_000 * 0.05 * 5 + 300_000 * 0.5 + 800_000 + 600_000
                                             + marks_high)


def test_in_trouble_dated_alerts(escort_registry):
    _, fired, _ = run_example(escort_registry, "in_trouble")
    # 顺达 expired 2026-08-27: grace runs to 2027-02-27 (第四十条: 6 months), 99 days left
    assert "2027-02-27" in fired["trademark_in_grace_period"].message
    assert "99 天" in fired["trademark_in_grace_period"].message
    # 顺达五金 expired 2026-03-13: grace ended 2026-09-13
    assert "2026-09-13" in fired["trademark_lapsed"].message
    # fee due 2026-08-09, 103 days late (22 + 30 + 31 + 20), grace to 2027-02-09 (实施细则第一百一十五条)
    grace = fired["patent_annuity_in_grace"].message
    assert "103 天" in grace and "2027-02-09" in grace
    # fee due 2026-01-25, grace ended 2026-07-25: terminated from the due date (专利法第四十四条)
    assert "2026-07-25" in fired["patent_lapsed_for_annuity"].message
    # 15 days left: within 30 days, high (patent_annuity_due_30d); 86 days: the medium 90-day reminder
    assert "15 天" in fired["patent_annuity_due_30d"].message
    assert "86 天" in fired["patent_annuity_due_soon"].message
    assert fired["patent_annuity_due_30d"].severity == "high" and fired["patent_annuity_due_soon"].severity == "medium"


def test_trade_secret_rules_cite_the_2025_revision(escort_registry):
    # 反不正当竞争法 2025 revision, in force 2025-10-15: a December-2026 checkup quotes the new articles
    # (商业秘密 第十条, damages 第二十二条, fines 第二十六条, burden of proof 第三十九条), never the 2019 text.
    _, fired, _ = run_example(escort_registry, "in_trouble")
    for rule in ("trade_secrets_not_identified", "nda_gaps", "weak_secrecy_measures", "incoming_staff_taint",
                 "trade_secret_dispute"):
        keys = [b.key for b in fired[rule].legal_basis]
        assert any(k.startswith("anti_unfair_competition_law_2025#") for k in keys), rule
        assert not any(k.startswith("anti_unfair_competition_law#") for k in keys), rule
        assert "所引反不正当竞争法为2019年修正文本" not in fired[rule].consequence, rule


# --------------------------------------------------------------------------- functions


def test_renewal_window_opens_twelve_months_before_expiry():
    assert ip.renewal_window_opens(D(2027, 11, 20)) == D(2026, 11, 20)
    assert ip.is_renewal_window_open(D(2027, 11, 20), D(2026, 11, 20))      # exactly 12 months before: open
    assert not ip.is_renewal_window_open(D(2027, 11, 20), D(2026, 11, 19))  # the day before: not yet
    assert ip.is_renewal_window_open(D(2027, 11, 20), D(2027, 11, 20))      # expiry day itself: still open


def test_grace_period_ends_six_months_after_expiry_inclusive():
    assert ip.grace_ends(D(2026, 8, 27)) == D(2027, 2, 27)
    assert ip.grace_ends(D(2026, 8, 31)) == D(2027, 2, 28)  # no 31 February: end of month
    assert not ip.is_in_grace_period(D(2026, 8, 27), D(2026, 8, 27))
    assert ip.is_in_grace_period(D(2026, 8, 27), D(2026, 8, 28))
    assert ip.is_in_grace_period(D(2026, 8, 27), D(2027, 2, 27))
    assert ip.is_registration_lapsed(D(2026, 8, 27), D(2027, 2, 28))


def test_three_years_of_non_use():
    assert ip.nonuse_cancellation_date(D(2023, 11, 20)) == D(2026, 11, 20)
    assert ip.is_nonuse_three_years(D(2023, 11, 20), D(2026, 11, 20))
    assert not ip.is_nonuse_three_years(D(2023, 11, 21), D(2026, 11, 20))


def test_annuity_status_boundaries():
    today = D(2026, 11, 20)
    assert ip.annuity_status(D(2027, 2, 18), today) == "due_soon"  # 10 + 31 + 31 + 18 = 90 days
    assert ip.annuity_status(D(2027, 2, 19), today) == "ok"        # 91 days
    assert ip.annuity_status(today, today) == "due_soon"           # paying on the due date is on time
    assert ip.annuity_status(D(2026, 11, 19), today) == "grace"
    assert ip.annuity_status(D(2026, 5, 20), today) == "grace"     # grace ends 2026-11-20, inclusive
    assert ip.annuity_status(D(2026, 5, 19), today) == "lapsed"
    assert ip.annuity_grace_ends(D(2026, 8, 9)) == D(2027, 2, 9)


def test_patent_term_and_reward_floor():
    assert ip.patent_term_ends("invention", D(2019, 3, 18)) == D(2039, 3, 17)
    assert ip.patent_term_ends("utility", D(2018, 1, 25)) == D(2028, 1, 24)
    assert ip.patent_term_ends("design", D(2022, 5, 10)) == D(2037, 5, 9)
    assert ip.inventor_reward_floor("invention") == 4000
    assert ip.inventor_reward_floor("design") == 1500


# --------------------------------------------------------------------------- rule-level edges


def marks(escort_run, expiry, in_use=True, last_use=None, date=TODAY):
    row = {"mark": "测试", "nice_class": 9, "reg_no": "1", "expiry": expiry, "in_use": in_use}
    if last_use:
        row["last_use"] = last_use
    return escort_run("ip", {"has_trademarks": True, "trademarks": [row]}, date=date)


DATED = {"trademark_renewal_window_open", "trademark_renewal_due_90d", "trademark_renewal_upcoming",
         "trademark_in_grace_period", "trademark_lapsed"}


@pytest.mark.parametrize("expiry, expected", [
    ("2027-11-20", "trademark_renewal_window_open"),  # exactly 12 months before expiry: window open
    ("2027-11-21", "trademark_renewal_upcoming"),     # the day before the window opens
    ("2028-11-20", "trademark_renewal_upcoming"),     # window opens exactly one year from today
    ("2028-11-21", None),                             # opens in more than a year: no alert
    ("2027-02-19", "trademark_renewal_window_open"),  # 91 days to expiry: medium reminder
    ("2027-02-18", "trademark_renewal_due_90d"),      # 90 days to expiry: high
    ("2026-11-20", "trademark_renewal_due_90d"),      # expiry day: last day of the window
    ("2026-11-19", "trademark_in_grace_period"),      # day after expiry: grace
    ("2026-05-20", "trademark_in_grace_period"),      # grace ends today (6 months after expiry)
    ("2026-05-19", "trademark_lapsed"),               # grace ended yesterday
])
def test_trademark_date_boundaries(escort_run, expiry, expected):
    out = marks(escort_run, expiry)
    assert out.fired_ids & DATED == ({expected} if expected else set())


def test_nonuse_exactly_three_years_fires_one_day_less_does_not(escort_run):
    marks(escort_run, "2031-01-01", in_use=False, last_use="2023-11-20").fired("trademark_nonuse_three_years")
    marks(escort_run, "2031-01-01", in_use=False, last_use="2023-11-21").not_fired("trademark_nonuse_three_years")


def test_nonuse_with_unknown_last_use_is_verified(escort_run):
    marks(escort_run, "2031-01-01", in_use=False).verify("trademark_nonuse_three_years")


def test_lapsed_mark_is_not_also_flagged_for_non_use(escort_run):
    out = marks(escort_run, "2026-05-19", in_use=False, last_use="2020-01-01")
    out.fired("trademark_lapsed")
    out.not_fired("trademark_nonuse_three_years")


def patents(escort_run, rows, **extra):
    base = {"number": "ZL1", "type": "invention", "filing_date": "2020-01-01", "grant_date": "2022-01-01"}
    return escort_run("ip", {"has_patents": True, "patents": [dict(base, **r) for r in rows], **extra}, date=TODAY)


@pytest.mark.parametrize("paid_until, expected", [
    ("2027-02-18", "patent_annuity_due_soon"),  # 90 days ahead
    ("2027-02-19", None),                       # 91 days ahead
    ("2026-12-21", "patent_annuity_due_soon"),  # 31 days ahead: medium reminder
    ("2026-12-20", "patent_annuity_due_30d"),   # 30 days ahead: high
    ("2026-11-20", "patent_annuity_due_30d"),   # due today: still on time
    ("2026-11-19", "patent_annuity_in_grace"),
    ("2026-05-20", "patent_annuity_in_grace"),  # 6-month grace ends today
    ("2026-05-19", "patent_lapsed_for_annuity"),
])
def test_annuity_boundaries(escort_run, paid_until, expected):
    out = patents(escort_run, [{"annuity_paid_until": paid_until}])
    alerts = {"patent_annuity_due_soon", "patent_annuity_due_30d", "patent_annuity_in_grace", "patent_lapsed_for_annuity"}
    assert out.fired_ids & alerts == ({expected} if expected else set())


def test_no_annuity_alert_once_fees_cover_the_whole_term(escort_run):
    # utility model filed 2017-01-01: term ends 2026-12-31 (专利法第四十二条: 10 years); fees paid to then
    out = patents(escort_run, [{"type": "utility", "filing_date": "2017-01-01", "annuity_paid_until": "2026-12-31"}])
    out.not_fired("patent_annuity_due_soon")


def test_reward_floor_with_no_policy(escort_run):
    new = {"grant_date": "2024-06-01"}  # granted under the 2023 细则
    out = patents(escort_run, [dict(new, type="invention", reward_paid=False), dict(new, type="design", reward_paid=False),
                               dict(new, type="utility", reward_paid=True)], reward_policy="none")
    f = out.fired("inventor_reward_unpaid")
    assert f.exposure.low == f.exposure.high == 4000 + 1500


def test_reward_for_patents_granted_before_the_2023_rules(escort_run):
    # granted 2023-11-01, before 2024-01-20: former floor 3000 as the lower bound, current 4000 as the upper
    # (reward due 2024-02-01, limitation to 2027-02-01: not yet time-barred)
    out = patents(escort_run, [{"type": "invention", "reward_paid": False, "grant_date": "2023-11-01"}],
                  reward_policy="none")
    f = out.fired("inventor_reward_unpaid")
    assert (f.exposure.low, f.exposure.high) == (3000, 4000)


@pytest.mark.parametrize("grant_date, barred", [
    ("2023-08-20", False),  # reward due 2023-11-20; three years end 2026-11-20 (TODAY): still in time
    ("2023-08-19", True),   # due 2023-11-19; period ended 2026-11-19: time-barred
    ("2023-08-31", False),  # due 2023-11-30 (month end); ends 2026-11-30
])
def test_reward_limitation_boundary(escort_run, grant_date, barred):
    out = patents(escort_run, [{"type": "invention", "reward_paid": False, "grant_date": grant_date}],
                  reward_policy="none")
    f = out.fired("inventor_reward_unpaid")
    # before 2024-01-20: former floor 3000 in the lower bound unless time-barred; 4000 in the upper bound
    assert (f.exposure.low, f.exposure.high) == ((0 if barred else 3000), 4000)
    assert ("诉讼时效已届满" in f.message) is barred


@pytest.mark.parametrize("grant_date, late", [
    ("2026-08-20", False),  # 实施细则第九十三条: 3 months from grant end on 2026-11-20 (TODAY): not yet late
    ("2026-08-19", True),   # deadline 2026-11-19 passed yesterday
])
def test_reward_is_late_only_three_months_after_grant(escort_run, grant_date, late):
    out = patents(escort_run, [{"type": "utility", "grant_date": grant_date, "reward_paid": False}], reward_policy="none")
    if late:
        assert out.fired("inventor_reward_unpaid").exposure.low == 1500
    else:
        assert out.finding("inventor_reward_unpaid") is None


def test_no_statutory_reward_finding_when_a_policy_exists(escort_run):
    out = patents(escort_run, [{"type": "invention", "reward_paid": False}], reward_policy="policy_adopted")
    out.not_fired("inventor_reward_unpaid")
    assert out.finding("inventor_reward_unpaid") is None


def test_reward_with_unknown_policy_is_verified(escort_run):
    out = patents(escort_run, [{"type": "invention", "reward_paid": False}], reward_policy="unknown")
    assert out.verify("inventor_reward_unpaid").exposure is None


# --------------------------------------------------------------------------- depth list (issue 15 item 3)


def test_marking_rules_carry_the_statutory_fines(escort_run):
    out = escort_run("ip", {"patent_marking": "inaccurate",
                            "trademark_symbols": ["r_on_unregistered", "well_known_wording"]})
    # 专利法第六十八条: no illegal gains or gains up to 50,000 — a fine of up to 250,000
    f = out.fired("false_patent_marking")
    assert (f.exposure.low, f.exposure.high) == (0, 250000)
    # 商标法第五十二条: no turnover or under 50,000 — up to 10,000
    f = out.fired("r_mark_on_unregistered")
    assert (f.exposure.low, f.exposure.high) == (0, 10000)
    # 商标法第十四条第五款、第五十三条: a fixed fine of 100,000
    f = out.fired("well_known_wording_used")
    assert (f.exposure.low, f.exposure.high) == (100000, 100000)


@pytest.mark.parametrize("answers, rule, fires", [
    ({"disclosed_before_filing": "disclosed_first"}, "disclosure_before_filing", True),
    ({"disclosed_before_filing": "never"}, "disclosure_before_filing", False),
    ({"foreign_filing": "without_review"}, "foreign_filing_without_review", True),
    ({"foreign_filing": "with_review"}, "foreign_filing_without_review", False),
    ({"commercial_software_licensed": "some_unlicensed"}, "unlicensed_software", True),
    ({"commercial_software_licensed": "all_licensed"}, "unlicensed_software", False),
    ({"patent_marking": "no_marking"}, "false_patent_marking", False),
    ({"trademark_symbols": ["none_of_these"]}, "well_known_wording_used", False),
    ({"marketing_materials_licensed": "unknown_source"}, "unlicensed_marketing_materials", True),
    ({"marketing_materials_licensed": "licensed"}, "unlicensed_marketing_materials", False),
])
def test_depth_rules(escort_run, answers, rule, fires):
    out = escort_run("ip", answers)
    (out.fired if fires else out.not_fired)(rule)



@pytest.mark.parametrize("date, key", [
    ("2025-10-14", "anti_unfair_competition_law#9"),       # 2019 text, last day
    ("2025-10-15", "anti_unfair_competition_law_2025#10"),  # 2025 revision in force
    ("2025-10-16", "anti_unfair_competition_law_2025#10"),
])
def test_trade_secret_rules_cite_the_aucl_in_force_on_the_date(escort_run, date, key):
    f = escort_run("ip", {"nda_coverage": "few"}, date=date).fired("nda_gaps")
    assert key in [b.key for b in f.legal_basis]


@pytest.mark.parametrize("date, noted", [("2026-12-31", False), ("2027-01-01", True), ("2027-01-02", True)])
def test_trademark_rules_get_a_lawyer_note_from_2027(escort_run, date, noted):
    # 商标法 revised 2026-06-26, in force 2027-01-01 (text not in shared/law): the rule keeps quoting the 2019
    # text, names it, and from 2027-01-01 the lawyer's worksheet says to check the new article.
    f = escort_run("ip", {"trademark_symbols": ["well_known_wording"]}, date=date).fired("well_known_wording_used")
    assert "2019年修正的商标法" in f.consequence
    assert bool([n for n in f.lawyer_notes if "2027" in n]) is noted


def test_lawyer_notes_name_missing_instruments_and_stay_out_of_the_client_text(escort_run):
    f = escort_run("ip", {"joint_development": True, "codev_ip_agreed": False}).fired("codev_ownership_unclear")
    assert any("民法典第八百五十九条" in n for n in f.lawyer_notes)
    assert "未收入" not in f.consequence and "未收入" not in f.recommendation
