"""Tenancy: each role sees its own rows; another tenant's id is a 404 on every view that takes an id."""

from __future__ import annotations

import pytest

pytest.importorskip("django", reason="escort[web] is not installed")


def _urls(checkup_id: int, evidence_id: int, job_id: int, comment_id: int) -> list[tuple[str, str]]:
    c = checkup_id
    return [("get", f"/fill/{c}/"), ("post", f"/fill/{c}/save"), ("post", f"/fill/{c}/upload"),
            ("post", f"/fill/{c}/submit"), ("post", f"/fill/{c}/reply/{comment_id}"),
            ("get", f"/checkups/{c}/evidence/{evidence_id}"), ("get", f"/checkups/{c}/review"),
            ("post", f"/checkups/{c}/comment"), ("post", f"/checkups/{c}/correct"), ("post", f"/checkups/{c}/decide"),
            ("post", f"/checkups/{c}/sign"), ("post", f"/checkups/{c}/report"), ("get", f"/checkups/{c}/report/status"),
            ("get", f"/checkups/{c}/report/{job_id}.pdf"), ("get", f"/checkups/{c}/audit")]


@pytest.fixture
def b_objects(world):
    """Checkup B with an evidence file, a render job and a clarification, for probing by id."""
    from escort.web.portal.models import Comment, Evidence, RenderJob

    ev = Evidence.objects.create(checkup=world.checkup_b, checklist="labour", question="headcount", filename="x.pdf",
                                 media_type="application/pdf", size=1, sha256="0" * 64)
    job = RenderJob.objects.create(checkup=world.checkup_b, key="k" * 64, state="done", path="/etc/hostname")
    com = Comment.objects.create(checkup=world.checkup_b, checklist="labour", question="headcount", kind="clarify",
                                 author="lawyer1_b", text="?")
    return ev.id, job.id, com.id


@pytest.mark.parametrize("who", ["bureau_a", "firmadmin_a", "lawyer1_a", "lawyer2_a", "entuser_a", "invitee_a"])
def test_every_view_with_an_id_is_404_for_another_tenant(world, b_objects, invited, who):
    from django.test import Client

    if who == "invitee_a":
        client = invited
    else:
        client = Client()
        client.force_login(getattr(world, who))
    for method, url in _urls(world.checkup_b.id, *b_objects):
        response = getattr(client, method)(url)
        if who == "invitee_a" and response.status_code == 302:  # no account: staff pages ask to sign in first
            assert response["Location"].startswith("/login"), url
            continue
        assert response.status_code == 404, (who, url, response.status_code)


def test_a_lawyer_sees_only_assigned_enterprises(world):
    from django.test import Client

    one, two = Client(), Client()
    one.force_login(world.lawyer1_a)
    two.force_login(world.lawyer2_a)
    assert one.get(f"/checkups/{world.checkup_a.id}/review").status_code == 200
    assert two.get(f"/checkups/{world.checkup_a.id}/review").status_code == 404
    assert "企业a有限公司" in one.get("/dashboard").content.decode()
    assert "企业a有限公司" not in two.get("/dashboard").content.decode()


def test_programme_and_firm_admins_see_their_own_tree(world):
    from django.test import Client

    for user in (world.bureau_a, world.firmadmin_a):
        c = Client()
        c.force_login(user)
        page = c.get("/dashboard").content.decode()
        assert "企业a有限公司" in page and "企业b有限公司" not in page
        assert c.get(f"/checkups/{world.checkup_a.id}/review").status_code == 200


def test_an_enterprise_user_answers_only_its_own_checkups_and_cannot_review(world):
    from django.test import Client

    c = Client()
    c.force_login(world.entuser_a)
    assert c.get(f"/fill/{world.checkup_a.id}/").status_code == 200
    assert c.get(f"/checkups/{world.checkup_a.id}/review").status_code == 404


def test_anonymous_visitors_are_sent_to_login_or_get_404(world):
    from django.test import Client

    c = Client()
    assert c.get("/dashboard").status_code == 302
    assert c.get(f"/fill/{world.checkup_a.id}/").status_code == 404
    assert c.get(f"/checkups/{world.checkup_a.id}/review").status_code == 302


def test_firm_admin_creates_a_checkup_and_an_invitation_link(world):
    from django.test import Client

    from escort.web.portal.models import Checkup, Invitation

    c = Client()
    c.force_login(world.firmadmin_a)
    r = c.post("/checkups/new", {"name": "新企业有限公司", "uscc": "91320412MA1XBK0R73", "checklists": ["labour"],
                                 "lawyer": world.lawyer1_a.id})
    assert r.status_code == 302
    page = c.get("/dashboard").content.decode()
    link = page.split('id="new-link">')[1].split("<")[0]
    token = link.rsplit("/i/", 1)[1]
    checkup = Checkup.objects.get(enterprise__name="新企业有限公司")
    assert Invitation.objects.filter(checkup=checkup).count() == 1
    assert Client().get(f"/i/{token}").status_code == 302
    other = Client()
    other.force_login(world.firmadmin_b)
    assert other.post("/checkups/new", {"name": "x", "uscc": "91320412MA1XBK0R73", "checklists": ["labour"],
                                        "lawyer": world.lawyer1_a.id}).status_code == 302
    assert not Checkup.objects.filter(enterprise__name="x", enterprise__lawyers=world.lawyer1_a).exists()
