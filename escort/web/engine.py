"""The portal's one door to Escort's application service (``escort.service.Escort``).

The portal asks the service for the questionnaire (visibility from the engine's own ``show_if`` walk), to parse
answers, to assess them and to render reports; it never evaluates a rule itself.  :func:`service` is built once per
process.  Until ``escort.service`` is present on this branch the same names are provided by :class:`_CoreService`,
a thin adapter over the core functions the service wraps (``answers_from_data``, ``visible_scope``, ``evaluate``,
``render_html``/``render_pdf``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from escort.errors import ProblemsFound


@functools.lru_cache(maxsize=1)
def service():
    """The process-wide service object."""
    try:
        from escort.config import Config
        from escort.service import Escort
    except ImportError:
        return _CoreService()
    return Escort(Config.from_env())


# ----------------------------------------------------------------------------- the adapter (same names as the service)

@dataclass
class QuestionForm:
    id: str
    text: str
    type: str
    help: str
    options: list
    columns: list
    unit: str | None
    min: float | None
    max: float | None
    required: bool
    visible: bool
    value: Any
    cite: list = field(default_factory=list)
    evidence: list = field(default_factory=list)


@dataclass
class SectionForm:
    index: int
    title: str
    visible: bool
    questions: list


@dataclass
class ChecklistForm:
    id: str
    title: str
    domain: str
    applicable: bool
    reason: str
    sections: list


@dataclass
class Questionnaire:
    checklists: list
    progress: tuple


@dataclass
class AnswerSet:
    answers: Any
    warnings: list
    data: dict


@dataclass
class Assessment:
    result: Any
    warnings: list


class _CoreService:
    def __init__(self) -> None:
        from escort.registry import build_registry

        self.registry = build_registry()

    @property
    def catalog(self):
        return self.registry

    def parse_answers(self, mapping: dict, source: str = "<web>") -> AnswerSet:
        from escort.answers import answers_from_data

        answers, warnings = answers_from_data(mapping, self.registry, source)
        return AnswerSet(answers, warnings, mapping)

    def questionnaire(self, answers: Any, only: list[str] | None = None) -> Questionnaire:
        from escort.answers import answers_from_data
        from escort.engine import checklist_applies, profile_names, visible_scope
        from escort.expressions import HIDDEN, UNKNOWN

        mapping = answers.data if isinstance(answers, AnswerSet) else answers
        parsed = answers if isinstance(answers, AnswerSet) else None
        if parsed is None:
            parsed = AnswerSet(answers_from_data(mapping, self.registry, "<web>")[0], [], mapping)
        model = parsed.answers.model
        profile = profile_names(model)
        forms, answered, visible_count = [], 0, 0
        for cid in only or list(self.registry.checklists):
            loaded = self.registry.checklists[cid]
            applies, reason = checklist_applies(loaded, profile, self.registry.functions)
            scope, visible = visible_scope(loaded, parsed.answers.values.get(cid, {}), profile, self.registry.functions)
            raw = (mapping.get("answers") or {}).get(cid) or {}
            sections = []
            for si, sec in enumerate(loaded.model.sections):
                qforms = []
                for q in sec.questions:
                    shown = applies and scope.get(q.id) is not HIDDEN
                    qforms.append(QuestionForm(q.id, q.text, q.type.value, q.help, list(q.options), list(q.columns),
                                               q.unit, q.min, q.max, q.required, shown, raw.get(q.id),
                                               list(q.cite), list(q.evidence)))
                    if shown:
                        visible_count += 1
                        answered += raw.get(q.id) is not None and q.id in parsed.answers.values.get(cid, {})
                sections.append(SectionForm(si, sec.title, any(f.visible for f in qforms), qforms))
            forms.append(ChecklistForm(cid, loaded.model.title, loaded.model.domain.value, applies, reason, sections))
        return Questionnaire(forms, (answered, visible_count))

    def assess(self, answers: AnswerSet, only: list[str] | None = None) -> Assessment:
        from escort.engine import evaluate

        return Assessment(evaluate(self.registry, answers.answers, only), list(answers.warnings))

    def render(self, result: Any, fmt: str, brand: Any = None) -> bytes:
        from escort.report import render_html, render_pdf

        if fmt == "json":
            return result.model_dump_json(indent=2).encode("utf-8")
        html = render_html(result, self.registry, brand=brand)
        if fmt == "html":
            return html.encode("utf-8")
        if fmt == "pdf":
            return render_pdf(html)
        raise ValueError(f"unknown report format {fmt!r}")


def problems_of(exc: ProblemsFound) -> list:
    return list(exc.problems)
