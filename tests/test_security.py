"""The red-team review's reproducers (shared/reviews/security-2026-12.md), each as a regression test.

Each test names its finding (F1 … F16).  The attack files are the review's minimal
reproducers, written small here; the expected outcome is the behaviour the review asks
for (a located problem and exit 2, a finding to verify with a warning, a conflict naming
both providers), never a traceback, and never exit 1 (the --fail-on code) or 3 (a bug).
Where a test bounds time, it is CPU time of this process, generous by orders of magnitude:
the bombs it guards against cost hours.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import time
from pathlib import Path

import pytest
import yaml

from escort.cli import main, printable
from escort.errors import ProblemsFound
from escort.expressions import (EvaluationError, ExpressionError, Record, UNKNOWN, Undetermined, compile_expression,
                                evaluate)
from escort.functions import FUNCTIONS
from escort.limits import MAX_LOGO_BYTES
from escort.plugins import Plugins
from escort.registry import build_registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample.yaml"
# 劳动合同法第八十二条、实施条例第六条: 张三 2026-03-02 入职, 至 2026-11-20 满 8 个月, 二倍工资 8 - 1 = 7 个月;
# 李四 2025-09-15 入职, 满 14 个月, 以 11 个月为限.
SAMPLE_DOUBLE_WAGES = 6800 * 7 + 7200 * 11


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def sample_answers() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def one_rule_checklist(when: str = "has_policy", message: str = "", exposure: dict | None = None,
                       show_if: str = "", applies_if: str = "", cid: str = "redteam") -> str:
    data = {"id": cid, "version": "0.1.0", "title": "红队清单", "domain": "other",
            "sections": [{"id": "s", "title": "节", "questions": [
                {"id": "has_policy", "text": "是否有书面制度？", "type": "yes_no"},
                {"id": "n", "text": "人数", "type": "number", **({"show_if": show_if} if show_if else {})}]}],
            "rules": [{"id": "r", "title": "规则", "when": when, "severity": "high", "cite": ["labour_contract_law#4"],
                       "consequence": "后果", "recommendation": "建议", "timeframe": "within_90_days",
                       **({"message": message} if message else {}), **({"exposure": exposure} if exposure else {})}]}
    if applies_if:
        data["applies_if"] = applies_if
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def redteam_answers(path: Path, **answers) -> Path:
    data = {"enterprise": {"name": "红队", "uscc": "91330106MA2H3K7L5P"}, "assessment": {"date": dt.date(2026, 11, 20)},
            "checklist_versions": {"redteam": "0.1.0"}, "answers": {"redteam": {"has_policy": True, "n": 3, **answers}}}
    return write_yaml(path, data)


# --------------------------------------------------------------------------- F1: cost bombs


@pytest.mark.parametrize("field, text", [
    ("when", "len([[[0]*10000]*10000]*10000) > 0"),
    ("when", "len(sum([[0]*10000]*10000, [])) > 0"),
    ("when", "any([0]*9999+[1] in [[0]*10000]*10000 for r in max([[0]*10000]))"),
    ("message", "x {len([[[0]*10000]*10000]*10000)}"),
    ("applies_if", "len([[[0]*10000]*10000]*10000) > 0"),
    ("show_if", "len([[[0]*10000]*10000]*10000) > 0"),
])
def test_f1_cost_bombs_are_located_problems_at_validate(tmp_path, capsys, field, text):
    kwargs = {field: text} if field != "when" else {"when": text}
    (tmp_path / "c.yaml").write_text(one_rule_checklist(**kwargs), encoding="utf-8")
    started = time.process_time()
    code, out, err = cli(["validate", str(tmp_path / "c.yaml")], capsys)
    assert code == 2 and time.process_time() - started < 10
    assert "unbounded cost" in err and f"{tmp_path / 'c.yaml'}:" in err and "Traceback" not in err


def test_f1_a_cost_that_depends_on_answers_is_stopped_and_the_rule_is_to_verify(tmp_path, capsys):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "c.yaml").write_text(one_rule_checklist(when="len([[0]*n for r in max([[1]*n])]) > 0"), encoding="utf-8")
    answers = redteam_answers(tmp_path / "a.yaml", n=10_000)
    code, out, err = cli(["--checklists", str(folder), "check", str(answers), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    result = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    finding = next(f for f in result["findings"] if f["rule"] == "r")
    assert finding["status"] == "verify"
    assert any("redteam.r: could not be evaluated" in w and "too costly" in w for w in result["warnings"])


def test_f1_evaluation_budget_stops_quadratic_work_quickly():
    rows = [Record({"a": i}, f"t[{i}]") for i in range(10_000)]
    started = time.process_time()
    with pytest.raises(EvaluationError, match="too costly|too many elements"):
        evaluate(compile_expression("any(r.a in [s.a for s in t] for r in t)"), {"t": rows}, FUNCTIONS)
    with pytest.raises(EvaluationError, match="too costly"):
        evaluate(compile_expression("any(r.a in big for r in t)"), {"t": rows[:5000], "big": list(range(10_000))},
                 FUNCTIONS)
    assert time.process_time() - started < 5


# --------------------------------------------------------------------------- F2: alias bombs

BOMB = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, c in zip([""] + list("abcdefgh"), "abcdefghi"))


def test_f2_alias_bomb_in_answers_is_refused_before_any_walk_with_exit_2(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text("enterprise: {name: x, uscc: 91330106MA2H3K7L5P}\nassessment: {date: 2026-11-20}\n"
                    + BOMB + "answers: {}\n", encoding="utf-8")
    assert path.stat().st_size < 1000
    started = time.process_time()
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and time.process_time() - started < 10
    assert "YAML aliases (*name) are not allowed" in err and f"{path}:" in err


def test_f2_alias_bomb_checklist_in_a_folder_is_left_out_and_list_still_works(tmp_path, capsys):
    (tmp_path / "bomb.yaml").write_text("id: bomb\n" + BOMB, encoding="utf-8")
    code, out, err = cli(["--checklists", str(tmp_path), "list"], capsys)
    assert code == 0 and "labour" in out and "YAML aliases" in err


# --------------------------------------------------------------------------- F3, F5, F15: brand files


def test_f3_brand_template_cannot_reach_python(tmp_path, capsys, escort_result_path):
    (tmp_path / "tpl").mkdir()
    marker = tmp_path / "MARKER"
    (tmp_path / "tpl" / "report.html.j2").write_text(
        '{% extends "escort/report.html.j2" %}{% block disclaimer %}'
        f"[{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}]{{% endblock %}}", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("templates: tpl\n", encoding="utf-8")
    code, out, err = cli(["report", str(escort_result_path), "--format", "html", "--brand", str(tmp_path / "brand.yaml"),
                          "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and not marker.exists()
    assert "brand templates" in err and "Traceback" not in err


def test_f3_a_harmless_brand_template_still_renders_in_the_sandbox(tmp_path, capsys, escort_result_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.html.j2").write_text(
        '{% extends "escort/report.html.j2" %}{% block disclaimer %}<p>本所声明</p>{% endblock %}', encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("templates: tpl\nfirm: 示范律师事务所\n", encoding="utf-8")
    code, out, err = cli(["report", str(escort_result_path), "--format", "html", "--brand", str(tmp_path / "brand.yaml"),
                          "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    assert "<p>本所声明</p>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize("setup, says", [
    (lambda d: "/etc/passwd", "inside the brand folder"),
    (lambda d: "../outside.png", "inside the brand folder"),
    (lambda d: os.symlink("/proc/self/environ", d / "env.png") or "env.png", "inside the brand folder"),
    (lambda d: os.symlink(d / "real.png", d / "link.png") or "link.png", "regular file"),
    (lambda d: (d / "x.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>") and "x.svg", "SVG is not accepted"),
    (lambda d: (d / "x.png").write_text("root:x:0:0") and "x.png", "not a PNG or JPEG"),
    (lambda d: (d / "big.png").write_bytes(PNG + b"\x00" * MAX_LOGO_BYTES) and "big.png", "at most"),
])
def test_f5_brand_logo_must_be_a_small_image_inside_the_brand_folder(tmp_path, setup, says):
    from escort.errors import EscortError
    from escort.report import load_brand

    brand_dir = tmp_path / "brand"
    brand_dir.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG)
    (brand_dir / "real.png").write_bytes(PNG)
    logo = setup(brand_dir)
    (brand_dir / "brand.yaml").write_text(f"logo: {logo}\n", encoding="utf-8")
    with pytest.raises(EscortError, match=says):
        load_brand(brand_dir / "brand.yaml")


def test_f5_a_png_logo_inside_the_folder_is_inlined(tmp_path):
    from escort.report import load_brand

    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    assert load_brand(tmp_path / "brand.yaml").logo_url.startswith("data:image/png;base64,iVBORw0KGgo")


def test_f16_duplicate_keys_in_a_brand_file_are_reported(tmp_path):
    from escort.report import load_brand

    (tmp_path / "brand.yaml").write_text("firm: A\nfirm: B\n", encoding="utf-8")
    with pytest.raises(ProblemsFound, match="duplicate key 'firm'"):
        load_brand(tmp_path / "brand.yaml")


# --------------------------------------------------------------------------- F4: plugin shadowing


class EntryPoint:
    """A fake entry point of a named distribution (built-ins are the 'escort' distribution)."""

    def __init__(self, name, plugin, dist="rtplug"):
        class Dist:
            metadata = {"Name": dist}
            version = "6.6.6"

        self.name, self.value, self.dist, self._plugin = name, f"{dist}:{name}", Dist, plugin

    def load(self):
        return self._plugin() if callable(self._plugin) and not hasattr(self._plugin, "escort_laws") else self._plugin


def builtins(*names):
    import importlib

    return [EntryPoint(n, importlib.import_module(f"escort.builtins.{n}"), dist="escort") for n in names]


def shadow_plugin(**hooks):
    from escort import hookimpl

    class Shadow:
        pass

    for name, value in hooks.items():
        setattr(Shadow, name, hookimpl(staticmethod(lambda value=value: value)))
    return Shadow


def shadowed_registry(plugin, strict=False):
    # "aaa_shadow" sorts before every built-in by name: load order must not depend on it
    return build_registry(Plugins(strict=strict).load(entry_points=[EntryPoint("aaa_shadow", plugin)] + builtins("sample")))


def test_f4_plugin_cannot_rename_a_law_and_the_conflict_names_both_providers():
    from escort.models import Law

    law = Law(id="labour_contract_law", name="中华人民共和国劳动合同法（已废止·红队）", short_name="劳动合同法（红队）",
              revision="repealed 1999", articles=[])
    reg = shadowed_registry(shadow_plugin(escort_laws=[law]))
    assert reg.laws.resolve("labour_contract_law#82").law == "中华人民共和国劳动合同法"
    conflict = next(str(p) for p in reg.problems if p.code == "E-LAW")
    assert "plugin aaa_shadow" in conflict and "labour.yaml" in conflict and "已废止" in conflict
    assert any("已废止" in w for w in reg.conflicts)


def test_f4_plugin_cannot_replace_an_article_text_silently_and_strict_makes_it_fatal(tmp_path, capsys):
    from escort.models import Article, Law

    law = Law(id="labour_contract_law", name="中华人民共和国劳动合同法", short_name="劳动合同法",
              revision="adopted 2007-06-29, effective 2008-01-01; amended 2012-12-28",
              revision_zh="2007年6月29日通过，2008年1月1日起施行，2012年12月28日修正",
              articles=[Article(number="82", label="第八十二条", text="第八十二条 【红队篡改】用人单位无需支付二倍工资。")])
    reg = shadowed_registry(shadow_plugin(escort_laws=[law]))
    assert "红队" not in reg.laws.resolve("labour_contract_law#82").text
    assert reg.laws.resolve("labour_contract_law#82").text.startswith("第八十二条 用人单位自用工之日起超过一个月")
    assert any("article labour_contract_law#82: the text given by plugin aaa_shadow differs" in c for c in reg.conflicts)
    strict = shadowed_registry(shadow_plugin(escort_laws=[law]), strict=True)
    assert any(p.level == "error" and p.code == "E-LAW" for p in strict.problems)


def test_f4_an_explicit_override_from_an_installed_plugin_is_recorded_in_the_result():
    from escort.answers import load_answers
    from escort.engine import evaluate
    from escort.models import Article, Law

    new_text = "第八十二条 （假设的新文本，仅供测试）"
    law = Law(id="labour_contract_law", name="中华人民共和国劳动合同法", short_name="劳动合同法",
              revision="adopted 2007-06-29, effective 2008-01-01; amended 2012-12-28",
              revision_zh="2007年6月29日通过，2008年1月1日起施行，2012年12月28日修正",
              override="测试：替换第八十二条文本", articles=[Article(number="82", label="第八十二条", text=new_text)])
    reg = shadowed_registry(shadow_plugin(escort_laws=[law]))
    assert reg.laws.resolve("labour_contract_law#82").text == new_text
    answers, _ = load_answers(SAMPLE, reg)
    result = evaluate(reg, answers)
    [override] = result.law_overrides
    assert (override.key, override.plugin, override.reason) == ("labour_contract_law#82", "plugin aaa_shadow",
                                                                 "测试：替换第八十二条文本")
    assert any("labour_contract_law#82 is not the built-in text" in w for w in result.warnings)


def test_f4_plugin_cannot_replace_a_builtin_checklist_or_function():
    from escort.answers import load_answers
    from escort.checklists import parse_checklist
    from escort.engine import evaluate

    fake = parse_checklist(ROOT / "checklists" / "sample.yaml", "x").model.model_copy(update={"title": "红队替换"})
    reg = shadowed_registry(shadow_plugin(escort_checklists=[fake], escort_functions={"double_wage_months": lambda h, t: 0}))
    assert reg.checklists["sample"].model.title != "红队替换" and reg.checklists["sample"].plugin == "sample"
    assert any("two plugins register checklist 'sample': 'sample'" in c and "'aaa_shadow'" in c for c in reg.conflicts)
    assert any("two plugins provide the expression function 'double_wage_months'" in c for c in reg.conflicts)
    answers, _ = load_answers(SAMPLE, reg)
    result = evaluate(reg, answers)
    finding = next(f for f in result.findings if f.rule == "no_written_contract")
    assert finding.exposure.low == SAMPLE_DOUBLE_WAGES
    assert any("double_wage_months" in w for w in result.warnings)
    assert {p.name: p.version for p in result.plugins}["sample"] == "6.6.6"


def test_f4_a_yaml_folder_cannot_add_an_invented_article_to_a_real_law(tmp_path):
    (tmp_path / "laws.yaml").write_text(yaml.safe_dump({"laws": [{
        "id": "labour_contract_law", "name": "中华人民共和国劳动合同法（伪）", "short_name": "劳动合同法", "revision": "x",
        "articles": [{"number": "1", "label": "第一条", "text": "第一条 【虚构条文】"}]}]}, allow_unicode=True),
        encoding="utf-8")
    reg = build_registry(Plugins(folders=[tmp_path]).load(entry_points=builtins("labour")))
    assert not reg.laws.has("labour_contract_law#1")
    assert any("adds an article to law labour_contract_law" in c for c in reg.conflicts)
    assert any("（伪）" in c for c in reg.conflicts)


def test_f4_load_order_puts_escorts_own_plugins_first_whatever_the_names():
    from escort.plugins import load_order

    eps = [EntryPoint("aaa", object, dist="zz"), EntryPoint("zzz", object, dist="escort"),
           EntryPoint("b", object, dist="aa"), EntryPoint("a", object, dist="aa")]
    assert [(e.dist.metadata["Name"], e.name) for e in sorted(eps, key=load_order)] == [
        ("escort", "zzz"), ("aa", "a"), ("aa", "b"), ("zz", "aaa")]


# --------------------------------------------------------------------------- F6: numbers and dates in answers


@pytest.mark.parametrize("wage, says", [
    (int("9" * 400), "400 digits"),
    (1.0e308, "larger than any number"),
    ("1e30", "larger than any number"),
    (1.0e30, "larger than any number"),
])
def test_f6_absurd_numbers_are_located_problems(tmp_path, capsys, wage, says):
    data = sample_answers()
    data["answers"]["sample"]["unsigned_staff"][0]["monthly_wage"] = wage
    path = write_yaml(tmp_path / "a.yaml", data)
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and says in err and f"{path}:" in err and "Traceback" not in err


def test_f6_a_5000_digit_number_in_json_answers_is_a_problem(tmp_path, capsys):
    path = tmp_path / "a.json"
    data = json.loads(json.dumps(sample_answers(), default=str))
    path.write_text(json.dumps(data).replace('"headcount": 86', '"headcount": ' + "9" * 5000), encoding="utf-8")
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "5,000 digits" in err


def test_f6_a_future_date_that_counts_time_up_to_the_assessment_is_a_problem_not_negative_money(tmp_path, capsys):
    data = sample_answers()
    data["answers"]["sample"]["arrears_since"] = dt.date(2062, 8, 1)  # a typo for 2026
    path = write_yaml(tmp_path / "a.yaml", data)
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 2
    assert "2062-08-01 is after the assessment date 2026-11-20" in err and "answers.sample.arrears_since" in err


def test_f6_labour_arrears_row_in_the_future_is_a_located_problem(tmp_path, capsys):
    data = {"enterprise": {"name": "x", "uscc": "91330106MA2H3K7L5P"}, "assessment": {"date": dt.date(2026, 11, 20)},
            "checklist_versions": {"labour": "1.0.0"},
            "answers": {"labour": {"si_arrears": True,
                                   "si_arrears_rows": [{"period_start": dt.date(2062, 11, 1), "amount": 480000}]}}}
    from escort.answers import load_answers

    path = write_yaml(tmp_path / "a.yaml", data)
    with pytest.raises(ProblemsFound) as exc:
        load_answers(path, build_registry())
    assert any("row 1, column 'period_start': 2062-11-01 is after the assessment date" in str(p) for p in exc.value.problems)


def test_f6_negative_or_infinite_exposure_is_never_summed(tmp_path, capsys):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "c.yaml").write_text(one_rule_checklist(exposure={"low": "0 - n * 1000", "high": "n * 10", "basis": "测试"}),
                                   encoding="utf-8")
    answers = redteam_answers(tmp_path / "a.yaml", n=5)
    code, out, err = cli(["--checklists", str(folder), "check", str(answers), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    result = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    finding = next(f for f in result["findings"] if f["rule"] == "r")
    # 0 - 5 * 1000 = -5,000 is counted as 0 (never lowering a total), with the working and a warning saying so
    assert (finding["exposure"]["low"], finding["exposure"]["high"]) == (0.0, 5 * 10)
    assert "负数按 0 计" in finding["exposure"]["working"]
    assert result["exposure_total"] == {"low": 0.0, "high": 50.0}
    assert any("redteam.r: exposure came out negative" in w for w in result["warnings"])


# --------------------------------------------------------------------------- F7: validated expressions never crash


@pytest.mark.parametrize("rule, note", [
    ({"message": "x {" + "*".join(["4000000**10"] * 20) + "}"}, "（无法计算）"),
    ({"exposure": {"low": "4000000**10*4000000**10", "high": "1", "basis": "b"}}, "金额无法计算"),
    ({"when": "sum_of(m, 'x') > 0"}, "verify"),
    ({"when": "sum_of([1, 2], 'x') > 0"}, "verify"),
])
def test_f7_expressions_that_validate_do_not_crash_check(tmp_path, capsys, rule, note):
    folder = tmp_path / "lists"
    folder.mkdir()
    text = one_rule_checklist(**{k: v for k, v in rule.items() if k in ("message", "exposure")},
                              when=rule.get("when", "has_policy")).replace("type: number", "type: number")
    if "m" in rule.get("when", ""):
        text = text.replace("when: sum_of(m, 'x') > 0", "when: sum_of([n], 'x') > 0")
    (folder / "c.yaml").write_text(text, encoding="utf-8")
    code, _, err = cli(["validate", str(folder / "c.yaml")], capsys)
    assert code == 0, err
    answers = redteam_answers(tmp_path / "a.yaml")
    code, out, err = cli(["--checklists", str(folder), "check", str(answers), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    finding = next(f for f in json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))["findings"]
                   if f["rule"] == "r")
    assert note in (finding["message"] + finding["exposure_note"] + finding["status"])


@pytest.mark.parametrize("terms", [500, 999])
def test_f7_a_long_expression_is_a_located_problem_and_other_checklists_still_load(tmp_path, capsys, terms):
    (tmp_path / "c.yaml").write_text(one_rule_checklist(when="+".join(["n"] * terms) + " > 0"), encoding="utf-8")
    code, out, err = cli(["--checklists", str(tmp_path), "list"], capsys)
    assert code == 0 and "labour" in out
    assert ("too deeply nested" in err and "E-EXPR" in err) or "rules[0].when: is too long" in err
    code, out, err = cli(["validate", str(tmp_path / "c.yaml")], capsys)
    assert code == 2 and ("too deeply nested" in err or "is too long" in err)


def test_f7_unary_chain_that_overflows_the_parser_is_a_problem():
    with pytest.raises(ExpressionError, match="too deeply nested"):
        compile_expression("-" * 1990 + "n")


# --------------------------------------------------------------------------- F8: resume of a damaged autosave


def test_f8_resume_never_crashes_on_any_truncation_of_an_autosave(tmp_path):
    from escort.session import Interview

    reg = build_registry()
    raw = SAMPLE.read_bytes()
    outcomes = {"resumed": 0, "refused": 0}
    for i in range(40):
        cut = tmp_path / f"cut{i}.yaml"
        cut.write_bytes(raw[: len(raw) * i // 40])
        try:
            Interview.resume(reg, cut)
            outcomes["resumed"] += 1
        except ValueError:
            outcomes["refused"] += 1
    assert outcomes["resumed"] + outcomes["refused"] == 40 and outcomes["refused"] > 0


@pytest.mark.parametrize("text", ["answers: [1, 2]\n", "enterprise: hello\n", "answers: {sample: [1, 2]}\n",
                                  "enterprise: {name: 'x\n", "a:\n\t- b\n", "!!python/object/apply:os.system ['true']\n"])
def test_f8_malformed_autosaves_are_refused_with_a_message(tmp_path, text):
    from escort.session import Interview

    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        Interview.resume(build_registry(), path)


def test_f8_a_damaged_autosave_offers_the_last_good_one(tmp_path):
    from escort.session import Interview, last_good_path

    reg = build_registry()
    path = tmp_path / "a.yaml"
    session = Interview.start(reg, path, ["sample"], today=dt.date(2026, 11, 20))
    session.save()
    path.write_bytes(path.read_bytes()[:-40] + b"{[")  # damaged by a sync tool
    with pytest.raises(ValueError, match="last good autosave") as exc:
        Interview.resume(reg, path)
    assert str(last_good_path(path)) in str(exc.value)
    assert Interview.resume(reg, last_good_path(path)).data["checklist_versions"] == {"sample": "1.0.0"}


# --------------------------------------------------------------------------- F9: misbehaving hooks


def test_f9_a_hook_calling_sys_exit_is_a_warning_and_the_run_completes():
    from escort import hookimpl
    from escort.answers import load_answers
    from escort.engine import evaluate

    class Exits:
        @hookimpl
        def escort_findings(self, checklist):
            raise SystemExit(0)

    reg = build_registry(Plugins().load(entry_points=builtins("sample") + [EntryPoint("exits", Exits())]))
    answers, _ = load_answers(SAMPLE, reg)
    result = evaluate(reg, answers)
    assert any("plugin 'exits' raised in escort_findings: SystemExit" in w for w in result.warnings)
    assert next(f for f in result.findings if f.rule == "no_written_contract").exposure.low == SAMPLE_DOUBLE_WAGES


def test_f9_plugin_exposures_that_are_nan_or_negative_are_named_not_summed():
    from escort import hookimpl
    from escort.answers import load_answers
    from escort.engine import evaluate
    from escort.models import ComputedFinding, ExposureResult

    class Bad:
        @hookimpl
        def escort_findings(self, checklist):
            if checklist.id != "sample":
                return []
            return [ComputedFinding(rule="overtime_underpaid", exposure=ExposureResult(
                low=float("nan"), high=float("inf"), basis="b", formula="f", working="w"))]

    reg = build_registry(Plugins().load(entry_points=builtins("sample") + [EntryPoint("bad", Bad())]))
    answers, _ = load_answers(SAMPLE, reg)
    result = evaluate(reg, answers)
    assert any("plugin 'bad': exposure of sample.overtime_underpaid ignored" in w for w in result.warnings)
    assert all(v == v and v != float("inf") for v in result.exposure_total.values())


# --------------------------------------------------------------------------- F10: terminal escapes


def test_f10_control_characters_from_an_answers_file_never_reach_the_terminal(tmp_path, capsys):
    data = sample_answers()
    data["enterprise"]["name"] = "ACME\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\u202e"
    path = write_yaml(tmp_path / "a.yaml", data)
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err
    assert "ACME\\u001b]0;PWNED\\u0007" in out


def test_printable_keeps_newlines_tabs_and_chinese():
    assert printable("第八十二条\n\t二倍工资") == "第八十二条\n\t二倍工资"
    assert printable("\x9b31m") == "\\u009b31m"


# --------------------------------------------------------------------------- F11: tampered result.json


@pytest.mark.parametrize("edit, says", [
    (lambda d: d["findings"][0].update(exposure={**d["findings"][0]["exposure"], "low": "Infinity"}), "NaN and infinity"),
    (lambda d: d["exposure_total"].update(low=-1.0), "finite and not negative"),
    (lambda d: d["findings"][0]["exposure"].update(low=5.0, high=1.0), "is above high"),
    (lambda d: d["answers"]["sample"].update(headcount=[[1, 2]]), "not an answer escort check writes"),
    (lambda d: d.update(coverage={}), "coverage: needs answered and visible"),
    (lambda d: d.update(overall_score=1e308), "not a score from 0 to 100"),
    (lambda d: d.update(schema_version="99.0"), "not supported"),
])
def test_f11_a_tampered_result_is_one_line_and_exit_2(tmp_path, capsys, escort_result_path, edit, says):
    data = json.loads(escort_result_path.read_text(encoding="utf-8"))
    data["findings"].sort(key=lambda f: f["exposure"] is None)
    edit(data)
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False).replace('"Infinity"', "Infinity"), encoding="utf-8")
    code, out, err = cli(["report", str(path), "--format", "html", "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1, err


def test_f11_a_result_saved_with_a_bom_renders(tmp_path, capsys, escort_result_path):
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + escort_result_path.read_bytes())
    code, out, err = cli(["report", str(path), "--format", "html", "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err


# --------------------------------------------------------------------------- F12, F16: environment errors


def test_f12_output_below_a_file_is_a_clear_error_not_a_bug(tmp_path, capsys):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, out, err = cli(["check", str(SAMPLE), "-o", str(tmp_path / "afile" / "sub")], capsys)
    assert code == 2 and "not a folder" in err and "bug" not in err


def test_f12_result_json_that_is_a_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "out" / "result.json").mkdir(parents=True)
    code, out, err = cli(["check", str(SAMPLE), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "bug" not in err
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize("code_, says", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only file system")])
def test_f12_full_disk_and_read_only_folder_are_clear_errors(tmp_path, capsys, monkeypatch, code_, says):
    import escort.files

    real = os.fsync

    def failing_fsync(fd):
        real(fd)
        raise OSError(code_, os.strerror(code_))

    monkeypatch.setattr(escort.files.os, "fsync", failing_fsync)
    code, out, err = cli(["check", str(SAMPLE), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and says in err and "bug" not in err
    assert list((tmp_path / "out").iterdir()) == []  # the temp file was removed


def test_f12_unknown_pdf_variant_is_a_usage_error(tmp_path, capsys, escort_result_path):
    code, out, err = cli(["report", str(escort_result_path), "--format", "pdf", "--pdf-variant", "bogus",
                          "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "pdf/a-3b" in err


def test_f16_reading_a_device_is_bounded(tmp_path, capsys):
    code, out, err = cli(["check", "/dev/zero", "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "larger than 20 MiB" in err


def test_f16_stale_temp_files_of_a_killed_write_are_removed(tmp_path):
    from escort.files import STALE_SECONDS, TEMP_SUFFIX, write_atomic

    stale = tmp_path / f".result.json.abc123{TEMP_SUFFIX}"
    fresh = tmp_path / f".report.html.def456{TEMP_SUFFIX}"
    stale.write_text("client data", encoding="utf-8")
    fresh.write_text("a write in progress", encoding="utf-8")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    write_atomic(tmp_path / "result.json", "{}")
    assert not stale.exists() and fresh.exists()
    assert (tmp_path / "result.json").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_f16_many_problems_are_counted_not_all_printed(tmp_path, capsys):
    data = sample_answers()
    data["answers"]["sample"].update({f"no_such_question_{i}": 1 for i in range(500)})
    path = write_yaml(tmp_path / "a.yaml", data)
    code, out, err = cli(["check", str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and len(err.splitlines()) <= 202 and "300 more problems not shown" in err


# --------------------------------------------------------------------------- F13, F14: expression semantics


def test_f13_a_string_subscript_on_a_row_follows_three_valued_logic():
    with pytest.raises(Undetermined):
        evaluate(compile_expression("not t[0]['w']"), {"t": [Record({"w": UNKNOWN}, "t[1]")]}, FUNCTIONS)


def test_f14_evaluating_does_not_add_functions_to_the_registry():
    functions = dict(FUNCTIONS)
    evaluate(compile_expression("n > 0"), {"n": 1}, functions)
    assert set(functions) == set(FUNCTIONS)
    with pytest.raises(EvaluationError):
        evaluate(compile_expression("len(set(m)) > 0"), {"m": [1]}, functions)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def escort_result_path(tmp_path_factory):
    """A result.json of the sample answers, as escort check writes it."""
    out = tmp_path_factory.mktemp("result")
    with pytest.raises(SystemExit) as exc:
        main(["check", str(SAMPLE), "-o", str(out)])
    assert exc.value.code == 0
    return out / "result.json"


def test_docs_security_states_every_limit_with_its_value():
    import escort.limits as limits

    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for name in [n for n in dir(limits) if n.startswith("MAX_")]:
        value = getattr(limits, name)
        shown = (f"{value // 1024 // 1024} MiB" if name.endswith("_BYTES")
                 else f"{value:.0e}".replace("e+", "e") if isinstance(value, float) else f"{value:,}")
        line = next((l for l in doc.splitlines() if f"`{name}`" in l), "")
        assert shown in line, (name, shown, line)


def test_result_lists_every_contributing_plugin_with_its_version_and_the_report_shows_them(escort_result_path):
    from escort.report import load_result, render_html

    result = load_result(escort_result_path)
    plugins = {p.name: p for p in result.plugins}
    assert plugins["escort.core"].distribution == "escort" and plugins["escort.core"].provides == ["核心表达式函数"]
    assert "清单 sample 1.0.0" in plugins["sample"].provides
    assert any(p.startswith("函数 ") and "double_wage_months" in p for p in plugins["sample"].provides)
    html = render_html(result)  # the client report names each plugin and version; what each provided is for the lawyer
    assert "本次使用的插件" in html and "<td>sample</td><td>escort " in html and "double_wage_months" not in html
