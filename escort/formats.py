"""Output formats: what a result can be rendered to, registered through ``escort_report_formats``.

Escort's own json, html and pdf are registered here, through the same hook a
third-party plugin uses for docx or xlsx; front ends (``escort check
--format``, ``escort report``, the web portal, batch runs) offer exactly the
registered formats and call :meth:`escort.service.Escort.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from escort.hookspecs import hookimpl


@dataclass(frozen=True)
class ReportFormat:
    """One output format.

    ``render(result, catalog, brand)`` returns the document's bytes; *catalog*
    may be None when a saved result is re-rendered without the checklists, and
    *brand* is an :class:`escort.report.Brand` or None.  ``options`` are
    format-specific keyword arguments a front end may pass (e.g. the PDF variant).
    """

    name: str
    suffix: str
    media_type: str
    render: Callable[..., bytes]
    description: str = ""
    options: tuple[str, ...] = field(default=())
    plugin: str = ""
    filename: str = field(default="", metadata={"doc": "The output's file name; default report<suffix> "
                                                      "(result.json for json), e.g. worksheet.pdf for a second document."})

    def __post_init__(self) -> None:
        if not self.filename:
            object.__setattr__(self, "filename", "result.json" if self.name == "json" else f"report{self.suffix}")


def render_json(result: Any, catalog: Any = None, brand: Any = None) -> bytes:
    """The result itself, as written to result.json."""
    return (result.model_dump_json(indent=2) + "\n").encode("utf-8")


def render_html(result: Any, catalog: Any = None, brand: Any = None) -> bytes:
    """The risk report as one self-contained HTML file."""
    from escort import report

    return report.render_html(result, catalog, brand=brand or report.Brand()).encode("utf-8")


def render_pdf(result: Any, catalog: Any = None, brand: Any = None, *, variant: str | None = None) -> bytes:
    """The risk report as a print-grade A4 PDF (WeasyPrint, imported only here)."""
    from escort import report

    return report.render_pdf(render_html(result, catalog, brand).decode("utf-8"), variant=variant)


def render_worksheet_html(result: Any, catalog: Any = None, brand: Any = None) -> bytes:
    """The lawyer's worksheet as one HTML file: what to check before signing; never sent to the client."""
    from escort import report

    return report.render_worksheet(result, catalog, brand=brand or report.Brand()).encode("utf-8")


def render_worksheet_pdf(result: Any, catalog: Any = None, brand: Any = None, *, variant: str | None = None) -> bytes:
    """The lawyer's worksheet as an A4 PDF, to print before sign-off."""
    from escort import report

    return report.render_pdf(render_worksheet_html(result, catalog, brand).decode("utf-8"), variant=variant)


@hookimpl
def escort_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat("json", ".json", "application/json", render_json, "结果数据（result.json，可再次生成报告）"),
        ReportFormat("html", ".html", "text/html; charset=utf-8", render_html, "风险报告（单文件网页）"),
        ReportFormat("pdf", ".pdf", "application/pdf", render_pdf, "风险报告（A4 PDF）", options=("variant",)),
        ReportFormat("worksheet", ".html", "text/html; charset=utf-8", render_worksheet_html,
                     "律师核对清单（签发前核对，不交给企业）", filename="worksheet.html"),
        ReportFormat("worksheet_pdf", ".pdf", "application/pdf", render_worksheet_pdf,
                     "律师核对清单（A4 PDF）", options=("variant",), filename="worksheet.pdf"),
    ]
