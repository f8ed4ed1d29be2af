"""Report rendering as Huey jobs: never inside a web request.

A :class:`RenderJob` row holds the state the page shows (queued, running, done, failed).  The file name is the
SHA-256 of what the report is made from, so rendering the same content twice is a no-op (idempotent), and a job
whose worker died (no heartbeat for STALE seconds while "running") is queued again by :func:`requeue_stale`,
which the consumer runs at start and every minute.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

STALE = 180  # seconds a "running" job may go without a heartbeat (a large PDF takes 20-60 s)
MAX_ATTEMPTS = 3


def report_path(key: str, fmt: str) -> Path:
    folder = Path(settings.ESCORT_REPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.{fmt}"


def enqueue(job) -> None:
    transaction.on_commit(lambda: render_report(job.id))


@db_task(retries=1, retry_delay=5)
def render_report(job_id: int) -> None:
    from escort.web.portal.models import RenderJob

    with transaction.atomic():
        job = RenderJob.objects.select_for_update().select_related("checkup").get(pk=job_id)
        if job.state == RenderJob.DONE:
            return
        job.state, job.attempts, job.heartbeat = RenderJob.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["state", "attempts", "heartbeat"])
    out = report_path(job.key, job.format)
    try:
        if not out.exists():
            data = build_report(job.checkup, job.format)
            tmp = out.with_suffix(out.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(out)
    except Exception as exc:  # shown to the lawyer on the page; the worker keeps running
        RenderJob.objects.filter(pk=job_id).update(state=RenderJob.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    RenderJob.objects.filter(pk=job_id).update(state=RenderJob.DONE, path=str(out), heartbeat=timezone.now())


def build_report(checkup, fmt: str) -> bytes:
    """The report for *checkup*: the signed result if it is signed (with the sign-off block), else the current one."""
    from escort.models import Result
    from escort.web import engine, sheet
    from escort.web.engine import service

    svc = service()
    if checkup.frozen:
        result = Result.model_validate(checkup.frozen["result"])
    else:
        result = engine.assess(sheet.answers_mapping(checkup))
    data = svc.render(result, "html" if fmt == "pdf" else fmt)
    if fmt not in ("pdf", "html"):
        return data
    html = add_signoff(data.decode("utf-8"), checkup)
    if fmt == "html":
        return html.encode("utf-8")
    from escort.report import render_pdf

    return render_pdf(html)


def add_signoff(html: str, checkup) -> str:
    """Append the sign-off block (who, when, content hash) to the report's HTML, escaped."""
    from markupsafe import escape

    if checkup.signed_at:
        at = timezone.localtime(checkup.signed_at).strftime("%Y-%m-%d %H:%M")
        block = (f'<section class="signoff"><h2>律师签署</h2><p>签署律师：{escape(checkup.signed_by)}　签署时间：{at}</p>'
                 f'<p>内容哈希（SHA-256，覆盖回答、清单版本和体检结果）：<br><code>{checkup.sign_hash}</code></p></section>')
    else:
        block = '<section class="signoff"><h2>未签署</h2><p>本报告尚未经律师签署，仅供参考。</p></section>'
    return html.replace("</body>", block + "</body>", 1) if "</body>" in html else html + block


def requeue_stale() -> int:
    """Queue again the jobs whose worker died; return how many."""
    from escort.web.portal.models import RenderJob

    cutoff = timezone.now() - dt.timedelta(seconds=STALE)
    stale = RenderJob.objects.filter(state__in=[RenderJob.RUNNING, RenderJob.QUEUED], heartbeat__lt=cutoff,
                                     attempts__lt=MAX_ATTEMPTS)
    ids = list(stale.values_list("id", flat=True))
    for jid in ids:
        RenderJob.objects.filter(pk=jid).update(state=RenderJob.QUEUED, heartbeat=timezone.now())
        render_report(jid)
    return len(ids)


@db_periodic_task(crontab(minute="*"))
def requeue_stale_task() -> None:
    requeue_stale()
