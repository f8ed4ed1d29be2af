"""Security controls: CSP without inline script, CSRF on every form, argon2, login throttling and lockout,
autoescaping of hostile strings through every form field, cookie flags, and the CLI's commands."""

from __future__ import annotations

from html.parser import HTMLParser
import subprocess
import sys

import pytest

pytest.importorskip("django", reason="escort[web] is not installed")

HOSTILE = '<script>alert(1)</script>{{ 7*7 }}<img src=x onerror=alert(2)>"\'&'  # as in tests/test_report.py


def _pages(client, checkup):
    return [client.get(u) for u in ("/login", "/dashboard", f"/checkups/{checkup.id}/review",
                                     f"/checkups/{checkup.id}/audit")]


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.bad.append("inline <script>")
        if tag == "img" and names.get("src") == "x":
            self.bad.append("injected <img>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"event handler {name} on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.bad.append(f"javascript: URL in {name}")


def assert_no_inline_script(html: str) -> None:
    """Parse the page as a browser would: no inline script, no event-handler attributes, no injected tags."""
    scan = _Scan()
    scan.feed(html)
    assert scan.bad == []


def test_every_page_has_a_csp_without_inline_script_and_no_inline_script(world, invited):
    from django.test import Client

    c = Client()
    c.force_login(world.lawyer1_a)
    pages = _pages(c, world.checkup_a) + [invited.get(f"/fill/{world.checkup_a.id}/?s=labour-1")]
    for r in pages:
        csp = r["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
        assert_no_inline_script(r.content.decode())


def test_forms_without_the_csrf_token_are_refused(world):
    from django.test import Client

    from escort.web.portal.views_fill import new_invitation

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.lawyer1_a)
    assert c.post(f"/checkups/{world.checkup_a.id}/comment", {"checklist": "labour", "question": "headcount",
                                                              "text": "x"}).status_code == 403
    inv = Client(enforce_csrf_checks=True)
    inv.get(f"/i/{new_invitation(world.checkup_a, 'x')}")
    assert inv.post(f"/fill/{world.checkup_a.id}/save", {"checklist": "labour", "question": "headcount",
                                                         "value": "1"}).status_code == 403
    assert Client(enforce_csrf_checks=True).post("/login", {"username": "a", "password": "b"}).status_code == 403


def test_passwords_are_hashed_with_argon2(world):
    assert world.lawyer1_a.password.startswith("argon2$argon2id$")


def test_login_locks_out_after_five_failures_even_with_the_right_password(world):
    from django.test import Client

    from escort.web.portal.models import LoginFailure

    c = Client()
    ok = c.post("/login", {"username": "lawyer1_a", "password": "correct-horse-battery-1"})
    assert ok.status_code == 302
    c = Client()
    for _ in range(5):
        assert c.post("/login", {"username": "lawyer2_a", "password": "wrong"}).status_code == 401
    r = c.post("/login", {"username": "lawyer2_a", "password": "correct-horse-battery-1"})
    assert r.status_code == 401 and "锁定" in r.content.decode()
    assert LoginFailure.objects.filter(username="lawyer2_a").count() == 5


def test_hostile_strings_through_every_form_field_are_escaped(world, invited):
    from django.test import Client

    from escort.web.portal.models import Comment

    ck = world.checkup_a
    r = invited.post(f"/fill/{ck.id}/save", {"checklist": "labour", "question": "headcount", "value": "5",
                                             "note": HOSTILE})
    assert r.json()["ok"]
    invited.post(f"/fill/{ck.id}/save", {"checklist": "enterprise", "question": "industry", "value": HOSTILE})
    invited.post(f"/fill/{ck.id}/save", {"checklist": "enterprise", "question": "tags", "value": HOSTILE})
    lawyer = Client()
    lawyer.force_login(world.lawyer1_a)
    lawyer.post(f"/checkups/{ck.id}/comment", {"checklist": "labour", "question": "headcount", "kind": "clarify",
                                               "text": HOSTILE})
    lawyer.post(f"/checkups/{ck.id}/decide", {"checklist": "labour", "rule": "x", "status": "dismissed", "reason": HOSTILE})
    com = Comment.objects.get(checkup=ck)
    invited.post(f"/fill/{ck.id}/reply/{com.id}", {"reply": HOSTILE, "s": "labour-0"})
    pages = [invited.get(f"/fill/{ck.id}/?s=labour-0"), invited.get(f"/fill/{ck.id}/?s=profile"),
             lawyer.get(f"/checkups/{ck.id}/review"), lawyer.get(f"/checkups/{ck.id}/audit")]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert_no_inline_script(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2].content.decode()


def test_cookies_are_httponly_and_samesite(world):
    from django.test import Client

    c = Client()
    r = c.post("/login", {"username": "lawyer1_a", "password": "correct-horse-battery-1"})
    morsel = r.cookies["sessionid"]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"


def test_serve_and_audit_are_escort_commands():
    out = subprocess.run([sys.executable, "-m", "escort", "serve", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--demo" in out.stdout and "--data" in out.stdout
    out = subprocess.run([sys.executable, "-m", "escort", "audit", "--data", "/nonexistent/escort"], capture_output=True,
                         text=True)
    assert out.returncode == 2 and "no such data folder" in out.stderr and "Traceback" not in out.stderr
