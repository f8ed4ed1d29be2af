"""Programme statistics: figures worked out by hand from hand-built results."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from escort.stats import compute_stats, render_stats_html


@pytest.fixture
def programme(make_result):
    return [
        # enterprise 1, an earlier checkup (its findings must not count: the latest checkup of each enterprise does)
        make_result(1, "2026-02-10", [("tax", "arrears", "critical", "fired", 999_999)]),
        make_result(1, "2026-11-20", [("labour", "no_contract", "high", "fired", 90_000),
                                      ("tax", "arrears", "critical", "fired", 50_000),
                                      ("contracts", "overdue", "medium", "fired", 150_000)],
                    rectification={"tax": {"arrears": {"status": "in_progress", "responsible": "李会计"}}}),
        make_result(2, "2026-11-25", [("labour", "no_contract", "high", "fired", 30_000),
                                      ("ip", "nda", "low", "verify", None),
                                      ("tax", "fake_invoice", "critical", "fired", 10_000, "dismissed")]),
        make_result(3, "2026-12-01", [("labour", "no_contract", "high", "fired", None)], industry="软件和信息技术服务业",
                    region="浙江省杭州市",
                    rectification={"labour": {"no_contract": {"status": "verified", "verified_by": "陈律师"}}}),
    ]


def test_counts_enterprises_checkups_periods_and_groups(programme):
    s = compute_stats(programme, min_group=2)
    assert (s.enterprises, s.checkups) == (3, 4)
    assert s.by_period == {"2026-Q1": 1, "2026-Q4": 3}
    assert s.by_industry == {"制造业": 2, "软件和信息技术服务业": 1}
    assert s.by_district == {"江苏省苏州市": 2, "浙江省杭州市": 1}
    assert compute_stats(programme, period="month").by_period == {"2026-02": 1, "2026-11": 2, "2026-12": 1}


def test_findings_count_only_the_latest_effective_fired_ones(programme):
    s = compute_stats(programme)
    # latest checkups: e1 high+critical+medium, e2 high (low is to verify, critical dismissed), e3 high
    assert s.findings_by_severity == {"critical": 1, "high": 3, "medium": 1, "low": 0, "info": 0}
    assert s.to_verify == 1
    assert s.findings_by_domain["labour"]["high"] == 3
    assert s.top_rules[0]["rule"] == "no_contract" and s.top_rules[0]["count"] == 3


def test_exposure_without_kinds_is_all_liability_and_says_so(programme):
    s = compute_stats(programme)
    assert s.exposure["liability"]["high"] == 90_000 + 50_000 + 150_000 + 30_000
    assert s.exposure["liability"]["low"] == (90_000 + 50_000 + 150_000 + 30_000) / 2
    assert s.exposure["claim"] == {"low": 0, "high": 0} and s.exposure["recovery"] == {"low": 0, "high": 0}
    assert "2 份结果生成于金额分类之前" in s.exposure_note  # enterprises 1 and 2; 3 has no amount


def test_exposure_kinds_are_never_added_together(programme):
    for r in programme:  # results written by an Escort that records exposure kinds
        r.exposure_totals = {"liability": {"low": 0, "high": 0}}
    latest = programme[1]
    for f, kind in zip(latest.findings, ["liability", "liability", "claim"]):
        f.exposure = SimpleNamespace(low=f.exposure.low, high=f.exposure.high, kind=kind)
    s = compute_stats(programme)
    assert s.exposure["liability"]["high"] == 90_000 + 50_000 + 30_000
    assert s.exposure["claim"]["high"] == 150_000
    assert s.exposure_note == ""


def test_rectification_status_defaults_to_open(programme):
    s = compute_stats(programme)
    assert s.rectification["in_progress"] == 1 and s.rectification["verified"] == 1
    assert s.rectification["open"] == 5 - 2


def test_small_groups_are_suppressed(programme):
    s = compute_stats(programme, min_group=2)
    rows = {r.group: r for r in s.anonymised["industry"]}
    made = rows["制造业"]
    assert (made.enterprises, made.findings, made.critical, made.high) == (2, 4, 1, 2)
    assert made.liability_high == 90_000 + 50_000 + 150_000 + 30_000
    small = rows["软件和信息技术服务业"]
    assert small.suppressed and small.enterprises is None and small.findings is None
    everyone_small = compute_stats(programme, min_group=3)
    assert all(r.suppressed for r in everyone_small.anonymised["district"])


def test_dashboard_names_no_enterprise_in_suppressed_groups_and_draws_svg(programme):
    html = render_stats_html(compute_stats(programme, min_group=2))
    assert "<svg" in html and "<script" not in html
    assert "不足 2 家，不予显示" in html
    assert "企业1" not in html  # the statistics never name an enterprise
