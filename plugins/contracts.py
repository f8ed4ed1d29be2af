"""The contracts plugin (合同管理): checklist, law registry and limitation-period date arithmetic.

It registers through the ``escort`` entry-point group like every other
plugin.  Its checklist's rules are all written in YAML; the only Python it
needs is the date arithmetic of the three-year limitation period on
receivables (民法典第一百八十八条、第一百九十五条), offered to checklist
expressions through ``escort_functions`` so the exposure formulas stay
readable and the boundaries are tested in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from escort import hookimpl
from escort.models import Domain
from escort.expressions import HIDDEN, UNKNOWN, Undetermined, format_value
from escort.functions import add_months, add_years, to_date
from escort.resources import data_path

LIMITATION_YEARS = 3      # 民法典第一百八十八条第一款：诉讼时效期间为三年
ENFORCEMENT_YEARS = 2     # 民事诉讼法第二百五十条第一款：申请执行的期间为二年
EXCESSIVE_PENALTY = 1.3   # 合同编通则解释第六十五条第二款：超过造成损失的百分之三十，一般可认定过分高于损失
WARNING_MONTHS = 6        # checkup convention: claims whose period ends within six months need action now


@hookimpl
def escort_domains():
    return [Domain(id="contracts", name="合同管理", name_en="Contracts", order=20)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "contracts.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "contracts.yaml"),
            data_path("checklists", "laws", "pending.yaml")]  # versions known by dates only


def limitation_end(due_date: Any, last_interruption: Any = None) -> dt.date:
    """Return the last day of the three-year limitation period on a receivable.

    民法典第一百八十八条: the period is three years, counted from when the creditor
    knew or should have known of the harm and the obligor — for an unpaid
    receivable, its due date.  第一百九十五条: a demand for performance by the
    creditor or the obligor's agreement to perform interrupts the period, which
    then runs again in full from the interruption.  So the period ends three
    years after the later of the due date and the last provable interruption:
    ``max(due_date, last_interruption) + 3 years`` (29 February → 28 February).

    Args:
        due_date: the date payment fell due.
        last_interruption: the date of the last written demand or written
            acknowledgement by the debtor; None when there is none.

    Why the plain anniversary: the registry does not hold 民法典第二百零一条
    (the first day is not counted) or 第二百零三条 (a period ending on a public
    holiday runs to the next working day); both could only lengthen the period
    by a day or a few, so the anniversary is the cautious date to act by.

    Only the last interruption is given, so the caller must give one that fell
    inside the running period (a creditor's demand after expiry does not
    interrupt it; the debtor's written agreement to pay after expiry bars the
    limitation defence, 第一百九十二条第二款); the checklist's help says so.
    """
    start = to_date(due_date)
    if last_interruption not in (None, UNKNOWN, HIDDEN):
        start = max(start, to_date(last_interruption))
    return add_years(start, LIMITATION_YEARS)


def receivable_limitation_end(row: Any) -> dt.date:
    """Return limitation_end() for one row of the receivables table.

    An empty or unknown ``last_interruption`` cell counts as no interruption:
    under 民法典第一百九十五条 the creditor must prove the demand or the
    debtor's acknowledgement, so an interruption nobody can date or document
    does not help in court.  An unknown due date makes the result undetermined.
    """
    due = row.get("due_date")
    if due in (None, UNKNOWN):
        raise Undetermined(unknown=[f"{getattr(row, 'label', 'row')}.due_date"])
    return limitation_end(due, row.get("last_interruption"))


def is_time_barred(end: Any, today: Any) -> bool:
    """Return True when the limitation period ended before *today* (民法典第一百八十八条、第一百九十二条).

    On its last day (end == today) the claim is still in time: a demand sent
    that day interrupts the period (第一百九十五条).
    """
    return to_date(end) < to_date(today)


def is_near_time_bar(end: Any, today: Any, months: int = WARNING_MONTHS) -> bool:
    """Return True when the period has not yet ended but ends within *months* months of *today*.

    Both ends are included: the last day itself (end == today) and the day
    exactly *months* later (2026-11-20 → 2027-05-20).
    """
    end, today = to_date(end), to_date(today)
    return today <= end <= add_months(today, months)


def describe_time_bars(rows: Iterable[Any], today: Any, which: str = "barred") -> list[str]:
    """List the receivables (not sued) that are time-barred (*which* = 'barred') or near it ('near').

    Each item reads 债务人（金额 元，时效届满日 YYYY-MM-DD）, for finding messages.  A part-payment
    made after the period ended (``part_payment_after_bar``) is named: under 民法典第一百九十二条第二款
    the debtor cannot reclaim what it paid, but paying part is not a written agreement to pay
    the rest, so the remaining balance (the row's amount) stays time-barred.
    """
    out = []
    test = is_time_barred if which == "barred" else is_near_time_bar
    for row in rows:
        if row.get("sued") is True:
            continue
        end = receivable_limitation_end(row)
        if test(end, today):
            amount = row.get("amount")
            shown = "金额未知" if amount in (None, UNKNOWN) else f"{format_value(amount)} 元"
            note = ""
            part = row.get("part_payment_after_bar")
            if part not in (None, UNKNOWN, HIDDEN) and to_date(part) > end:
                note = f"；{to_date(part).isoformat()} 届满后的部分付款不使余款恢复时效"
            out.append(f"{row.get('debtor')}（{shown}，时效届满日 {end.isoformat()}{note}）")
    return out


def enforcement_end(row: Any) -> dt.date:
    """Return the last day on which enforcement of a judgment or award can be applied for.

    民事诉讼法第二百五十条: the period is two years, counted from the last day of the
    performance period the document sets (the last instalment's deadline; the day it took
    effect when it sets none).  The first day is not counted, so the period ends on the same
    calendar day two years later (29 February → 28 February), and an application on that
    day is still in time.  An unknown deadline makes the result undetermined.
    """
    deadline = row.get("performance_deadline")
    if deadline in (None, UNKNOWN):
        raise Undetermined(unknown=[f"{getattr(row, 'label', 'row')}.performance_deadline"])
    return add_years(to_date(deadline), ENFORCEMENT_YEARS)


def is_enforcement_lapsed(row: Any, today: Any) -> bool:
    """Return True when enforcement was not applied for and the two-year period ended before *today*."""
    return row.get("enforcement_applied") is not True and enforcement_end(row) < to_date(today)


def is_enforcement_near(row: Any, today: Any, months: int = WARNING_MONTHS) -> bool:
    """Return True when enforcement was not applied for and the period ends today or within *months* months."""
    return row.get("enforcement_applied") is not True and is_near_time_bar(enforcement_end(row), today, months)


def describe_enforcement(rows: Iterable[Any], today: Any, which: str = "lapsed") -> list[str]:
    """List judgments not enforced whose period has lapsed (*which* = 'lapsed') or ends soon ('near')."""
    test = is_enforcement_lapsed if which == "lapsed" else is_enforcement_near
    return [f"{row.get('debtor')}（{format_value(row.get('amount'))} 元，申请执行期间届满日 {enforcement_end(row).isoformat()}）"
            for row in rows if test(row, today)]


def _money(value: Any) -> float:
    if value in (None, UNKNOWN, HIDDEN):
        raise Undetermined(unknown=["amount"])
    return float(value)


def penalty_floor(row: Any) -> float:
    """Return the least a court would likely uphold of a penalty the company owes (民法典第五百八十五条第二款).

    With the creditor's loss known, a penalty above loss × 1.3 is generally excessive
    (合同编通则解释第六十五条第二款) and may be reduced on the company's request; the
    floor is min(penalty, loss × 1.3).  Reduction is to what is fair, not necessarily to
    loss × 1.3, so this is an estimate; and a wilful defaulter is generally not granted a
    reduction (第三款).  With no loss estimate the penalty is taken as agreed.
    """
    penalty = _money(row.get("penalty"))
    loss = row.get("loss_estimate")
    if loss in (None, UNKNOWN, HIDDEN):
        return penalty
    return min(penalty, float(loss) * EXCESSIVE_PENALTY)


def describe_penalties(rows: Iterable[Any]) -> list[str]:
    """One line per penalty owed: 对方（本金 X 元，违约金 Y 元[，超过损失 Z 元的130%，可请求减少]）."""
    out = []
    for row in rows:
        kind = "和解协议" if row.get("source") == "settlement" else "合同"
        text = (f"{row.get('creditor')}（{kind}；尚欠本金 {format_value(row.get('principal'))} 元，"
                f"违约金 {format_value(row.get('penalty'))} 元")
        loss = row.get("loss_estimate")
        if loss not in (None, UNKNOWN, HIDDEN) and _money(row.get("penalty")) > float(loss) * EXCESSIVE_PENALTY:
            text += f"，超过对方损失 {format_value(loss)} 元的130%，可请求适当减少"
        out.append(text + "）")
    return out


@hookimpl
def escort_functions():
    return {
        "limitation_end": limitation_end,
        "receivable_limitation_end": receivable_limitation_end,
        "is_time_barred": is_time_barred,
        "is_near_time_bar": is_near_time_bar,
        "describe_time_bars": describe_time_bars,
        "enforcement_end": enforcement_end,
        "is_enforcement_lapsed": is_enforcement_lapsed,
        "is_enforcement_near": is_enforcement_near,
        "describe_enforcement": describe_enforcement,
        "penalty_floor": penalty_floor,
        "describe_penalties": describe_penalties,
    }
