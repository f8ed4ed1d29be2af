"""Lawyer review: the same findings as the CLI, corrections with a discrepancy view, decisions on findings,
sign-off bound to a content hash, the PDF as a background job carrying that hash, and the audit chain."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
import yaml

pytest.importorskip("django", reason="escort[web] is not installed")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "average.yaml"


@pytest.fixture
def imported(world):
    """Checkup A holding examples/average.yaml's answers, as escort serve --demo imports them."""
    from escort.web.demo import import_answers, jsonable

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    ck = world.checkup_a
    ck.enterprise.name, ck.enterprise.uscc = data["enterprise"]["name"], data["enterprise"]["uscc"]
    ck.enterprise.save()
    ck.checklists = list(data["checklist_versions"])
    ck.assessment = jsonable(data["assessment"])
    ck.status = "submitted"
    ck.save()
    import_answers(ck, data)
    return ck


@pytest.fixture
def lawyer(world):
    from django.test import Client

    c = Client()
    c.force_login(world.lawyer1_a)
    return c


def _result(checkup):
    from escort.web.engine import service
    from escort.web.sheet import answers_mapping

    return service().assess(service().parse_answers(answers_mapping(checkup))).result


def test_portal_findings_are_the_clis_findings_for_the_same_answers(imported):
    from escort.answers import load_answers
    from escort.engine import evaluate
    from escort.registry import build_registry

    reg = build_registry()
    cli = evaluate(reg, load_answers(EXAMPLE, reg)[0])
    web = _result(imported)
    assert [(f.checklist, f.rule, f.status) for f in web.findings] == [(f.checklist, f.rule, f.status) for f in cli.findings]
    assert web.exposure_total == cli.exposure_total
    assert web.grade == cli.grade


def test_review_page_shows_answers_beside_their_findings(imported, lawyer):
    page = lawyer.get(f"/checkups/{imported.id}/review").content.decode()
    assert "苏州联创电子科技有限公司" in page
    block = page.split('id="q-labour-unsigned_staff"')[1].split('class="pair"')[0]
    assert "王磊" in block and 'class="finding' in block


def test_a_correction_keeps_the_enterprises_answer_and_shows_in_the_discrepancy_view(imported, lawyer):
    from escort.web.portal.models import Answer, AuditEvent

    r = lawyer.post(f"/checkups/{imported.id}/correct", {"checklist": "labour", "question": "has_union", "value": "yes"})
    assert r.status_code == 302
    row = Answer.objects.get(checkup=imported, checklist="labour", question="has_union")
    assert (row.value, row.reviewed, row.reviewed_value) == ("no", True, "yes")
    page = lawyer.get(f"/checkups/{imported.id}/review").content.decode()
    disc = page.split('id="discrepancies"')[1].split("</section>")[0]
    assert "企业答 <span class=\"struck\">否</span>" in disc and "律师更正为 <strong>是</strong>" in disc
    ev = AuditEvent.objects.filter(action="answer.review").last()
    assert (ev.actor, ev.old, ev.new) == ("lawyer1_a", {"value": "no"}, {"value": "yes"})
    from escort.web.sheet import answers_mapping

    assert answers_mapping(imported)["answers"]["labour"]["has_union"] == "yes"
    assert answers_mapping(imported, reviewed=False)["answers"]["labour"]["has_union"] == "no"


def test_a_decision_on_a_finding_is_the_engines_override_with_its_expiry(imported, lawyer):
    before = [f for f in _result(imported).findings if f.effective]
    target = before[0]
    r = lawyer.post(f"/checkups/{imported.id}/decide", {"checklist": target.checklist, "rule": target.rule,
                                                        "status": "dismissed", "reason": "已补签，见合同台账",
                                                        "until": "2099-12-31"})
    assert r.status_code == 302
    after = {(f.checklist, f.rule): f for f in _result(imported).findings}
    f = after[(target.checklist, target.rule)]
    assert f.effective is False and f.override.reason == "已补签，见合同台账" and str(f.override.until) == "2099-12-31"
    assert lawyer.post(f"/checkups/{imported.id}/decide", {"checklist": target.checklist, "rule": "no_such_rule",
                                                           "status": "dismissed", "reason": "x"}).status_code == 404


def test_clarification_goes_back_to_the_enterprise_and_reopens_its_link(imported, lawyer, world):
    from django.test import Client

    from escort.web.portal.views_fill import new_invitation

    token = new_invitation(imported, "firmadmin_a")
    imported.invitations.update(used_up="2026-11-21T00:00:00Z")
    lawyer.post(f"/checkups/{imported.id}/comment", {"checklist": "labour", "question": "headcount",
                                                     "kind": "clarify", "text": "140人是否含派遣工？"})
    imported.refresh_from_db()
    assert imported.status == "clarify"
    ent = Client()
    assert ent.get(f"/i/{token}").status_code == 302
    page = ent.get(f"/fill/{imported.id}/?s=labour-0").content.decode()
    assert "140人是否含派遣工？" in page


def test_sign_off_freezes_the_result_with_a_hash_of_answers_versions_and_result(imported, lawyer):
    from escort.web.sheet import answers_mapping

    mapping = answers_mapping(imported)
    result = _result(imported)
    expected = hashlib.sha256(json.dumps({"answers": mapping, "result": json.loads(result.model_dump_json())},
                                         ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                         default=str).encode()).hexdigest()
    assert lawyer.post(f"/checkups/{imported.id}/sign", {"confirm": "1"}).status_code == 302
    imported.refresh_from_db()
    assert imported.status == "signed" and imported.signed_by == "lawyer1_a" and imported.sign_hash == expected
    assert imported.frozen["answers"]["checklist_versions"] == {"labour": "1.0.0", "contracts": "1.0.0",
                                                                "tax": "1.0.0", "ip": "1.0.0"}
    lawyer.post(f"/checkups/{imported.id}/correct", {"checklist": "labour", "question": "has_union", "value": "yes"})
    assert not imported.answer_rows.filter(reviewed=True).exists()  # signed: nothing changes any more


def test_the_pdf_is_a_background_job_and_carries_the_name_and_sign_off_hash(imported, lawyer):
    from django.test import TestCase
    from pypdf import PdfReader

    from escort.web.portal.models import RenderJob

    imported.checklists = ["ip"]  # one checklist keeps the render to seconds
    imported.save(update_fields=["checklists"])
    lawyer.post(f"/checkups/{imported.id}/sign", {"confirm": "1"})
    imported.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        lawyer.post(f"/checkups/{imported.id}/report")
    job = RenderJob.objects.get(checkup=imported)
    assert job.state == "done", job.error
    status = lawyer.get(f"/checkups/{imported.id}/report/status").content.decode()
    assert "下载 PDF" in status
    pdf = b"".join(lawyer.get(f"/checkups/{imported.id}/report/{job.id}.pdf").streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "苏州联创电子科技有限公司" in text
    assert imported.sign_hash in text
    # the same content again: the same job, no second render
    with TestCase.captureOnCommitCallbacks(execute=True):
        lawyer.post(f"/checkups/{imported.id}/report")
    assert RenderJob.objects.filter(checkup=imported).count() == 1


def test_a_job_whose_worker_died_is_queued_again(imported):
    import datetime as dt

    from django.utils import timezone

    from escort.web import jobs
    from escort.web.portal.models import RenderJob

    job = RenderJob.objects.create(checkup=imported, key="d" * 64, state="running", attempts=1,
                                   heartbeat=timezone.now() - dt.timedelta(seconds=jobs.STALE + 5))
    fresh = RenderJob.objects.create(checkup=imported, key="e" * 64, state="running", attempts=1,
                                     heartbeat=timezone.now())
    calls = []
    real = jobs.render_report
    jobs.render_report = lambda jid: calls.append(jid)
    try:
        assert jobs.requeue_stale() == 1
    finally:
        jobs.render_report = real
    assert calls == [job.id]
    assert RenderJob.objects.get(pk=job.id).state == "queued" and RenderJob.objects.get(pk=fresh.id).state == "running"


def test_audit_rows_cannot_be_changed_and_the_chain_detects_edits_and_deletions(imported, lawyer):
    from django.db import DatabaseError, transaction

    from escort.web.audit import verify_chain
    from escort.web.portal.models import AuditEvent

    lawyer.post(f"/checkups/{imported.id}/correct", {"checklist": "labour", "question": "has_union", "value": "yes"})
    lawyer.post(f"/checkups/{imported.id}/comment", {"checklist": "labour", "question": "headcount", "text": "核对花名册"})
    count, problems = verify_chain()
    assert count >= 2 and problems == []
    ev = AuditEvent.objects.filter(action="answer.review").last()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=ev.pk).update(new={"value": "no"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=ev.pk).delete()
    _drop_triggers()  # a tamperer with the database owner's rights gets past the triggers; the chain still tells
    AuditEvent.objects.filter(pk=ev.pk).update(new={"value": "no"})
    count, problems = verify_chain()
    assert len(problems) == 1 and f"audit event {ev.id}: content" in problems[0]
    AuditEvent.objects.filter(pk=ev.pk).delete()
    count, problems = verify_chain()
    assert any("deleted or reordered" in p for p in problems)


def _drop_triggers():
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER portal_audit_no_update")
            cur.execute("DROP TRIGGER portal_audit_no_delete")
        else:
            cur.execute("DROP TRIGGER portal_audit_no_change ON portal_auditevent")


def test_the_audit_page_is_visible_to_the_lawyer_and_programme_office(imported, lawyer, world):
    from django.test import Client

    lawyer.post(f"/checkups/{imported.id}/correct", {"checklist": "labour", "question": "has_union", "value": "yes"})
    assert "labour.has_union" in lawyer.get(f"/checkups/{imported.id}/audit").content.decode()
    bureau = Client()
    bureau.force_login(world.bureau_a)
    assert "labour.has_union" in bureau.get(f"/checkups/{imported.id}/audit").content.decode()
