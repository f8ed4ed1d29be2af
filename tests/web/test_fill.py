"""The enterprise's self-assessment by invitation link: autosave per answer, visibility, tables, 不清楚, notes,
uploads, submit; each answer change is audited in the same transaction."""

from __future__ import annotations

import hashlib
import json

import pytest

pytest.importorskip("django", reason="escort[web] is not installed")


def save(client, checkup, question, value, checklist="labour", note=None, multi=False):
    data = {"checklist": checklist, "question": question, "value": value}
    if note is not None:
        data["note"] = note
    if multi:
        data["multi"] = "1"
    return client.post(f"/fill/{checkup.id}/save", data)


def test_invitation_token_is_stored_only_as_its_hash(invited, world):
    from escort.web.portal.models import Invitation

    inv = Invitation.objects.get(checkup=world.checkup_a)
    assert inv.token_hash == hashlib.sha256(invited.token.encode()).hexdigest()
    assert invited.token not in json.dumps(list(Invitation.objects.values()), default=str)
    assert invited.get(f"/fill/{world.checkup_a.id}/").status_code == 200


def test_unknown_and_expired_invitations_are_refused(world, client_factory=None):
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from escort.web.portal.models import Invitation
    from escort.web.portal.views_fill import new_invitation

    c = Client()
    assert c.get("/i/not-a-token").status_code == 404
    token = new_invitation(world.checkup_a, "firmadmin_a")
    Invitation.objects.filter(checkup=world.checkup_a).update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert c.get(f"/i/{token}").status_code == 404
    assert c.get(f"/fill/{world.checkup_a.id}/").status_code == 404


def test_each_answer_is_saved_as_given_with_its_audit_row(invited, world):
    from escort.web.portal.models import Answer, AuditEvent

    r = save(invited, world.checkup_a, "headcount", "140")
    assert r.status_code == 200 and r.json()["ok"]
    row = Answer.objects.get(checkup=world.checkup_a, checklist="labour", question="headcount")
    assert row.value == "140"
    ev = AuditEvent.objects.filter(checkup_id_ref=world.checkup_a.id, action="answer.set").last()
    assert (ev.target, ev.old, ev.new, ev.role) == ("labour.headcount", {"value": None, "note": ""},
                                                    {"value": "140", "note": ""}, "invitee")
    save(invited, world.checkup_a, "headcount", "150")
    ev = AuditEvent.objects.filter(checkup_id_ref=world.checkup_a.id, action="answer.set").last()
    assert (ev.old["value"], ev.new["value"]) == ("140", "150")


def test_a_bad_value_is_refused_with_the_engines_message_and_not_saved(invited, world):
    from escort.web.portal.models import Answer

    r = save(invited, world.checkup_a, "has_union", "maybe")
    assert r.status_code == 422
    assert "yes, no or unknown" in r.json()["error"]
    assert not Answer.objects.filter(checkup=world.checkup_a, question="has_union").exists()
    r = save(invited, world.checkup_a, "nonexistent_question", "1")
    assert r.status_code == 422


def test_unknown_is_kept_as_unknown_and_counts_as_something_to_verify(invited, world):
    from escort.web.engine import service
    from escort.web.sheet import answers_mapping

    assert save(invited, world.checkup_a, "has_union", "unknown").json()["ok"]
    result = service().assess(service().parse_answers(answers_mapping(world.checkup_a))).result
    assert any(v.question == "has_union" and v.reason == "unknown" for v in result.needs_verification)


def test_show_if_is_live_from_the_engine(invited, world):
    r = save(invited, world.checkup_a, "has_unsigned", "no")
    assert "unsigned_staff" not in r.json()["visible"]
    r = save(invited, world.checkup_a, "has_unsigned", "yes")
    assert "unsigned_staff" in r.json()["visible"]


def test_table_rows_are_added_edited_and_removed(invited, world):
    from escort.web.portal.models import Answer

    rows = [{"name": "王磊", "hire_date": "2026-05-06", "monthly_wage": "6800", "signed_date": ""},
            {"name": "赵敏", "hire_date": "2026-02-10", "monthly_wage": "7200", "signed_date": "2026-06-15"}]
    assert save(invited, world.checkup_a, "unsigned_staff", json.dumps(rows)).json()["ok"]
    stored = Answer.objects.get(checkup=world.checkup_a, question="unsigned_staff").value
    assert stored == [{"name": "王磊", "hire_date": "2026-05-06", "monthly_wage": "6800"},
                      {"name": "赵敏", "hire_date": "2026-02-10", "monthly_wage": "7200", "signed_date": "2026-06-15"}]
    rows[0]["monthly_wage"] = "6900"
    del rows[1]
    assert save(invited, world.checkup_a, "unsigned_staff", json.dumps(rows)).json()["ok"]
    stored = Answer.objects.get(checkup=world.checkup_a, question="unsigned_staff").value
    assert stored == [{"name": "王磊", "hire_date": "2026-05-06", "monthly_wage": "6900"}]
    bad = [{"name": "王磊", "hire_date": "不是日期", "monthly_wage": "6800"}]
    assert save(invited, world.checkup_a, "unsigned_staff", json.dumps(bad)).status_code == 422


def test_multi_choice_and_notes(invited, world):
    from escort.web.portal.models import Answer

    r = save(invited, world.checkup_a, "overtime_hours_max", "34", note="按考勤系统导出")
    assert r.json()["ok"]
    row = Answer.objects.get(checkup=world.checkup_a, question="overtime_hours_max")
    assert (row.value, row.note) == ("34", "按考勤系统导出")


def test_resume_on_another_device_shows_saved_answers_and_last_section(invited, world):
    from django.test import Client

    save(invited, world.checkup_a, "headcount", "140")
    invited.get(f"/fill/{world.checkup_a.id}/?s=labour-0")
    other = Client()  # another device: the same link, a new session
    other.get(f"/i/{invited.token}")
    page = other.get(f"/fill/{world.checkup_a.id}/").content.decode()
    assert "用工概况" in page and 'value="140"' in page


def test_upload_is_sniffed_hashed_and_served_only_as_attachment(invited, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from escort.web.portal.models import Evidence

    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    up = SimpleUploadedFile("劳动合同台账.pdf", pdf, content_type="application/pdf")
    r = invited.post(f"/fill/{world.checkup_a.id}/upload", {"checklist": "labour", "question": "has_unsigned", "file": up})
    assert r.json()["ok"]
    ev = Evidence.objects.get(checkup=world.checkup_a)
    assert ev.sha256 == hashlib.sha256(pdf).hexdigest() and ev.size == len(pdf)
    assert ev.media_type == "application/pdf"
    got = invited.get(f"/checkups/{world.checkup_a.id}/evidence/{ev.id}")
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == pdf
    html = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    r = invited.post(f"/fill/{world.checkup_a.id}/upload", {"checklist": "labour", "question": "has_unsigned", "file": html})
    assert r.status_code == 422 and Evidence.objects.filter(checkup=world.checkup_a).count() == 1


def test_upload_over_the_size_limit_is_refused(invited, world, settings_limit=1024):
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    old = settings.ESCORT_UPLOAD_MAX_BYTES
    settings.ESCORT_UPLOAD_MAX_BYTES = 1024
    try:
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf")
        r = invited.post(f"/fill/{world.checkup_a.id}/upload", {"checklist": "labour", "question": "headcount", "file": big})
        assert r.status_code == 422 and "MB" in r.json()["error"]
    finally:
        settings.ESCORT_UPLOAD_MAX_BYTES = old


def test_submit_ends_the_invitation_and_freezes_answers(invited, world):
    from django.test import Client

    save(invited, world.checkup_a, "headcount", "140")
    r = invited.post(f"/fill/{world.checkup_a.id}/submit", {"confirm": "1"})
    assert r.status_code == 200
    world.checkup_a.refresh_from_db()
    assert world.checkup_a.status == "submitted"
    assert save(invited, world.checkup_a, "headcount", "999").status_code == 409
    assert Client().get(f"/i/{invited.token}").status_code == 404


def test_self_assessment_wording_has_no_lawyer_in_charge(invited, world):
    page = invited.get(f"/fill/{world.checkup_a.id}/").content.decode()
    assert "承办律师" not in page and "企业自查" in page
    page_en = invited.get(f"/fill/{world.checkup_a.id}/?lang=en").content.decode()
    assert "Next" in page_en


def test_the_enterprise_may_create_an_account_instead_of_the_link(invited, world):
    from django.test import Client

    from escort.web.portal.models import Membership

    r = invited.post(f"/fill/{world.checkup_a.id}/account", {"username": "hr_manager_a", "password": "pw"})
    assert r.status_code == 302 and not Membership.objects.filter(user__username="hr_manager_a").exists()
    r = invited.post(f"/fill/{world.checkup_a.id}/account", {"username": "hr_manager_a",
                                                            "password": "员工手册-2026-hr"})
    m = Membership.objects.get(user__username="hr_manager_a")
    assert (m.role, m.enterprise_id) == ("enterprise", world.ent_a.id)
    c = Client()
    assert c.post("/login", {"username": "hr_manager_a", "password": "员工手册-2026-hr"}).status_code == 302
    assert c.get(f"/fill/{world.checkup_a.id}/").status_code == 200
    assert c.get(f"/fill/{world.checkup_b.id}/").status_code == 404


def test_profile_dates_in_the_forms_the_help_text_offers_are_accepted(invited, world):
    from escort.web.sheet import answers_mapping

    r = save(invited, world.checkup_a, "founded", "2016/3/18", checklist="enterprise")
    assert r.json()["ok"], r.json()
    assert answers_mapping(world.checkup_a)["enterprise"]["founded"] == "2016-03-18"
    assert save(invited, world.checkup_a, "employees", "很多", checklist="enterprise").status_code == 422
