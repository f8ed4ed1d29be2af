"""Test helpers for checklist authors, registered as a pytest plugin.

Write a checklist's tests so they read like the law::

    def test_double_wages(escort_run):
        result = escort_run("sample", {"has_unsigned": True, ...}, date="2026-11-20")
        result.fired("no_written_contract")
        assert_fires(result, "no_written_contract", exposure=(6800 * 7, 6800 * 7))
        assert_not_fires(result, "overtime_over_cap")

``escort_run`` evaluates answers given inline against the installed
checklists (plus any folders in ESCORT_CHECKLISTS) and returns a
:class:`Outcome` with helpers that explain failures: a failed assertion
shows the rule's ``when``, the same expression with the answers put in, the
value of each question it reads and the truth of each and/or clause.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from escort.answers import answers_from_data
from escort.engine import evaluate
from escort.models import Finding, Result
from escort.uscc import check_character

TEST_USCC_BODY = "91110000MA0TE5T00"  # no S: GB 32100 leaves out I, O, S, V, Z
TEST_USCC = TEST_USCC_BODY + check_character(TEST_USCC_BODY)


@dataclass
class Outcome:
    """A result with assertions that say what went wrong.

    *registry*, *answers* and *checklist* are optional: with them, a failed
    assertion also shows the rule's expression, the values it saw and why it
    came out true or false.
    """

    result: Result
    registry: Any = None
    answers: Any = None
    checklist: str | None = None

    @property
    def fired_ids(self) -> set[str]:
        return {f.rule for f in self.result.findings if f.status == "fired"}

    @property
    def verify_ids(self) -> set[str]:
        return {f.rule for f in self.result.findings if f.status == "verify"}

    def finding(self, rule: str) -> Finding | None:
        return next((f for f in self.result.findings if f.rule == rule), None)

    def fired(self, rule: str) -> Finding:
        """Return the finding for *rule*, failing with the facts seen if it did not fire."""
        found = self.finding(rule)
        if found is None or found.status != "fired":
            state = "did not fire" if found is None else f"is {found.status!r} (unknown: {found.unknown})"
            pytest.fail(f"rule {rule!r} {state}; fired: {sorted(self.fired_ids)}; "
                        f"to verify: {sorted(self.verify_ids)}{self._explain(rule)}", pytrace=False)
        return found

    def not_fired(self, rule: str) -> None:
        found = self.finding(rule)
        if found is not None and found.status == "fired":
            facts = "; ".join(f"{f.question}={f.answer!r}" for f in found.facts)
            pytest.fail(f"rule {rule!r} fired but should not have; facts: {facts}; message: {found.message}"
                        f"{self._explain(rule)}", pytrace=False)

    def verify(self, rule: str) -> Finding:
        found = self.finding(rule)
        if found is None or found.status != "verify":
            pytest.fail(f"rule {rule!r} is not listed for verification; to verify: {sorted(self.verify_ids)}"
                        f"{self._explain(rule)}", pytrace=False)
        return found

    @property
    def unknown_questions(self) -> set[tuple[str, str]]:
        return {(v.checklist, v.question) for v in self.result.needs_verification}

    def explain(self, rule: str) -> str:
        """Describe how *rule*'s ``when`` evaluated on these answers (empty without a registry)."""
        return explain_rule(self, rule)

    def _explain(self, rule: str) -> str:
        text = self.explain(rule)
        return f"\n{text}" if text else ""


def assert_fires(outcome: Outcome, rule: str, exposure: tuple[float, float] | None = None,
                 tolerance: float = 0.01) -> Finding:
    """Assert *rule* fired and, if given, that its exposure is (*low*, *high*) within *tolerance* yuan."""
    found = outcome.fired(rule)
    if exposure is None:
        return found
    low, high = exposure
    got = found.exposure
    if got is None:
        pytest.fail(f"rule {rule!r} fired without an exposure amount (expected {low:,} – {high:,})"
                    f"{'; ' + found.exposure_note if found.exposure_note else ''}{outcome._explain(rule)}", pytrace=False)
    if abs(got.low - low) > tolerance or abs(got.high - high) > tolerance:
        pytest.fail(f"rule {rule!r}: exposure is {got.low:,} – {got.high:,}, expected {low:,} – {high:,}\n"
                    f"  formula: {got.formula}\n  working: {got.working}", pytrace=False)
    return found


def assert_not_fires(outcome: Outcome, rule: str) -> None:
    """Assert *rule* did not fire (it may still be listed for verification)."""
    outcome.not_fired(rule)


def explain_rule(outcome: Outcome, rule_id: str) -> str:
    from escort.engine import profile_names, visible_scope
    from escort.expressions import compile_expression, substitute

    if outcome.registry is None or outcome.answers is None:
        return ""
    found = _find_rule(outcome, rule_id)
    if found is None:
        return f"  (no checklist in this run declares a rule {rule_id!r})"
    loaded, index, rule = found
    if not rule.when:
        return f"  rule {rule_id!r} has no 'when': it is raised by a plugin's escort_findings hook"
    expr = loaded.exprs[("rules", index, "when")]
    scope, _ = visible_scope(loaded, outcome.answers.values.get(loaded.id, {}), profile_names(outcome.answers.model),
                             outcome.registry.functions)
    lines = [f"  when: {expr.text}", f"  with the answers: {substitute(expr, scope)}"]
    names = [n for n in loaded.questions if n in expr.names]
    if names:
        lines.append("  values: " + ", ".join(f"{n}={_show(scope.get(n))}" for n in names))
    clauses = _clauses(expr.tree)
    if len(clauses) > 1 or clauses[0] is not expr.tree:
        lines.append("  why:")
        for node in clauses:
            part = compile_expression(ast.unparse(node))
            lines.append(f"    {part.text}  ->  {_outcome_of(part, scope, outcome.registry.functions)}")
    lines.append(f"  result: {_outcome_of(expr, scope, outcome.registry.functions)}")
    return "\n".join(lines)


def _find_rule(outcome: Outcome, rule_id: str):
    ids = [outcome.checklist] if outcome.checklist else list(outcome.registry.checklists)
    for cid in ids:
        loaded = outcome.registry.checklists.get(cid)
        for index, rule in enumerate(loaded.model.rules if loaded else []):
            if rule.id == rule_id:
                return loaded, index, rule
    return None


def _clauses(node: ast.AST) -> list[ast.AST]:
    """The parts of an and/or/not expression whose truth decides it."""
    if isinstance(node, ast.BoolOp):
        return [c for v in node.values for c in _clauses(v)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _clauses(node.operand)
    return [node]


def _outcome_of(expr: Any, scope: dict, functions: dict) -> str:
    from escort.expressions import EvaluationError, Undetermined, evaluate as eval_expr

    try:
        value = eval_expr(expr, scope, functions)
    except Undetermined as u:
        if u.unknown:
            return f"undetermined (unknown: {', '.join(sorted(u.unknown))})"
        return f"does not apply (not asked: {', '.join(sorted(u.hidden))})"
    except EvaluationError as exc:
        return f"error: {exc}"
    return _show(value)


def _show(value: Any) -> str:
    from escort.expressions import HIDDEN, UNKNOWN

    if value is UNKNOWN:
        return "unknown"
    if value is HIDDEN:
        return "hidden (not asked)"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and isinstance(value[0], dict):
        rows = "; ".join(", ".join(f"{k}={_show(v)}" for k, v in row.items()) for row in value[:3])
        more = f"; … {len(value) - 3} more" if len(value) > 3 else ""
        return f"[{len(value)} rows: {rows}{more}]"
    return repr(value)


def run_answers(registry: Any, checklist: str | None, answers: dict[str, Any], *, date: str | dt.date = "2026-11-20",
                enterprise: dict[str, Any] | None = None, overrides: dict | None = None,
                all_answers: dict[str, dict] | None = None) -> Outcome:
    """Evaluate inline answers for one checklist (or several via *all_answers*)."""
    ent = {"name": "测试企业有限公司", "uscc": TEST_USCC, "employees": 50, "tags": []}
    ent.update(enterprise or {})
    data = {
        "enterprise": ent,
        "assessment": {"date": date if isinstance(date, dt.date) else dt.date.fromisoformat(date), "mode": "onsite"},
        "answers": all_answers if all_answers is not None else {checklist: answers},
        "overrides": overrides or {},
    }
    parsed, _ = answers_from_data(data, registry, file="<test answers>")
    only = [checklist] if checklist and all_answers is None else None
    return Outcome(evaluate(registry, parsed, only=only), registry=registry, answers=parsed, checklist=checklist)


def escort_service():
    """The application service over the installed plugins (and ESCORT_CHECKLISTS folders), as a front end builds it."""
    from escort.config import Config
    from escort.service import Escort

    return Escort(Config.from_env())


@pytest.fixture(scope="session")
def escort_registry():
    """The registry of installed checklists, built once per test session; fails on any checklist problem."""
    registry = escort_service().catalog
    errors = [str(p) for p in registry.problems if p.level == "error"]
    if errors:
        pytest.fail("installed checklists have problems:\n" + "\n".join(errors), pytrace=False)
    return registry


@pytest.fixture
def escort_run(escort_registry):
    """Call as escort_run(checklist_id, answers_dict, date=..., enterprise=..., overrides=...)."""

    def run(checklist: str, answers: dict[str, Any], **kwargs: Any) -> Outcome:
        return run_answers(escort_registry, checklist, answers, **kwargs)

    return run
