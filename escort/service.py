"""The application API: everything a front end needs, and nothing that prints.

The CLI, the interview, the web portal, batch runs, ``escort.testing`` and
the benchmarks all go through :class:`Escort`.  It never prints, never reads
the environment (that is :mod:`escort.config`) and never writes a file; its
outputs are return values and :class:`~escort.errors.Problem` records.

A minimal front end::

    from escort.config import Config
    from escort.service import Escort

    svc = Escort(Config.from_env())
    answers = svc.load_answers("answers.yaml")        # raises ProblemsFound, each problem located
    assessment = svc.assess(answers)
    pdf = svc.render(assessment.result, "pdf")          # bytes; the caller decides where they go

Why one object: the catalog (plugins, laws, functions, domains, formats,
checklists) is built once and never changed afterwards, so one ``Escort`` can
serve many threads or requests; evaluation builds a new, complete result.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping, Sequence

from escort.config import Config
from escort.errors import EscortError, Problem, ProblemsFound
from escort.models import CitedArticle, Question, Result, Section


@dataclass(frozen=True)
class AnswerSet:
    """Answers parsed and checked against the installed checklists, ready to assess."""

    answers: Any                      # escort.answers.Answers
    warnings: tuple[Problem, ...] = ()

    @property
    def data(self) -> Mapping[str, Any]:
        """The answers-file mapping as read."""
        return self.answers.doc.data

    @property
    def model(self) -> Any:
        """The validated :class:`escort.models.AnswersFile`."""
        return self.answers.model


@dataclass(frozen=True)
class Assessment:
    """The outcome of assessing one answers set: a complete result, or the problems that stopped it."""

    result: Result | None
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()
    source: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class ChecklistInfo:
    id: str
    version: str
    title: str
    domain: str
    domain_name: str
    plugin: str
    questions: int
    rules: int


@dataclass(frozen=True)
class QuestionForm:
    """One question as a front end shows it: the checklist's own model, whether it is asked now, and its answer."""

    question: Question
    visible: bool
    value: Any                       # the parsed answer; escort.expressions.UNKNOWN, or None when not given
    given: bool
    note: str = ""
    cite: tuple[CitedArticle, ...] = ()


@dataclass(frozen=True)
class SectionForm:
    index: int
    section: Section
    visible: bool
    questions: tuple[QuestionForm, ...]


@dataclass(frozen=True)
class ChecklistForm:
    id: str
    title: str
    domain: str
    domain_name: str
    applicable: bool
    reason: str
    sections: tuple[SectionForm, ...]

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, asked) over the questions asked now."""
        asked = [q for s in self.sections for q in s.questions if q.visible]
        return sum(1 for q in asked if _is_answered(q)), len(asked)


@dataclass(frozen=True)
class Questionnaire:
    """The questions to ask now, given the answers so far, with ``show_if`` worked out by the engine's own code."""

    checklists: tuple[ChecklistForm, ...]

    @property
    def progress(self) -> tuple[int, int]:
        pairs = [c.progress for c in self.checklists if c.applicable]
        return sum(a for a, _ in pairs), sum(v for _, v in pairs)


class Escort:
    """The application service over one immutable catalog."""

    def __init__(self, config: Config | None = None) -> None:
        from escort.plugins import Plugins
        from escort.registry import build_registry

        self.config = config or Config()
        plugins = Plugins(folders=list(self.config.folders), disabled=set(self.config.disabled),
                          strict=self.config.strict).load(self.config.entry_points)
        self.catalog = _freeze(build_registry(plugins))

    # ------------------------------------------------------------------ catalog

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Problems found while loading plugins, laws and checklists (a broken one is left out)."""
        return tuple(self.catalog.problems)

    def checklists(self) -> list[ChecklistInfo]:
        """The installed checklists, in load order."""
        return [ChecklistInfo(cid, c.model.version, c.model.title, c.model.domain,
                              self.catalog.domain_name(c.model.domain), c.plugin,
                              len(c.model.questions()), len(c.model.rules))
                for cid, c in self.catalog.checklists.items()]

    def checklist(self, checklist_id: str) -> Any:
        """One installed checklist (a LoadedChecklist); an unknown id is an EscortError with did-you-mean."""
        return self.catalog.get(checklist_id)

    # ------------------------------------------------------------------ input

    def load_answers(self, path: str | Path) -> AnswerSet:
        """Read and check an answers file; raise ProblemsFound with every problem located (file:line)."""
        from escort.answers import load_answers

        answers, warnings = load_answers(Path(path), self.catalog)
        return AnswerSet(answers, tuple(warnings))

    def parse_answers(self, data: Mapping[str, Any], *, source: str = "<web>") -> AnswerSet:
        """Check answers given as a mapping shaped like an answers file (a web form); problems name field paths."""
        from escort.answers import answers_from_data

        answers, warnings = answers_from_data(dict(data), self.catalog, file=source)
        return AnswerSet(answers, tuple(warnings))

    def parse_answer(self, checklist_id: str, question_id: str, raw: Any) -> Any:
        """Parse one answer as the answers file would (for autosaving forms); raise ProblemsFound if it is not valid."""
        from escort.answers import is_unknown_word, normalise
        from escort.expressions import UNKNOWN

        loaded = self.checklist(checklist_id)
        q = loaded.questions.get(question_id)
        where = f"answers.{checklist_id}.{question_id}"
        if q is None:
            raise ProblemsFound([Problem("<web>", None, f"checklist {checklist_id!r} has no question {question_id!r}",
                                         where=where)])
        if is_unknown_word(raw):
            return UNKNOWN
        try:
            return normalise(q, raw, where)
        except ValueError as exc:
            raise ProblemsFound([Problem("<web>", None, str(exc), where=where)]) from None

    def questionnaire(self, answers: AnswerSet | None = None, *, only: Sequence[str] | None = None) -> Questionnaire:
        """The questions to ask now for each selected checklist, with visibility and the answers so far."""
        from escort.engine import checklist_applies, profile_names, visible_scope

        selected = list(only or (answers.model.checklist_versions if answers else []) or self.catalog.checklists)
        profile = profile_names(answers.model) if answers else None
        forms = []
        for cid in selected:
            loaded = self.checklist(cid)
            given = answers.answers.values.get(cid, {}) if answers else {}
            notes = answers.answers.notes.get(cid, {}) if answers else {}
            applies, reason = checklist_applies(loaded, profile, self.catalog.functions) if profile else (True, "")
            if profile is not None:
                scope, visible = visible_scope(loaded, given, profile, self.catalog.functions)
            else:
                scope, visible = {}, [q.id for q in loaded.model.questions() if not q.show_if]
            shown = set(visible)
            sections = []
            for si, section in enumerate(loaded.model.sections):
                qs = tuple(QuestionForm(q, q.id in shown, scope.get(q.id, given.get(q.id)), q.id in given,
                                        notes.get(q.id, ""),
                                        tuple(self.catalog.laws.resolve(k) for k in q.cite))
                           for q in section.questions)
                sections.append(SectionForm(si, section, any(f.visible for f in qs), qs))
            forms.append(ChecklistForm(cid, loaded.model.title, loaded.model.domain,
                                       self.catalog.domain_name(loaded.model.domain), applies, reason,
                                       tuple(sections)))
        return Questionnaire(tuple(forms))

    # ------------------------------------------------------------------ assessment

    def assess(self, answers: AnswerSet, *, only: Sequence[str] | None = None) -> Assessment:
        """Evaluate the answers against every selected, applicable checklist; return a complete result."""
        from escort.engine import evaluate

        for cid in only or ():
            self.checklist(cid)
        result = evaluate(self.catalog, answers.answers, only=list(only) if only else None)
        warnings = tuple(answers.warnings) + tuple(Problem("result", None, w, level="warning") for w in result.warnings)
        return Assessment(result, warnings, source=answers.answers.doc.file)

    def assess_file(self, path: str | Path, *, only: Sequence[str] | None = None) -> Assessment:
        """Load and assess one answers file; its problems come back in the Assessment instead of being raised."""
        try:
            return self.assess(self.load_answers(path), only=only)
        except ProblemsFound as exc:
            return Assessment(None, problems=tuple(exc.problems), source=str(path))
        except EscortError as exc:
            return Assessment(None, problems=(Problem(str(path), None, str(exc)),), source=str(path))

    def assess_many(self, paths: Iterable[str | Path], *, workers: int = 1,
                    only: Sequence[str] | None = None) -> Iterator[Assessment]:
        """Assess many answers files, in input order, in a pool of *workers* processes (1: in this process).

        Each worker builds its own catalog once from this service's config. A bad file gives an
        Assessment with problems and no result; the others go on.
        """
        paths = [str(p) for p in paths]
        if workers <= 1 or len(paths) <= 1:
            for path in paths:
                yield self.assess_file(path, only=only)
            return
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(self.config,)) as pool:
            chunk = max(1, min(32, len(paths) // (workers * 4)))
            yield from pool.map(_assess_in_worker, paths, [tuple(only or ())] * len(paths), chunksize=chunk)

    # ------------------------------------------------------------------ output

    def formats(self) -> Mapping[str, Any]:
        """The registered output formats by name (json, html, pdf, and any a plugin adds)."""
        return self.catalog.formats

    def format(self, name: str) -> Any:
        """One registered format; an unknown name is an EscortError listing the registered ones."""
        from escort.messages import did_you_mean

        try:
            return self.catalog.formats[name]
        except KeyError:
            raise EscortError(f"unknown format {name!r}{did_you_mean(name, list(self.catalog.formats))}; "
                              f"registered: {', '.join(self.catalog.formats)}") from None

    def render(self, result: Result, fmt: str, *, brand: Any = None, **options: Any) -> bytes:
        """Render *result* in a registered format and return the bytes (nothing is written)."""
        return self.format(fmt).render(result, self.catalog, brand, **options)

    def load_brand(self, path: str | Path | None = None) -> Any:
        """The brand for html/pdf reports: *path*, else the config's brand file, else neutral."""
        from escort.report import load_brand

        return load_brand(path or self.config.brand)

    # ------------------------------------------------------------------ authoring

    def validate(self, paths: Sequence[str | Path]) -> list[Problem]:
        """Check checklists, law files and answers files (folders are searched); return every problem."""
        from escort.registry import validate_file

        problems: list[Problem] = []
        for path in expand_paths(paths):
            problems += validate_file(path, self.catalog)
        return problems

    def lint(self, checklist_id: str | None = None) -> list[Problem]:
        """Lint one installed checklist, or all of them."""
        from escort.lint import lint_checklist

        ids = [checklist_id] if checklist_id else list(self.catalog.checklists)
        return [p for cid in ids for p in lint_checklist(self.checklist(cid), self.catalog)]


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, and every .yaml/.yml/.json file inside each folder, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml", ".json") and x.is_file())
        else:
            out.append(p)
    return out


def _is_answered(form: QuestionForm) -> bool:
    from escort.expressions import UNKNOWN

    return form.given and form.value is not None and form.value is not UNKNOWN


def _freeze(registry: Any) -> Any:
    """Make the catalog's collections read-only, so one catalog can be shared between requests."""
    registry.checklists = MappingProxyType(dict(registry.checklists))
    registry.functions = MappingProxyType(dict(registry.functions))
    registry.domains = MappingProxyType(dict(registry.domains))
    registry.formats = MappingProxyType(dict(registry.formats))
    registry.problems = tuple(registry.problems)
    registry.laws.laws = MappingProxyType(dict(registry.laws.laws))
    registry.laws.articles = MappingProxyType(dict(registry.laws.articles))
    return registry


_WORKER: Escort | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Escort(config)


def _assess_in_worker(path: str, only: tuple[str, ...]) -> Assessment:
    assert _WORKER is not None
    return _WORKER.assess_file(path, only=only or None)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
