"""The two letters to the enterprise: 风险提示函 (top risks) and 整改建议书 (everything to fix, by when).

:func:`letter_view` works out what a letter says, as plain data; the HTML/PDF
and the DOCX are drawn from that same view, so the three always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort.models import RECTIFICATION_NAMES, SEVERITY_NAMES, TIMEFRAME_NAMES
from escort.report_view import finding_rank, money_range

DAYS = {"within_30_days": 30, "within_90_days": 90, "within_180_days": 180}
RISK_TOP = 5
TITLES = {"risk": "法律风险提示函", "rectify": "整改建议书"}


def due_text(date: dt.date, timeframe: str) -> str:
    """When to have done it, as a date where the timeframe has one: '2026-12-20前（30日内）'."""
    if timeframe in DAYS:
        return f"{(date + dt.timedelta(days=DAYS[timeframe])).isoformat()}前（{TIMEFRAME_NAMES[timeframe]}）"
    return TIMEFRAME_NAMES[timeframe]


def _item(result: Any, f: Any, number: int) -> dict[str, Any]:
    rec = getattr(result, "rectification", {}).get(f.checklist, {}).get(f.rule)
    ex = f.exposure
    return {
        "number": number, "title": f.title, "severity": SEVERITY_NAMES[f.severity.value], "severity_id": f.severity.value,
        "domain": result.domain_names.get(f.domain, f.domain), "message": f.message, "consequence": f.consequence,
        "recommendation": f.recommendation, "verify": f.status == "verify",
        "basis": "；".join(f"《{c.short_name}》{c.label}" for c in f.legal_basis),
        "exposure": money_range(ex.low, ex.high) if ex and ex.high else "",
        "due": rec.due.isoformat() if rec and rec.due else due_text(result.assessment.date, f.timeframe.value),
        "responsible": rec.responsible if rec and rec.responsible else "",
        "status": RECTIFICATION_NAMES[rec.status] if rec else RECTIFICATION_NAMES["open"],
    }


def letter_view(result: Any, kind: str, brand: Any = None) -> dict[str, Any]:
    """What the letter of *kind* ('risk' or 'rectify') says about *result*."""
    if kind not in TITLES:
        raise ValueError(f"unknown letter {kind!r}")
    active = sorted((f for f in result.findings if f.effective), key=finding_rank)
    if kind == "risk":
        chosen = [f for f in active if f.status == "fired" and f.severity.value in ("critical", "high")]
        items = [_item(result, f, i) for i, f in enumerate(chosen[:RISK_TOP], 1)]
        rest = len([f for f in active if f.status == "fired"]) - len(items)
    else:
        items = [_item(result, f, i) for i, f in enumerate(active, 1)]
        rest = 0
    asm = result.assessment
    firm = getattr(brand, "firm", None) or asm.firm or ""
    return {
        "kind": kind, "title": TITLES[kind], "enterprise": result.enterprise.name, "uscc": result.enterprise.uscc,
        "date": asm.date.isoformat(), "assessor": asm.assessor or "", "firm": firm, "licence": asm.licence or "",
        "items": items, "rest": rest,
        "groups": [{"timeframe": TIMEFRAME_NAMES[t], "items": [i for f, i in zip(active, items) if f.timeframe.value == t]}
                   for t in TIMEFRAME_NAMES] if kind == "rectify" else [],
    }


def render_letter_html(result: Any, kind: str, brand: Any = None) -> str:
    """The letter as one self-contained HTML page (A4 when printed or laid out as PDF)."""
    from escort.report import _environment

    return _environment(brand).get_template("letter.html.j2").render(v=letter_view(result, kind, brand))
