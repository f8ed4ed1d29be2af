"""Spreadsheets (openpyxl): one report's findings and action plan, the programme ledger (台账), the statistics.

Totals are Excel formulas (``=SUM(...)``), not pasted numbers, so a programme
office that edits a row sees the totals follow; sheets have filters and a
frozen header row.  Charts in the statistics workbook are native Excel charts.
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from escort.models import RECTIFICATION_NAMES, SEVERITY_NAMES, SEVERITY_ORDER, TIMEFRAME_NAMES

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DUE_DAYS = {"immediately": 7, "within_30_days": 30, "within_90_days": 90, "within_180_days": 180}


def _sheet(ws: Any, headers: list[str], rows: Iterable[list[Any]], widths: list[int]) -> int:
    """Write a table with a styled, frozen, filterable header; return the last data row."""
    ws.append(headers)
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    n = 1
    for row in rows:
        ws.append(row)
        n += 1
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # the header row on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(n, 2)}"
    return n


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def findings_workbook(result: Any, registry: Any = None, brand: Any = None) -> bytes:
    """One report as a workbook: 问题清单 (findings) and 整改计划 (action plan with due dates as formulas)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    from escort.report_view import finding_rank

    findings = sorted((f for f in result.findings if f.effective), key=finding_rank)
    rows = []
    for i, f in enumerate(findings, 1):
        basis = "；".join(f"{c.short_name}{c.label}" for c in f.legal_basis)
        ex = f.exposure
        rows.append([i, result.domain_names.get(f.domain, f.domain), SEVERITY_NAMES[f.severity.value],
                     "待核实" if f.status == "verify" else "已发现", f.title, f.message, basis,
                     ex.low if ex else None, ex.high if ex else None, ex.working if ex else "", f.recommendation,
                     TIMEFRAME_NAMES[f.timeframe.value], f"{f.checklist}.{f.rule}"])
    last = _sheet(ws, ["序号", "领域", "等级", "状态", "问题", "事实", "法律依据", "金额下限（元）", "金额上限（元）",
                       "金额算式", "建议", "期限", "规则"], rows, [6, 12, 8, 8, 36, 40, 30, 14, 14, 36, 40, 10, 30])
    ws.cell(last + 1, 5, "合计")
    ws.cell(last + 1, 8, f"=SUM(H2:H{max(last, 2)})")
    ws.cell(last + 1, 9, f"=SUM(I2:I{max(last, 2)})")
    for col in (8, 9):
        for r in range(2, last + 2):
            ws.cell(r, col).number_format = "#,##0.00"
    plan = wb.create_sheet("整改计划")
    rect = getattr(result, "rectification", {})
    prows = []
    for i, f in enumerate(findings, 1):
        rec = rect.get(f.checklist, {}).get(f.rule)
        row = i + 1
        days = DUE_DAYS.get(f.timeframe.value)
        due = rec.due if rec and rec.due else (f"=C{row}+{days}" if days else None)
        prows.append([i, f.title, result.assessment.date, TIMEFRAME_NAMES[f.timeframe.value], due,
                      rec.responsible if rec else None, RECTIFICATION_NAMES[rec.status] if rec else "未整改",
                      "、".join(rec.evidence) if rec else None, rec.verified_by if rec else None,
                      rec.verified_on if rec else None, f"{f.checklist}.{f.rule}"])
    _sheet(plan, ["序号", "问题", "体检日期", "期限", "整改期限", "责任人", "整改状态", "整改证据", "核验人", "核验日期", "规则"],
           prows, [6, 40, 12, 10, 12, 12, 12, 30, 10, 12, 30])
    for r in range(2, len(prows) + 2):
        for col in (3, 5, 10):
            plan.cell(r, col).number_format = "yyyy-mm-dd"
    return _bytes(wb)


def ledger_row(r: Any) -> list[Any]:
    """One checkup's row of the ledger (JSON-safe: the date is ISO text), as a batch worker computes it."""
    fired = [f for f in r.findings if f.effective and f.status == "fired"]
    counts = [sum(f.severity.value == s for f in fired) for s in SEVERITY_ORDER]
    rect = [getattr(r, "rectification", {}).get(f.checklist, {}).get(f.rule) for f in fired]
    fixed = sum(1 for x in rect if x is not None and x.status in ("done", "verified", "waived"))

    def total(kind: str) -> float:
        return round(sum(f.exposure.high for f in fired
                         if f.exposure and (getattr(f.exposure, "kind", None) or "liability") == kind), 2)

    return [r.enterprise.name, r.enterprise.uscc, r.enterprise.industry, r.enterprise.region,
            r.assessment.date.isoformat(), r.assessment.assessor, r.assessment.firm, *counts, None,
            total("liability"), total("claim"), total("recovery"), fixed, len(fired) - fixed]


def ledger_workbook(results: Iterable[Any]) -> bytes:
    """The programme ledger (台账): one row per checkup, with a totals row of formulas."""
    return ledger_workbook_from_rows([ledger_row(r) for r in results])


def ledger_workbook_from_rows(rows: list[list[Any]]) -> bytes:
    """The ledger from rows made by :func:`ledger_row`, sorted by checkup date then credit code."""
    import datetime as dt

    rows = sorted((list(r) for r in rows), key=lambda r: (r[4], r[1]))
    wb = Workbook()
    ws = wb.active
    ws.title = "体检台账"
    for i, row in enumerate(rows, 2):
        row[4] = dt.date.fromisoformat(row[4])
        row[12] = f"=SUM(H{i}:L{i})"
    headers = ["企业名称", "统一社会信用代码", "行业", "地区", "体检日期", "律师", "律所",
               *(f"{SEVERITY_NAMES[s]}" for s in SEVERITY_ORDER), "问题合计",
               "可能承担的责任（上限，元）", "可主张款项（上限，元）", "可追回款项（上限，元）", "已整改", "未整改"]
    last = _sheet(ws, headers, rows, [30, 22, 16, 16, 12, 10, 20, 6, 6, 6, 6, 6, 9, 18, 16, 16, 8, 8])
    total = last + 1
    ws.cell(total, 1, "合计")
    for col in range(8, 19):
        letter = get_column_letter(col)
        ws.cell(total, col, f"=SUM({letter}2:{letter}{max(last, 2)})")
    for r in range(2, total + 1):
        ws.cell(r, 5).number_format = "yyyy-mm-dd"
        for col in (14, 15, 16):
            ws.cell(r, col).number_format = "#,##0.00"
    return _bytes(wb)


def stats_workbook(stats: Any) -> bytes:
    """The statistics, one sheet per table, with native Excel bar charts on the first sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "概览"
    ws.append(["指标", "数值"])
    ws.append(["企业（家）", stats.enterprises])
    ws.append(["体检（次）", stats.checkups])
    ws.append(["待核实（项）", stats.to_verify])
    ws.append([])
    ws.append(["等级", "问题数"])
    start = ws.max_row
    for s in SEVERITY_ORDER:
        ws.append([SEVERITY_NAMES[s], stats.findings_by_severity[s]])
    chart = BarChart()
    chart.title, chart.y_axis.title = "各等级问题数", "项"
    chart.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + len(SEVERITY_ORDER)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(SEVERITY_ORDER)))
    ws.add_chart(chart, "D2")
    ws.column_dimensions["A"].width = 16

    dom = wb.create_sheet("领域")
    _sheet(dom, ["领域", *(SEVERITY_NAMES[s] for s in SEVERITY_ORDER), "合计"],
           [[stats.domain_names.get(d, d), *(c[s] for s in SEVERITY_ORDER), None] for d, c in stats.findings_by_domain.items()],
           [16, 8, 8, 8, 8, 8, 8])
    for r in range(2, len(stats.findings_by_domain) + 2):
        dom.cell(r, 7, f"=SUM(B{r}:F{r})")
    if stats.findings_by_domain:
        c2 = BarChart()
        c2.type, c2.grouping, c2.overlap, c2.title = "bar", "stacked", 100, "各领域问题数"
        n = len(stats.findings_by_domain) + 1
        c2.add_data(Reference(dom, min_col=2, max_col=6, min_row=1, max_row=n), titles_from_data=True)
        c2.set_categories(Reference(dom, min_col=1, min_row=2, max_row=n))
        dom.add_chart(c2, "I2")

    _sheet(wb.create_sheet("常见问题"), ["问题", "规则", "等级", "企业数"],
           [[r["title"], f"{r['checklist']}.{r['rule']}", SEVERITY_NAMES[r["severity"]], r["count"]] for r in stats.top_rules],
           [40, 30, 8, 8])
    from escort.stats import EXPOSURE_KINDS

    _sheet(wb.create_sheet("涉及金额"), ["类型（互不相加）", "下限（元）", "上限（元）"],
           [[name, stats.exposure[k]["low"], stats.exposure[k]["high"]] for k, name in EXPOSURE_KINDS.items()]
           + ([[stats.exposure_note, None, None]] if stats.exposure_note else []), [30, 18, 18])
    _sheet(wb.create_sheet("整改情况"), ["状态", "问题数"],
           [[RECTIFICATION_NAMES[k], v] for k, v in stats.rectification.items()], [16, 10])
    _sheet(wb.create_sheet("期间"), ["期间", "体检次数"], [[k, v] for k, v in stats.by_period.items()], [12, 10])
    for view, label in (("industry", "行业"), ("district", "地区")):
        _sheet(wb.create_sheet(f"按{label}"), [label, "企业数", "问题数", "重大", "高", "可能承担的责任（上限，元）"],
               [[row.group, "不足最小组，不予显示", None, None, None, None] if row.suppressed else
                [row.group, row.enterprises, row.findings, row.critical, row.high, row.liability_high]
                for row in stats.anonymised[view]], [20, 10, 10, 8, 8, 22])
    return _bytes(wb)

