"""Hooks of the wage arrears plugin: its checklist, its law entries, one function, one computed finding."""

from __future__ import annotations

import math
from pathlib import Path

from escort import hookimpl
from escort.expressions import HIDDEN, UNKNOWN
from escort.models import ComputedFinding, Fact

HERE = Path(__file__).resolve().parent
MISSING = (None, UNKNOWN, HIDDEN)


@hookimpl
def escort_checklists():
    return [HERE / "wage_arrears.yaml"]


@hookimpl
def escort_laws():
    return [HERE / "laws.yaml"]


def wagearrears_severance_months(years) -> float:
    """Months of wages owed as severance for *years* of service (劳动合同法第四十七条第一款).

    One month per full year; a remainder of six months or more counts as a
    full year, less than six months as half a month.  2.25 years -> 2.5; 2.5 -> 3.
    """
    years = float(years)
    full = math.floor(years)
    months_left = (years - full) * 12
    if months_left >= 6 - 1e-9:
        return full + 1
    if months_left > 1e-9:
        return full + 0.5
    return float(full)


@hookimpl
def escort_functions():
    return {"wagearrears_severance_months": wagearrears_severance_months}


@hookimpl
def escort_findings(checklist, answers, enterprise):
    """Rule ``crime_risk``: 刑法第二百七十六条之一's elements, weighed together.

    Ordered to pay and still not paid; either assets moved / absconding, or able
    (fully or partly) to pay; and the amount owed at or above the local
    "large amount" threshold the lawyer entered.  An element that is unknown
    makes the finding one to verify; a missing element means no finding.
    """
    if checklist.id != "wage_arrears":
        return []
    ordered = answers.get("labour_order")
    unpaid = answers.get("order_paid")
    if ordered is False or unpaid in ("paid_in_time", "paid_late") or unpaid is HIDDEN:
        return []
    rows = answers.get("arrears_staff")
    owed = None
    if isinstance(rows, list):
        amounts = [r.get("amount") for r in rows]
        owed = None if any(a in MISSING for a in amounts) else sum(amounts)
    threshold = answers.get("crime_threshold")
    evasion = answers.get("assets_moved")
    ability = answers.get("ability_to_pay")
    elements = {
        "labour_order": ordered,
        "order_paid": unpaid,
        "arrears_staff": owed,
        "crime_threshold": threshold,
    }
    unknown = [k for k, v in elements.items() if v in MISSING]
    if owed is not None and threshold not in MISSING and owed < threshold:
        return []
    capable = evasion is True or ability in ("able", "partly")
    if evasion is False and ability == "unable":
        return []
    if not capable:
        unknown += [k for k, v in (("assets_moved", evasion), ("ability_to_pay", ability)) if v in MISSING]
    facts = [Fact(question="labour_order", text="已收到责令支付通知", answer=_show(ordered)),
             Fact(question="order_paid", text="是否已按通知支付", answer=_show(unpaid)),
             Fact(question="arrears_staff", text="欠薪合计（元）", answer=_show(owed)),
             Fact(question="crime_threshold", text="当地“数额较大”起点（元）", answer=_show(threshold)),
             Fact(question="assets_moved", text="转移资产或逃匿", answer=_show(evasion)),
             Fact(question="ability_to_pay", text="支付能力", answer=_show(ability))]
    if unknown:
        return [ComputedFinding(rule="crime_risk", status="verify", facts=facts, unknown=sorted(set(unknown)),
                                message="拒不支付劳动报酬罪的部分要件无法判断，需要核实。")]
    how = "转移资产或逃匿" if evasion is True else "有能力支付而不支付"
    return [ComputedFinding(rule="crime_risk", facts=facts,
                            message=f"经责令支付仍未支付，欠薪合计 {owed:,.0f} 元，达到当地“数额较大”起点 "
                                    f"{threshold:,.0f} 元，且存在{how}的情形。")]


def _show(value):
    if value is UNKNOWN:
        return "unknown"
    if value is None or value is HIDDEN:
        return None
    return value
