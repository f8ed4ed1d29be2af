"""The portal's test-client tests again on PostgreSQL (127.0.0.1:5432, database test, trust auth).

Skipped with a message where no PostgreSQL answers.  ESCORT_TEST_PG_URL overrides the address.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("django", reason="escort[web] is not installed")
pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'escort[web]')")

URL = os.environ.get("ESCORT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
HERE = Path(__file__).resolve().parent


def _reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(os.environ.get("ESCORT_TEST_DATABASE_URL") is not None, reason="already the PostgreSQL run")
def test_portal_tests_pass_on_postgresql():
    if not _reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432; the portal was tested on SQLite only")
    files = [str(HERE / f) for f in ("test_fill.py", "test_tenancy.py", "test_review.py", "test_security.py",
                                        "test_postgres.py")]
    env = dict(os.environ, ESCORT_TEST_DATABASE_URL=URL)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files,
                           "-k", "not pdf"], cwd=HERE.parent.parent, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout, proc.stdout[-500:]


def test_the_pg_run_really_uses_postgresql(portal):
    if os.environ.get("ESCORT_TEST_DATABASE_URL"):
        assert portal == "postgresql"
    else:
        assert portal == "sqlite"
