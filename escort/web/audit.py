"""The audit trail: append-only rows, each hashing its content and the previous row's hash.

:func:`record` is called inside the same transaction as the change it describes, so a change without its audit
row cannot be committed.  :func:`verify_chain` recomputes every hash; editing, deleting or reordering a row breaks
the chain at that row (``escort audit --data DIR`` runs it).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

GENESIS = "0" * 64
_PG_LOCK = 0x45534352  # "ESCR": serialises appends on PostgreSQL; SQLite's IMMEDIATE transactions already do


def _digest(row: dict) -> str:
    text = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content(at: str, actor: str, role: str, checkup: int | None, action: str, target: str, old: Any, new: Any,
             prev: str) -> dict:
    return {"at": at, "actor": actor, "role": role, "checkup": checkup, "action": action, "target": target,
            "old": old, "new": new, "prev": prev}


def record(actor: str, role: str, action: str, target: str, old: Any = None, new: Any = None,
           checkup: int | None = None):
    """Append one event; must run inside the transaction that makes the change."""
    from escort.web.portal.models import AuditEvent

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    prev = last or GENESIS
    at = timezone.now().isoformat(timespec="microseconds")
    old, new = json.loads(json.dumps(old, default=str)), json.loads(json.dumps(new, default=str))
    digest = _digest(_content(at, actor, role, checkup, action, target, old, new, prev))
    return AuditEvent.objects.create(at=at, actor=actor, role=role, checkup_id_ref=checkup, action=action,
                                     target=target, old=old, new=new, prev_hash=prev, hash=digest)


def verify_chain() -> tuple[int, list[str]]:
    """Recompute the chain; return (rows checked, one line per broken row)."""
    from escort.web.portal.models import AuditEvent

    problems, prev, count = [], GENESIS, 0
    for ev in AuditEvent.objects.order_by("id").iterator():
        count += 1
        at = ev.at.isoformat(timespec="microseconds")
        expected = _digest(_content(at, ev.actor, ev.role, ev.checkup_id_ref, ev.action, ev.target, ev.old, ev.new,
                                    ev.prev_hash))
        if ev.prev_hash != prev:
            problems.append(f"audit event {ev.id}: previous hash {ev.prev_hash[:12]}… does not match event before it "
                            f"({prev[:12]}…): a row was deleted or reordered")
        if expected != ev.hash:
            problems.append(f"audit event {ev.id}: content does not match its hash: the row was changed after it was written")
        prev = ev.hash
    return count, problems
