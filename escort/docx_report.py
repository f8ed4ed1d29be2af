"""The report and letters as Word documents (python-docx), for lawyers who edit in Word or WPS.

Every document starts from a Word template — the bundled
``reports/docx/escort-template.docx`` or ``escort-template.docx`` in the brand's
templates folder — and only uses its named styles (Title, Heading 1–3,
Normal, List Bullet, "Escort Table", "Escort Small", "Escort Law"), so a firm
restyles fonts, colours, margins and letterhead in Word without touching code.
Chinese fonts live in those styles (python-docx cannot set East Asian fonts
reliably from code).  Charts are PNG (Word has no SVG support through
python-docx), drawn by :mod:`escort.charts`.  Every table repeats its header
row on each page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from escort.models import SEVERITY_NAMES
from escort.resources import data_path

TEMPLATE_NAME = "escort-template.docx"
GRADE_NAMES = {"green": "绿灯（风险总体可控）", "amber": "黄灯（存在需要整改的风险）", "red": "红灯（存在重大法律风险）"}


def template_path(brand: Any = None) -> Path:
    """The brand's Word template when it has one, else the bundled one."""
    folder = getattr(brand, "templates", None)
    if folder and (Path(folder) / TEMPLATE_NAME).is_file():
        return Path(folder) / TEMPLATE_NAME
    return data_path("reports", "docx", TEMPLATE_NAME)


def new_document(brand: Any = None):
    """A document from the template with an empty body (its section settings, header and footer kept)."""
    from docx import Document

    doc = Document(str(template_path(brand)))
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def add_table(doc: Any, headers: list[str], rows: list[list[Any]], widths_cm: list[float] | None = None):
    """A table in the "Escort Table" style whose header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Escort Table"]
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, headers):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "E5EBF2")
        cell._tc.get_or_add_tcPr().append(shade)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = "" if value is None else str(value)
    if widths_cm:
        table.autofit = False
        for column, w in zip(table.columns, widths_cm):
            column.width = Cm(w)  # the grid, which LibreOffice and WPS read
        for row in table.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = Cm(w)
    return table


def _bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_report_docx(result: Any, registry: Any = None, brand: Any = None, *, sections: list | None = None) -> bytes:
    """The risk report as DOCX: profile, summary with a chart, findings by domain with quoted law, action plan.

    *sections* are (plugin, ReportSection) pairs; by default they are asked of the catalog's plugins.  Their
    paragraphs and tables are placed as Word paragraphs and tables (their HTML is for html/pdf only).
    """
    from docx.shared import Cm

    from escort.charts import BarChart, bar_chart_png
    from escort.report_view import build_view

    v = build_view(result, registry)
    doc = new_document(brand)
    ent, asm = result.enterprise, result.assessment
    doc.add_paragraph("法治体检报告", style="Title")
    doc.add_paragraph(f"{ent.name} · 体检日期 {asm.date} · {v['mode']}", style="Escort Small")
    doc.add_heading("一、企业概况", level=1)
    add_table(doc, ["项目", "内容"], [
        ["企业名称", ent.name], ["统一社会信用代码", ent.uscc], ["行业", ent.industry or "—"],
        ["地区", ent.region or "—"], ["员工人数", ent.employees if ent.employees is not None else "—"],
        ["体检律师", "、".join(x for x in (asm.assessor, asm.firm) if x) or "—"]], [4.5, 11.5])
    doc.add_heading("二、体检结论", level=1)
    doc.add_paragraph(f"总体评级：{GRADE_NAMES[result.grade]}；综合得分 {result.overall_score:g}/100；"
                      f"发现问题 {v['fired_total']} 项，待核实 {v['verify_total']} 项；估算涉及金额：{v['exposure_total']}。")
    chart = BarChart("各领域得分", tuple(s.name for s in result.domain_scores),
                     tuple(s.score for s in result.domain_scores), "#1f3a5f", " 分")
    doc.add_picture(io.BytesIO(bar_chart_png(chart)), width=Cm(14))
    counts = [[SEVERITY_NAMES[s["id"]], s["fired"], s["verify"]] for s in v["severities"]]
    add_table(doc, ["等级", "已发现", "待核实"], counts, [4, 4, 4])
    doc.add_heading("三、发现的问题", level=1)
    for d in v["domains"]:
        doc.add_heading(f"{d['number']}. {d['name']}", level=2)
        if not d["findings"]:
            doc.add_paragraph("本领域未发现问题。")
        for f in d["findings"]:
            _finding(doc, f)
    doc.add_heading("四、整改计划", level=1)
    add_table(doc, ["序号", "问题", "等级", "期限", "建议"],
              [[p["priority"], p["title"] + ("（待核实）" if p["status"] == "verify" else ""), p["severity_name"],
                p["timeframe"], p["recommendation"]] for p in v["plan"]], [1.2, 5.5, 1.3, 1.6, 6.4])
    if result.needs_verification:
        doc.add_heading("五、待核实事项", level=1)
        add_table(doc, ["领域", "问题", "请提供"],
                  [[result.domain_names.get(x.domain, x.domain), x.text, "、".join(x.evidence)] for x in result.needs_verification],
                  [2.5, 8.5, 5])
    if sections is None:
        plugins = getattr(registry, "plugins", None)
        sections = plugins.report_sections(result) if plugins is not None else []
    for _plugin, section in sections:
        doc.add_heading(section.title, level=1)
        for text in section.paragraphs:
            doc.add_paragraph(text)
        for table in section.tables:
            if table.caption:
                doc.add_paragraph(table.caption, style="Caption")
            add_table(doc, table.columns, table.rows)
    doc.add_heading("说明", level=1)
    doc.add_paragraph("本报告依据企业提供的信息和材料作出；信息不完整或不准确的，结论可能不同。"
                      "金额为按所列算式的估算，供评估风险大小参考。", style="Escort Small")
    return _bytes(doc)


def _finding(doc: Any, f: dict) -> None:
    title = f"{f['number']} 【{SEVERITY_NAMES[f['severity']]}】{f['title']}"
    if f["status"] == "verify":
        title += "（待核实）"
    doc.add_heading(title, level=3)
    if f.get("override"):
        ov = f["override"]
        doc.add_paragraph(f"{ov['status']}：{ov['reason']}（{ov['by']}）", style="Escort Small")
    if f.get("message"):
        doc.add_paragraph(f["message"])
    for art in f.get("legal_basis", []):
        doc.add_paragraph(f"《{art['short_name']}》{art['label']}：{art['text']}", style="Escort Law")
    if f.get("consequence"):
        doc.add_paragraph(f"可能后果：{f['consequence']}")
    if f.get("exposure"):
        ex = f["exposure"]
        doc.add_paragraph(f"涉及金额：{f['exposure_range']}；算法：{ex['basis']}；计算：{ex['working']}")
    doc.add_paragraph(f"建议：{f['recommendation']}（{f['timeframe']}）")


def render_letter_docx(result: Any, kind: str, registry: Any = None, brand: Any = None) -> bytes:
    """风险提示函 (kind 'risk') or 整改建议书 ('rectify') as DOCX, from the same view as the HTML letter."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from escort.letters import letter_view

    v = letter_view(result, kind, brand)
    doc = new_document(brand)
    title = doc.add_paragraph(v["title"], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{v['enterprise']}：")
    if kind == "risk":
        doc.add_paragraph(f"受托于{v['date']}对贵单位开展法治体检。根据贵单位提供的情况，现将需要优先处理的主要法律风险"
                          "提示如下，请贵单位高度重视，按期处理。")
        if not v["items"]:
            doc.add_paragraph("本次体检未发现重大或高等级风险。")
        for it in v["items"]:
            doc.add_heading(f"{it['number']}. 【{it['severity']}】{it['title']}", level=2)
            if it["message"]:
                doc.add_paragraph(it["message"])
            doc.add_paragraph(f"可能后果：{it['consequence']}" + (f"（估算涉及金额 {it['exposure']}）" if it["exposure"] else ""))
            doc.add_paragraph(f"建议：{it['recommendation']} 完成期限：{it['due']}。")
            doc.add_paragraph(f"依据：{it['basis']}", style="Escort Small")
        if v["rest"] > 0:
            doc.add_paragraph(f"此外，本次体检还发现其他问题 {v['rest']} 项，详见《法治体检报告》及《整改建议书》。")
        doc.add_paragraph("以上提示依据贵单位提供的信息作出；如情况与所述不符，请及时告知，以便调整意见。")
    else:
        doc.add_paragraph(f"根据{v['date']}法治体检的结果，现就发现的问题提出整改建议如下。请贵单位确定每项的责任人和完成日期，"
                          "整改完成后保留相关证据，以备回访核验。")
        for g in v["groups"]:
            if not g["items"]:
                continue
            doc.add_heading(g["timeframe"], level=2)
            add_table(doc, ["序号", "问题", "等级", "整改建议", "完成期限", "责任人 / 状态"],
                      [[it["number"], it["title"] + ("（待核实）" if it["verify"] else ""), it["severity"],
                        it["recommendation"], it["due"], f"{it['responsible']} {it['status']}".strip()]
                       for it in g["items"]], [1.1, 4.4, 1.2, 5.5, 2.2, 2.0])
        doc.add_paragraph("标注“待核实”的事项，是因为体检时无法确认相关情况，请先核实；核实后确无问题的，告知我们即可。")
    for line in (v["firm"], f"律师：{v['assessor']}" if v["assessor"] else "", v["date"]):
        if line:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(doc)

