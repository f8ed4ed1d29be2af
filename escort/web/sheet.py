"""A checkup's answers as the answers file the CLI reads, and saving one answer with its audit row.

Answers are stored one row per question, in the answers file's own raw form ("yes", "unknown", 12, [...]);
:func:`answers_mapping` assembles the mapping :meth:`Escort.parse_answers` takes, so the portal's answers and an
``escort check`` answers file are one format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import timezone
from pydantic import ValidationError

from escort.answers import normalise
from escort.errors import ProblemsFound
from escort.expressions import UNKNOWN
from escort.models import Enterprise as EnterpriseModel
from escort.session import ENTERPRISE_QUESTIONS
from escort.web import audit, db
from escort.web.engine import service
from escort.web.portal.models import Answer, Checkup

PROFILE = "enterprise"
PROFILE_QUESTIONS = {q.id: q for q in ENTERPRISE_QUESTIONS}


def question_of(checklist: str, qid: str):
    if checklist == PROFILE:
        return PROFILE_QUESTIONS.get(qid)
    loaded = service().catalog.checklists.get(checklist)
    return loaded.questions.get(qid) if loaded else None


def profile_value(qid: str, raw: Any) -> Any:
    """A profile answer as the answers file's enterprise block wants it (dates as ISO, 2016/3/18 accepted)."""
    q = PROFILE_QUESTIONS.get(qid)
    try:
        value = normalise(q, raw, qid) if q is not None else raw
    except ValueError:
        return raw  # reported by check_value when it was saved
    if value is UNKNOWN or value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else value


def profile_of(checkup: Checkup, rows: list[Answer]) -> dict:
    ent = {"name": checkup.enterprise.name, "uscc": checkup.enterprise.uscc}
    for r in rows:
        if r.checklist == PROFILE and r.effective not in (None, "", "unknown"):
            value = profile_value(r.question, r.effective)
            if value is not None:
                ent[r.question] = value
    return ent


def answers_mapping(checkup: Checkup, reviewed: bool = True) -> dict:
    """The answers-file mapping of *checkup*: the lawyer's values where they changed one (unless *reviewed* is False)."""
    rows = list(checkup.answer_rows.all())
    cat = service().catalog.checklists
    answers: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r.checklist == PROFILE or r.checklist not in cat:
            continue
        value = r.effective if reviewed else r.value
        if value is None and not r.note:
            continue
        answers.setdefault(r.checklist, {})[r.question] = {"value": value, "note": r.note} if r.note else value
    assessment = {"date": dt.date.today().isoformat(), "mode": "self"} | (checkup.assessment or {})
    overrides: dict[str, dict] = {}
    for o in checkup.rule_overrides.all():
        overrides.setdefault(o.checklist, {})[o.rule] = {"status": o.status, "reason": o.reason, "by": o.by,
                                                         **({"until": o.until.isoformat()} if o.until else {})}
    return {"enterprise": profile_of(checkup, rows), "assessment": assessment,
            "checklist_versions": {c: cat[c].model.version for c in checkup.checklists if c in cat},
            "answers": answers, "overrides": overrides}


def check_value(checklist: str, qid: str, raw: Any, checkup: Checkup) -> str | None:
    """Why *raw* is not an acceptable answer, in one line; None when it is (parsed by the engine's own code)."""
    q = question_of(checklist, qid)
    if q is None:
        return f"没有这个问题：{checklist}.{qid}"
    if checklist != PROFILE:
        try:
            service().parse_answer(checklist, qid, raw)
        except ProblemsFound as exc:
            return "; ".join(p.message for p in exc.problems)
        return None
    try:
        normalise(q, raw, qid)
    except ValueError as exc:
        return str(exc)
    if checklist == PROFILE and raw not in (None, "", "unknown"):
        ent = profile_of(checkup, list(checkup.answer_rows.all())) | {qid: profile_value(qid, raw)}
        try:
            EnterpriseModel.model_validate(ent)
        except ValidationError as exc:
            return "; ".join(e["msg"] for e in exc.errors() if e["loc"] and e["loc"][0] == qid) or None
    return None


def to_raw(checklist: str, qid: str, posted: Any) -> Any:
    """A posted form value as the answers file would hold it ("" clears the answer)."""
    q = question_of(checklist, qid)
    if isinstance(posted, str):
        posted = posted.strip()
        if posted == "":
            return None
    if q is not None and q.type.value == "table" and isinstance(posted, str) and posted != "unknown":
        posted = json.loads(posted)
    if q is not None and q.type.value == "table" and isinstance(posted, list):
        posted = [{k: v for k, v in row.items() if v not in ("", None)} for row in posted if isinstance(row, dict)]
        posted = [row for row in posted if row]
    if checklist == PROFILE and qid == "tags" and isinstance(posted, str):
        return [t.strip() for t in posted.replace("，", ",").split(",") if t.strip()]
    return posted


def save_answer(checkup: Checkup, checklist: str, qid: str, raw: Any, note: str | None, *, actor: str, role: str,
                as_reviewer: bool = False) -> Answer:
    """Store one answer (or the lawyer's correction of it) and its audit row in one transaction."""
    with db.atomic():
        row, _ = Answer.objects.select_for_update().get_or_create(checkup=checkup, checklist=checklist, question=qid)
        if as_reviewer:
            old = {"value": row.reviewed_value if row.reviewed else row.value}
            row.reviewed, row.reviewed_value = True, raw
            new = {"value": raw}
            action = "answer.review"
        else:
            old = {"value": row.value, "note": row.note}
            row.value = raw
            if note is not None:
                row.note = note[:4000]
            new = {"value": row.value, "note": row.note}
            action = "answer.set"
        if old == new:
            return row
        row.save()
        audit.record(actor, role, action, f"{checklist}.{qid}", old, new, checkup=checkup.id)
    return row


def content_hash(mapping: dict, result_json: str) -> str:
    """SHA-256 over the answers, the checklist versions and the result a report is made from."""
    payload = json.dumps({"answers": mapping, "result": json.loads(result_json)}, ensure_ascii=False,
                         sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def now() -> dt.datetime:
    return timezone.now()
