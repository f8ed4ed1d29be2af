"""The privacy (数据与个人信息) checklist: every rule, the penalty ranges, and the thresholds and dates.

Expected values are worked out here from the articles quoted in checklists/laws/privacy.yaml:
个人信息保护法 第六十六条 (up to RMB 1 million if not corrected; serious cases up to RMB 50 million or 5% of the
previous year's turnover), 网络安全法 第六十一条 as amended (in force 2026-01-01: up to RMB 500,000 if not
corrected; RMB 500,000–2 million for large leaks), 数据安全法 第四十五条 (RMB 50,000–500,000; large leaks
RMB 500,000–2 million), 网络安全法 第二十三条 (logs ≥ 6 months), 网络数据安全管理条例 第二十八条 (10 million people),
第六十四条 (in force 2025-01-01), and 两高解释 第五条 (50 / 500 / 5,000 items, RMB 5,000, half for PI obtained in
the course of duties).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.builtins import privacy
from escort.engine import evaluate
from escort.testing import assert_fires, assert_not_fires

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PENALTY = "pipl_penalty_exposure"  # 个人信息保护法第六十六条第一款: rises with any breach of that law
SERIOUS = "pipl_serious_penalty_exposure"

# A well-run employer: biometric attendance with separate consent, processors under contract, nothing abroad.
CLEAN = {
    "pi_scope": ["applicants", "visitors"], "sensitive_types": ["biometric", "health", "financial"],
    "individuals_count": 2600, "monitoring_types": ["cctv", "computer"],
    "pi_inventory": True, "employee_notice": True, "applicant_questions": ["none"],
    "biometric_consent": "separate", "biometric_alternative": True, "biometric_departed": "deleted",
    "other_sensitive_consent": "yes_separate", "sensitive_protection": True,
    "uses_processors": True, "processor_contracts": "all", "processor_supervision": True,
    "provides_to_others": False, "transfer_records": "three_years", "list_trading": ["none"],
    "transfers_abroad": False,
    "pi_rules": True, "pi_classified": True, "encryption": True, "access_rights": True, "staff_training": True,
    "incident_plan": True, "security_owner": True, "volume_threshold_reached": False, "graded_protection": "done",
    "malware_controls": True, "log_retention_months": 12, "backups": True, "data_security_system": True,
    "automated_decisions": False, "pia_done": "all", "pia_kept": "three_years", "compliance_audit": "regular",
    "had_incident": False, "rights_channel": True, "retention_schedule": True, "applicant_data_kept": "deleted",
    "departed_files": "schedule", "monitoring_in_rules": True, "monitoring_notice": True,
    "private_area_cameras": False, "public_area_cameras": "not_applicable", "serious_case_possible": False,
}
CONSUMERS = {"pi_scope": ["consumers"], "privacy_policy": "complete", "consent_practice": "explicit",
             "purpose_changed": False, "withdrawal_channel": True}
ABROAD = {"transfers_abroad": True, "transfer_route": "standard_contract", "transfer_notice": True,
          "transfer_consent": "obtained", "ciio_or_volume": False}
SHARING = {"provides_to_others": True, "provision_notice_consent": "notice_and_consent"}
INCIDENT_OK = {"occurred": dt.date(2026, 3, 2), "description": "笔记本电脑被盗", "people": 140, "remedied": True,
               "authority_notified": True, "individuals_notified": True, "harm_avoided": False}


def answers(*changes: dict) -> dict:
    out = dict(CLEAN)
    for change in changes:
        out.update(change)
    return out


def fired_ids(outcome) -> set[str]:
    return outcome.fired_ids


def test_the_checklist_meets_the_issue_bar(escort_registry):
    model = escort_registry.checklists["privacy"].model
    assert len(model.questions()) >= 40 and len(model.rules) >= 30
    assert model.domain == "privacy" and model.applies_if is None  # every employer


def test_clean_answers_raise_nothing(escort_run):
    out = escort_run("privacy", CLEAN)
    assert out.fired_ids == set() and out.verify_ids == set()
    assert out.result.needs_verification == []


# ------------------------------------------------------------------ every rule: answers → the rules that fire

CASES = [
    ("no inventory", [{"pi_inventory": False}], {"no_pi_inventory", PENALTY}),
    ("no employee notice", [{"employee_notice": False}], {"employee_notice_missing", PENALTY}),
    ("pregnancy plans asked", [{"applicant_questions": ["marriage_pregnancy"]}], {"applicant_excess_questions"}),
    ("privacy policy incomplete", [CONSUMERS, {"privacy_policy": "incomplete"}], {"privacy_policy_deficient", PENALTY}),
    ("no privacy policy", [CONSUMERS, {"privacy_policy": "none"}], {"privacy_policy_deficient", PENALTY}),
    ("pre-ticked consent", [CONSUMERS, {"consent_practice": "bundled"}], {"consent_not_valid", PENALTY}),
    ("new purpose", [CONSUMERS, {"purpose_changed": True}], {"purpose_changed_without_consent", PENALTY}),
    ("no way to withdraw", [CONSUMERS, {"withdrawal_channel": False}], {"no_withdrawal_channel"}),
    ("face scan in the handbook", [{"biometric_consent": "in_handbook"}], {"biometric_no_separate_consent", PENALTY}),
    ("face scan without consent", [{"biometric_consent": "none"}], {"biometric_no_separate_consent", PENALTY}),
    ("face scan or nothing", [{"biometric_alternative": False}], {"biometric_no_alternative"}),
    ("leavers' faces kept", [{"biometric_departed": "kept"}], {"biometric_kept_after_departure"}),
    ("health data without consent", [{"other_sensitive_consent": "not_separate"}],
     {"sensitive_no_separate_consent", PENALTY}),
    ("sensitive data unprotected", [{"sensitive_protection": False}], {"sensitive_not_protected", PENALTY}),
    ("children without guardian", [{"sensitive_types": ["minors"], "minors_guardian_consent": False}],
     {"minors_without_guardian_consent", PENALTY}),
    ("some processors without DPA", [{"processor_contracts": "some"}], {"processor_contract_missing", PENALTY}),
    ("processors unsupervised", [{"processor_supervision": False}], {"processor_not_supervised"}),
    ("shared with notice only", [SHARING, {"provision_notice_consent": "notice_only"}],
     {"provision_without_notice_or_consent", PENALTY}),
    ("shared silently", [SHARING, {"provision_notice_consent": "neither"}],
     {"provision_without_notice_or_consent", PENALTY}),
    ("records under 3 years", [{"transfer_records": "shorter"}], {"transfer_records_missing"}),
    ("no records", [{"transfer_records": "none"}], {"transfer_records_missing"}),
    ("abroad without a route", [ABROAD, {"transfer_route": "none"}], {"transfer_without_route", PENALTY}),
    ("abroad without notice", [ABROAD, {"transfer_notice": False}], {"transfer_notice_missing"}),
    ("abroad without consent", [ABROAD, {"transfer_consent": "not_obtained"}], {"transfer_consent_missing", PENALTY}),
    ("CIIO on a standard contract", [ABROAD, {"ciio_or_volume": True}], {"localisation_check"}),
    ("CIIO with a security assessment", [ABROAD, {"ciio_or_volume": True, "transfer_route": "assessment"}], set()),
    ("no internal rules", [{"pi_rules": False}], {"pi_security_measures_missing", PENALTY}),
    ("no classification", [{"pi_classified": False}], {"pi_security_measures_missing", PENALTY}),
    ("no encryption", [{"encryption": False}], {"pi_security_measures_missing", PENALTY}),
    ("no access rights", [{"access_rights": False}], {"pi_security_measures_missing", PENALTY}),
    ("no training", [{"staff_training": False}], {"pi_security_measures_missing", "data_security_system_missing", PENALTY}),
    ("no incident plan", [{"incident_plan": False}], {"no_incident_plan", "network_duties_missing"}),
    ("no security owner", [{"security_owner": False}], {"no_security_owner", "network_duties_missing"}),
    ("DPO due, appointed only", [{"volume_threshold_reached": True, "pi_officer": "appointed_only"}],
     {"pi_officer_missing"}),
    ("DPO due, none", [{"volume_threshold_reached": True, "pi_officer": "none"}], {"pi_officer_missing"}),
    ("DPO due and done", [{"volume_threshold_reached": True, "pi_officer": "done"}], set()),
    ("graded protection partly", [{"graded_protection": "partly"}], {"network_duties_missing"}),
    ("no anti-malware", [{"malware_controls": False}], {"network_duties_missing", "data_security_system_missing"}),
    ("no backups", [{"backups": False}], {"network_duties_missing"}),
    ("no data security system", [{"data_security_system": False}], {"data_security_system_missing"}),
    ("automated decisions unchecked", [{"automated_decisions": True, "automated_safeguards": False}],
     {"automated_decision_safeguards_missing"}),
    ("automated decisions with safeguards", [{"automated_decisions": True, "automated_safeguards": True}], set()),
    ("impact assessment partly", [{"pia_done": "some"}], {"no_impact_assessment", PENALTY}),
    ("impact assessment never", [{"pia_done": "none"}], {"no_impact_assessment", PENALTY}),
    ("assessments kept under 3 years", [{"pia_kept": "shorter"}], {"pia_records_not_kept"}),
    ("audited once", [{"compliance_audit": "once"}], {"no_compliance_audit"}),
    ("never audited", [{"compliance_audit": "never"}], {"no_compliance_audit"}),
    ("incident handled", [{"had_incident": True, "incident_list": [INCIDENT_OK], "large_leak": False}], set()),
    ("incident not remedied", [{"had_incident": True, "large_leak": False,
                                "incident_list": [INCIDENT_OK | {"remedied": False}]}], {"incident_not_remedied"}),
    ("incident not reported", [{"had_incident": True, "large_leak": False,
                                "incident_list": [INCIDENT_OK | {"authority_notified": False}]}],
     {"incident_authority_not_notified", PENALTY}),
    ("individuals not told", [{"had_incident": True, "large_leak": False,
                               "incident_list": [INCIDENT_OK | {"individuals_notified": False}]}],
     {"incident_individuals_not_notified"}),
    # 第五十七条第二款: effective measures that avoid harm excuse notifying individuals
    ("individuals not told, harm avoided", [{"had_incident": True, "large_leak": False,
                                             "incident_list": [INCIDENT_OK | {"individuals_notified": False,
                                                                              "harm_avoided": True}]}], set()),
    ("no rights channel", [{"rights_channel": False}], {"no_rights_channel"}),
    ("no retention schedule", [{"retention_schedule": False}], {"no_retention_schedule"}),
    ("applicants' CVs kept", [{"applicant_data_kept": "kept"}], {"applicant_data_retained"}),
    ("contracts shredded early", [{"departed_files": "too_short"}], {"departed_records_mishandled"}),
    ("leavers' files kept forever", [{"departed_files": "forever"}], {"departed_records_mishandled"}),
    ("monitoring outside the rules", [{"monitoring_in_rules": False}], {"monitoring_without_rules"}),
    ("secret monitoring", [{"monitoring_notice": False}], {"monitoring_not_notified"}),
    ("camera in the changing room", [{"private_area_cameras": True}], {"private_area_surveillance"}),
    ("shop cameras without signs", [{"public_area_cameras": "no_sign_or_other_use"}], {"public_cameras_noncompliant"}),
    ("shop cameras with signs", [{"public_area_cameras": "compliant"}], set()),
    ("tracking after hours", [{"monitoring_types": ["vehicle_phone_gps"], "offduty_tracking": True}],
     {"offduty_location_tracking"}),
    ("tracking in hours only", [{"monitoring_types": ["vehicle_phone_gps"], "offduty_tracking": False}], set()),
    ("list bought, under 5,000 items", [{"list_trading": ["buys_lists"], "list_category": "other", "list_items": 4999}],
     {"pi_trading", PENALTY}),
]


@pytest.mark.parametrize("changes, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_fires_on_its_facts_and_nothing_else(escort_run, changes, expected):
    out = escort_run("privacy", answers(*changes))
    assert out.fired_ids == expected
    assert out.verify_ids == set()


def test_every_rule_is_exercised_by_a_case_or_a_test_below(escort_registry):
    covered = set().union(*(c[2] for c in CASES)) | {
        "pi_crime_threshold_reached", "network_duties_missing_before_2026", "large_leak_penalty",
        "log_retention_short", "large_scale_processor", SERIOUS}
    assert {r.id for r in escort_registry.checklists["privacy"].model.rules} == covered


# ------------------------------------------------------------------ penalties: the quoted ranges


def test_ordinary_penalty_is_up_to_one_million(escort_run):
    out = escort_run("privacy", answers({"employee_notice": False}))
    # 第六十六条第一款: 责令改正、警告 (no fine when corrected) … 拒不改正的，并处一百万元以下罚款
    assert_fires(out, PENALTY, exposure=(0, 1_000_000))
    assert_not_fires(out, SERIOUS)


@pytest.mark.parametrize("turnover, high", [
    (68_000_000, 50_000_000),            # 5% = 3,400,000 < 50 million
    (1_000_000_000, 50_000_000),         # 5% = 50,000,000 exactly: the two caps meet
    (1_000_000_020, 1_000_000_020 * 0.05),  # 5% = 50,000,001 > 50 million
    (2_000_000_000, 100_000_000),        # 5% of 2 billion
])
def test_serious_case_cap_is_the_higher_of_fifty_million_and_five_percent(escort_run, turnover, high):
    out = escort_run("privacy", answers({"employee_notice": False, "serious_case_possible": True,
                                         "last_year_turnover": turnover}))
    # 第六十六条第二款: 五千万元以下或者上一年度营业额百分之五以下 — no floor stated
    assert_fires(out, SERIOUS, exposure=(0, high))
    assert_not_fires(out, PENALTY)  # one or the other, never both in the total
    assert out.result.exposure_total == {"low": 0, "high": high}


def test_serious_case_with_unknown_turnover_fires_without_an_amount(escort_run):
    out = escort_run("privacy", answers({"employee_notice": False, "serious_case_possible": True,
                                         "last_year_turnover": "unknown"}))
    finding = out.fired(SERIOUS)
    assert finding.exposure is None and "last_year_turnover" in finding.exposure_note


def test_unknown_seriousness_is_to_verify_for_both_penalty_rules(escort_run):
    out = escort_run("privacy", answers({"employee_notice": False, "serious_case_possible": "unknown"}))
    assert {PENALTY, SERIOUS} <= out.verify_ids
    assert "employee_notice_missing" in out.fired_ids


def test_no_breach_means_no_penalty_even_when_serious_is_ticked(escort_run):
    out = escort_run("privacy", answers({"serious_case_possible": True, "last_year_turnover": 5_000_000}))
    assert out.fired_ids == set()


def test_network_duties_exposure_is_up_to_five_hundred_thousand(escort_run):
    out = escort_run("privacy", answers({"graded_protection": "none"}))
    # 网络安全法第六十一条第一款: 可以处一万元以上五万元以下; 拒不改正 … 五万元以上五十万元以下
    assert_fires(out, "network_duties_missing", exposure=(0, 500_000))


def test_data_security_exposure_is_up_to_five_hundred_thousand(escort_run):
    out = escort_run("privacy", answers({"data_security_system": False}))
    # 数据安全法第四十五条第一款: 可以并处五万元以上五十万元以下罚款
    assert_fires(out, "data_security_system_missing", exposure=(0, 500_000))


def test_large_leak_with_a_duty_unmet_is_half_a_million_to_two_million(escort_run):
    out = escort_run("privacy", answers({"data_security_system": False, "had_incident": True, "large_leak": True,
                                         "incident_list": [INCIDENT_OK]}))
    # 网络安全法第六十一条第三款 / 数据安全法第四十五条第一款: 五十万元以上二百万元以下
    assert_fires(out, "large_leak_penalty", exposure=(500_000, 2_000_000))
    assert out.result.exposure_total == {"low": 500_000, "high": 500_000 + 2_000_000}


def test_large_leak_with_every_duty_met_is_not_the_penalty_case(escort_run):
    out = escort_run("privacy", answers({"had_incident": True, "large_leak": True, "incident_list": [INCIDENT_OK]}))
    assert_not_fires(out, "large_leak_penalty")


def test_large_leak_unknown_is_to_verify(escort_run):
    out = escort_run("privacy", answers({"backups": False, "had_incident": True, "large_leak": "unknown",
                                         "incident_list": [INCIDENT_OK]}))
    out.verify("large_leak_penalty")


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("date, rule", [
    ("2025-12-31", "network_duties_missing_before_2026"),  # the 2016 text still governs: not in the registry
    ("2026-01-01", "network_duties_missing"),              # the amended 网络安全法 in force
    ("2026-01-02", "network_duties_missing"),
])
def test_amended_cybersecurity_law_applies_from_2026_01_01(escort_run, date, rule):
    out = escort_run("privacy", answers({"graded_protection": "partly"}), date=date)
    assert out.fired_ids == {rule}
    finding = out.fired(rule)
    cited = {a.key for a in finding.legal_basis}
    if rule == "network_duties_missing":
        assert "cybersecurity_law#61" in cited and finding.exposure.high == 500_000
    else:
        assert not any(k.startswith("cybersecurity_law") for k in cited) and finding.exposure is None
        assert any("2016年文本" in note for note in finding.lawyer_notes)  # for the lawyer, not the client


@pytest.mark.parametrize("day, regulation", [
    (dt.date(2024, 12, 31), False),  # 网络数据安全管理条例 第六十四条: 自2025年1月1日起施行
    (dt.date(2025, 1, 1), True),
    (dt.date(2025, 1, 2), True),
])
def test_regulation_is_named_for_incidents_from_2025_01_01(escort_run, day, regulation):
    row = INCIDENT_OK | {"occurred": day, "individuals_notified": False}
    out = escort_run("privacy", answers({"had_incident": True, "large_leak": False, "incident_list": [row]}))
    message = out.fired("incident_individuals_not_notified").message
    assert day.isoformat() in message
    assert ("网络数据安全管理条例第十一条" in message) is regulation
    assert ("此前的事件不适用" in message) is not regulation


@pytest.mark.parametrize("months, fires", [(5, True), (5.9, True), (6, False), (12, False)])
def test_logs_must_be_kept_six_months(escort_run, months, fires):
    out = escort_run("privacy", answers({"log_retention_months": months}))
    assert ("log_retention_short" in out.fired_ids) is fires
    assert ("network_duties_missing" in out.fired_ids) is fires
    if fires:
        assert f"少 {6 - months:g} 个月" in out.fired("log_retention_short").message


@pytest.mark.parametrize("count, fires", [(9_999_999, False), (10_000_000, True)])
def test_ten_million_people_bring_the_important_data_rules(escort_run, count, fires):
    out = escort_run("privacy", answers({"individuals_count": count}))
    assert ("large_scale_processor" in out.fired_ids) is fires


# ------------------------------------------------------------------ the crime line (两高解释 第五条)


@pytest.mark.parametrize("category, items, fires", [
    ("location_credit_property", 49, False), ("location_credit_property", 50, True),  # 第（三）项 五十条
    ("health_transaction", 499, False), ("health_transaction", 500, True),            # 第（四）项 五百条
    ("other", 4999, False), ("other", 5000, True),                                    # 第（五）项 五千条
])
def test_item_thresholds_for_buying_lists(escort_run, category, items, fires):
    out = escort_run("privacy", answers({"list_trading": ["buys_lists"], "list_category": category,
                                         "list_items": items}))
    assert "pi_trading" in out.fired_ids
    assert ("pi_crime_threshold_reached" in out.fired_ids) is fires


@pytest.mark.parametrize("items, fires", [(24, False), (25, True)])  # 第（八）项: half of fifty
def test_selling_data_obtained_in_service_counts_from_half(escort_run, items, fires):
    out = escort_run("privacy", answers({"list_trading": ["sells_lists"], "list_category": "location_credit_property",
                                         "list_items": items, "list_from_duties": True, "list_gains": 0}))
    assert ("pi_crime_threshold_reached" in out.fired_ids) is fires


@pytest.mark.parametrize("from_duties, gains, fires", [
    (False, 4999, False), (False, 5000, True),  # 第（七）项 违法所得五千元以上
    (True, 2499, False), (True, 2500, True),    # 第（八）项 一半以上
])
def test_gain_thresholds_for_selling(escort_run, from_duties, gains, fires):
    out = escort_run("privacy", answers({"list_trading": ["sells_lists"], "list_category": "other", "list_items": 10,
                                         "list_from_duties": from_duties, "list_gains": gains}))
    assert ("pi_crime_threshold_reached" in out.fired_ids) is fires


def test_ten_times_the_threshold_is_called_especially_serious(escort_run):
    out = escort_run("privacy", answers({"list_trading": ["buys_lists"], "list_category": "health_transaction",
                                         "list_items": 5000}))
    assert "情节特别严重" in out.fired("pi_crime_threshold_reached").message  # 第五条第二款第（三）项: 500 × 10


def test_threshold_functions():
    assert privacy.crime_threshold("location_credit_property") == 50
    assert privacy.crime_threshold("health_transaction", True) == 250
    assert privacy.crime_threshold("other", True) == 2500
    assert privacy.gain_threshold() == 5000 and privacy.gain_threshold(True) == 2500


# ------------------------------------------------------------------ hidden and unknown


def test_employees_only_hides_the_customer_questions(escort_run):
    base = {k: v for k, v in CLEAN.items()}
    base.update({"pi_scope": ["employees_only"], "sensitive_types": ["none"], "monitoring_types": ["none"]})
    for key in ("biometric_consent", "biometric_alternative", "biometric_departed", "other_sensitive_consent",
                "sensitive_protection", "applicant_data_kept", "monitoring_in_rules", "monitoring_notice",
                "private_area_cameras", "public_area_cameras"):
        base.pop(key)
    out = escort_run("privacy", base)
    assert out.fired_ids == set() and out.verify_ids == set()


def test_unknown_is_never_compliant(escort_run):
    out = escort_run("privacy", answers({"biometric_consent": "unknown"}))
    assert {"biometric_no_separate_consent", PENALTY} <= out.verify_ids
    assert ("privacy", "biometric_consent") in out.unknown_questions


def test_dpo_threshold_unknown_is_to_verify(escort_run):
    out = escort_run("privacy", answers({"volume_threshold_reached": "unknown", "pi_officer": "none"}))
    out.verify("pi_officer_missing")


# ------------------------------------------------------------------ examples


def run_example(registry, name):
    loaded, _ = load_answers(EXAMPLES / f"{name}.yaml", registry)
    result = evaluate(registry, loaded, only=["privacy"])
    fired = {f.rule: f for f in result.findings if f.status == "fired"}
    verify = {f.rule for f in result.findings if f.status == "verify"}
    return result, fired, verify


def test_well_run_example_is_clean(escort_registry):
    result, fired, verify = run_example(escort_registry, "well_run")
    assert fired == {} and verify == set() and result.grade == "green"


def test_average_example(escort_registry):
    result, fired, verify = run_example(escort_registry, "average")
    assert set(fired) == {"biometric_no_separate_consent", "processor_contract_missing", "network_duties_missing",
                          "no_impact_assessment", PENALTY}
    assert verify == {"monitoring_without_rules"}
    # 个人信息保护法第六十六条第一款 (≤ 1,000,000) + 网络安全法第六十一条第一款 (≤ 500,000)
    assert result.exposure_total == {"low": 0, "high": 1_000_000 + 500_000}


def test_in_trouble_example(escort_registry):
    result, fired, verify = run_example(escort_registry, "in_trouble")
    rules = {r.id for r in escort_registry.checklists["privacy"].model.rules}
    not_applicable = {"network_duties_missing_before_2026", "minors_without_guardian_consent", "localisation_check",
                      "private_area_surveillance", "public_cameras_noncompliant", "large_scale_processor",
                      "pia_records_not_kept", PENALTY}
    assert verify == {"pi_officer_missing", "large_leak_penalty"}
    assert set(fired) == rules - not_applicable - verify
    # 8,000 bought items ≥ 5,000 (第五条第一款第（五）项); turnover 68,000,000 × 5% = 3,400,000 < 50,000,000
    assert "已达「情节严重」标准" in fired["pi_crime_threshold_reached"].message
    assert (fired[SERIOUS].exposure.low, fired[SERIOUS].exposure.high) == (0, 50_000_000)
    assert result.exposure_total == {"low": 0, "high": 50_000_000 + 500_000 + 500_000}
    assert result.grade == "red"
