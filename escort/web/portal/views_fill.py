"""The enterprise's side: open an invitation, answer one section at a time (each answer saved as given), upload
evidence, reply to the lawyer's questions, submit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from escort.errors import ProblemsFound
from escort.web import audit, engine, sheet, tenancy, uploads
from escort.web.portal.models import Checkup, Comment, Evidence, Invitation

EDITABLE = (Checkup.DRAFT, Checkup.CLARIFY)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_invitation(request, token: str):
    """Open an invitation link: this browser may answer the checkup until it is submitted."""
    inv = (Invitation.objects.select_related("checkup").filter(token_hash=hash_token(token), used_up__isnull=True,
                                                               expires__gt=timezone.now()).first())
    if inv is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    invited = request.session.get("invited", [])
    if inv.checkup_id not in invited:
        request.session.cycle_key()  # a fresh session id for the new right, as at login
        request.session["invited"] = invited + [inv.checkup_id]
        with transaction.atomic():
            audit.record("invitation", "invitee", "invitation.open", f"invitation {inv.id}", checkup=inv.checkup_id)
    return redirect("fill", pk=inv.checkup_id)


def actor_of(request, checkup: Checkup) -> tuple[str, str]:
    if request.user.is_authenticated:
        return request.user.get_username(), tenancy.role_of(request)
    return f"{checkup.enterprise.name}（邀请链接）", "invitee"


def _profile_forms(checkup: Checkup) -> list[dict]:
    return [{"question": p, "visible": True} for p in sheet.ENTERPRISE_QUESTIONS]


def sections_of(checkup: Checkup, mapping: dict):
    """[(key, title, checklist id, [{"question", "visible"}])] for the profile and each visible section; and the
    questionnaire (from the service)."""
    q = engine.questionnaire(mapping, checkup.checklists)
    out = [("profile", "企业基本信息", sheet.PROFILE, _profile_forms(checkup))]
    for cl in q.checklists:
        if not cl.applicable:
            continue
        for sec in cl.sections:
            if sec.visible:
                out.append((f"{cl.id}-{sec.index}", f"{cl.title} · {sec.section.title}", cl.id,
                            [{"question": f.question, "visible": f.visible} for f in sec.questions]))
    return out, q


def fill(request, pk: int):
    checkup = tenancy.fillable(request, pk)
    if checkup.status not in EDITABLE:
        return render(request, "portal/submitted.html", {"checkup": checkup})
    mapping = sheet.answers_mapping(checkup, reviewed=False)
    try:
        sections, q = sections_of(checkup, mapping)
    except ProblemsFound as exc:  # e.g. a checklist upgraded under stored answers: say which, do not crash
        return render(request, "portal/problems.html", {"checkup": checkup, "problems": exc.problems}, status=409)
    keys = [s[0] for s in sections]
    key = request.GET.get("s") or checkup.last_section or keys[0]
    if key not in keys:
        key = keys[0]
    if checkup.last_section != key:
        Checkup.objects.filter(pk=checkup.pk).update(last_section=key)
    i = keys.index(key)
    _, title, cid, questions = sections[i]
    rows = {r.question: r for r in checkup.answer_rows.filter(checklist=cid)}
    if cid == sheet.PROFILE:
        defaults = {"name": checkup.enterprise.name, "uscc": checkup.enterprise.uscc}
    else:
        defaults = {}
    evidence: dict[str, list] = {}
    for e in checkup.evidence.filter(checklist=cid):
        evidence.setdefault(e.question, []).append(e)
    clar: dict[str, list] = {}
    for c in checkup.comments.filter(kind=Comment.CLARIFY, checklist=cid):
        clar.setdefault(c.question, []).append(c)
    items = []
    for form in questions:
        qm = form["question"]
        value = rows[qm.id].value if qm.id in rows else defaults.get(qm.id)
        d = {"id": qm.id, "text": qm.text, "type": qm.type.value, "help": qm.help, "options": qm.options,
             "unit": qm.unit, "required": qm.required, "evidence": qm.evidence, "visible": form["visible"],
             "value": value, "note": rows[qm.id].note if qm.id in rows else "", "is_unknown": value == "unknown",
             "table_json": json.dumps(value if isinstance(value, list) else [], ensure_ascii=False, default=str),
             "columns_json": json.dumps([{"id": c.id, "text": c.text, "type": c.type.value,
                                          "options": [{"id": o.id, "text": o.text} for o in c.options]}
                                         for c in qm.columns], ensure_ascii=False),
             "multi": value if isinstance(value, list) else [],
             "evidence_files": evidence.get(qm.id, []), "clarifications": clar.get(qm.id, [])}
        items.append(d)
    answered, visible = q.progress
    return render(request, "portal/fill.html", {
        "checkup": checkup, "title": title, "checklist": cid, "questions": items, "key": key,
        "prev": keys[i - 1] if i > 0 else None, "next": keys[i + 1] if i + 1 < len(keys) else None,
        "step": i + 1, "steps": len(keys), "flash": request.session.pop("flash", ""), "answered": answered, "visible": visible,
        "percent": int(100 * answered / visible) if visible else 0,
        "toc": [(k, t) for k, t, _, _ in sections]})


@require_POST
def save(request, pk: int):
    """Save one answer (autosave); reply with the questions now visible in that checklist and the progress."""
    checkup = tenancy.fillable(request, pk)
    if checkup.status not in EDITABLE:
        return JsonResponse({"ok": False, "error": "已提交，不能再修改"}, status=409)
    cid, qid = request.POST.get("checklist", ""), request.POST.get("question", "")
    if cid != sheet.PROFILE and cid not in checkup.checklists:
        raise Http404
    values = request.POST.getlist("value")
    posted = values if request.POST.get("multi") == "1" else (values[0] if values else "")
    try:
        raw = sheet.to_raw(cid, qid, posted)
    except (ValueError, TypeError):
        return JsonResponse({"ok": False, "error": "表格数据格式不对"}, status=400)
    problem = sheet.check_value(cid, qid, raw, checkup)
    if problem:
        return JsonResponse({"ok": False, "error": problem}, status=422)
    note = request.POST.get("note")
    actor, role = actor_of(request, checkup)
    sheet.save_answer(checkup, cid, qid, raw, note, actor=actor, role=role)
    mapping = sheet.answers_mapping(checkup, reviewed=False)
    visible: list[str] = []
    try:
        q = engine.questionnaire(mapping, checkup.checklists)
        for cl in q.checklists:
            if cl.id == cid:
                visible = [f.question.id for sec in cl.sections for f in sec.questions if f.visible]
        answered, total = q.progress
    except ProblemsFound:  # a profile still being completed may not parse yet; the answer itself is saved
        answered, total = 0, 0
    return JsonResponse({"ok": True, "visible": visible, "answered": answered, "total": total})


@require_POST
def upload(request, pk: int):
    checkup = tenancy.fillable(request, pk)
    if checkup.status not in EDITABLE:
        return JsonResponse({"ok": False, "error": "已提交，不能再修改"}, status=409)
    cid, qid = request.POST.get("checklist", ""), request.POST.get("question", "")
    f = request.FILES.get("file")
    if f is None or sheet.question_of(cid, qid) is None or (cid != sheet.PROFILE and cid not in checkup.checklists):
        return HttpResponseBadRequest("missing file or question")
    try:
        sha, media, size = uploads.store(f)
    except uploads.UploadRefused as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=422)
    actor, role = actor_of(request, checkup)
    name = (f.name or "file").replace("/", "_").replace("\\", "_")[-120:]
    with transaction.atomic():
        ev = Evidence.objects.create(checkup=checkup, checklist=cid, question=qid, filename=name, media_type=media,
                                     size=size, sha256=sha)
        audit.record(actor, role, "evidence.add", f"{cid}.{qid}", None,
                     {"file": name, "sha256": sha, "size": size, "type": media}, checkup=checkup.id)
    return JsonResponse({"ok": True, "id": ev.id, "name": name, "sha256": sha, "size": size,
                         "url": f"/checkups/{checkup.id}/evidence/{ev.id}"})


def evidence_file(request, pk: int, eid: int):
    """Download an evidence file: always as an attachment of its sniffed type, never rendered inline."""
    try:
        checkup = tenancy.fillable(request, pk)
    except Http404:
        checkup = tenancy.reviewable(request, pk)
    try:
        ev = checkup.evidence.get(pk=eid)
    except Evidence.DoesNotExist:
        raise Http404 from None
    resp = FileResponse(open(uploads.path_of(ev.sha256), "rb"), as_attachment=True, filename=ev.filename,
                        content_type=ev.media_type)
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


@require_POST
def reply(request, pk: int, comment_id: int):
    checkup = tenancy.fillable(request, pk)
    try:
        c = checkup.comments.get(pk=comment_id, kind=Comment.CLARIFY)
    except Comment.DoesNotExist:
        raise Http404 from None
    actor, role = actor_of(request, checkup)
    with transaction.atomic():
        old = c.reply
        c.reply = request.POST.get("reply", "")[:4000]
        c.save(update_fields=["reply"])
        audit.record(actor, role, "clarification.reply", f"{c.checklist}.{c.question}", old, c.reply, checkup=checkup.id)
    return redirect(f"/fill/{checkup.id}/?s={request.POST.get('s', '')}")


@require_POST
def submit(request, pk: int):
    checkup = tenancy.fillable(request, pk)
    if checkup.status not in EDITABLE:
        return redirect("fill", pk=pk)
    if request.POST.get("confirm") != "1":
        return redirect(f"/fill/{pk}/?s={checkup.last_section}")
    actor, role = actor_of(request, checkup)
    with transaction.atomic():
        old = checkup.status
        checkup.status, checkup.submitted_at = Checkup.SUBMITTED, timezone.now()
        checkup.save(update_fields=["status", "submitted_at"])
        checkup.invitations.filter(used_up__isnull=True).update(used_up=timezone.now())
        audit.record(actor, role, "checkup.submit", f"checkup {checkup.id}", old, checkup.status, checkup=checkup.id)
    return render(request, "portal/submitted.html", {"checkup": checkup})


def new_invitation(checkup: Checkup, by: str, days: int = 30) -> str:
    """Create an invitation; return its token (shown once, stored only as a hash)."""
    import secrets

    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        inv = Invitation.objects.create(checkup=checkup, token_hash=hash_token(token), created_by=by,
                                        expires=timezone.now() + dt.timedelta(days=days))
        audit.record(by, "staff", "invitation.create", f"invitation {inv.id}", None,
                     {"expires": inv.expires.isoformat()}, checkup=checkup.id)
    return token


@require_POST
def create_account(request, pk: int):
    """Instead of the link, the enterprise may create an account for its own checkups (sign in later)."""
    from django.contrib.auth import login
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from escort.web.portal.models import Membership

    checkup = tenancy.fillable(request, pk)
    if request.user.is_authenticated:
        return redirect("fill", pk=pk)
    username, password = request.POST.get("username", "").strip()[:150], request.POST.get("password", "")
    problems = []
    if not username or User.objects.filter(username=username).exists():
        problems.append("这个用户名不能用（为空或已被占用）")
    try:
        validate_password(password)
    except ValidationError as exc:
        problems += list(exc.messages)
    if problems:
        request.session["flash"] = "；".join(problems)
        return redirect(f"/fill/{pk}/?s={checkup.last_section}")
    with transaction.atomic():
        user = User.objects.create_user(username, password=password)
        firm = checkup.enterprise.firm
        Membership.objects.create(user=user, role=Membership.ENTERPRISE, programme=firm.programme, firm=firm,
                                  enterprise=checkup.enterprise)
        audit.record(f"{checkup.enterprise.name}（邀请链接）", "invitee", "account.create", f"user {user.id}", None,
                     {"username": username}, checkup=checkup.id)
    login(request, user)
    return redirect("fill", pk=pk)
