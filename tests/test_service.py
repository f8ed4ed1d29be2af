"""The application service: one API under every front end, over a catalog nothing can change."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from escort.config import Config
from escort.errors import ProblemsFound
from escort.expressions import UNKNOWN
from escort.service import Escort

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def svc() -> Escort:
    return Escort(Config())


def sample_answers(**answers) -> dict:
    return {
        "enterprise": {"name": "测试公司", "uscc": "91350100M000100Y43", "tags": ["escort-sample"]},
        "assessment": {"date": "2026-11-20"},
        "checklist_versions": {"sample": "1.0.0"},
        "answers": {"sample": answers},
    }


def test_config_reads_the_environment_and_explicit_values_come_first():
    config = Config.from_env({"ESCORT_CHECKLISTS": "/a:/b", "ESCORT_DISABLE": "tax, ip", "ESCORT_BRAND": "b.yaml"},
                             folders=["/x"], disabled=["labour"])
    assert config.folders == (Path("/x"), Path("/a"), Path("/b"))
    assert config.disabled == {"tax", "ip", "labour"}
    assert config.brand == Path("b.yaml") and config.strict is False
    assert Config.from_env({"ESCORT_STRICT": "1"}).strict is True


def test_questionnaire_shows_a_table_only_when_its_show_if_holds(svc):
    def table_form(answers: dict):
        q = svc.questionnaire(svc.parse_answers(sample_answers(**answers)), only=["sample"])
        forms = {f.question.id: f for s in q.checklists[0].sections for f in s.questions}
        return forms["unsigned_staff"], forms["headcount"], q

    hidden, headcount, q = table_form({"headcount": 12, "has_unsigned": False})
    assert not hidden.visible and headcount.visible and headcount.value == 12
    shown, _, _ = table_form({"headcount": 12, "has_unsigned": True})
    assert shown.visible
    unknown, _, _ = table_form({"headcount": 12, "has_unsigned": "不清楚"})
    assert unknown.visible  # an unknown answer never hides what depends on it
    answered, asked = q.progress
    assert answered == 2 and asked > answered
    assert headcount.question.unit == "人"


def test_questionnaire_quotes_the_cited_article(svc):
    q = svc.questionnaire(svc.parse_answers(sample_answers(has_unsigned=True)), only=["sample"])
    form = next(f for s in q.checklists[0].sections for f in s.questions if f.question.id == "has_unsigned")
    assert [a.label for a in form.cite] == ["第十条"]
    assert form.cite[0].text.startswith("第十条")


def test_parse_answer_checks_one_answer_as_the_file_would(svc):
    assert svc.parse_answer("sample", "headcount", "12") == 12
    assert svc.parse_answer("sample", "headcount", "不清楚") is UNKNOWN
    with pytest.raises(ProblemsFound) as exc:
        svc.parse_answer("sample", "headcont", 1)
    assert exc.value.problems[0].where == "answers.sample.headcont"


def test_parse_answers_names_field_paths(svc):
    data = sample_answers(headcont=3)
    with pytest.raises(ProblemsFound) as exc:
        svc.parse_answers(data, source="<web>")
    assert any(p.file == "<web>" and "headcont" in str(p) and "headcount" in str(p) for p in exc.value.problems)


def test_assess_builds_a_complete_result_and_changes_nothing_shared(svc):
    before = (len(svc.problems), dict(svc.catalog.checklists), len(svc.catalog.laws.articles))
    answers = svc.load_answers(EXAMPLES / "sample.yaml")
    first = svc.assess(answers, only=["sample"]).result
    second = svc.assess(answers, only=["sample"]).result
    assert first.model_dump() == second.model_dump()
    assert (len(svc.problems), dict(svc.catalog.checklists), len(svc.catalog.laws.articles)) == before
    assert first.domain_names["labour"] == "劳动用工"
    sample = next(p for p in first.plugins if p.name == "sample")
    assert sample.distribution == "escort" and any("sample" in what for what in sample.provides)


def test_the_catalog_is_read_only(svc):
    with pytest.raises(TypeError):
        svc.catalog.checklists["sample"] = None
    with pytest.raises(TypeError):
        svc.catalog.laws.articles["x#1"] = None


def test_assess_many_in_two_processes_equals_one_and_a_bad_file_does_not_stop_the_rest(svc, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("enterprise: {name: x}\nanswers: [\n", encoding="utf-8")
    paths = [EXAMPLES / "well_run.yaml", bad, EXAMPLES / "average.yaml", EXAMPLES / "in_trouble.yaml"]
    one = list(svc.assess_many(paths, workers=1))
    two = list(svc.assess_many(paths, workers=2))
    assert [a.source for a in two] == [str(p) for p in paths]
    assert [a.ok for a in two] == [True, False, True, True]
    assert two[1].problems and two[1].problems[0].file.endswith("bad.yaml") and two[1].problems[0].line
    for a, b in zip(one, two):
        assert (a.result.model_dump() if a.ok else None) == (b.result.model_dump() if b.ok else None)


def test_render_offers_exactly_the_registered_formats(svc):
    assert {"json", "html", "pdf"} <= set(svc.formats())
    result = svc.assess(svc.load_answers(EXAMPLES / "sample.yaml"), only=["sample"]).result
    assert json.loads(svc.render(result, "json"))["enterprise"]["name"] == result.enterprise.name
    html = svc.render(result, "html").decode("utf-8")
    assert result.enterprise.name in html and "<html" in html
    with pytest.raises(Exception, match="unknown format 'htm'; did you mean 'html'"):
        svc.render(result, "htm")


# ---------------------------------------------------------------------- a third-party distribution on sys.path

PLUGIN = '''
from escort import hookimpl
from escort.formats import ReportFormat
from escort.models import Domain
from pathlib import Path

CALLS = []

def render_md(result, catalog=None, brand=None):
    lines = [f"# {result.enterprise.name}"] + [f"- {f.title}" for f in result.findings]
    return "\\n".join(lines).encode("utf-8")

@hookimpl
def escort_report_formats():
    return [ReportFormat(name="md", suffix=".md", media_type="text/markdown", render=render_md,
                         description="Markdown")]

@hookimpl
def escort_domains():
    return [Domain(id="export_control", name="出口管制", order=65)]

@hookimpl
def escort_checklists():
    return [Path(__file__).with_name("export.yaml")]

@hookimpl(tryfirst=True)
def escort_functions():
    return {"md_first": lambda: 1}

def escort_finding(checklist, answers, enterprise):   # misspelt: the hook is escort_findings
    return []
'''

CHECKLIST = '''
id: export
version: "1.0.0"
title: 出口管制抽查
domain: export_control
sections:
  - id: s
    title: 出口
    questions:
      - {id: exports, text: 是否出口两用物项？, type: yes_no}
rules:
  - id: exports_dual_use
    title: 出口两用物项
    when: exports
    severity: medium
    cite: [labour_contract_law#10]
    consequence: 需核查。
    recommendation: 核查出口许可。
    timeframe: within_90_days
'''


@pytest.fixture
def third_party(tmp_path):
    """A real (if tiny) installed distribution: a module plus a dist-info folder with its escort entry point."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "escort_md.py").write_text(PLUGIN, encoding="utf-8")
    (site / "export.yaml").write_text(CHECKLIST, encoding="utf-8")
    info = site / "escort_md-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: escort-md\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[escort]\nmd = escort_md\n", encoding="utf-8")
    return site


def test_a_third_party_format_and_domain_are_used_by_check(run_cli, third_party, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(textwrap.dedent("""
        enterprise: {name: 出口测试公司, uscc: 91350100M000100Y43}
        assessment: {date: 2026-11-20}
        checklist_versions: {export: 1.0.0}
        answers: {export: {exports: true}}
    """), encoding="utf-8")
    out = run_cli("check", str(answers), "-o", str(tmp_path / "out"), "--format", "md",
                  env={"PYTHONPATH": str(third_party)})
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") == "# 出口测试公司\n- 出口两用物项"
    result = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    assert result["domain_names"]["export_control"] == "出口管制"
    assert [d["name"] for d in result["domain_scores"]] == ["出口管制"]
    # the misspelt hook is named, with the hook it meant
    assert "plugin md: E-HOOK plugin 'md' defines escort_finding(), which is not an Escort hook; " \
           "did you mean 'escort_findings'?" in out.stderr
    listed = run_cli("list", env={"PYTHONPATH": str(third_party)})
    assert "md               .md      Markdown  (from md)" in listed.stdout


def test_hooks_are_called_in_pluggys_order():
    """tryfirst runs first, trylast last; otherwise the most recently registered plugin first."""
    from escort import hookimpl
    from escort.plugins import Plugins

    calls = []

    def plugin(name, **marks):
        class P:
            @hookimpl(**marks)
            def escort_functions(self):
                calls.append(name)
                return {}
        return P()

    class EP:
        def __init__(self, name, obj):
            self.name, self.value, self.dist, self._obj = name, name, None, obj

        def load(self):
            return self._obj

    plugins = Plugins().load([EP("a_last", plugin("a_last", trylast=True)), EP("b", plugin("b")),
                              EP("c_first", plugin("c_first", tryfirst=True)), EP("d", plugin("d"))])
    plugins.functions()
    assert calls == ["c_first", "d", "b", "a_last"]


def test_a_hook_wrapper_is_named_and_not_called():
    from escort import hookimpl
    from escort.plugins import Plugins

    class Wrapping:
        @hookimpl(wrapper=True)
        def escort_checklists(self):
            raise AssertionError("never called")
            yield  # a wrapper is a generator

    class EP:
        name, value, dist = "wrapping", "wrapping", None

        def load(self):
            return Wrapping()

    plugins = Plugins().load([EP()])
    assert plugins.checklists() == []
    assert any("escort_checklists is declared as a hook wrapper" in p.message for p in plugins.problems)


def test_evidence_given_with_an_answer_reaches_result_json_and_the_report(svc):
    data = sample_answers(headcount={"value": 12, "note": "以10月工资表为准",
                                     "evidence": ["2026年10月工资表.xlsx", "花名册（人事部提供）"]})
    result = svc.assess(svc.parse_answers(data), only=["sample"]).result
    assert result.evidence == {"sample": {"headcount": ["2026年10月工资表.xlsx", "花名册（人事部提供）"]}}
    assert json.loads(svc.render(result, "json"))["evidence"]["sample"]["headcount"][0] == "2026年10月工资表.xlsx"
    html = svc.render(result, "html").decode("utf-8")
    assert "证据：2026年10月工资表.xlsx；花名册（人事部提供）" in html


def test_a_plugin_section_of_paragraphs_and_tables_is_escaped_and_placed(svc):
    from markupsafe import escape

    from escort.models import ReportSection, ReportTable
    from escort.report import render_html

    result = svc.assess(svc.load_answers(EXAMPLES / "sample.yaml"), only=["sample"]).result
    hostile = "<script>alert(1)</script>"
    section = ReportSection(title="数据合规附录", paragraphs=["第一段。", hostile],
                            tables=[ReportTable(caption="处理活动", columns=["活动", "依据"], rows=[["考勤", hostile]])])
    html = render_html(result, svc.catalog, sections=[("privacy", section)])
    assert "<p>第一段。</p>" in html and "<caption>处理活动</caption>" in html
    assert hostile not in html and str(escape(hostile)) in html
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        ReportTable(columns=["a", "b"], rows=[["x"]])
