"""Read an answers file and check every value against the installed checklists.

Each value becomes what expressions see: yes/no answers are true or false,
choices are option ids, numbers are numbers, dates are dates, table rows are
records.  ``unknown`` (or 未知) becomes :data:`escort.expressions.UNKNOWN`.
A value may be given as ``{value: …, note: …, evidence: [...]}``.

An answer to a question the checklist does not have is an error (a typo,
with "did you mean"), unless the file says it was written against another
version of the checklist: then it is reported as a warning and kept in the
result, never silently dropped.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from escort.errors import Problem, ProblemsFound
from escort.expressions import UNKNOWN, Record
from escort.limits import MAX_ANSWER_NUMBER
from escort.messages import did_you_mean, model_problems
from escort.models import AnswersFile, Column, Question, QuestionType
from escort.sources import Document, read_document

UNKNOWN_WORDS = {"unknown", "未知", "不清楚", "不知道"}
YES = {"yes", "y", "true", "是", "有"}
NO = {"no", "n", "false", "否", "无", "没有"}
COUNTING_FUNCTIONS = {"days_between", "months_between", "years_between"}
DATE_FORMS = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class Answers:
    model: AnswersFile
    doc: Document
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    evidence: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    orphans: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_answers(path: str | Path, registry: Any) -> tuple[Answers, list[Problem]]:
    """Read and check an answers file; raise ProblemsFound listing every error."""
    return answers_from_document(read_document(path), registry)


def answers_from_data(data: dict, registry: Any, file: str = "<answers>") -> tuple[Answers, list[Problem]]:
    return answers_from_document(Document(file, data, {(): 1}), registry)


def answers_from_document(doc: Document, registry: Any) -> tuple[Answers, list[Problem]]:
    if not isinstance(doc.data, dict):
        raise ProblemsFound([doc.problem((), "an answers file must be a mapping with enterprise, assessment and answers")])
    try:
        model = AnswersFile.model_validate(doc.data)
    except ValidationError as exc:
        raise ProblemsFound(model_problems(doc, exc, AnswersFile)) from None
    answers = Answers(model, doc)
    problems: list[Problem] = []
    for cid, given in model.answers.items():
        path = ("answers", cid)
        if cid not in registry.checklists:
            problems.append(doc.problem(path, f"no checklist {cid!r} is installed{did_you_mean(cid, list(registry.checklists))}"))
            continue
        checklist = registry.checklists[cid].model
        declared = model.checklist_versions.get(cid)
        drift = declared is not None and declared != checklist.version
        if given is None:
            given = {}
        if not isinstance(given, dict):
            problems.append(doc.problem(path, "should be a mapping of question id to answer"))
            continue
        values, notes, evidence, orphans = {}, {}, {}, {}
        questions = registry.checklists[cid].questions
        past = past_dates(registry.checklists[cid])
        for qid, raw in given.items():
            qpath = path + (qid,)
            if qid not in questions:
                if drift:
                    orphans[qid] = raw
                    problems.append(doc.problem(qpath, f"question {qid!r} is not in {cid} {checklist.version} "
                                                f"(answers were written for {declared}); kept in the result as an orphan answer",
                                                level="warning"))
                else:
                    problems.append(doc.problem(qpath, f"checklist {cid!r} has no question {qid!r}{did_you_mean(str(qid), list(questions))}"))
                continue
            raw, note, refs, err = _unwrap(raw)
            if err:
                problems.append(doc.problem(qpath, err))
                continue
            if note:
                notes[qid] = note
            if refs:
                evidence[qid] = refs
            warned = False
            try:
                value = normalise(questions[qid], raw, qid)
            except OutOfRange as exc:  # a legal limit exceeded is a finding to make, not an input to refuse
                problems.append(doc.problem(qpath, str(exc), level="warning"))
                value, warned = exc.value, True
            except RowError as exc:
                problems.append(doc.problem(qpath + (exc.index,), str(exc)))
                continue
            except ValueError as exc:
                problems.append(doc.problem(qpath, str(exc)))
                continue
            if value is not None:
                problems += _future_dates(doc, qpath, qid, value, past, model.assessment.date)
                values[qid] = value
                warning = "" if warned else range_warning(questions[qid], value)
                if warning:
                    problems.append(doc.problem(qpath, warning, level="warning"))
        answers.values[cid], answers.notes[cid], answers.evidence[cid] = values, notes, evidence
        if orphans:
            answers.orphans[cid] = orphans
    for cid, declared in model.checklist_versions.items():
        if cid in registry.checklists and declared != registry.checklists[cid].model.version:
            problems.append(doc.problem(("checklist_versions", cid),
                                        f"answers were written for {cid} {declared}, installed is "
                                        f"{registry.checklists[cid].model.version}; check the answers still fit", level="warning"))
        elif cid not in registry.checklists:
            problems.append(doc.problem(("checklist_versions", cid), f"no checklist {cid!r} is installed{did_you_mean(cid, list(registry.checklists))}"))
    for part in ("overrides", "rectification"):  # both are keyed by checklist and rule
        for cid, rules in getattr(model, part).items():
            if cid not in registry.checklists:
                problems.append(doc.problem((part, cid), f"no checklist {cid!r} is installed{did_you_mean(cid, list(registry.checklists))}"))
                continue
            rule_ids = [r.id for r in registry.checklists[cid].model.rules]
            for rid in rules:
                if rid not in rule_ids:
                    problems.append(doc.problem((part, cid, rid), f"checklist {cid!r} has no rule {rid!r}{did_you_mean(rid, rule_ids)}"))
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise ProblemsFound(problems)
    return answers, problems


def past_dates(loaded: Any) -> set:
    """Date questions (``qid``) and table columns (``(table, column)``) that count time up to the assessment.

    A date is read as "in the past" when an expression counts time from it to the assessment
    (``days_between``/``months_between``/``years_between(date, today)``) and none counts time
    from the assessment to it or compares it with ``today``: a future date there would count
    negative time, and negative money (review F6).
    """
    starts: set = set()
    other: set = set()
    exprs = list(loaded.exprs.values()) + [e for group in loaded.templates.values() for e in group]
    for expr in exprs:
        loops = {gen.target.id: gen.iter.id for node in ast.walk(expr.tree)
                 if isinstance(node, (ast.ListComp, ast.GeneratorExp)) for gen in node.generators
                 if isinstance(gen.target, ast.Name) and isinstance(gen.iter, ast.Name)}

        def ref(node: ast.AST, loops: dict = loops) -> Any:
            if isinstance(node, ast.Name):
                return node.id
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in loops:
                return (loops[node.value.id], node.attr)
            return None

        def is_today(node: ast.AST) -> bool:
            return isinstance(node, ast.Name) and node.id == "today"

        for node in ast.walk(expr.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in COUNTING_FUNCTIONS \
                    and len(node.args) == 2:
                start, end = node.args
                if is_today(end) and ref(start) is not None:
                    starts.add(ref(start))
                elif is_today(start) and ref(end) is not None:
                    other.add(ref(end))  # time from the assessment to this date: it may be in the future
            elif isinstance(node, ast.Compare) and any(is_today(o) for o in [node.left, *node.comparators]):
                other.update(ref(o) for o in [node.left, *node.comparators] if ref(o) is not None)
    return starts - other


def _future_dates(doc: Document, path: tuple, qid: str, value: Any, past: set, today: dt.date) -> list[Problem]:
    """A date after the assessment date where the checklist counts time up to it is a problem, not negative money."""
    found = []
    if qid in past and isinstance(value, dt.date) and value > today:
        found.append(doc.problem(path, f"{value.isoformat()} is after the assessment date {today.isoformat()}; "
                                       "this date counts time up to the assessment, so it must not be later (a typo in the year?)"))
    if isinstance(value, list):
        for i, row in enumerate(value):
            if not isinstance(row, dict):
                continue
            for col, cell in row.items():
                if (qid, col) in past and isinstance(cell, dt.date) and cell > today:
                    found.append(doc.problem(path + (i, col), f"row {i + 1}, column {col!r}: {cell.isoformat()} is after "
                                             f"the assessment date {today.isoformat()}; this date counts time up to the "
                                             "assessment, so it must not be later (a typo in the year?)"))
    return found


class RowError(ValueError):
    """A problem in one row of a table answer; *index* is the row's 0-based position."""

    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.index = index


def _unwrap(raw: Any) -> tuple[Any, str, list[str], str]:
    if isinstance(raw, dict) and "value" in raw:
        extra = set(raw) - {"value", "note", "evidence"}
        if extra:
            return None, "", [], f"unexpected key(s) {', '.join(map(repr, sorted(extra)))}; an answer with a note has value, note, evidence"
        note = raw.get("note") or ""
        refs = raw.get("evidence") or []
        if not isinstance(note, str) or not isinstance(refs, list):
            return None, "", [], "note should be text and evidence a list"
        return raw["value"], note, [str(r) for r in refs], ""
    return raw, "", [], ""


def is_unknown_word(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().lower() in UNKNOWN_WORDS


def normalise(q: Question | Column, raw: Any, label: str) -> Any:
    """Return the value expressions see, UNKNOWN, or None for no answer; raise ValueError with a plain message."""
    if raw is None or (isinstance(raw, str) and not raw.strip() and q.type is not QuestionType.text):
        return None
    if is_unknown_word(raw):
        return UNKNOWN
    kind = q.type
    if kind is QuestionType.yes_no:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise ValueError(f"answer yes, no or unknown (是/否/未知), not {raw!r}")
    if kind is QuestionType.choice:
        ids = [o.id for o in q.options]
        if raw in ids:
            return raw
        by_text = {o.text: o.id for o in q.options}
        if isinstance(raw, str) and raw in by_text:
            return by_text[raw]
        raise ValueError(f"{raw!r} is not one of the options: {', '.join(ids)}{did_you_mean(str(raw), ids)}")
    if kind is QuestionType.multi_choice:
        items = raw if isinstance(raw, list) else [raw]
        ids = [o.id for o in q.options]
        out = []
        for item in items:
            if item not in ids:
                raise ValueError(f"{item!r} is not one of the options: {', '.join(ids)}{did_you_mean(str(item), ids)}")
            out.append(item)
        return out
    if kind in (QuestionType.number, QuestionType.money, QuestionType.percent):
        return _number(q, raw)
    if kind is QuestionType.date:
        return parse_date(raw)
    if kind is QuestionType.text:
        if isinstance(raw, (dict, list)):
            raise ValueError("should be text")
        return str(raw)
    if kind is QuestionType.table:
        return _table(q, raw, label)
    raise ValueError(f"unsupported question type {kind}")  # pragma: no cover - the model forbids it


class OutOfRange(ValueError):
    """A number outside a question's declared min/max: a warning, not an error.

    Why: a checklist's bounds often encode the legal limit (probation at most 6 months); the company's real
    12 months is the violation itself and must be recordable.  ``value`` is the number as read."""

    def __init__(self, message: str, value: float | int):
        super().__init__(message)
        self.value = value


UNIT_SUFFIXES = ("万元", "元", "人", "名", "小时", "个月", "月", "天", "日", "年", "次", "项", "%")


def read_number(text: str) -> float | int:
    """Read a number as people type it: full-width digits, 2,300, 86人, 80小时, 85％, 500万 (= 5,000,000)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text)).replace(",", "").replace("，", "").strip()
    scale = 1
    if text.endswith("万元") or text.endswith("万"):
        text, scale = text.removesuffix("元").removesuffix("万").strip(), 10000
    else:
        for unit in UNIT_SUFFIXES:
            if text.endswith(unit):
                text = text[: -len(unit)].strip()
                break
    value = float(text) if "." in text else int(text)
    value = value * scale
    return int(value) if isinstance(value, float) and value.is_integer() and scale != 1 else value


def _number(q: Any, raw: Any) -> float | int:
    if isinstance(raw, bool):
        raise ValueError(f"should be a number, not {raw!r}")
    if isinstance(raw, str):
        text = raw.replace(",", "").replace("，", "").strip()
        if len(text) > 40:
            raise ValueError(f"should be a number, not {raw[:40]!r}…")
        try:
            raw = read_number(raw)
        except ValueError:
            try:
                raw = float(text)  # 1.5, 1e6
            except ValueError:
                raise ValueError(f"should be a number, not {raw!r}") from None
    if not isinstance(raw, (int, float)) or raw != raw or raw in (float("inf"), float("-inf")):
        raise ValueError(f"should be a number, not {raw!r}")
    if abs(raw) > MAX_ANSWER_NUMBER:
        raise ValueError(f"{raw:.4g} is larger than any number Escort accepts ({MAX_ANSWER_NUMBER:,.0f}); check the digits")
    # Below a question's min (or a negative sum, a share outside 0–100 %) no answer can be: an error.
    # A question's max is only the usual top (range_warning): the value above it may be the finding.
    low = getattr(q, "min", None)
    high = getattr(q, "max", None)
    if q.type is QuestionType.percent and raw < 0:
        raise ValueError(f"{raw} is below the smallest allowed value 0")
    if q.type is QuestionType.percent and raw > 100:
        raise ValueError(f"{raw} is above the largest allowed value 100")
    if q.type is QuestionType.money and raw < 0:
        raise ValueError(f"{raw} is below the smallest allowed value 0")
    if low is not None and low >= 0 > raw:
        raise ValueError(f"{raw} is below the smallest allowed value {low:g}")
    if low is not None and raw < low:
        raise OutOfRange(f"{raw:g} is below the usual smallest value {low:g}; recorded as given, please check it", raw)
    if high is not None and raw > high:
        raise OutOfRange(f"{raw:g} is above the usual largest value {high:g}; recorded as given, please check it", raw)
    return raw


def range_warning(q: Question, value: Any) -> str:
    """Return a warning when a number lies above the question's declared max ('' otherwise).

    Why: a 12-month probation is above the usual 0–6 months and is exactly what the checkup
    must record (issue 14 item 12); the value is kept and evaluated, the warning asks to check it.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    high = getattr(q, "max", None)
    if high is not None and value > high and not (q.type is QuestionType.percent and high >= 100):
        return f"{value:g} is above the usual largest value {high:g}; kept as given — check it is right"
    return ""


def parse_date(raw: Any) -> dt.date:
    """Accept 2026-11-01, 2026/11/1, 2026.11.1 and 2026年11月1日."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    m = DATE_FORMS.match(str(raw).strip())
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise ValueError(f"{raw!r} is not a real date ({exc})") from None
    raise ValueError(f"should be a date like 2026-11-01, not {raw!r}")


def _table(q: Question, raw: Any, label: str) -> list[Record]:
    if not isinstance(raw, list):
        raise ValueError("a table answer is a list of rows (each row a mapping of column id to value)")
    cols = {c.id: c for c in q.columns}
    rows = []
    for i, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise RowError(f"row {i} should be a mapping of column id to value", i - 1)
        for key in row:
            if key not in cols:
                raise RowError(f"row {i}: no column {key!r}{did_you_mean(str(key), list(cols))}; columns: {', '.join(cols)}", i - 1)
        cells = {}
        for cid, col in cols.items():
            try:
                value = normalise(col, row.get(cid), f"{label}[{i}].{cid}")
            except OutOfRange as exc:  # recorded as given, like a question's answer
                value = exc.value
            except ValueError as exc:
                raise RowError(f"row {i}, column {cid!r}: {exc}", i - 1) from None
            # An empty optional cell stays None (not asked of this row, e.g. no leaving date for someone
            # still employed); expressions treat it like unknown, the report leaves it out.
            cells[cid] = UNKNOWN if value is None and col.required else value
        rows.append(Record(cells, f"{label}[{i}]"))
    return rows
