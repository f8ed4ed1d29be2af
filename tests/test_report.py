"""The risk report: HTML structure, escaping, determinism; PDF smoke tests; the report command."""

from __future__ import annotations

import html as htmllib
import io
import re
from pathlib import Path

import pytest

from escort.models import ReportSection
from escort.report import render_html
from escort.testing import run_answers

HOSTILE = '<script>alert(1)</script>{{ 7*7 }}<img src="file:///etc/hostname">http://127.0.0.1:9/x'

SAMPLE = {
    "headcount": 86,
    "has_unsigned": True,
    "unsigned_staff": [{"name": "张三", "hire_date": "2026-03-02", "monthly_wage": 6800},
                       {"name": "李四", "hire_date": "2025-09-15", "monthly_wage": 7200}],
    "overtime_hours_max": "unknown",          # -> overtime_over_cap is to verify
    "overtime_pay": "partial",
    "insured_share": 90,
    "insurance_types": ["pension", "medical", "unemployment"],
    "arrears": 48000,
    "arrears_since": "2026-08-01",
    "hr_notes": {"value": HOSTILE, "note": "人事经理口述<b>未核对</b>"},
}
OVERRIDES = {"sample": {
    "overtime_underpaid": {"status": "dismissed", "reason": "已按综合工时制审批", "by": "王律师", "until": "2026-10-01"},
    "insurance_incomplete": {"status": "not_applicable", "reason": "工伤保险已由总公司统一缴纳", "by": "王律师"},
}}

HEADINGS = ["执行摘要", "风险矩阵", "劳动用工", "整改计划", "待核实事项", "资料清单", "附录：问卷与回答", "附录：法律依据汇编",
            "评估方法与评分", "声明与签署"]


@pytest.fixture(scope="module")
def outcome(escort_registry):
    return run_answers(escort_registry, "sample", SAMPLE, date="2026-11-20", overrides=OVERRIDES,
                       enterprise={"name": "杭州示范" + HOSTILE, "tags": ["escort-sample"]})


@pytest.fixture(scope="module")
def page(outcome, escort_registry) -> str:
    return render_html(outcome.result, escort_registry)


def h1s(page: str) -> list[str]:
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h1>(.*?)</h1>", page, re.S)]


def test_html_is_deterministic(outcome, escort_registry, page):
    assert render_html(outcome.result, escort_registry) == page


def test_chinese_headings_appear_in_the_order_of_the_issue(page):
    titles = h1s(page)
    assert [t.split("、", 1)[1] for t in titles] == HEADINGS
    assert titles[0] == "一、执行摘要" and titles[-1] == "十、声明与签署"
    toc = page[page.index('class="toc"'):page.index('id="summary"')]
    assert all(h in toc for h in HEADINGS)


def test_hostile_strings_from_answers_are_escaped_and_not_evaluated(page):
    assert "<script>" not in page and "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page                      # jinja syntax in data stays literal
    assert '<img src="file:' not in page and "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in page
    assert "<b>未核对</b>" not in page and "&lt;b&gt;未核对&lt;/b&gt;" in page


def test_html_is_self_contained(escort_registry):
    clean = run_answers(escort_registry, "sample", {**SAMPLE, "hr_notes": "无"},
                        enterprise={"tags": ["escort-sample"]})
    page = render_html(clean.result, escort_registry)
    assert "<style>" in page and "<svg" in page
    for banned in ("http://", "https://", "file:", "<link", "<script", " src=", "url("):
        assert banned not in page, banned


def test_findings_within_a_domain_are_ordered_by_severity(page):
    start = page.index('id="domain-labour"')
    body = page[start:page.index('id="plan"')]
    order = re.findall(r'<article class="finding sev-(\w+)( is-verify)?( is-dismissed)?"', body)
    ranks = ["critical", "high", "medium", "low", "info"]
    active = [ranks.index(sev) for sev, verify, dismissed in order if not verify and not dismissed]
    assert active == sorted(active) and active[0] == 0
    # effective fired findings first, then those to verify, then those a lawyer set aside
    kinds = [(bool(d), bool(v)) for _, v, d in order]
    assert kinds == sorted(kinds)


def test_exposure_shows_amount_basis_formula_and_working(page, outcome):
    text = htmllib.unescape(page)
    arrears = outcome.fired("insurance_arrears")
    days = 31 + 30 + 31 + 19                        # 2026-08-01 .. 2026-11-20
    assert arrears.exposure.low == 48000 * 0.0005 * days
    assert "2,664 – 146,664 元" in text           # 48000 × 0.05% × 111 天; + 48000 × 3
    assert arrears.exposure.basis in text
    # the client reads the arithmetic with the numbers put in; the code form is on the lawyer's worksheet
    assert "arrears * 0.0005" not in text and "days_between" not in text
    assert "下限：48,000 × 0.0005 × 111 = 2,664 元" in text
    assert "上限：48,000 × 0.0005 × 111 + 48,000 × 3 = 146,664 元" in text
    assert "6,800 × 7 + 7,200 × 11 = 126,800 元" in text   # 劳动合同法第八十二条: 6800 × 7 + 7200 × 11


def test_verify_and_overrides_are_marked(page):
    text = htmllib.unescape(page)
    verify = text[text.index('<article class="finding sev-medium is-verify"'):]
    assert "待核实" in verify[:600]
    assert "最近十二个月里，员工加班最多的一个月加了多少小时？" in text
    assert "已按综合工时制审批" in text and "有效期至 2026-10-01" in text and "已过期" in text
    assert "工伤保险已由总公司统一缴纳" in text and "已排除" in text


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def test_cards_cite_law_revision_and_article_and_point_to_the_compendium(page, outcome):
    text = htmllib.unescape(page)
    art = outcome.fired("no_written_contract").legal_basis[1]
    card = text[text.index('id="f-sample-no_written_contract"'):]
    card = card[:card.index("</article>")]
    assert f"《{art.short_name}》{art.label}" in card and art.revision_zh in card  # the revision, in Chinese
    anchor = re.search(r'《%s》%s<span class="law-rev">[^<]*</span><a class="law-link" href="#([^"]+)">见附录〔(\d+)〕'
                       % (re.escape(art.short_name), art.label), card)
    assert anchor, "the card links to the article in the appendix"
    laws = text[text.index('id="laws"'):text.index('id="method"')]
    assert f'id="{anchor.group(1)}"' in laws and f"〔{anchor.group(2)}〕" in laws
    assert _paragraphs(art.text)[-1] not in card       # the full text is in the appendix, not on the card


def test_every_cited_article_is_quoted_exactly_once_in_the_appendix_in_law_then_article_order(page, outcome):
    from escort.report_view import _article_number, _law_rank

    text = htmllib.unescape(page)
    body, laws = text[:text.index('id="laws"')], text[text.index('id="laws"'):text.index('id="method"')]
    cited = {a.key: a for f in outcome.result.findings for a in f.legal_basis}
    assert cited
    for art in cited.values():
        for para in _paragraphs(art.text)[1:] or [art.text[len(art.label):]]:
            assert laws.count(para.strip()) == 1, (art.key, para[:30])
            assert para.strip() not in body, art.key       # quoted nowhere else
    anchors = re.findall(r'<div class="law-article" id="law-([^"]+)">', laws)
    assert len(anchors) == len(set(anchors)) == len(cited)
    order = [cited[k] for k in sorted(cited, key=lambda k: anchors.index(re.sub(r"[^A-Za-z0-9_-]", "-", k)))]
    keys = [(_law_rank(a.law), a.law, _article_number(a.key)) for a in order]
    assert keys == sorted(keys)
    # every card's link resolves to an anchor in the appendix
    for target in re.findall(r'class="law-link" href="#([^"]+)"', page):
        assert f'id="{target}"' in page


def test_low_and_info_findings_to_verify_are_table_rows_not_cards(outcome, escort_registry):
    from escort.report_view import build_view

    view = build_view(outcome.result, escort_registry)
    for d in view["domains"]:
        for f in d["rows"]:
            assert f["status"] == "verify" and f["severity"] in ("low", "info")
        for f in d["cards"]:
            assert not (f["status"] == "verify" and f["severity"] in ("low", "info"))
        assert len(d["rows"]) + len(d["cards"]) == len(d["findings"])


def test_remediation_verification_documents_and_appendix(page):
    text = htmllib.unescape(page)
    plan = text[text.index('id="plan"'):text.index('id="verification"')]
    assert "责任人" in plan and plan.count("<tr>") >= 4
    verification = text[text.index('id="verification"'):text.index('id="documents"')]
    assert "答“不清楚”" in verification and "考勤记录" in verification
    documents = text[text.index('id="documents"'):text.index('id="appendix"')]
    assert "劳动合同台账" in documents and "社保对账单" in documents and "优先" in documents
    appendix = text[text.index('id="appendix"'):text.index('id="method"')]
    assert "目前在职员工共有多少人？" in appendix and "86 人" in appendix
    assert "养老保险、医疗保险（含生育）、失业保险" in appendix
    assert "备注：人事经理口述" in appendix


def test_report_without_registry_uses_what_the_result_carries(outcome):
    page = htmllib.unescape(render_html(outcome.result, None))
    assert "备注：人事经理口述" in page and "《劳动合同法》第八十二条" in page and "《中华人民共和国劳动合同法》" in page
    documents = page[page.index('id="documents"'):page.index('id="appendix"')]
    assert "考勤记录" in documents                  # evidence of the question to verify, carried by the result
    assert "劳动合同台账" not in documents          # question evidence needs the checklists


def test_plugin_sections_are_placed_after_their_anchor_and_trusted(outcome, escort_registry):
    sections = [("extra", ReportSection(title="行业专项", html="<p class='x'><b>专项</b></p>", after="plan"))]
    page = render_html(outcome.result, escort_registry, sections=sections)
    titles = [t.split("、", 1)[1] for t in h1s(page)]
    assert titles.index("行业专项") == titles.index("整改计划") + 1
    assert "<p class='x'><b>专项</b></p>" in page


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    from escort.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return exc.value.code, captured.out, captured.err


def test_report_command_rerenders_a_saved_result(outcome, tmp_path, capsys):
    saved = tmp_path / "result.json"
    saved.write_text(outcome.result.model_dump_json(indent=2), encoding="utf-8")
    code, out, err = run_cli(["report", str(saved), "--format", "html", "-o", str(tmp_path / "r")], capsys)
    assert code == 0, err
    written = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in written and "执行摘要" in written
    assert not list((tmp_path / "r").glob(".report.html.*"))   # no temp file left behind


@pytest.mark.parametrize("content, says", [
    ("{not json", "not valid JSON"),
    ('{"schema_version": "1.0"}', "not an Escort result"),
    (None, "cannot read"),
])
def test_bad_result_file_is_one_line_and_exit_2(tmp_path, capsys, content, says):
    path = tmp_path / "result.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_cli(["report", str(path), "--format", "html"], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in err


# --------------------------------------------------------------------------- PDF

def _weasyprint_reason() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot import here: {exc}"
    return None


needs_pdf = pytest.mark.skipif(_weasyprint_reason() is not None, reason=str(_weasyprint_reason()))


@pytest.fixture(scope="module")
def pdf(page) -> bytes:
    from escort.report import render_pdf

    return render_pdf(page)


@needs_pdf
def test_weasyprint_uses_harfbuzz_subsetting():
    from escort.report import has_subsetter

    assert has_subsetter(), "install libharfbuzz-subset0: without it a PDF render is ~15x slower (see README)"


@needs_pdf
def test_pdf_renders_with_sensible_page_count_and_chinese_text(pdf, outcome):
    from pypdf import PdfReader

    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert 8 <= len(reader.pages) <= 40
    text = "".join(p.extract_text() for p in reader.pages)
    squeezed = re.sub(r"\s+", "", text)
    for heading in HEADINGS:
        assert heading in squeezed, heading
    assert "杭州示范" in squeezed
    assert re.sub(r"\s+", "", outcome.fired("no_written_contract").title) in squeezed
    assert "第2页/共" in squeezed and "第1页/共" not in squeezed   # no footer on the cover


@needs_pdf
def test_pdf_fonts_are_embedded(pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    descriptors = []
    for p in reader.pages:
        for font in (p["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for f in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                if "/FontDescriptor" in f:
                    descriptors.append(f["/FontDescriptor"].get_object())
    assert descriptors
    assert all(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors)
    assert any("CJK" in str(d["/FontName"]) for d in descriptors)


@needs_pdf
def test_pdf_fetcher_serves_data_urls_only():
    from escort.report import _fetcher_class

    fetcher = _fetcher_class()()
    for url in ("file:///etc/hostname", "http://127.0.0.1:9/x", "https://example.com/a.png", "ftp://x/y"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


@needs_pdf
def test_hostile_html_cannot_attach_local_files():
    from escort.report import render_pdf

    secret = Path("/etc/hostname")
    hostile = ('<html><body><p>x</p><img src="file:///etc/hostname">'
               '<a rel="attachment" href="file:///etc/hostname">a</a>'
               '<link rel="attachment" href="file:///etc/hostname"></body></html>')
    data = render_pdf(hostile)
    assert b"/EmbeddedFile" not in data
    if secret.exists() and secret.read_text().strip():
        assert secret.read_text().strip().encode() not in data


@needs_pdf
def test_demo_writes_html_and_pdf(tmp_path, capsys):
    code, out, err = run_cli(["demo", "-o", str(tmp_path)], capsys)
    assert code == 0, err
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = run_cli(["report", str(tmp_path / "result.json"), "-o", str(tmp_path / "again")], capsys)
    assert code == 0, err
    assert (tmp_path / "again" / "report.pdf").exists() and (tmp_path / "again" / "report.html").exists()


# --------------------------------------------------------------------------- branding

PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082")


def test_brand_file_sets_firm_logo_colour_disclaimer_and_overrides_a_block(outcome, escort_registry, tmp_path):
    from escort.report import load_brand

    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.html.j2").write_text(
        '{% extends "escort/report.html.j2" %}{% block matrix %}<section id="matrix"><h1>{{ v.ch.matrix }}</h1>'
        '<p>本所定制矩阵</p></section>{% endblock %}', encoding="utf-8")
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("firm: 某某律师事务所<i>\nlogo: logo.png\nprimary_colour: '#7a1f2b'\n"
                          "disclaimer: [本所专用声明第一段。]\ntemplates: tpl\n", encoding="utf-8")
    page = render_html(outcome.result, escort_registry, brand=load_brand(brand_file))
    assert "--primary: #7a1f2b" in page and "某某律师事务所&lt;i&gt;" in page
    assert 'src="data:image/png;base64,' in page
    assert "本所专用声明第一段。" in page and "不构成向任何第三方出具的法律意见" not in page
    assert "本所定制矩阵" in page and "风险越集中" not in page and "执行摘要" in page


@pytest.mark.parametrize("text, says", [
    ("primary_colour: red\n", "primary_colour"),
    ("logo: missing.png\n", "logo"),
    ("colour: '#000000'\n", "colour"),
])
def test_bad_brand_file_is_one_clear_error(tmp_path, text, says):
    from escort.errors import EscortError
    from escort.report import load_brand

    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EscortError, match=says):
        load_brand(path)


def test_an_article_cited_twice_has_one_number_and_lists_who_cites_it(outcome):
    from escort.report_view import build_view

    view = build_view(outcome.result)
    cites = [(f["number"], a) for d in view["domains"] for f in d["findings"] for a in f["legal_basis"]]
    entries = {a["key"]: a for g in view["laws"] for a in g["articles"]}
    assert [a["ref"] for g in view["laws"] for a in g["articles"]] == list(range(1, len(entries) + 1))
    for number, art in cites:
        assert art["ref"] == entries[art["key"]]["ref"] and number in entries[art["key"]]["cited_by"]


@needs_pdf
def test_average_example_pdf_is_compact_and_page_references_are_right(tmp_path, capsys):
    """The average example (47 findings) fits the issue's page budget, with the --brand of escort check applied."""
    from pypdf import PdfReader

    from escort.resources import data_path

    brand = tmp_path / "brand.yaml"
    brand.write_text("firm: 示范律师事务所\nprimary_colour: '#23395d'\n", encoding="utf-8")
    code, out, err = run_cli(["check", str(data_path("examples", "average.yaml")), "-o", str(tmp_path),
                              "--format", "html,pdf", "--brand", str(brand)], capsys)
    assert code == 0, err
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "--primary: #23395d" in html and "示范律师事务所" in html
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(str(tmp_path / "report.pdf")).pages]
    # compact layout: the card-per-page layout took 101 pages for four domains; the compact one took 46, 53 once
    # the contract and tax depth rules of issue 15 added findings, and 71 with the governance and privacy domains
    # (six domains).  The bound leaves room for a few more citations as checklists grow, not for the old layout.
    assert len(pages) <= 80
    # the risk matrix is a chart with little text: its page is judged by the picture, not by its characters
    text_pages = [p for p in pages[2:-1] if "二、风险矩阵" not in p]
    assert not any(len(p) < 250 for p in text_pages), "no mostly-empty page between the TOC and the signature"
    refs = {(int(n), int(pg)) for p in pages for n, pg in re.findall(r"见附录〔(\d+)〕，第(\d+)页", p)}
    assert len(refs) >= 20
    for n, pg in refs:                             # the page the card names holds that article
        assert f"〔{n}〕" in pages[pg - 1], (n, pg)
    assert pages[-1].count("声明与签署") == 1 and "律师事务所（盖章）" in pages[-1]
