"""Write transactions that queue politely on SQLite.

SQLite takes one writer at a time; threads that find the database locked poll with growing sleeps (up to 100 ms
each), which turns a 5 ms write into a 1 s wait under load.  On SQLite :func:`atomic` therefore queues writers of
this process on a lock first (one escort serve process serves the portal); on PostgreSQL it is plain
``transaction.atomic``.
"""

from __future__ import annotations

import contextlib
import threading

from django.db import connection, transaction

_SQLITE_WRITER = threading.Lock()


@contextlib.contextmanager
def atomic():
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield
