"""Two audiences, two documents: the client report holds nothing internal; the worksheet holds it all.

Also: one ranking everywhere (terminal and report agree), due dates from the assessment date, the
self-assessment wording, and the phone layout measured in headless Chromium."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from escort.answers import load_answers
from escort.engine import evaluate
from escort.report import render_html, render_worksheet
from escort.report_view import ranked_actions

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
# Phrases meant for the lawyer, never for the client (review ux-2026-12, problem 6)
INTERNAL_PHRASES = ["未收入本工具的法规库", "未收入本法规库", "未收入法规库", "本工具", "请律师核对", "须另行核对",
                    "引用前请核对", "尚未收录", "以律师核对为准", "需核实后测算", "not selected", "unknown"]
CODE_MARKERS = ["sum(", "double_wage", "late_surcharge(", "unsigned_until", " * ", "r.paid_date", "if 'unpaid'"]


def client_text(page: str) -> str:
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<meta[^>]*>", "", page)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def result_of(registry, path: Path):
    return evaluate(registry, load_answers(path, registry)[0])


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_client_report_has_no_ids_internal_notes_or_code(escort_registry, example):
    result = result_of(escort_registry, example)
    text = client_text(render_html(result, escort_registry))
    for phrase in INTERNAL_PHRASES + CODE_MARKERS:
        assert phrase not in text, (example.name, phrase, text[max(0, text.find(phrase) - 80):text.find(phrase) + 40])
    ids = {f.rule for f in result.findings} | {q for a in result.answers.values() for q in a}
    ids |= {v.question for v in result.needs_verification}
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    leaked = sorted(i for i in ids if "_" in i and i in words)
    assert leaked == [], (example.name, leaked)


def test_the_worksheet_holds_what_the_report_leaves_out(escort_registry):
    result = result_of(escort_registry, next(p for p in EXAMPLES if p.stem == "average"))
    sheet = client_text(render_worksheet(result, escort_registry))
    assert "不交给企业" in sheet
    assert "未收入" in sheet                       # rules whose article is not in the registry
    # the version actually applied: average's trade-secret rules now cite 反不正当竞争法 by date (2025 text)
    assert "反不正当竞争法" not in sheet or "2025" in sheet
    assert "unsigned_until" in sheet               # the code form of the double-wage formula
    assert any(f"{v.checklist}.{v.question}" in sheet for v in result.needs_verification)


def test_a_template_left_untouched_is_flagged_as_placeholder(escort_registry, tmp_path):
    from escort.template import PLACEHOLDER_USCC, render_template

    text, _ = render_template(escort_registry, ["labour"], dt.date(2026, 11, 20))
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    sheet = client_text(render_worksheet(result_of(escort_registry, path), escort_registry))
    assert PLACEHOLDER_USCC in sheet and "占位" in sheet
    assert "一题都没有回答" in sheet


def test_the_terminal_and_the_report_list_the_same_five_in_the_same_order(escort_registry, run_cli, tmp_path):
    average = next(p for p in EXAMPLES if p.stem == "average")
    out = run_cli("check", str(average), "-o", str(tmp_path), "--format", "json,html")
    assert out.returncode == 0, out.stderr
    terminal = re.findall(r"^  \d\. \[[^\]]+\] (.+?)(?:（待核实）)? · ", out.stdout, re.M)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    top = page[page.index('class="top-actions"'):]
    top = top[:top.index("</ol>")]
    in_report = [htmllib.unescape(t) for t in re.findall(r"<strong>(.*?)</strong>", top)]
    assert terminal == in_report and len(terminal) == 5
    result = result_of(escort_registry, average)
    ranked = ranked_actions(result)
    assert [f.title for f in ranked[:5]] == terminal
    order = ["critical", "high", "medium", "low", "info"]
    for a, b in zip(ranked, ranked[1:]):       # severity, then the money at stake
        if a.status == b.status and a.severity == b.severity:
            assert (a.exposure.high if a.exposure else 0) >= (b.exposure.high if b.exposure else 0)
        elif a.status == b.status:
            assert order.index(a.severity.value) < order.index(b.severity.value)
    # due dates are dates counted from the assessment date (2026-11-20): 30 days → 2026-12-20
    assert "2026-12-20 前（30日内）" in client_text(page)


def test_a_self_assessment_is_worded_for_the_enterprise(escort_registry, tmp_path):
    average = next(p for p in EXAMPLES if p.stem == "average")
    text = average.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  mode: .*$", "", text)
    text = text.replace("assessment:\n", "assessment:\n  mode: self\n", 1)
    text = re.sub(r"(?m)^  (firm|licence): .*$", "", text)
    text = re.sub(r"(?m)^  assessor: .*$", "  assessor: 王芳（人事经理）", text)
    path = tmp_path / "self.yaml"
    path.write_text(text, encoding="utf-8")
    result = result_of(escort_registry, path)
    assert result.assessment.mode == "self"
    page = client_text(render_html(result, escort_registry))
    assert "企业法律风险自查报告" in page and "自查负责人" in page and "企业（盖章）" in page
    for lawyer_words in ("承办律师", "律师事务所（盖章）", "承办律师事务所"):
        assert lawyer_words not in page, lawyer_words
    assert "交由律师审阅" in page


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_the_html_report_fits_a_390_px_phone(escort_registry, tmp_path):
    result = result_of(escort_registry, next(p for p in EXAMPLES if p.stem == "average"))
    page = render_html(result, escort_registry)
    # headless Chromium will not make a window narrower than 500 px: the report goes in a 390 px frame
    probe = ("<script>var cell = document.querySelector('.summary-cell:last-child').getBoundingClientRect();"
             "parent.document.body.setAttribute('data-width', window.innerWidth + ',' + "
             "document.documentElement.scrollWidth + ',' + Math.round(cell.left));</script></body>")
    (tmp_path / "r.html").write_text(page.replace("</body>", probe), encoding="utf-8")
    (tmp_path / "phone.html").write_text('<html><body style="margin:0"><iframe src="r.html" width="390" height="844">'
                                         '</iframe></body></html>', encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                          "--window-size=500,844", "--dump-dom", (tmp_path / "phone.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    inner, scroll, left = map(int, re.search(r'data-width="(\d+),(\d+),(\d+)"', dom).groups())
    assert inner == 390
    assert scroll <= inner        # nothing wider than the screen: no sideways scrolling
    assert left < 60              # the severity table sits under the chart, not squeezed beside it
