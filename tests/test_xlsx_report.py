"""Spreadsheets read back with openpyxl: formulas, filters, charts."""

from __future__ import annotations

import io

import pytest

openpyxl = pytest.importorskip("openpyxl")

from escort.stats import compute_stats  # noqa: E402
from escort.xlsx_report import findings_workbook, ledger_workbook, stats_workbook  # noqa: E402


@pytest.fixture
def results(make_result):
    return [
        make_result(1, "2026-11-20", [("labour", "no_contract", "high", "fired", 90_000),
                                      ("tax", "arrears", "critical", "fired", 50_000),
                                      ("ip", "nda", "low", "verify", None)],
                    rectification={"tax": {"arrears": {"status": "verified", "responsible": "李会计", "due": "2026-12-31"}}}),
        make_result(2, "2026-10-08", [("labour", "no_contract", "high", "fired", 30_000)], industry="软件", region="杭州"),
    ]


def _load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_findings_workbook_is_filterable_with_formula_totals(results):
    wb = _load(findings_workbook(results[0]))
    ws = wb["问题清单"]
    assert ws.auto_filter.ref == "A1:M4" and ws.freeze_panes == "A2"
    assert [ws.cell(r, 5).value for r in (2, 3, 4)] == ["tax.arrears 的问题", "labour.no_contract 的问题", "ip.nda 的问题"]
    assert ws["H5"].value == "=SUM(H2:H4)" and ws["I5"].value == "=SUM(I2:I4)"
    assert ws["I2"].value == 50_000 and ws["I3"].value == 90_000 and ws["I4"].value is None
    plan = wb["整改计划"]
    # the rectification record's due date wins; otherwise the due date is a formula: checkup date + 30 days
    assert str(plan["E2"].value)[:10] == "2026-12-31" and plan["G2"].value == "已核验" and plan["F2"].value == "李会计"
    assert plan["E3"].value == "=C3+30" and plan["G3"].value == "未整改"


def test_ledger_has_a_row_per_checkup_in_date_order_and_formula_totals(results):
    ws = _load(ledger_workbook(results))["体检台账"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["企业2", "企业1"]  # 2026-10-08 before 2026-11-20
    row1 = [ws.cell(3, c).value for c in range(8, 13)]
    assert row1 == [1, 1, 0, 0, 0]  # critical, high, medium, low, info (the low one is only to verify)
    assert ws["M3"].value == "=SUM(H3:L3)"
    assert ws["N3"].value == 90_000 + 50_000 and ws["N2"].value == 30_000
    assert (ws["Q3"].value, ws["R3"].value) == (1, 1)  # one verified, one still open
    assert ws["A4"].value == "合计" and ws["N4"].value == "=SUM(N2:N3)"


def test_statistics_workbook_has_native_charts_and_suppressed_groups(results):
    wb = _load(stats_workbook(compute_stats(results, min_group=2)))
    import zipfile  # openpyxl does not read charts back: look for them in the file

    with zipfile.ZipFile(io.BytesIO(stats_workbook(compute_stats(results, min_group=2)))) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    rows = list(wb["按行业"].iter_rows(min_row=2, values_only=True))
    assert all(r[1] == "不足最小组，不予显示" for r in rows)  # 1 enterprise per industry < 2
    assert wb["概览"]["B2"].value == 2 and wb["概览"]["B3"].value == 2
    assert wb["领域"]["G2"].value == "=SUM(B2:F2)"
