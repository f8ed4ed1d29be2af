"""Build reports/docx/escort-template.docx, the Word template of the DOCX report and letters.

A firm restyles its reports by opening that file in Word or WPS, changing the
styles (正文 Normal, 标题 Title, Heading 1–3, the table style "Escort Table",
page margins, header and footer) and saving it as ``escort-template.docx`` in
its brand templates folder.  Escort only ever fills the body; it never sets a
font in code.

Why the fonts are set here, in the styles: python-docx's ``font.name`` sets
only the Latin fonts (w:ascii/w:hAnsi), so Chinese text would fall back to
whatever the viewer picks (python-openxml/python-docx#154).  The styles name
宋体 (body) and 黑体 (headings) as East Asian fonts — what a Chinese lawyer's
Word has — and the font table gives Noto Serif/Sans CJK SC as their
alternates for machines without them.

Run: .venv/bin/python scripts/make_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "reports" / "docx" / "escort-template.docx"
BODY_CJK, HEAD_CJK = "宋体", "黑体"
ALTERNATES = {BODY_CJK: "Noto Serif CJK SC", HEAD_CJK: "Noto Sans CJK SC"}


def set_fonts(style, latin: str, east_asian: str, size: float, bold: bool | None = None, colour: str | None = None) -> None:
    style.font.name = latin
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_alternates(doc) -> None:
    """Declare 宋体/黑体 in the font table with their Noto CJK alternates."""
    font_table = next(p for p in doc.part.package.iter_parts() if p.partname.endswith("fontTable.xml"))
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    for name, alt in ALTERNATES.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "roman" if name == BODY_CJK else "swiss")
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.4)
    styles = doc.styles
    set_fonts(styles["Normal"], "Times New Roman", BODY_CJK, 10.5)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    styles["Normal"].paragraph_format.line_spacing = 1.3
    set_fonts(styles["Title"], "Arial", HEAD_CJK, 22, True, "1F3A5F")
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        set_fonts(styles[f"Heading {level}"], "Arial", HEAD_CJK, size, True, "1F3A5F")
    for name in ("List Bullet", "List Number", "Quote", "Caption"):
        set_fonts(styles[name], "Times New Roman", BODY_CJK, 10.5 if name != "Caption" else 9)
    table = styles.add_style("Escort Table", WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    set_fonts(table, "Times New Roman", BODY_CJK, 9.5)
    small = styles.add_style("Escort Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = styles["Normal"]
    set_fonts(small, "Times New Roman", BODY_CJK, 9, colour="4B5563")
    law = styles.add_style("Escort Law", WD_STYLE_TYPE.PARAGRAPH)
    law.base_style = styles["Normal"]
    set_fonts(law, "Times New Roman", BODY_CJK, 9.5, colour="374151")
    law.paragraph_format.left_indent = Cm(0.6)
    footer = section.footer.paragraphs[0]
    footer.text = "本报告依据企业提供的信息作出，仅供企业内部整改参考。"
    footer.style = small
    OUT.parent.mkdir(parents=True, exist_ok=True)
    add_alternates(doc)
    doc.core_properties.author = "Escort"
    doc.core_properties.title = "法治体检报告模板"
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
