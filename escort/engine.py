"""Evaluate one enterprise's answers against every applicable checklist.

For each checklist: decide whether it applies (``applies_if`` over the
profile), walk its questions in order to decide which are asked
(``show_if``), list every asked question nobody could answer, evaluate each
rule, add the plugins' computed findings, apply the lawyer's overrides, then
score.  Unknown is never compliant: a rule that cannot be decided because an
answer is unknown becomes a finding to verify (or fires, if the rule says
so); only a rule that depends on questions that were not asked is silent.
"""

from __future__ import annotations

from typing import Any

from escort import __version__
from escort.answers import Answers
from escort.checklists import LoadedChecklist
from escort.expressions import (HIDDEN, UNKNOWN, EvaluationError, Evaluator, Record, Undetermined,
                                evaluate as eval_expr, format_value, render_template, substitute)
from escort.models import (SEVERITY_NAMES, SEVERITY_ORDER, ChecklistRun, ComputedFinding, ExposureResult, Fact,
                           Finding, QuestionType, Result, Rule, Severity, Verification)
from escort.scoring import WEIGHTS, score


def evaluate(registry: Any, answers: Answers, only: list[str] | None = None) -> Result:
    """Evaluate *answers*; *only* restricts to these checklist ids (default: those the file selects, else all)."""
    model = answers.model
    selected = only or list(model.checklist_versions) or None
    profile = profile_names(model)
    runs, findings, verify = [], [], []
    warnings: list[str] = list(getattr(registry, "conflicts", []))  # conflicts between plugins reach the result
    shown_answers: dict[str, dict[str, Any]] = {}
    for cid, loaded in registry.checklists.items():
        checklist = loaded.model
        run = ChecklistRun(id=cid, version=checklist.version, title=checklist.title, domain=checklist.domain,
                           applicable=True, answered_version=model.checklist_versions.get(cid))
        runs.append(run)
        if selected is not None and cid not in selected:
            run.applicable, run.reason = False, "未选择（not selected for this checkup）"
            continue
        applies, reason = checklist_applies(loaded, profile, registry.functions)
        if not applies:
            run.applicable, run.reason = False, reason
            continue
        run.reason = reason
        run.weight = float(sum(rule_weight(r) for r in checklist.rules))
        scope, visible = visible_scope(loaded, answers.values.get(cid, {}), profile, registry.functions)
        run.visible = len(visible)
        run.answered = sum(1 for qid in visible if scope[qid] is not UNKNOWN)
        for qid in visible:
            if scope[qid] is UNKNOWN:
                q = loaded.questions[qid]
                given = qid in answers.values.get(cid, {})
                verify.append(Verification(checklist=cid, domain=checklist.domain, question=qid, text=q.text,
                                           evidence=q.evidence, reason="unknown" if given else "unanswered"))
        evaluator = Evaluator(scope, registry.functions)
        fired = [f for ri, rule in enumerate(checklist.rules) if rule.when
                 for f in [_evaluate_rule(loaded, ri, scope, registry, warnings, evaluator)] if f]
        fired += _computed(loaded, scope, model, registry, warnings)
        findings += _apply_overrides(fired, model.overrides.get(cid, {}), model.assessment.date, warnings)
        shown_answers[cid] = {qid: _display(scope[qid]) for qid in loaded.questions if scope[qid] is not HIDDEN}
        for qid in answers.orphans.get(cid, {}):
            warnings.append(f"{cid}: answer to {qid!r} kept but not evaluated: the question is not in version {checklist.version}")
    notes = {cid: dict(n) for cid, n in answers.notes.items() if n}
    evidence = {cid: {qid: list(refs) for qid, refs in e.items()} for cid, e in answers.evidence.items() if e}
    result = Result(generated_by=f"escort {__version__}", enterprise=model.enterprise, assessment=model.assessment,
                    checklists=runs, findings=sort_findings(findings), needs_verification=verify, domain_scores=[],
                    overall_score=100.0, grade="green", exposure_total={"low": 0.0, "high": 0.0},
                    coverage={"answered": sum(r.answered for r in runs), "visible": sum(r.visible for r in runs)},
                    warnings=warnings, answers=shown_answers, notes=notes, evidence=evidence,
                    domain_names={d: registry.domain_name(d) for d in _domain_order(runs, registry)},
                    plugins=registry.plugin_records() if hasattr(registry, "plugin_records") else [],
                    law_overrides=list(getattr(getattr(registry, "laws", None), "overrides", [])),
                    rectification=model.rectification)
    return score(result)


def _domain_order(runs: list[ChecklistRun], registry: Any) -> list[str]:
    """The domains of these checklists, in the registered order."""
    used = {r.domain for r in runs}
    order = list(getattr(registry, "domains", {}))
    return [d for d in order if d in used] + sorted(used - set(order))


def profile_names(model: Any) -> dict[str, Any]:
    ent = model.enterprise.model_dump()
    ass = model.assessment.model_dump()
    return {"enterprise": Record({k: (UNKNOWN if v is None else v) for k, v in ent.items()}, "enterprise"),
            "assessment": Record({k: (UNKNOWN if v is None else v) for k, v in ass.items()}, "assessment"),
            "today": model.assessment.date}


def checklist_applies(loaded: LoadedChecklist, profile: dict, functions: dict) -> tuple[bool, str]:
    """Whether the checklist applies to the profile (``applies_if``), and why in words; undecided counts as applying."""
    expr = loaded.exprs.get(("applies_if",))
    if expr is None:
        return True, ""
    try:
        if eval_expr(expr, profile, functions):
            return True, ""
        return False, f"不适用：{substitute(expr, profile)} 不成立（applies_if: {expr.text}）"
    except Undetermined as u:
        return True, f"适用（企业信息缺少 {', '.join(sorted(u.unknown | u.hidden))}，按适用处理）"
    except EvaluationError as exc:
        return True, f"适用（applies_if 无法计算：{exc}）"


def visible_scope(loaded: LoadedChecklist, given: dict[str, Any], profile: dict, functions: dict) -> tuple[dict, list[str]]:
    """Walk questions in order: the value each name has in expressions, and the ids of the questions asked."""
    scope: dict[str, Any] = dict(profile)
    visible: list[str] = []
    evaluator = Evaluator(scope, functions)  # reads the scope as it grows
    for si, section in enumerate(loaded.model.sections):
        section_shown = _shown(loaded.exprs.get(("sections", si, "show_if")), scope, functions, evaluator)
        for qi, q in enumerate(section.questions):
            shown = section_shown and _shown(loaded.exprs.get(("sections", si, "questions", qi, "show_if")),
                                             scope, functions, evaluator)
            if not shown:
                scope[q.id] = HIDDEN
                continue
            visible.append(q.id)
            value = given.get(q.id)
            if value is None and q.type is QuestionType.table and q.id in given:
                value = []
            scope[q.id] = UNKNOWN if value is None else value
    return scope, visible


def _shown(expr: Any, scope: dict, functions: dict, evaluator: Evaluator | None = None) -> bool:
    """A question is asked when its show_if is true, or undecided because an earlier answer is unknown."""
    if expr is None:
        return True
    try:
        return bool(eval_expr(expr, scope, functions, evaluator))
    except Undetermined as u:
        return bool(u.unknown)
    except EvaluationError:
        return True


def _evaluate_rule(loaded: LoadedChecklist, ri: int, scope: dict, registry: Any, warnings: list,
                   evaluator: Evaluator) -> Finding | None:
    rule = loaded.model.rules[ri]
    expr = loaded.exprs[("rules", ri, "when")]
    unknown: list[str] = []
    try:
        hit = eval_expr(expr, scope, registry.functions, evaluator)
        if not isinstance(hit, bool):
            hit = bool(hit)
        if not hit:
            return None
        status = "fired"
    except Undetermined as u:
        if not u.unknown:
            return None  # depends only on questions not asked: the rule does not apply
        unknown = sorted(u.unknown)
        status = "fired" if rule.if_unknown == "fire" else "verify"
    except EvaluationError as exc:
        warnings.append(f"{loaded.id}.{rule.id}: could not be evaluated ({exc}); listed for verification")
        status, unknown = "verify", sorted(n for n in expr.names if n in loaded.questions)
    finding = _finding(loaded, rule, status, registry, scope=scope, evaluator=evaluator, ri=ri)
    finding.unknown = unknown
    read = [expr] + [loaded.exprs[("rules", ri, "exposure", end)] for end in ("low", "high") if rule.exposure]
    read += loaded.templates.get(("rules", ri, "message"), [])
    finding.facts = _facts(loaded, read, scope)
    if rule.message:
        finding.message = render_template(rule.message, scope, registry.functions,
                                          loaded.templates.get(("rules", ri, "message"), []), evaluator)
    if rule.exposure and status == "fired":
        finding.exposure, finding.exposure_note = _exposure(loaded, ri, scope, registry.functions, evaluator, warnings)
        if finding.exposure is None and finding.exposure_note and not finding.exposure_note.endswith("需核实后测算"):
            warnings.append(f"{loaded.id}.{rule.id}: exposure could not be computed ({finding.exposure_note})")
    grade(finding, loaded, ri, scope, registry.functions)
    return finding


def rule_weight(rule: Rule) -> int:
    """The most a rule's finding can cost: the weight of its highest possible severity."""
    return max(WEIGHTS[s.value] for s in [rule.severity] + [step.severity for step in rule.severity_by])


def _finding(loaded: LoadedChecklist, rule: Rule, status: str, registry: Any, source: str = "rule",
             scope: dict | None = None, evaluator: Evaluator | None = None, ri: int | None = None) -> Finding:
    today = scope["today"] if scope is not None else None
    legal_basis, notes = cite_for(loaded, rule, ri, scope, registry, evaluator) if today is not None else (
        [registry.laws.resolve(key) for key in rule.cite], [])
    return Finding(checklist=loaded.id, rule=rule.id, title=rule.title, domain=loaded.model.domain,
                   severity=rule.severity, status=status, legal_basis=legal_basis,
                   lawyer_notes=notes + [n for n in rule.lawyer_notes if n not in notes],
                   consequence=rule.consequence, recommendation=rule.recommendation,
                   exposure_kind=rule.exposure.kind if rule.exposure else "liability",
                   timeframe=rule.timeframe, source=source)


def facts_date(loaded: LoadedChecklist, ri: int | None, scope: dict, functions: dict,
               evaluator: Evaluator | None = None) -> tuple[Any, bool, str]:
    """(the date the rule's facts are judged at, whether it is known, a note when it is not)."""
    today = scope["today"]
    expr = loaded.exprs.get(("rules", ri, "facts_date")) if ri is not None else None
    if expr is None:
        return today, True, ""
    try:
        value = eval_expr(expr, scope, functions, evaluator)
    except Undetermined as u:
        return today, False, f"facts_date（{expr.text}）无法确定：{', '.join(sorted(u.unknown | u.hidden))} 未知"
    except EvaluationError as exc:
        return today, False, f"facts_date 无法计算：{exc}"
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value, True, ""
    try:
        from escort.functions import to_date

        return to_date(value), True, ""
    except (TypeError, ValueError):
        return today, False, f"facts_date（{expr.text}）不是日期：{value!r}"


def cite_for(loaded: LoadedChecklist, rule: Rule, ri: int | None, scope: dict, registry: Any,
             evaluator: Evaluator | None = None) -> tuple[list, list[str]]:
    """The articles to quote for the rule's facts date (the version in force on it), and notes for the lawyer."""
    if ri is None:
        ri = next((i for i, r in enumerate(loaded.model.rules) if r.id == rule.id), None)
    day, known, note = facts_date(loaded, ri, scope, registry.functions, evaluator)
    dated = rule.facts_date is not None
    cited, notes = [], [note] if note else []
    for item in rule.cite:
        article, more = registry.laws.cite_on(item, day, dated=dated, day_known=known or not dated)
        cited.append(article)
        notes += [n for n in more if n not in notes]
    return cited, notes


def grade(finding: Finding, loaded: LoadedChecklist, ri: int, scope: dict, functions: dict) -> None:
    """Apply the rule's severity_by: the first step that is true sets the severity; keep the base otherwise."""
    rule = loaded.model.rules[ri]
    if not rule.severity_by:
        return
    finding.base_severity = rule.severity
    ex = finding.exposure
    names = dict(scope)
    names["exposure_low"] = ex.low if ex else UNKNOWN
    names["exposure_high"] = ex.high if ex else UNKNOWN
    evaluator = Evaluator(names, functions)
    undecided: list[str] = []
    for i, step in enumerate(rule.severity_by):
        expr = loaded.exprs[("rules", ri, "severity_by", i, "when")]
        try:
            hit = eval_expr(expr, names, functions, evaluator)
        except Undetermined as u:
            undecided.append(f"“{step.reason}”（{', '.join(sorted(u.unknown | u.hidden))} 未知）")
            continue
        except EvaluationError as exc:
            undecided.append(f"“{step.reason}”（无法计算：{exc}）")
            continue
        if hit:
            finding.severity = Severity(step.severity)
            finding.severity_reason = step.reason
            if undecided:
                finding.lawyer_notes.append(f"严重程度按“{step.reason}”定为{SEVERITY_NAMES[step.severity.value]}；"
                                            f"在先的分级条件无法判断：{'；'.join(undecided)}，可能应更高。")
            return
    if undecided:
        finding.severity_reason = f"分级条件无法判断，按基础等级{SEVERITY_NAMES[rule.severity.value]}：{'；'.join(undecided)}"


def _facts(loaded: LoadedChecklist, exprs: list[Any], scope: dict) -> list[Fact]:
    facts = []
    names = set().union(*(e.names for e in exprs))
    order = {qid: i for i, qid in enumerate(loaded.questions)}
    for name in sorted(names, key=lambda n: order.get(n, -1)):
        if name in loaded.questions and scope.get(name) is not HIDDEN:
            facts.append(Fact(question=name, text=loaded.questions[name].text, answer=_display(scope[name])))
    return facts


def _exposure(loaded: LoadedChecklist, ri: int, scope: dict, functions: dict,
              evaluator: Evaluator, warnings: list | None = None) -> tuple[ExposureResult | None, str]:
    rule = loaded.model.rules[ri]
    low_expr = loaded.exprs[("rules", ri, "exposure", "low")]
    high_expr = loaded.exprs[("rules", ri, "exposure", "high")]
    try:
        low = float(eval_expr(low_expr, scope, functions, evaluator))
        high = float(eval_expr(high_expr, scope, functions, evaluator))
    except Undetermined as u:
        return None, f"金额无法计算：{', '.join(sorted(u.unknown | u.hidden))} 未知，需核实后测算"
    except (EvaluationError, TypeError, ValueError, OverflowError) as exc:
        return None, f"金额无法计算：{exc}"
    problem = exposure_problem(low, high)
    if problem and "负数" not in problem:  # an amount owed is finite (review F6); a negative one is counted as 0 below
        return None, f"金额无法计算：{problem}（下限 = {low_expr.text}；上限 = {high_expr.text}），请核对所填日期和金额"
    if high < low:
        low, high = high, low
    raw_low, raw_high = low, high
    low, high = max(low, 0.0), max(high, 0.0)  # a date in the future must not give a negative amount
    formula = f"下限 = {low_expr.text}；上限 = {high_expr.text}"
    working = (f"下限 = {substitute(low_expr, scope, functions)} = {format_value(round(raw_low, 2))}"
               f"{'，负数按 0 计' if raw_low < 0 else ''}；"
               f"上限 = {substitute(high_expr, scope, functions)} = {format_value(round(raw_high, 2))}"
               f"{'，负数按 0 计' if raw_high < 0 else ''}")
    if raw_low < 0 and warnings is not None:
        warnings.append(f"{loaded.id}.{rule.id}: exposure came out negative ({format_value(round(raw_low, 2))}"
                        f"{' – ' + format_value(round(raw_high, 2)) if raw_high != raw_low else ''}), counted as 0 "
                        "(a date after the assessment date?)")
    return ExposureResult(low=round(low, 2), high=round(high, 2), basis=rule.exposure.basis,
                          formula=formula, working=working, kind=rule.exposure.kind), ""


def exposure_problem(low: Any, high: Any) -> str:
    """Say what makes an exposure unusable (not finite, negative), or ''."""
    import math

    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (low, high)):
        return f"结果不是有限的数（{low} – {high}）"
    if low < 0 or high < 0:
        return f"结果为负数（{low:,.2f} – {high:,.2f}）"
    return ""


def _computed(loaded: LoadedChecklist, scope: dict, model: Any, registry: Any, warnings: list) -> list[Finding]:
    out = []
    rules = {r.id: r for r in loaded.model.rules}
    problems: list = []
    returned = registry.plugins.findings(checklist=loaded.model, answers=scope, enterprise=model.enterprise,
                                         problems=problems)
    # a plugin that raised or returned a non-list is named in the result; nothing shared is changed
    warnings.extend(p.message for p in problems)
    for plugin, item in returned:
        if not isinstance(item, ComputedFinding):
            warnings.append(f"plugin {plugin!r}: escort_findings returned {type(item).__name__}, not ComputedFinding; ignored")
            continue
        rule = rules.get(item.rule)
        if rule is None:
            warnings.append(f"plugin {plugin!r}: finding for unknown rule {loaded.id}.{item.rule}; ignored")
            continue
        ri = next(i for i, r in enumerate(loaded.model.rules) if r.id == rule.id)
        finding = _finding(loaded, rule, item.status, registry, source=plugin, scope=scope, ri=ri)
        finding.message, finding.facts, finding.unknown, finding.exposure = item.message, item.facts, item.unknown, item.exposure
        finding.lawyer_notes += [n for n in item.lawyer_notes if n not in finding.lawyer_notes]
        if item.exposure_kind is not None:
            finding.exposure_kind = item.exposure_kind
        if item.exposure is not None:
            if rule.exposure and "kind" not in item.exposure.model_fields_set:
                item.exposure.kind = rule.exposure.kind  # the plugin left the kind to the rule's declaration
            finding.exposure_kind = item.exposure.kind
            problem = exposure_problem(item.exposure.low, item.exposure.high)
            if problem and "负数" not in problem:  # a plugin's NaN or infinite amount is named, not summed (review F9)
                warnings.append(f"plugin {plugin!r}: exposure of {loaded.id}.{item.rule} ignored: {problem}")
                finding.exposure, finding.exposure_note = None, f"金额无法计算：{problem}"
            else:
                if item.exposure.low < 0 or item.exposure.high < 0:
                    warnings.append(f"{loaded.id}.{rule.id}: plugin {plugin!r} gave a negative exposure "
                                    f"({item.exposure.low} – {item.exposure.high}), counted as 0")
                    item.exposure.working += "；负数按 0 计"
                    item.exposure.low, item.exposure.high = max(item.exposure.low, 0.0), max(item.exposure.high, 0.0)
                if item.exposure.low > item.exposure.high:
                    finding.exposure = item.exposure.model_copy(update={"low": item.exposure.high,
                                                                        "high": item.exposure.low})
        grade(finding, loaded, ri, scope, registry.functions)
        out.append(finding)
    return out


def _apply_overrides(findings: list[Finding], overrides: dict, today: Any, warnings: list) -> list[Finding]:
    by_rule = {f.rule: f for f in findings}
    for rid, override in overrides.items():
        finding = by_rule.get(rid)
        if finding is None:
            warnings.append(f"override for rule {rid!r} not applied: the rule raised no finding")
            continue
        finding.override = override
        if override.until is not None and override.until < today:
            finding.override_expired = True
            continue
        finding.effective = override.status == "confirmed"
    return findings


def sort_findings(findings: list[Finding]) -> list[Finding]:

    return sorted(findings, key=lambda f: (SEVERITY_ORDER.index(f.severity.value), f.status != "fired", f.checklist, f.rule))


def _display(value: Any) -> Any:
    if value is UNKNOWN:
        return "unknown"
    if value is HIDDEN:
        return None
    if isinstance(value, list):
        return [dict((k, _display(v)) for k, v in row.items()) if isinstance(row, dict) else row for row in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
