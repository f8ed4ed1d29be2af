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
WARNING_MONTHS = 6        # checkup convention: claims whose period ends within six months need action now


@hookimpl
def escort_domains():
    return [Domain(id="contracts", name="合同管理", name_en="Contracts", order=20)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "contracts.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "contracts.yaml")]


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

    Each item reads 债务人（金额 元，时效届满日 YYYY-MM-DD）, for finding messages.
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
            out.append(f"{row.get('debtor')}（{shown}，时效届满日 {end.isoformat()}）")
    return out


@hookimpl
def escort_functions():
    return {
        "limitation_end": limitation_end,
        "receivable_limitation_end": receivable_limitation_end,
        "is_time_barred": is_time_barred,
        "is_near_time_bar": is_near_time_bar,
        "describe_time_bars": describe_time_bars,
    }
