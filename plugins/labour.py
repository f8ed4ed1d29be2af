"""The labour (劳动用工) checklist: a built-in plugin.

It contributes the labour checklist, the labour law registry it cites, and
the statutory arithmetic its exposure formulas use (double wages, severance,
daily wage and annual leave), so that each formula is written once, tested
at its thresholds, and can be reused by other checklists.

Dates follow the engine's convention (``escort.functions.months_between``):
"one month after 2026-01-15" is 2026-02-15.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.models import Domain
from escort.functions import add_days, add_months, add_years, months_between, to_date
from escort.resources import data_path

MONTHLY_PAY_DAYS = 21.75  # 企业职工带薪年休假实施办法第十一条: 月计薪天数


@hookimpl
def escort_domains():
    return [Domain(id="labour", name="劳动用工", name_en="Labour", order=10)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "labour.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "labour.yaml")]


def unsigned_until(row: Any, today: Any) -> dt.date:
    """Return the last day an employee worked without a written contract.

    劳动合同法实施条例第六条第二款: double wages run "截止时间为补订书面劳动合同的前一日",
    so for a row with a ``signed_date`` the last day is the day before it;
    a row whose ``signed_date`` is empty (not signed yet) runs to *today*.

    :param row: a table row with ``hire_date`` and an optional ``signed_date``.
    :param today: the assessment date.
    """
    signed = row.get("signed_date") if hasattr(row, "get") else None
    if isinstance(signed, dt.date):
        return add_days(signed, -1)
    return to_date(today)


def double_wage_full_months(hire_date: Any, last_day: Any) -> int:
    """Return the whole months of double wages owed (the low estimate).

    劳动合同法第八十二条, 实施条例第六条、第七条: double wages are owed from the day
    after one month of employment, and at most until the day before one year
    of employment (at most eleven months).  Counts only months completed
    after the first month, between 0 and 11.

    :param hire_date: 用工之日 (first day of work).
    :param last_day: the last day without a written contract (see ``unsigned_until``).
    """
    return int(max(0, min(11, months_between(hire_date, last_day) - 1)))


def double_wage_started_months(hire_date: Any, last_day: Any) -> int:
    """Return the months of double wages begun, a part month counted whole (the high estimate).

    Same period as :func:`double_wage_full_months` (劳动合同法第八十二条, 实施条例第六条):
    one month and one day after hiring is one month begun; capped at 11.

    Why: tribunals differ on whether a part month is paid pro rata or in
    full, so the exposure is a range between the two.
    """
    months = months_between(hire_date, last_day)
    if add_months(hire_date, months) < to_date(last_day):
        months += 1
    return int(max(0, min(11, months - 1)))


def severance_months(start: Any, end: Any) -> float:
    """Return the months of wages owed as severance for service from *start* to *end*.

    劳动合同法第四十七条第一款: one month per full year of service; a remainder of
    six months or more counts as a full year; a remainder under six months
    gives half a month.  5 months 29 days → 0.5; 6 months → 1; 3 years → 3.
    """
    start, end = to_date(start), to_date(end)
    years = months_between(start, end) // 12
    months = float(years)
    rest_start = add_years(start, years)
    if rest_start < end:
        months += 1.0 if months_between(rest_start, end) >= 6 else 0.5
    return months


def severance_amount(monthly_wage: float, start: Any, end: Any, local_average_wage: float,
                     local_minimum_wage: float = 0) -> float:
    """Return the severance (经济补偿) in CNY.

    劳动合同法第四十七条第二款: when the monthly wage (average of the last twelve
    months, 第三款) is above three times the local average monthly wage of the
    previous year, the wage base is three times that average and the years
    counted are at most twelve.  实施条例第二十七条: an average below the local
    minimum wage is raised to the minimum wage.

    :param monthly_wage: average monthly wage of the twelve months before leaving.
    :param local_average_wage: the local average monthly wage (asked, never assumed).
    :param local_minimum_wage: the local monthly minimum wage (asked); 0 leaves the base as given.
    """
    monthly_wage = max(monthly_wage, local_minimum_wage)
    months = severance_months(start, end)
    cap = 3 * local_average_wage
    if monthly_wage > cap:
        return cap * min(months, 12.0)
    return monthly_wage * months


def daily_wage(monthly_wage: float) -> float:
    """Return the daily wage: monthly wage ÷ 21.75 (企业职工带薪年休假实施办法第十一条)."""
    return monthly_wage / MONTHLY_PAY_DAYS


def annual_leave_days(service_years: float) -> int:
    """Return the statutory annual leave days for total years of service (职工带薪年休假条例第三条).

    Under 1 year: 0; 1 to under 10: 5; 10 to under 20: 10; 20 and over: 15.
    """
    if service_years >= 20:
        return 15
    if service_years >= 10:
        return 10
    if service_years >= 1:
        return 5
    return 0


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def double_wage_detail(rows: list, today: Any) -> str:
    """Return, per employee, the double-wage months and amounts in words (for a finding's message).

    Same arithmetic as the exposure (劳动合同法第八十二条, 实施条例第六条); a row with an
    unknown cell is shown as needing verification.
    """
    parts = []
    for row in rows:
        hire, wage = row.get("hire_date"), row.get("monthly_wage")
        if not (_is_date(hire) and _is_number(wage)):
            parts.append(f"{row.get('name')}：入职日期或月工资未知，需核实")
            continue
        last = unsigned_until(row, today)
        low, high = double_wage_full_months(hire, last), double_wage_started_months(hire, last)
        months = f"{low}个月" if low == high else f"{low}至{high}个月"
        parts.append(f"{row.get('name')}：{hire.isoformat()}入职，未签合同至{last.isoformat()}，"
                     f"二倍工资差额 {_money(wage)}元 × {months} = {_money(wage * low)}"
                     + ("" if low == high else f"至{_money(wage * high)}") + "元")
    return "；".join(parts)


def severance_detail(rows: list, local_average_wage: Any, reasons: list, multiple: float = 1,
                     local_minimum_wage: Any = 0) -> str:
    """Return, per employee whose reason is in *reasons*, the severance arithmetic in words.

    劳动合同法第四十七条 (and 第八十七条 when *multiple* is 2); a wage below
    *local_minimum_wage* is raised to it (实施条例第二十七条).
    """
    floor = local_minimum_wage if _is_number(local_minimum_wage) else 0
    parts = []
    for row in rows:
        if row.get("reason") not in reasons:
            continue
        hire, end, wage, paid = (row.get(k) for k in ("hire_date", "end_date", "monthly_wage", "severance_paid"))
        if not (_is_date(hire) and _is_date(end) and _is_number(wage) and _is_number(local_average_wage)):
            parts.append(f"{row.get('name')}：入职、离职日期、月工资或当地月平均工资未知，需核实")
            continue
        if wage < floor:
            wage = floor
        months = severance_months(hire, end)
        cap = 3 * local_average_wage
        if wage > cap:
            base = f"月工资{_money(wage)}元高于当地月平均工资三倍，按{_money(cap)}元计、最多12个月：{_money(cap)}元 × {min(months, 12.0):g}个月"
        else:
            base = f"{_money(wage)}元 × {months:g}个月"
        amount = multiple * severance_amount(wage, hire, end, local_average_wage)
        times = "2 × " if multiple == 2 else ""
        paid_text = f"，已付{_money(paid)}元" if _is_number(paid) else "，已付金额未知"
        parts.append(f"{row.get('name')}：{hire.isoformat()}至{end.isoformat()}，{times}{base} = {_money(amount)}元{paid_text}")
    return "；".join(parts)


FUNCTIONS = {
    "double_wage_detail": double_wage_detail,
    "severance_detail": severance_detail,
    "unsigned_until": unsigned_until,
    "double_wage_full_months": double_wage_full_months,
    "double_wage_started_months": double_wage_started_months,
    "severance_months": severance_months,
    "severance_amount": severance_amount,
    "daily_wage": daily_wage,
    "annual_leave_days": annual_leave_days,
}


@hookimpl
def escort_functions():
    return dict(FUNCTIONS)
