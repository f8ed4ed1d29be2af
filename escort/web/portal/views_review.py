"""The lawyer's side: answers beside the findings they produce, comments, clarification requests, corrected
answers, decisions on findings (the engine's overrides), sign-off, reports as background jobs, the audit trail."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escort.errors import ProblemsFound
from escort.web import audit, engine, jobs, sheet, tenancy
from escort.web.engine import service
from escort.web.portal.models import AuditEvent, Checkup, Comment, RenderJob, RuleOverride

DECISIONS = [("confirmed", "确认存在该问题"), ("dismissed", "经核实不存在（驳回）"), ("not_applicable", "不适用于本企业")]


def _who(request) -> tuple[str, str]:
    return request.user.get_username(), tenancy.role_of(request)


def _assessment(checkup: Checkup):
    mapping = sheet.answers_mapping(checkup)
    return mapping, engine.assess(mapping)


@login_required
def review(request, pk: int):
    checkup = tenancy.reviewable(request, pk)
    try:
        mapping, result = _assessment(checkup)
        error = ""
        if checkup.frozen:  # signed: show exactly what was signed, even if a checklist was upgraded since
            from escort.models import Result

            mapping, result = checkup.frozen["answers"], Result.model_validate(checkup.frozen["result"])
    except ProblemsFound as exc:  # answers that do not parse (e.g. after a checklist upgrade): list them
        return render(request, "portal/problems.html", {"checkup": checkup, "problems": exc.problems}, status=409)
    findings_by_q: dict[tuple[str, str], list] = {}
    unplaced = []
    for f in (result.findings if result else []):
        qids = [fact.question for fact in f.facts] + list(f.unknown)
        for qid in dict.fromkeys(qids):
            findings_by_q.setdefault((f.checklist, qid), []).append(f)
        if not qids:
            unplaced.append(f)
    rows = {(r.checklist, r.question): r for r in checkup.answer_rows.all()}
    comments: dict[tuple[str, str], list] = {}
    for c in checkup.comments.order_by("created"):
        comments.setdefault((c.checklist, c.question), []).append(c)
    evidence: dict[tuple[str, str], list] = {}
    for e in checkup.evidence.all():
        evidence.setdefault((e.checklist, e.question), []).append(e)
    overrides = {(o.checklist, o.rule): o for o in checkup.rule_overrides.all()}
    try:
        q = engine.questionnaire(mapping, checkup.checklists)
    except ProblemsFound as exc:
        return render(request, "portal/problems.html", {"checkup": checkup, "problems": exc.problems}, status=409)
    blocks = []
    for cl in q.checklists:
        items = []
        for sec in cl.sections:
            for form in sec.questions:
                if not form.visible:
                    continue
                qf = form.question
                key = (cl.id, qf.id)
                row = rows.get(key)
                items.append({"id": qf.id, "text": qf.text, "type": qf.type.value, "section": sec.section.title,
                              "value": row.value if row else None, "reviewed": bool(row and row.reviewed),
                              "reviewed_value": row.reviewed_value if row else None, "note": row.note if row else "",
                              "findings": findings_by_q.get(key, []), "comments": comments.get(key, []),
                              "evidence": evidence.get(key, [])})
        blocks.append({"id": cl.id, "title": cl.title, "applicable": cl.applicable, "reason": cl.reason,
                       "items": items})
    discrepancies = [(r, sheet.question_of(r.checklist, r.question)) for r in rows.values() if r.reviewed]
    job = checkup.jobs.order_by("-id").first()
    return render(request, "portal/review.html", {
        "checkup": checkup, "result": result, "error": error, "blocks": blocks, "unplaced": unplaced,
        "discrepancies": discrepancies, "overrides": overrides, "decisions": DECISIONS, "job": job,
        "flash": request.session.pop("flash", ""),
        "can_sign": tenancy.can_sign(request) and checkup.status != Checkup.SIGNED,
        "locked": checkup.status == Checkup.SIGNED})


def _back(pk: int, anchor: str = ""):
    return redirect(f"/checkups/{pk}/review" + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def comment(request, pk: int):
    checkup = tenancy.reviewable(request, pk)
    cid, qid, text = request.POST.get("checklist", ""), request.POST.get("question", ""), request.POST.get("text", "")
    kind = Comment.CLARIFY if request.POST.get("kind") == Comment.CLARIFY else Comment.COMMENT
    if not text.strip() or sheet.question_of(cid, qid) is None or checkup.status == Checkup.SIGNED:
        return _back(pk)
    actor, role = _who(request)
    with transaction.atomic():
        c = Comment.objects.create(checkup=checkup, checklist=cid, question=qid, kind=kind, author=actor,
                                   text=text[:4000])
        audit.record(actor, role, f"comment.{kind}", f"{cid}.{qid}", None, c.text, checkup=checkup.id)
        if kind == Comment.CLARIFY and checkup.status == Checkup.SUBMITTED:
            checkup.status = Checkup.CLARIFY
            checkup.save(update_fields=["status"])
            checkup.invitations.filter(expires__gt=timezone.now()).update(used_up=None)  # the link works again
            audit.record(actor, role, "checkup.clarify", f"checkup {checkup.id}", Checkup.SUBMITTED, Checkup.CLARIFY,
                         checkup=checkup.id)
    return _back(pk, f"q-{cid}-{qid}")


@login_required
@require_POST
def correct(request, pk: int):
    """The lawyer replaces an answer (the enterprise's own answer is kept for the discrepancy view)."""
    checkup = tenancy.reviewable(request, pk)
    if checkup.status == Checkup.SIGNED:
        return _back(pk)
    cid, qid = request.POST.get("checklist", ""), request.POST.get("question", "")
    if cid not in checkup.checklists and cid != sheet.PROFILE:
        raise Http404
    raw = sheet.to_raw(cid, qid, request.POST.get("value", ""))
    problem = sheet.check_value(cid, qid, raw, checkup)
    if problem:
        request.session["flash"] = f"{cid}.{qid}: {problem}"
        return _back(pk, f"q-{cid}-{qid}")
    actor, role = _who(request)
    sheet.save_answer(checkup, cid, qid, raw, None, actor=actor, role=role, as_reviewer=True)
    return _back(pk, f"q-{cid}-{qid}")


@login_required
@require_POST
def decide(request, pk: int):
    """Record the lawyer's decision on a finding: the engine's override (status, reason, by, until)."""
    checkup = tenancy.reviewable(request, pk)
    cid, rule, status = request.POST.get("checklist", ""), request.POST.get("rule", ""), request.POST.get("status", "")
    reason = request.POST.get("reason", "").strip()
    loaded = service().catalog.checklists.get(cid)
    if loaded is None or cid not in checkup.checklists or rule not in [r.id for r in loaded.model.rules]:
        raise Http404
    if status not in dict(DECISIONS) or not reason or checkup.status == Checkup.SIGNED:
        request.session["flash"] = "处理意见需要选择结论并写明理由"
        return _back(pk)
    until = None
    if request.POST.get("until"):
        try:
            until = dt.date.fromisoformat(request.POST["until"])
        except ValueError:
            request.session["flash"] = "有效期格式应为 YYYY-MM-DD"
            return _back(pk)
    actor, role = _who(request)
    with transaction.atomic():
        o, _ = RuleOverride.objects.select_for_update().get_or_create(
            checkup=checkup, checklist=cid, rule=rule, defaults={"status": status, "reason": reason, "by": actor})
        old = {"status": o.status, "reason": o.reason, "until": str(o.until) if o.until else None} if o.pk else None
        o.status, o.reason, o.by, o.until = status, reason[:2000], actor, until
        o.save()
        audit.record(actor, role, "finding.decide", f"{cid}.{rule}", old,
                     {"status": status, "reason": o.reason, "until": str(until) if until else None}, checkup=checkup.id)
    return _back(pk)


@login_required
@require_POST
def sign(request, pk: int):
    """Freeze the result: who, when, and a SHA-256 of the answers, checklist versions and result."""
    checkup = tenancy.reviewable(request, pk)
    if not tenancy.can_sign(request) or checkup.status == Checkup.SIGNED:
        raise Http404
    if request.POST.get("confirm") != "1":
        request.session["flash"] = "请勾选确认后再签署"
        return _back(pk)
    mapping, result = _assessment(checkup)
    result_json = result.model_dump_json()
    digest = sheet.content_hash(mapping, result_json)
    actor, role = _who(request)
    with transaction.atomic():
        old = checkup.status
        checkup.status, checkup.signed_by, checkup.signed_at, checkup.sign_hash = (
            Checkup.SIGNED, actor, timezone.now(), digest)
        checkup.frozen = {"answers": mapping, "result": result.model_dump(mode="json")}
        checkup.save()
        audit.record(actor, role, "checkup.sign", f"checkup {checkup.id}", old, {"status": Checkup.SIGNED,
                                                                                 "hash": digest}, checkup=checkup.id)
    return _back(pk)


@login_required
@require_POST
def make_report(request, pk: int):
    checkup = tenancy.reviewable(request, pk)
    key = checkup.sign_hash or sheet.content_hash(*(lambda m, r: (m, r.model_dump_json()))(*_assessment(checkup)))
    key = f"{key[:48]}{'s' if checkup.sign_hash else 'd'}{checkup.id:015d}"[:64]
    with transaction.atomic():
        job = checkup.jobs.filter(key=key, format="pdf").exclude(state=RenderJob.FAILED).first()
        if job is None:
            job = RenderJob.objects.create(checkup=checkup, key=key, format="pdf", heartbeat=timezone.now())
            audit.record(*_who(request), "report.request", f"checkup {checkup.id}", None, {"job": job.id},
                         checkup=checkup.id)
            jobs.enqueue(job)
    return _back(pk, "report")


@login_required
def report_status(request, pk: int):
    checkup = tenancy.reviewable(request, pk)
    return render(request, "portal/_job.html", {"checkup": checkup, "job": checkup.jobs.order_by("-id").first()})


@login_required
def report_file(request, pk: int, job_id: int):
    checkup = tenancy.reviewable(request, pk)
    try:
        job = checkup.jobs.get(pk=job_id, state=RenderJob.DONE)
    except RenderJob.DoesNotExist:
        raise Http404 from None
    name = f"体检报告-{checkup.enterprise.name}.pdf"
    return FileResponse(open(job.path, "rb"), as_attachment=True, filename=name, content_type="application/pdf")


@login_required
def audit_trail(request, pk: int):
    checkup = tenancy.reviewable(request, pk)
    events = AuditEvent.objects.filter(checkup_id_ref=checkup.id).order_by("id")
    return render(request, "portal/audit.html", {"checkup": checkup, "events": events})
