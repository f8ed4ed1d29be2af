"""escort.testing: the pytest plugin checklist authors use; its failures must explain themselves."""

from __future__ import annotations

from escort.testing import assert_fires, assert_not_fires

pytest_plugins = ["pytester"]

SAMPLE = {"enterprise": {"tags": ["escort-sample"]}, "date": "2026-11-20"}
BASE = {"headcount": 12, "has_unsigned": False, "overtime_hours_max": 30, "overtime_pay": "statutory",
        "insured_share": 100, "insurance_types": ["pension", "medical", "unemployment", "work_injury"], "arrears": 0}


def test_assert_fires_checks_the_exposure_range(escort_run):
    staff = [{"name": "张三", "hire_date": "2026-05-20", "monthly_wage": 6800}]  # 6 whole months, the first is free
    out = escort_run("sample", {**BASE, "has_unsigned": True, "unsigned_staff": staff}, **SAMPLE)
    finding = assert_fires(out, "no_written_contract", exposure=(6800 * 5, 6800 * 5))
    assert finding.status == "fired"
    assert_not_fires(out, "overtime_over_cap")


def test_a_rule_that_did_not_fire_shows_its_expression_values_and_result(pytester):
    pytester.makepyfile(test_case=f"""
        def test_overtime(escort_run):
            out = escort_run("sample", {BASE!r}, **{SAMPLE!r})
            out.fired("overtime_over_cap")
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*rule 'overtime_over_cap' did not fire*",
        "*when: overtime_hours_max > 36",
        "*with the answers: 30 > 36",
        "*values: overtime_hours_max=30",
        "*result: False",
    ])


def test_each_clause_of_an_or_is_shown_with_its_truth(pytester):
    pytester.makepyfile(test_case=f"""
        def test_insurance(escort_run):
            out = escort_run("sample", {BASE!r}, **{SAMPLE!r})
            out.fired("insurance_incomplete")
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*when: len(insurance_types) < 4 or insured_share < 100",
        "*with the answers: len(insurance_types) < 4 or 100 < 100",
        "*why:",
        "*len(insurance_types) < 4  ->  False",
        "*insured_share < 100  ->  False",
    ])


def test_an_unknown_answer_is_named_in_the_explanation(pytester):
    answers = {**BASE, "overtime_hours_max": "unknown"}
    pytester.makepyfile(test_case=f"""
        from escort.testing import assert_not_fires

        def test_overtime(escort_run):
            out = escort_run("sample", {answers!r}, **{SAMPLE!r})
            out.fired("overtime_over_cap")
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*is 'verify'*", "*values: overtime_hours_max=unknown",
                                 "*result: undetermined (unknown: overtime_hours_max)"])


def test_a_wrong_exposure_shows_the_formula_and_the_working(pytester):
    staff = [{"name": "张三", "hire_date": "2026-05-20", "monthly_wage": 6800}]
    answers = {**BASE, "has_unsigned": True, "unsigned_staff": staff}
    pytester.makepyfile(test_case=f"""
        from escort.testing import assert_fires

        def test_exposure(escort_run):
            out = escort_run("sample", {answers!r}, **{SAMPLE!r})
            assert_fires(out, "no_written_contract", exposure=(6800 * 6, 6800 * 6))
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*exposure is 34,000.0 – 34,000.0, expected 40,800 – 40,800*",
                                 "*formula: *double_wage_months*", "*working: *"])


def test_assert_not_fires_shows_why_the_rule_was_true(pytester):
    answers = {**BASE, "overtime_hours_max": 40}
    pytester.makepyfile(test_case=f"""
        from escort.testing import assert_not_fires

        def test_overtime(escort_run):
            out = escort_run("sample", {answers!r}, **{SAMPLE!r})
            assert_not_fires(out, "overtime_over_cap")
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*fired but should not have*", "*with the answers: 40 > 36", "*result: True"])
