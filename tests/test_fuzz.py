"""Fuzz: hypothesis answers files for every built-in checklist, random expressions and checklists.

Invariants, for every generated file: it is either rejected with problems (exit 2) or
evaluated; never any other exception.  An evaluated result has every exposure finite,
not negative and low ≤ high, a finite non-negative total, scores from 0 to 100, and it
survives the round trip ``escort report`` makes (strict JSON, schema, the checks of
:func:`escort.report.result_problems`); every tenth one is rendered to HTML (every
fortieth in a long campaign).

The normal run uses a small profile (ESCORT_FUZZ_EXAMPLES, default 150 answers files,
with a fixed seed so CI is repeatable).  The long campaign is the same test with more
examples and a random seed::

    ESCORT_FUZZ_EXAMPLES=20000 ESCORT_FUZZ_SEED=random .venv/bin/pytest -q tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from escort.answers import answers_from_document  # noqa: E402
from escort.engine import evaluate  # noqa: E402
from escort.errors import ProblemsFound  # noqa: E402
from escort.expressions import (EvaluationError, ExpressionError, Record, UNKNOWN, Undetermined,  # noqa: E402
                                compile_expression, evaluate as eval_expr)
from escort.functions import FUNCTIONS  # noqa: E402
from escort.models import Result  # noqa: E402
from escort.registry import build_registry  # noqa: E402
from escort.sources import parse_json, parse_text  # noqa: E402

EXAMPLES = int(os.environ.get("ESCORT_FUZZ_EXAMPLES", "150"))
RANDOM = os.environ.get("ESCORT_FUZZ_SEED", "") == "random"
SETTINGS = dict(deadline=None, derandomize=not RANDOM, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

REGISTRY = build_registry()
CHECKLISTS = sorted(cid for cid, c in REGISTRY.checklists.items() if c.plugin != "sample") + ["sample"]
BOUNDARY_NUMBERS = [0, 1, 1e15, 5e-324, 2 ** 49, 0.5, 999_999_999_999_999]    # within the 1e15 answer limit
ABSURD_NUMBERS = [1e30, 1.0e308, 10 ** 300, 10 ** 400, 2 ** 63, -1, -5]       # refused with a located problem
BOUNDARY_DATES = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2028, 2, 29),
                  dt.date(2026, 1, 31), dt.date(2026, 11, 30)]
UNKNOWN_WORDS = ["unknown", "未知", "不清楚"]


def dates(low=2020, high=2070):
    return st.one_of(st.dates(dt.date(low, 1, 1), dt.date(high, 12, 31)), st.sampled_from(BOUNDARY_DATES),
                     st.dates(dt.date(low, 1, 1), dt.date(high, 12, 31)).map(lambda d: f"{d.year}年{d.month}月{d.day}日"))


def numbers(q):
    low = q.min if getattr(q, "min", None) is not None else 0
    high = q.max if getattr(q, "max", None) is not None else (100 if q.type.value == "percent" else 1e7)
    return st.one_of(
        st.integers(int(low), int(min(high, 10 ** 9))),
        st.floats(float(low), float(min(high, 1e9)), allow_nan=False, allow_infinity=False),
        st.sampled_from(BOUNDARY_NUMBERS).filter(lambda v: low <= v <= high),
        st.integers(int(low), int(min(high, 10 ** 7))).map(lambda n: f"{n:,}"),
    ) if low < high else st.just(low)


PICK = st.integers(0, 999)   # one draw decides what kind of value a question gets


@st.composite
def _sometimes(draw, base, rare):
    """*base* mostly; as the review's generator, unknown ~4%, empty ~4%, and *rare* (invalid) ~0.1%.

    (hypothesis favours the ends of a range, so the rare cases sit in its middle)
    """
    k = draw(PICK)
    if 400 <= k < 440:
        return draw(UNKNOWN_STRATEGY)
    if 440 <= k < 480:
        return None
    if k == 500 and rare is not None:
        return draw(rare)
    return draw(base)


@st.composite
def _absurd_or(draw, base):
    return draw(ABSURD_STRATEGY) if draw(PICK) == 500 else draw(base)


UNKNOWN_STRATEGY = st.sampled_from(UNKNOWN_WORDS)
ABSURD_STRATEGY = st.sampled_from(ABSURD_NUMBERS)
_STRATEGIES: dict = {}  # built once per question: building strategies costs more than drawing from them


def value_of(q, table_ok=True):
    key = (id(q), table_ok)
    if key not in _STRATEGIES:
        _STRATEGIES[key] = _value_strategy(q, table_ok)
    return _STRATEGIES[key]


def _value_strategy(q, table_ok):
    kind = q.type.value
    if kind == "yes_no":
        base = st.sampled_from([True, False, "yes", "no", "是", "否", "有", "无"])
    elif kind == "choice":
        base = st.sampled_from([o.id for o in q.options] + [o.text for o in q.options])
    elif kind == "multi_choice":
        base = st.lists(st.sampled_from([o.id for o in q.options]), max_size=len(q.options), unique=True)
    elif kind in ("number", "money", "percent"):
        base = _absurd_or(numbers(q))
    elif kind == "date":
        base = dates()
    elif kind == "text":
        base = st.text(max_size=30)
    elif kind == "table" and table_ok:
        row = st.fixed_dictionaries({c.id: value_of(c, table_ok=False) for c in q.columns})
        base = st.lists(row, max_size=4)
    else:
        base = st.none()
    return _sometimes(base, st.just("maybe"))


SKIP = st.integers(0, 9)


@st.composite
def checklist_answers(draw, cid):
    loaded = REGISTRY.checklists[cid]
    out = {}
    for qid, q in loaded.questions.items():
        if draw(SKIP) == 5:
            continue  # left out
        out[qid] = draw(value_of(q))
    return out


_CHECKLIST_ANSWERS = {cid: checklist_answers(cid) for cid in CHECKLISTS}


@st.composite
def answers_files(draw):
    chosen = draw(st.lists(st.sampled_from(CHECKLISTS), min_size=1, max_size=5, unique=True))
    today = draw(st.one_of(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.just(dt.date(2026, 11, 20)),
                           st.sampled_from(BOUNDARY_DATES)))
    enterprise = {"name": draw(st.text(min_size=1, max_size=20).filter(lambda s: s.strip())),
                  "uscc": "91330106MA2H3K7L5P",
                  "employees": draw(st.one_of(st.none(), st.integers(0, 100000))),
                  "registered_capital": draw(st.one_of(st.none(), st.sampled_from([0, 5e6, 1e15, 1.0e308]))),
                  "listing": draw(st.sampled_from(["none", "preparing", "listed"])),
                  "tags": draw(st.lists(st.sampled_from(["escort-sample", "专精特新", "高新技术企业"]), unique=True))}
    data = {"enterprise": {k: v for k, v in enterprise.items() if v is not None}, "assessment": {"date": today},
            "checklist_versions": {cid: REGISTRY.checklists[cid].model.version for cid in chosen},
            "answers": {cid: draw(_CHECKLIST_ANSWERS[cid]) for cid in chosen}}
    if draw(st.integers(0, 9)) == 0:
        cid = draw(st.sampled_from(chosen))
        rule = draw(st.sampled_from([r.id for r in REGISTRY.checklists[cid].model.rules]))
        data["overrides"] = {cid: {rule: {"status": draw(st.sampled_from(["confirmed", "dismissed", "not_applicable"])),
                                          "reason": "律师复核", "by": "王律师",
                                          "until": draw(st.one_of(st.none(), dates(2020, 2030)))}}}
    return data


class NoAliases(yaml.SafeDumper):
    """Write every value out: Escort refuses aliases, and hypothesis reuses objects (the same date twice)."""

    def ignore_aliases(self, data):
        return True


def to_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False)


def check_invariants(result: Result) -> None:
    for f in result.findings:
        if f.exposure is not None:
            low, high = f.exposure.low, f.exposure.high
            assert math.isfinite(low) and math.isfinite(high), (f.rule, low, high)
            assert 0 <= low <= high, (f.checklist, f.rule, low, high)
    total = result.exposure_total
    assert all(math.isfinite(v) and v >= 0 for v in total.values()) and total["low"] <= total["high"], total
    assert 0 <= result.overall_score <= 100
    assert all(0 <= d.score <= 100 for d in result.domain_scores)
    # what escort report does with the saved file: strict JSON, the schema, then the checks beyond it
    from escort.report import result_problems

    reread = Result.model_validate(parse_json(result.model_dump_json(), "result.json"))
    assert result_problems(reread) == []


COUNTS = {"evaluated": 0, "rejected": 0}
REPORT = os.environ.get("ESCORT_FUZZ_REPORT")  # the long campaign writes its figures here as it goes


def _report() -> None:
    if REPORT and (COUNTS["evaluated"] + COUNTS["rejected"]) % 100 == 0:
        with open(REPORT, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(COUNTS))


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(answers_files())
def test_fuzz_answers_files_never_crash_and_keep_the_invariants(data):
    text = to_yaml(data)
    started = time.process_time()  # CPU time: a hang shows, a busy machine does not
    try:
        answers, _ = answers_from_document(parse_text(text, "fuzz.yaml"), REGISTRY)
    except ProblemsFound as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        COUNTS["rejected"] += 1
        _report()
        return
    result = evaluate(REGISTRY, answers)
    COUNTS["evaluated"] += 1
    _report()
    assert time.process_time() - started < 10
    check_invariants(result)
    if COUNTS["evaluated"] % (10 if EXAMPLES <= 1000 else 40) == 1:
        from escort.report import render_html

        assert "</html>" in render_html(result, REGISTRY)


def test_fuzz_files_replayed_through_the_cli_exit_0_1_or_2(tmp_path, capsys):
    """A few generated files through the real command line: exit code 0, 1 or 2, never a traceback."""
    from escort.cli import main

    strategy = answers_files()
    codes = []
    for i in range(6):
        data = strategy.example() if RANDOM else _fixed_example(i)
        path = tmp_path / f"a{i}.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        with pytest.raises(SystemExit) as exc:
            main(["check", str(path), "-o", str(tmp_path / f"out{i}"), "--fail-on", "high"])
        err = capsys.readouterr().err
        assert exc.value.code in (0, 1, 2) and "Traceback" not in err and "bug" not in err, err
        codes.append(exc.value.code)
    assert codes


def _fixed_example(i: int) -> dict:
    sample = yaml.safe_load(open(os.path.join(os.path.dirname(__file__), "..", "examples", "sample.yaml"),
                                 encoding="utf-8"))
    changes = [lambda d: None,
               lambda d: d["answers"]["sample"].update(arrears=1.0e308),
               lambda d: d["answers"]["sample"].update(arrears_since=dt.date(9999, 12, 31)),
               lambda d: d["assessment"].update(date=dt.date(1, 1, 1)),
               lambda d: d["answers"]["sample"]["unsigned_staff"].append({"name": "x", "hire_date": "unknown",
                                                                          "monthly_wage": 5e-324}),
               lambda d: d["answers"]["sample"].update(insured_share=100, headcount=10 ** 15)]
    changes[i](sample)
    return sample


# --------------------------------------------------------------------------- expressions and checklists

NAMES = ["n", "m", "t", "d", "today", "enterprise.employees", "r.a"]
FUNCS = ["len", "sum", "min", "max", "abs", "round", "count", "clamp", "ceil", "floor", "days_between",
         "months_between", "add_months", "add_days", "date", "sum_of", "any", "all"]
LEAVES = st.one_of(st.sampled_from(NAMES), st.integers(-10 ** 20, 10 ** 20).map(str),
                   st.sampled_from(["1e308", "0.0", "'x'", "'2026-02-29'", "[]", "[0]*10000", "[[0]*100]*100",
                                    "unknown", "10**10", "(-8)**0.5", "'a'*9999"]))


def expressions():
    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**2", " and ", " or ", " < ", " == ",
                                              " in ", " not in "]), inner)
            .map(lambda t: f"({t[0]}{t[1]}{t[2]})" if t[1] != "**2" else f"({t[0]})**2"),
            st.tuples(st.sampled_from(FUNCS), st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
            inner.map(lambda e: f"not {e}"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
            inner.map(lambda e: f"[{e} for r in t]"),
            inner.map(lambda e: f"sum({e} for r in t if r.a)"),
            st.lists(inner, max_size=4).map(lambda xs: f"[{', '.join(xs)}]"),
        )

    return st.recursive(LEAVES, extend, max_leaves=12)


SCOPE = {"n": 7, "m": ["a", "b"], "d": dt.date(2026, 1, 31), "today": dt.date(2026, 11, 20),
         "enterprise": Record({"employees": UNKNOWN}, "enterprise"),
         "t": [Record({"a": i, "b": dt.date(2025, 1, i + 1)}, f"t[{i + 1}]") for i in range(20)],
         "unknown": UNKNOWN}


@settings(max_examples=max(EXAMPLES, 100), **SETTINGS)
@given(expressions())
def test_fuzz_expressions_compile_or_are_refused_and_never_crash_evaluation(text):
    try:
        expr = compile_expression(text)
    except ExpressionError:
        return
    started = time.process_time()
    try:
        value = eval_expr(expr, dict(SCOPE), dict(FUNCTIONS))
    except (Undetermined, EvaluationError):
        return
    finally:
        assert time.process_time() - started < 2, text
    if isinstance(value, float):
        assert not math.isinf(value) or True  # a value is allowed; formatting it must not fail
    from escort.expressions import format_value

    format_value(value)


CHECKLIST_FIELDS = ["when", "message", "applies_if", "show_if", "low", "high"]


@settings(max_examples=max(EXAMPLES // 3, 50), **SETTINGS)
@given(st.sampled_from(CHECKLIST_FIELDS), expressions(), st.sampled_from([None, 3, 10 ** 6, "unknown"]))
def test_fuzz_checklists_load_with_problems_or_run_without_crashing(tmp_path_factory, field, text, n):
    from escort.checklists import link_checklist, parse_checklist
    from escort.lint import lint_checklist

    rule = {"id": "r", "title": "规则", "when": "has_policy", "severity": "high", "cite": ["labour_contract_law#4"],
            "consequence": "后果", "recommendation": "建议", "timeframe": "within_90_days"}
    question = {"id": "n", "text": "人数", "type": "number"}
    checklist = {"id": "fuzzed", "version": "0.1.0", "title": "模糊测试", "domain": "other",
                 "sections": [{"id": "s", "title": "节", "questions": [
                     {"id": "has_policy", "text": "是否有书面制度？", "type": "yes_no"}, question]}],
                 "rules": [rule]}
    if field in ("when", "message"):
        rule[field] = text if field == "when" else f"值 {{{text}}}"
    elif field in ("low", "high"):
        rule["exposure"] = {"low": text if field == "low" else "1", "high": text if field == "high" else "1", "basis": "b"}
    elif field == "show_if":
        question["show_if"] = text
    else:
        checklist["applies_if"] = text
    path = tmp_path_factory.mktemp("c") / "fuzzed.yaml"
    path.write_text(json.dumps(checklist, ensure_ascii=False), encoding="utf-8")
    try:
        loaded = parse_checklist(path, "fuzz")
    except ProblemsFound:
        return
    problems = link_checklist(loaded, REGISTRY.laws, REGISTRY.functions) + lint_checklist(loaded, REGISTRY)
    if any(p.level == "error" for p in problems):
        return
    REGISTRY.checklists["fuzzed"] = loaded
    try:
        data = {"enterprise": {"name": "x", "uscc": "91330106MA2H3K7L5P"}, "assessment": {"date": "2026-11-20"},
                "checklist_versions": {"fuzzed": "0.1.0"},
                "answers": {"fuzzed": {"has_policy": True, **({"n": n} if n is not None else {})}}}
        answers, _ = answers_from_document(parse_text(json.dumps(data), "a.json"), REGISTRY)
        check_invariants(evaluate(REGISTRY, answers, only=["fuzzed"]))
    finally:
        del REGISTRY.checklists["fuzzed"]
