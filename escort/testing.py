"""Test helpers for checklist authors, registered as a pytest plugin.

Write a checklist's tests so they read like the law::

    def test_double_wages(escort_run):
        result = escort_run("sample", {"has_unsigned": True, ...}, date="2026-11-20")
        finding = result.fired("no_written_contract")
        assert finding.exposure.high == 6800 * 7

``escort_run`` evaluates answers given inline against the installed
checklists (plus any folders in ESCORT_CHECKLISTS) and returns a
:class:`Outcome` with helpers that explain failures.
"""

from __future__ import annotations

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
    """A result with assertions that say what went wrong."""

    result: Result

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
                        f"to verify: {sorted(self.verify_ids)}", pytrace=False)
        return found

    def not_fired(self, rule: str) -> None:
        found = self.finding(rule)
        if found is not None and found.status == "fired":
            facts = "; ".join(f"{f.question}={f.answer!r}" for f in found.facts)
            pytest.fail(f"rule {rule!r} fired but should not have; facts: {facts}; message: {found.message}", pytrace=False)

    def verify(self, rule: str) -> Finding:
        found = self.finding(rule)
        if found is None or found.status != "verify":
            pytest.fail(f"rule {rule!r} is not listed for verification; to verify: {sorted(self.verify_ids)}", pytrace=False)
        return found

    @property
    def unknown_questions(self) -> set[tuple[str, str]]:
        return {(v.checklist, v.question) for v in self.result.needs_verification}


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
    return Outcome(evaluate(registry, parsed, only=only))


@pytest.fixture(scope="session")
def escort_registry():
    """The registry of installed checklists, built once per test session; fails on any checklist problem."""
    from escort.registry import build_registry

    registry = build_registry()
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
