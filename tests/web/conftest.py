"""Fixtures for the portal's tests: Django configured once per run on a throw-away database.

The database is SQLite unless ESCORT_TEST_DATABASE_URL names a PostgreSQL database (test_postgres.py runs this
directory again that way).  Each test runs inside a transaction that is rolled back.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

try:
    import django  # noqa: F401
    import huey  # noqa: F401
    HAVE_WEB = True
except ImportError:  # escort[web] not installed: every test here skips (see pytestmark in each module)
    HAVE_WEB = False

PASSWORD = "correct-horse-battery-1"


@pytest.fixture(scope="session")
def portal():
    if not HAVE_WEB:
        pytest.skip("escort[web] is not installed")
    data = tempfile.mkdtemp(prefix="escort-web-test-")
    os.environ["ESCORT_WEB_DATA"] = data
    if os.environ.get("ESCORT_TEST_DATABASE_URL"):
        os.environ["ESCORT_DATABASE_URL"] = os.environ["ESCORT_TEST_DATABASE_URL"]
    from escort.web import setup

    setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from huey.contrib.djhuey import HUEY

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    HUEY.immediate = True  # jobs run at once, in-process
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    yield connection.vendor
    connection.creation.destroy_test_db(name, verbosity=0)
    shutil.rmtree(data, ignore_errors=True)


_HASH = []


def password_hash() -> str:
    """One argon2 hash of PASSWORD for every test user (argon2 is slow on purpose)."""
    if not _HASH:
        from django.contrib.auth.hashers import make_password

        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


@pytest.fixture
def db(portal):
    from django.db import transaction

    with transaction.atomic():
        yield portal
        transaction.set_rollback(True)


@pytest.fixture
def world(db):
    """Two programmes; in A a firm with an admin, two lawyers (only lawyer1 assigned) and an enterprise with a
    user and a checkup; in B the same shape.  Returns a namespace of the objects."""
    from types import SimpleNamespace

    from django.contrib.auth.models import User

    from escort.web.portal.models import Checkup, Enterprise, Firm, Membership, Programme

    def user(name, role, programme, firm=None, enterprise=None):
        u = User.objects.create(username=name, password=password_hash())
        Membership.objects.create(user=u, role=role, programme=programme, firm=firm, enterprise=enterprise)
        return u

    w = SimpleNamespace()
    for tag, uscc in (("a", "91330106MA2CFEW838"), ("b", "91320505MA1W8R2T6Y")):
        prog = Programme.objects.create(name=f"programme {tag}")
        firm = Firm.objects.create(programme=prog, name=f"律所{tag}")
        ent = Enterprise.objects.create(firm=firm, name=f"企业{tag}有限公司", uscc=uscc)
        setattr(w, f"prog_{tag}", prog)
        setattr(w, f"firm_{tag}", firm)
        setattr(w, f"ent_{tag}", ent)
        setattr(w, f"bureau_{tag}", user(f"bureau_{tag}", Membership.PROGRAMME_ADMIN, prog))
        setattr(w, f"firmadmin_{tag}", user(f"firmadmin_{tag}", Membership.FIRM_ADMIN, prog, firm))
        lawyer = user(f"lawyer1_{tag}", Membership.LAWYER, prog, firm)
        ent.lawyers.add(lawyer)
        setattr(w, f"lawyer1_{tag}", lawyer)
        setattr(w, f"lawyer2_{tag}", user(f"lawyer2_{tag}", Membership.LAWYER, prog, firm))
        setattr(w, f"entuser_{tag}", user(f"ent_{tag}", Membership.ENTERPRISE, prog, firm, ent))
        setattr(w, f"checkup_{tag}", Checkup.objects.create(
            enterprise=ent, checklists=["labour"], assessment={"date": "2026-11-20", "mode": "self"}))
    return w


@pytest.fixture
def invited(world):
    """A browser session (test client) that opened checkup A's invitation link."""
    from django.test import Client

    from escort.web.portal.views_fill import new_invitation

    token = new_invitation(world.checkup_a, "firmadmin_a")
    client = Client()
    response = client.get(f"/i/{token}")
    assert response.status_code == 302
    client.token = token
    return client


def save(client, checkup, question, value, checklist="labour", note=None, multi=False):
    data = {"checklist": checklist, "question": question, "value": value}
    if note is not None:
        data["note"] = note
    if multi:
        data["multi"] = "1"
    return client.post(f"/fill/{checkup.id}/save", data)
