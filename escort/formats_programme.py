"""Report formats for programme work — DOCX report, XLSX findings workbook, the two letters — as a plugin.

They reach ``escort check``/``escort report``/``escort batch`` through the
``escort_report_formats`` hook (see docs/hooks.md), like any third-party
format; :func:`programme_formats` gives them to code that wants them
directly.  Each renderer imports python-docx/openpyxl only when it runs: both
are in the ``escort[programme]`` extra.
"""

from __future__ import annotations

from typing import Any, Callable

from escort.formats import ReportFormat
from escort.hookspecs import hookimpl

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _docx(result: Any, registry: Any, brand: Any) -> bytes:
    from escort.docx_report import render_report_docx

    return render_report_docx(result, registry, brand)


def _xlsx(result: Any, registry: Any, brand: Any) -> bytes:
    from escort.xlsx_report import findings_workbook

    return findings_workbook(result, registry, brand)


def _letter(kind: str, medium: str) -> Callable[[Any, Any, Any], bytes]:
    def render(result: Any, registry: Any, brand: Any) -> bytes:
        if medium == "docx":
            from escort.docx_report import render_letter_docx

            return render_letter_docx(result, kind, registry, brand)
        from escort.letters import render_letter_html

        html = render_letter_html(result, kind, brand)
        if medium == "html":
            return html.encode("utf-8")
        from escort.report import render_pdf

        return render_pdf(html)

    return render


LETTERS = {"risk-letter": ("risk", "风险提示函"), "rectify-letter": ("rectify", "整改建议书")}
MEDIA = {"html": (".html", "text/html; charset=utf-8"), "pdf": (".pdf", "application/pdf"), "docx": (".docx", DOCX)}


def programme_formats() -> dict[str, ReportFormat]:
    """Every format this module provides, by name."""
    formats: list[ReportFormat] = [
        ReportFormat("docx", ".docx", DOCX, _docx, "法治体检报告（Word，可编辑；样式取自 Word 模板）"),
        ReportFormat("xlsx", ".xlsx", XLSX, _xlsx, "问题清单与整改计划（Excel，可筛选）"),
    ]
    for name, (kind, title) in LETTERS.items():
        for medium, (suffix, media_type) in MEDIA.items():
            formats.append(ReportFormat(f"{name.replace('-', '_')}_{medium}", suffix, media_type, _letter(kind, medium),
                                        f"{title}（{medium.upper()}）", filename=f"{name}{suffix}"))
    return {f.name: f for f in formats}


def output_name(fmt: ReportFormat) -> str:
    """The file a format is written to: report.docx, report.xlsx, risk-letter.pdf, rectify-letter.docx …"""
    return fmt.filename


@hookimpl
def escort_report_formats():
    """The programme formats (DOCX report, XLSX workbook, letters in HTML/PDF/DOCX)."""
    return list(programme_formats().values())
