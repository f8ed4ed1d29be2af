"""The functions every checklist expression can call.

They are offered through the ``escort_functions`` hook by this module, which
the plugin manager registers as Escort's own core plugin; domain plugins add
theirs the same way.  Dates are ``datetime.date``; "today" in an expression is
the assessment date, never the computer's clock, so a report can be re-run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any, Callable, Iterable

from escort.hookspecs import hookimpl


def to_date(value: Any) -> dt.date:
    """Turn '2026-11-01' (or a date) into a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(f"expected a date, got {value!r}")


def add_months(day: Any, months: int) -> dt.date:
    """The same day *months* later; the last day of the month when that day does not exist (1-31 + 1 month = 2-28)."""
    day = to_date(day)
    index = day.year * 12 + (day.month - 1) + int(months)
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: Any, years: int) -> dt.date:
    """The same day *years* later (29 February becomes 28 February)."""
    return add_months(day, 12 * int(years))


def add_days(day: Any, days: int) -> dt.date:
    return to_date(day) + dt.timedelta(days=int(days))


def days_between(start: Any, end: Any) -> int:
    """Days from *start* to *end* (negative when end is earlier): 2026-01-01 to 2026-01-31 is 30."""
    return (to_date(end) - to_date(start)).days


def months_between(start: Any, end: Any) -> int:
    """Whole months completed from *start* to *end*: 2026-01-15 to 2026-02-14 is 0, to 2026-02-15 is 1."""
    start, end = to_date(start), to_date(end)
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def years_between(start: Any, end: Any) -> int:
    """Whole years completed from *start* to *end*."""
    return months_between(start, end) // 12


def sum_of(rows: Iterable[dict], column: str) -> float:
    """Total of one column over table rows; raises if a cell is unknown (the caller marks the rule undetermined)."""
    from escort.expressions import Undetermined, UNKNOWN

    total: float = 0
    missing = []
    for row in rows:
        value = row.get(column)
        if value is UNKNOWN or value is None:
            missing.append(f"{getattr(row, 'label', 'row')}.{column}")
            continue
        total += value
    if missing:
        raise Undetermined(unknown=missing)
    return total


def count(rows: Iterable[Any]) -> int:
    return len(list(rows))


def clamp(value: float, low: float, high: float) -> float:
    """*value* kept between *low* and *high*."""
    return max(low, min(high, value))


def ceil(value: float) -> int:
    return math.ceil(value)


def floor(value: float) -> int:
    return math.floor(value)


def share_of(amount: float, base: float) -> float:
    """*amount* as a percentage of *base* (0–100 scale, like percent answers): share_of(50000, 2000000) is 2.5.

    For grading by size, e.g. ``share_of(exposure_high, annual_payroll) >= 5``; a base of 0 or less cannot be
    compared against, so the step is left undecided (the base severity stays)."""
    from escort.expressions import EvaluationError

    if base is None or float(base) <= 0:
        raise EvaluationError(f"share_of: the base must be more than 0, got {base!r}")
    return float(amount) / float(base) * 100


def law_in_force(law_id: str, day: Any) -> bool:
    """Whether the law registry records *law_id* as in force on *day* (its effective … superseded period, pending
    versions included): law_in_force('vat_law', '2025-12-31') is false, on '2026-01-01' true. For rules that judge
    rows with different dates, e.g. ``sum((4000 if law_in_force('patent_rules', r.granted) else 3000) for r in p)``."""
    raise ValueError("law_in_force needs the law registry (it is bound when the registry is built)")


def law_in_force_in(laws: Any, law_id: str, day: Any) -> bool:
    """law_in_force over a given LawRegistry (what the registry binds to the expression function)."""
    if law_id not in laws.laws and law_id not in laws.pending:
        raise ValueError(f"law_in_force: no law {law_id!r} in the registry")
    return laws.in_force_on(law_id, to_date(day))


FUNCTIONS: dict[str, Callable] = {
    "date": to_date, "add_days": add_days, "add_months": add_months, "add_years": add_years,
    "days_between": days_between, "months_between": months_between, "years_between": years_between,
    "sum_of": sum_of, "count": count, "share_of": share_of, "law_in_force": law_in_force, "clamp": clamp, "ceil": ceil, "floor": floor,
    "len": len, "min": min, "max": max, "sum": sum, "abs": abs, "round": round, "any": any, "all": all,
}


@hookimpl
def escort_functions() -> dict[str, Callable]:
    return dict(FUNCTIONS)
