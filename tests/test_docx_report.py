"""DOCX report and letters, read back with python-docx as a person would see them."""

from __future__ import annotations

import io

import pytest

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

from escort.answers import load_answers  # noqa: E402
from escort.docx_report import render_letter_docx, render_report_docx  # noqa: E402
from escort.engine import evaluate  # noqa: E402
from escort.resources import data_path  # noqa: E402


@pytest.fixture(scope="module")
def result(escort_registry):
    answers, _ = load_answers(data_path("examples", "average.yaml"), escort_registry)
    return evaluate(escort_registry, answers)


@pytest.fixture(scope="module")
def document(result, escort_registry):
    return docx.Document(io.BytesIO(render_report_docx(result, escort_registry)))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_headings_in_order(document):
    heads = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert heads[:4] == ["一、企业概况", "二、体检结论", "三、发现的问题", "四、整改计划"]
    assert document.paragraphs[0].text == "法治体检报告" and document.paragraphs[0].style.name == "Title"


def test_findings_quote_the_law_verbatim_in_chinese(document, result):
    text = _text(document)
    fired = [f for f in result.findings if f.effective and f.status == "fired"]
    for f in fired[:5]:
        assert f.title in text
        art = f.legal_basis[0]
        assert f"《{art.short_name}》{art.label}：{art.text}" in text


def test_tables_repeat_their_header_rows(document, result):
    assert len(document.tables) >= 3
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    assert len(plan.rows) == 1 + sum(1 for f in result.findings if f.effective)
    assert table.style.name == "Escort Table"


def test_chinese_fonts_are_in_the_template_styles(document):
    def east_asian(style_name: str) -> str:
        fonts = document.styles[style_name].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "宋体"
    assert east_asian("Heading 1") == "黑体" and east_asian("Title") == "黑体"
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname).endswith("fontTable.xml"))
    assert b"Noto Serif CJK SC" in font_table.blob and b"Noto Sans CJK SC" in font_table.blob


def test_chart_is_a_png(document):
    blips = document.inline_shapes
    assert len(blips) == 1
    image = document.part.related_parts[blips[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_brand_template_restyles_the_document(result, tmp_path):
    from docx.shared import Pt

    from escort.docx_report import template_path
    from escort.report import Brand

    custom = docx.Document(str(template_path()))
    custom.styles["Normal"].font.size = Pt(14)
    custom.save(tmp_path / "escort-template.docx")
    doc = docx.Document(io.BytesIO(render_report_docx(result, None, Brand(templates=str(tmp_path)))))
    assert doc.styles["Normal"].font.size == Pt(14)


def test_risk_letter_lists_the_top_critical_and_high_risks(result):
    doc = docx.Document(io.BytesIO(render_letter_docx(result, "risk")))
    text = _text(doc)
    assert doc.paragraphs[0].text == "法律风险提示函"
    serious = [f for f in result.findings if f.effective and f.status == "fired" and f.severity.value in ("critical", "high")]
    critical = [f for f in serious if f.severity.value == "critical"]
    assert all(f.title in text for f in critical)  # the critical ones always come first
    items = [p for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(items) == min(5, len(serious))
    assert "完成期限：" in text


def test_rectification_letter_has_one_row_per_effective_finding(result):
    doc = docx.Document(io.BytesIO(render_letter_docx(result, "rectify")))
    rows = sum(len(t.rows) - 1 for t in doc.tables)
    assert rows == sum(1 for f in result.findings if f.effective)
    assert doc.paragraphs[0].text == "整改建议书"
