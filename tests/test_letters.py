"""风险提示函 and 整改建议书 as HTML and PDF, and the programme formats as a plugin offers them."""

from __future__ import annotations

import io

import pytest

from escort.answers import load_answers
from escort.engine import evaluate
from escort.formats_programme import output_name, programme_formats
from escort.letters import due_text, letter_view, render_letter_html
from escort.resources import data_path


@pytest.fixture(scope="module")
def result(escort_registry):
    answers, _ = load_answers(data_path("examples", "in_trouble.yaml"), escort_registry)
    return evaluate(escort_registry, answers)


def test_due_dates_count_from_the_checkup_date():
    import datetime as dt

    assert due_text(dt.date(2026, 11, 20), "within_30_days") == "2026-12-20前（30日内）"
    assert due_text(dt.date(2026, 11, 20), "within_90_days") == "2027-02-18前（90日内）"
    assert due_text(dt.date(2026, 11, 20), "immediately") == "立即"


def test_risk_letter_takes_at_most_five_critical_or_high_risks_critical_first(result):
    v = letter_view(result, "risk")
    serious = [f for f in result.findings if f.effective and f.status == "fired" and f.severity.value in ("critical", "high")]
    assert len(v["items"]) == min(5, len(serious))
    severities = [it["severity_id"] for it in v["items"]]
    assert severities == sorted(severities, key=["critical", "high"].index)
    assert v["rest"] == sum(1 for f in result.findings if f.effective and f.status == "fired") - len(v["items"])


def test_letters_render_as_html_and_a_short_pdf(result):
    from pypdf import PdfReader

    html = render_letter_html(result, "risk")
    assert "法律风险提示函" in html and result.enterprise.name in html and "<script" not in html
    pdf = programme_formats()["risk_letter_pdf"].render(result, None, None)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 3
    assert "法律风险提示函" in reader.pages[0].extract_text()
    rectify = render_letter_html(result, "rectify")
    assert "整改建议书" in rectify and "<thead>" in rectify


def test_programme_formats_have_names_suffixes_and_files():
    formats = programme_formats()
    assert {"docx", "xlsx", "risk_letter_html", "risk_letter_pdf", "risk_letter_docx",
            "rectify_letter_html", "rectify_letter_pdf", "rectify_letter_docx"} <= set(formats)
    assert output_name(formats["docx"]) == "report.docx"
    assert output_name(formats["rectify_letter_pdf"]) == "rectify-letter.pdf"


def test_batch_writes_the_requested_formats(tmp_path, run_cli):
    out = run_cli("batch", str(data_path("examples", "well_run.yaml")), "-o", str(tmp_path / "out"),
                  "--format", "docx,xlsx,risk_letter_docx")
    assert out.returncode == 0, out.stderr
    folder = tmp_path / "out" / "well_run"
    assert {p.name for p in folder.iterdir()} >= {"result.json", "report.docx", "report.xlsx", "risk-letter.docx"}
