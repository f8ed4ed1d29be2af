"""Load checklists, then link them: two passes that report in the same format.

Parse: each file on its own, against the pydantic model (wrong keys, types,
missing fields) and its expressions' syntax.  Link: references across the
checklist and the registry (question ids in expressions, their order,
options compared against, table columns, functions, citations).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from escort.errors import Problem, ProblemsFound
from escort.expressions import Expression, ExpressionError, compile_expression, compile_template, PLACEHOLDER
from escort.laws import LawRegistry
from escort.messages import did_you_mean, model_problems
from escort.models import Checklist, Enterprise, Assessment, Question, QuestionType
from escort.sources import Document, read_document

PROFILE_NAMES = {"enterprise": set(Enterprise.model_fields), "assessment": set(Assessment.model_fields)}
SCOPE_NAMES = {"enterprise", "assessment", "today"}
SEVERITY_SCOPE_NAMES = {"exposure_low", "exposure_high"}  # a rule's computed amounts, readable in severity_by


@dataclass
class LoadedChecklist:
    """A checklist with its source lines and its compiled expressions."""

    model: Checklist
    doc: Document
    plugin: str
    exprs: dict[tuple, Expression] = field(default_factory=dict)      # path of the field -> compiled
    templates: dict[tuple, list[Expression]] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    question_paths: dict[str, tuple] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model.id

    def problem(self, path: tuple, message: str, **kw: Any) -> Problem:
        return self.doc.problem(path, message, **kw)


def parse_checklist(source: Path | Checklist, plugin: str) -> LoadedChecklist:
    """First pass: read and validate one checklist on its own; raise ProblemsFound."""
    if isinstance(source, Checklist):
        doc = Document(f"<{plugin}:{source.id}>", source.model_dump(mode="json"), {(): 1})
        model = source
    else:
        doc = read_document(source)
        if not isinstance(doc.data, dict):
            raise ProblemsFound([doc.problem((), "a checklist must be a mapping with id, version, title, domain, sections")])
        try:
            model = Checklist.model_validate(doc.data)
        except ValidationError as exc:
            raise ProblemsFound(model_problems(doc, exc, Checklist)) from None
    loaded = LoadedChecklist(model, doc, plugin)
    problems: list[Problem] = []
    for path, text in _expression_fields(model):
        try:
            loaded.exprs[path] = compile_expression(text)
        except ExpressionError as exc:
            problems.append(doc.problem(path, f"{exc}", code="E-EXPR"))
    for path, text in _template_fields(model):
        try:
            loaded.templates[path] = compile_template(text)
        except ExpressionError as exc:
            problems.append(doc.problem(path, f"in a {{placeholder}}: {exc}", code="E-EXPR"))
    if problems:
        raise ProblemsFound(problems)
    return loaded


def _expression_fields(model: Checklist):
    if model.applies_if:
        yield ("applies_if",), model.applies_if
    for si, section in enumerate(model.sections):
        if section.show_if:
            yield ("sections", si, "show_if"), section.show_if
        for qi, q in enumerate(section.questions):
            if q.show_if:
                yield ("sections", si, "questions", qi, "show_if"), q.show_if
    for ri, rule in enumerate(model.rules):
        if rule.when:
            yield ("rules", ri, "when"), rule.when
        if rule.exposure:
            yield ("rules", ri, "exposure", "low"), rule.exposure.low
            yield ("rules", ri, "exposure", "high"), rule.exposure.high
        for i, step in enumerate(rule.severity_by):
            yield ("rules", ri, "severity_by", i, "when"), step.when
        if rule.facts_date:
            yield ("rules", ri, "facts_date"), rule.facts_date


def _template_fields(model: Checklist):
    for ri, rule in enumerate(model.rules):
        if rule.message and PLACEHOLDER.search(rule.message):
            yield ("rules", ri, "message"), rule.message


def link_checklist(loaded: LoadedChecklist, laws: LawRegistry, functions: dict[str, Callable]) -> list[Problem]:
    """Second pass: check every reference; return the problems (errors and warnings)."""
    model, problems = loaded.model, []
    order: dict[str, int] = {}
    seen_sections: set[str] = set()
    for si, section in enumerate(model.sections):
        if section.id in seen_sections:
            problems.append(loaded.problem(("sections", si, "id"), f"duplicate section id {section.id!r}", code="E-DUP"))
        seen_sections.add(section.id)
        for qi, q in enumerate(section.questions):
            path = ("sections", si, "questions", qi)
            if q.id in loaded.questions:
                first = loaded.doc.line(loaded.question_paths[q.id])
                problems.append(loaded.problem(path + ("id",), f"duplicate question id {q.id!r} (first on line {first})", code="E-DUP"))
                continue
            if q.id in SCOPE_NAMES or q.id in functions:
                problems.append(loaded.problem(path + ("id",), f"question id {q.id!r} is a reserved name; choose another", code="E-DUP"))
            loaded.questions[q.id] = q
            loaded.question_paths[q.id] = path
            order[q.id] = len(order)
            problems += _check_options(loaded, q, path)
            problems += _check_citations(loaded, q.cite, path + ("cite",), laws)
    seen_rules: set[str] = set()
    for ri, rule in enumerate(model.rules):
        if rule.id in seen_rules:
            problems.append(loaded.problem(("rules", ri, "id"), f"duplicate rule id {rule.id!r}", code="E-DUP"))
        seen_rules.add(rule.id)
        for ci, item in enumerate(rule.cite):
            if isinstance(item, str):
                problems += _check_citations(loaded, [item], ("rules", ri, "cite", ci), laws, single=True)
            else:
                problems += _check_versions(loaded, item.in_force, ("rules", ri, "cite", ci, "in_force"), laws)
    for path, expr in loaded.exprs.items():
        problems += _check_expression(loaded, path, expr, functions, order)
    for path, exprs in loaded.templates.items():
        for expr in exprs:
            problems += _check_expression(loaded, path, expr, functions, order)
    return sorted(problems, key=lambda p: p.line or 0)


def _check_options(loaded: LoadedChecklist, q: Question, path: tuple) -> list[Problem]:
    problems = []
    for key, items in (("options", q.options), ("columns", q.columns)):
        ids = [item.id for item in items]
        for i, item_id in enumerate(ids):
            if item_id in ids[:i]:
                problems.append(loaded.problem(path + (key, i, "id"), f"duplicate {key[:-1]} id {item_id!r}", code="E-DUP"))
    for ci, col in enumerate(q.columns):
        if col.type in (QuestionType.choice, QuestionType.multi_choice) and not col.options:
            problems.append(loaded.problem(path + ("columns", ci), f"column {col.id!r} is a {col.type.value} column and needs options"))
    return problems


def _check_citations(loaded: LoadedChecklist, cites: list[str], path: tuple, laws: LawRegistry,
                     single: bool = False) -> list[Problem]:
    return [loaded.problem(path if single else path + (i,),
                           f"citation {key!r} does not resolve in the law registry{laws.suggest(key)}", code="E-CITE")
            for i, key in enumerate(cites) if not laws.has(key)]


def _check_versions(loaded: LoadedChecklist, keys: list[str], path: tuple, laws: LawRegistry) -> list[Problem]:
    """An in_force list: every key resolves (or names a pending version), at least one has text, all are
    versions of one instrument, and their periods do not overlap."""
    if len(keys) < 2:
        return [loaded.problem(path, "in_force lists the versions of one article by date: give at least two "
                               "(a single version is a plain citation)", code="E-CITE")]
    problems = []
    for i, key in enumerate(keys):
        if not laws.has_version(key):
            problems.append(loaded.problem(path + (i,), f"citation {key!r} does not resolve in the law registry"
                                           f"{laws.suggest(key)}", code="E-CITE"))
    if problems:
        return problems
    ids = [k.split("#", 1)[0] for k in keys]
    if len(set(ids)) != len(ids):
        return [loaded.problem(path, f"in_force lists two articles of one version ({', '.join(keys)}); "
                               "list one article per version", code="E-CITE")]
    if all(i in laws.pending for i in ids):
        return [loaded.problem(path, "in_force needs at least one version whose text is in the registry", code="E-CITE")]
    for a in ids[1:]:
        if not laws.same_instrument(ids[0], a):
            return [loaded.problem(path, f"in_force alternatives must be versions of one instrument: "
                                   f"{ids[0]!r} and {a!r} are not", code="E-CITE")]
    periods = sorted(((laws.period(i), i) for i in ids), key=lambda p: (p[0][0] is not None, p[0][0] or 0))
    for (first, a), (second, b) in zip(periods, periods[1:]):
        if first[1] is None or second[0] is None or second[0] < first[1]:
            return [loaded.problem(path, f"in_force versions {a!r} ({_span(first)}) and {b!r} ({_span(second)}) "
                                   "overlap or have no recorded dates; each version needs its own period", code="E-CITE")]
    return problems


def _span(period: tuple) -> str:
    start, end = period
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def _check_expression(loaded: LoadedChecklist, path: tuple, expr: Expression,
                      functions: dict[str, Callable], order: dict[str, int]) -> list[Problem]:
    problems = []
    field_name = path[-1]
    profile_only = field_name == "applies_if"
    here = _position(path, loaded)
    for name in sorted(expr.names):
        if name in SCOPE_NAMES or (name in functions and name not in loaded.questions):
            continue
        if name in SEVERITY_SCOPE_NAMES and "severity_by" in path and name not in loaded.questions:
            continue
        if profile_only:
            problems.append(loaded.problem(path, f"applies_if may only use enterprise, assessment and today, not {name!r}", code="E-NAME"))
        elif name not in loaded.questions:
            known = list(loaded.questions) + (sorted(SEVERITY_SCOPE_NAMES) if "severity_by" in path else [])
            problems.append(loaded.problem(path, f"unknown name {name!r} in {expr.text!r}{did_you_mean(name, known)}", code="E-NAME"))
        elif field_name == "show_if" and here is not None and order[name] >= here:
            what = "itself" if order[name] == here else "a question asked later"
            problems.append(loaded.problem(path, f"show_if refers to {what} ({name!r}); it may only use earlier answers", code="E-ORDER"))
    for fn in sorted(expr.calls):
        if fn not in functions:
            problems.append(loaded.problem(path, f"unknown function {fn!r}(){did_you_mean(fn, list(functions))}", code="E-FUNC"))
    for base, attr in expr.attributes:
        if base in PROFILE_NAMES and attr not in PROFILE_NAMES[base]:
            problems.append(loaded.problem(path, f"{base} has no field {attr!r}{did_you_mean(attr, sorted(PROFILE_NAMES[base]))}", code="E-NAME"))
    problems += [loaded.problem(path, msg, code="E-VALUE") for msg in _check_values(expr, loaded.questions)]
    return problems


def _position(path: tuple, loaded: LoadedChecklist) -> int | None:
    """Order index of the question a show_if belongs to (a section's show_if: its first question)."""
    if path[0] != "sections":
        return None
    section = loaded.model.sections[path[1]]
    qid = section.questions[path[3]].id if len(path) > 3 and path[2] == "questions" else section.questions[0].id
    ids = [q.id for s in loaded.model.sections for q in s.questions]
    return ids.index(qid) if qid in ids else None


def _check_values(expr: Expression, questions: dict[str, Question]) -> list[str]:
    """Compare answers only with values they can take: option ids, and no 'yes'/'no' strings for yes_no."""
    out = []
    loops: dict[str, Question] = {}
    for node in ast.walk(expr.tree):
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
            for gen in node.generators:
                if isinstance(gen.iter, ast.Name) and gen.iter.id in questions and isinstance(gen.target, ast.Name):
                    loops[gen.target.id] = questions[gen.iter.id]
    for node in ast.walk(expr.tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in loops:
            table = loops[node.value.id]
            cols = [c.id for c in table.columns]
            if node.attr not in cols:
                out.append(f"table {table.id!r} has no column {node.attr!r}{did_you_mean(node.attr, cols)}")
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        subject = next((o for o in operands if isinstance(o, ast.Name) and o.id in questions), None)
        if subject is None:
            continue
        q = questions[subject.id]
        for other in operands:
            for const in _constants(other):
                if not isinstance(const, str):
                    continue
                if q.type is QuestionType.yes_no:
                    out.append(f"{q.id!r} is a yes/no question: its value is true or false, so write "
                               f"'{q.id}' or 'not {q.id}' instead of comparing with {const!r}")
                elif q.type in (QuestionType.choice, QuestionType.multi_choice):
                    ids = [o.id for o in q.options]
                    if const not in ids:
                        out.append(f"{const!r} is not an option of {q.id!r} (options: {', '.join(ids)}){did_you_mean(const, ids)}")
    return out


def _constants(node: ast.AST) -> list[Any]:
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []
