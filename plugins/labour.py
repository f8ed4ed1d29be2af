"""The labour (劳动用工) checklist: a built-in plugin.

It contributes the labour checklist, the labour law registry it cites, and
the statutory arithmetic its exposure formulas use (double wages, severance,
daily wage and annual leave), so that each formula is written once, tested
at its thresholds, and can be reused by other checklists.

Labour periods count the first day of work as day 1 and the last day worked as worked:
every such period goes through :func:`service_end_exclusive`.  Limitation periods keep the
civil convention (民法典第二百零一条: the period starts the day after).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.expressions import HIDDEN, UNKNOWN, Undetermined
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


LABOUR_LAW_START = dt.date(2008, 1, 1)  # 劳动合同法第九十八条: 施行之日; 第九十七条第三款 splits severance years here
HOURS_PER_MONTH = MONTHLY_PAY_DAYS * 8   # 劳社部发[2008]3号: 小时工资 = 月工资 ÷ (21.75 × 8) = ÷ 174


def service_end_exclusive(last_day: Any) -> dt.date:
    """Return the day after *last_day*: the exclusive end of a labour period whose last day counts.

    Why: statutory labour periods count the first day of work as day 1 (用工之日起) and the
    last day worked as worked, so service from 2025-05-10 to 2025-11-09 is six whole months.
    Every labour period (double wages, deemed open-ended contracts, severance) goes through
    this one helper; limitation periods keep the civil convention (民法典第二百零一条).
    """
    return add_days(last_day, 1)


def _known(value: Any) -> bool:
    return value is not None and value is not UNKNOWN and value is not HIDDEN


def _need(row: Any, *columns: str) -> None:
    missing = [f"{getattr(row, 'label', 'row')}.{c}" for c in columns if not _known(row.get(c))]
    if missing:
        raise Undetermined(unknown=missing)


def working_days(start: Any, end_exclusive: Any) -> int:
    """Return the Mondays to Fridays from *start* up to the day before *end_exclusive*.

    Statutory holidays falling on weekdays are counted (they are paid days, 劳社部发[2008]3号
    "折算日工资、小时工资时不剔除国家规定的…法定节假日"); weekend make-up working days are not.
    """
    start, end = to_date(start), to_date(end_exclusive)
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(rest):
        if (start + dt.timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    return count


def unsigned_until(row: Any, today: Any) -> dt.date:
    """Return the last day an employee worked without a written contract.

    The earliest of: the day before signing (实施条例第六条第二款 "截止时间为补订书面劳动合同的前一日"),
    the leaving day (``left_on``, the last day of work), and *today* (the assessment date).
    The one-year cap is applied by the double-wage functions.

    :param row: a table row with ``hire_date`` and optional ``signed_date`` and ``left_on``.
    :param today: the assessment date.
    """
    ends = [to_date(today)]
    get = row.get if hasattr(row, "get") else (lambda _key: None)
    signed, left = get("signed_date"), get("left_on")
    if isinstance(signed, dt.date):
        ends.append(add_days(signed, -1))
    if isinstance(left, dt.date):
        ends.append(left)
    return min(ends)


def _double_wage_window(start: Any, last_day: Any) -> tuple[dt.date, dt.date]:
    """The double-wage period [from, to) for work begun on *start* and unsigned through *last_day*.

    劳动合同法第八十二条, 实施条例第六条第二款、第七条: from 用工之日起满一个月的次日 (hired 03-01 → 满一个月
    on 03-31 → from 04-01 = start + 1 month) to the last unsigned day, and no further than
    eleven months (the deemed open-ended period earns no double wages, 劳动争议解释（二）第九条).
    """
    begin = add_months(start, 1)
    end = min(service_end_exclusive(last_day), add_months(start, 12))
    return begin, max(begin, end)


def double_wage_full_months(hire_date: Any, last_day: Any) -> int:
    """Return the whole months of double wages owed (0 to 11).

    Hired 2026-03-01: unsigned through 03-31 → 0; through 04-30 → 1; through 05-01 → 1
    (and one working day, see :func:`double_wage_part_days`).

    :param hire_date: 用工之日 (first day of work, day 1).
    :param last_day: the last day without a written contract (see ``unsigned_until``).
    """
    begin, end = _double_wage_window(hire_date, last_day)
    return int(min(11, months_between(begin, end)))


def double_wage_part_days(hire_date: Any, last_day: Any) -> int:
    """Return the working days (Monday to Friday) of the double-wage month begun but not completed.

    劳动争议解释（二）第六条: "二倍工资按月计算；不满一个月的，按该月实际工作日计算".
    """
    begin, end = _double_wage_window(hire_date, last_day)
    full = min(11, months_between(begin, end))
    return working_days(add_months(begin, full), end) if full < 11 else 0


def double_wage_amount(monthly_wage: float, hire_date: Any, last_day: Any, prorate: bool = True) -> float:
    """Return the double wages owed (the extra one-times wage), in CNY.

    Method (stated in the rule): whole months × monthly wage, plus for a part month
    monthly wage ÷ 21.75 × its working days (劳动争议解释（二）第六条; 21.75 paid days a month,
    劳社部发[2008]3号), never more than one month's wage.  *prorate* False gives whole months only.
    """
    full = double_wage_full_months(hire_date, last_day)
    amount = monthly_wage * full
    if prorate:
        amount += min(monthly_wage, monthly_wage / MONTHLY_PAY_DAYS * double_wage_part_days(hire_date, last_day))
    return round(amount, 2)


def double_wage_exclusion(row: Any, today: Any = None) -> str:
    """Return why a row owes no double wages ('' when it may): backdated or documented refusal.

    * ``backdated``: the contract, though signed late, is dated as from the first day of work
      (``dated_as`` on or before ``hire_date``) and was signed voluntarily — the written contract
      covers the whole period; most tribunals then refuse double wages (practice, not statute).
    * ``refused``: the employee refused to sign and written requests are evidenced —
      劳动争议解释（二）第七条第二项 (因劳动者本人故意或者重大过失未订立).  The employer should have ended
      the relationship in writing (实施条例第六条; within the first month 实施条例第五条).
    """
    hire, dated = row.get("hire_date"), row.get("dated_as")
    if isinstance(dated, dt.date) and isinstance(hire, dt.date) and dated <= hire and isinstance(row.get("signed_date"), dt.date):
        return "backdated"
    if row.get("refused_to_sign") is True and row.get("written_requests_evidence") is True:
        return "refused"
    return ""


def is_double_wage_due(row: Any, today: Any) -> bool:
    """Return True when a row has worked past the first month without a written contract and no exclusion applies."""
    _need(row, "hire_date")
    if double_wage_exclusion(row, today):
        return False
    return unsigned_until(row, today) >= add_months(row["hire_date"], 1)


def double_wage_owed(row: Any, today: Any, prorate: bool = True) -> float:
    """Return the double wages one row may claim (0 when excluded), for exposure formulas."""
    if not is_double_wage_due(row, today):
        return 0
    _need(row, "monthly_wage")
    return double_wage_amount(row["monthly_wage"], row["hire_date"], unsigned_until(row, today), prorate)


def is_deemed_open_ended(row: Any, today: Any) -> bool:
    """Return True when a row reached one year of work without a written contract (实施条例第七条 满一年的当日).

    Hired 2025-11-21 (day 1): the year is complete on 2026-11-20, so unsigned through 2026-11-20 is deemed.
    """
    _need(row, "hire_date")
    if double_wage_exclusion(row, today) == "backdated":
        return False
    return service_end_exclusive(unsigned_until(row, today)) >= add_months(row["hire_date"], 12)


def lapse_double_wage_owed(row: Any, today: Any) -> float:
    """Return the double wages claimed where a fixed-term contract expired and work continued unsigned.

    The period runs from the day after expiry as if it were a first day of work (用工 continues
    without a written contract), to the earliest of renewal − 1 day, leaving, today, capped at eleven
    months — the regions that award double wages here do so on 第八十二条's terms.
    """
    _need(row, "expiry_date", "monthly_wage")
    last = unsigned_until({"signed_date": row.get("renewed_on"), "left_on": row.get("left_on")}, today)
    return double_wage_amount(row["monthly_wage"], add_days(row["expiry_date"], 1), last)


def severance_months(start: Any, last_day: Any) -> float:
    """Return the months of wages owed as severance for service from *start* to *last_day* (both worked).

    劳动合同法第四十七条第一款: one month per full year of service; a remainder of
    six months or more counts as a full year; a remainder under six months
    gives half a month.  2025-05-10 → 2025-11-09 is exactly six months → 1;
    2020-01-01 → 2020-06-29 → 0.5; 2020-01-01 → 2021-06-30 → 2.
    """
    start, end = to_date(start), service_end_exclusive(last_day)
    years = months_between(start, end) // 12
    months = float(years)
    rest_start = add_years(start, years)
    if rest_start < end:
        months += 1.0 if months_between(rest_start, end) >= 6 else 0.5
    return months


def severance_amount(monthly_wage: float, start: Any, end: Any, local_average_wage: float,
                     local_minimum_wage: float = 0) -> float:
    """Return the severance (经济补偿) in CNY for service from *start* to *end* (the last day worked).

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


PRE_2008_FROM_2008_ONLY = {"expiry_not_renewed"}


def severance_start(row: Any, certain: bool) -> dt.date:
    """Return the start of the service counted for severance.

    劳动合同法第九十七条第三款: years are counted under this law from 2008-01-01; before that, only
    where the rules then in force gave severance.  Contract expiry gave none before 2008, so
    ``expiry_not_renewed`` counts from 2008-01-01; for other reasons the pre-2008 segment is
    uncertain (rules then in force, not in the registry): *certain* True counts from 2008-01-01.
    """
    hire = row["hire_date"]
    if hire < LABOUR_LAW_START and (certain or row.get("reason") in PRE_2008_FROM_2008_ONLY):
        return LABOUR_LAW_START
    return hire


def is_labour_claim_time_barred(end_date: Any, today: Any) -> bool:
    """Return True when more than one year has passed since *end_date* (劳动争议调解仲裁法第二十七条第一款).

    The year runs from the day after the relationship ended (民法典第二百零一条): left 2025-11-09 →
    the last day to apply is 2026-11-09; from 2026-11-10 the claim is presumptively time-barred
    (interruption under 第二款 is for the lawyer to check).
    """
    return to_date(today) > add_years(end_date, 1)


def severance_owed(row: Any, local_average_wage: Any, local_minimum_wage: Any, today: Any,
                   multiple: float = 1, bound: str = "low") -> float:
    """Return severance (×2 for 第八十七条) less what was paid, for one termination row.

    *bound* "low": pre-2008 service only from 2008-01-01 and nothing for a presumptively
    time-barred claim; "high": the whole service and time-barred claims included.
    """
    _need(row, "hire_date", "end_date", "monthly_wage", "severance_paid")
    if not (_known(local_average_wage) and _known(local_minimum_wage)):
        raise Undetermined(unknown=[q for q, v in (("local_avg_wage", local_average_wage),
                                                   ("local_min_wage", local_minimum_wage)) if not _known(v)])
    low = bound == "low"
    if low and is_labour_claim_time_barred(row["end_date"], today):
        return 0
    start = severance_start(row, certain=low)
    amount = multiple * severance_amount(row["monthly_wage"], start, row["end_date"], local_average_wage, local_minimum_wage)
    return max(0.0, amount - row["severance_paid"])


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


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "未知"


def double_wage_detail(rows: list, today: Any) -> str:
    """Return, per employee, the double-wage period, method and amounts in words (for a finding's message).

    Same arithmetic as the exposure (劳动合同法第八十二条, 实施条例第六条, 劳动争议解释（二）第六条、第七条);
    a row with an unknown cell is shown as needing verification.
    """
    parts = []
    for row in rows:
        hire, wage, name = row.get("hire_date"), row.get("monthly_wage"), row.get("name")
        if not (_is_date(hire) and _is_number(wage)):
            parts.append(f"{name}：入职日期或月工资未知，需核实")
            continue
        reason = double_wage_exclusion(row, today)
        if reason == "backdated":
            parts.append(f"{name}：{_date_text(row.get('signed_date'))}补签、合同起始日倒签至入职日{hire.isoformat()}，"
                         "以员工自愿签署为前提，一般不再支持二倍工资（须保留签署过程的证据）")
            continue
        if reason == "refused":
            parts.append(f"{name}：员工拒绝签订、公司有书面通知签订的证据，可依劳动争议解释（二）第七条第二项抗辩；"
                         "但公司应当书面通知终止劳动关系（实施条例第六条；入职一个月内为第五条），不应继续不签合同用工")
            continue
        last = unsigned_until(row, today)
        if last < add_months(hire, 1):
            parts.append(f"{name}：{hire.isoformat()}入职，至{last.isoformat()}尚未超过一个月，暂不产生二倍工资，须在满一个月前签订")
            continue
        begin = add_months(hire, 1)
        full, days = double_wage_full_months(hire, last), double_wage_part_days(hire, last)
        low, high = double_wage_amount(wage, hire, last, False), double_wage_amount(wage, hire, last)
        stop = min(last, add_days(add_months(hire, 12), -1))
        part = f" + {_money(wage)}元 ÷ 21.75 × {days}个工作日" if days else ""
        text = (f"{name}：{hire.isoformat()}入职，二倍工资期间{begin.isoformat()}至{stop.isoformat()}，"
                f"{_money(wage)}元 × {full}个月{part} = {_money(high)}元")
        if days:
            text += f"（只计整月为{_money(low)}元）"
        if is_labour_claim_time_barred(stop, today):
            text += "；二倍工资期间的最后一天已超过一年，二倍工资差额可能已过一年仲裁时效（劳动争议调解仲裁法第二十七条第一款），须核实时效中断"
        parts.append(text)
    return "；".join(parts)


def count_double_wage_due(rows: list, today: Any) -> int:
    """Return how many rows owe double wages (unknown rows are not counted)."""
    total = 0
    for row in rows:
        try:
            total += bool(is_double_wage_due(row, today))
        except Undetermined:
            continue
    return total


def severance_detail(rows: list, local_average_wage: Any, reasons: list, multiple: float = 1,
                     local_minimum_wage: Any = 0, today: Any = None) -> str:
    """Return, per employee whose reason is in *reasons*, the severance arithmetic in words.

    劳动合同法第四十七条 (and 第八十七条 when *multiple* is 2); a wage below *local_minimum_wage*
    is raised to it (实施条例第二十七条); the leaving day counts as worked; service before
    2008-01-01 is flagged (第九十七条第三款) and claims more than a year old are flagged as
    presumptively time-barred (劳动争议调解仲裁法第二十七条第一款).
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
        start = LABOUR_LAW_START if (hire < LABOUR_LAW_START and row.get("reason") in PRE_2008_FROM_2008_ONLY) else hire
        months = severance_months(start, end)
        cap = 3 * local_average_wage
        if wage > cap:
            base = f"月工资{_money(wage)}元高于当地月平均工资三倍，按{_money(cap)}元计、最多12个月：{_money(cap)}元 × {min(months, 12.0):g}个月"
        else:
            base = f"{_money(wage)}元 × {months:g}个月"
        amount = multiple * severance_amount(wage, start, end, local_average_wage)
        times = "2 × " if multiple == 2 else ""
        paid_text = f"，已付{_money(paid)}元" if _is_number(paid) else "，已付金额未知"
        text = f"{row.get('name')}：{start.isoformat()}至{end.isoformat()}（离职当日计入），{times}{base} = {_money(amount)}元{paid_text}"
        if hire < LABOUR_LAW_START:
            if start == LABOUR_LAW_START:
                text += "；2008年1月1日前入职，合同到期终止的经济补偿年限自2008年1月1日起算（劳动合同法第九十七条第三款）"
            else:
                certain = multiple * severance_amount(wage, LABOUR_LAW_START, end, local_average_wage)
                text += (f"；2008年1月1日前入职，经济补偿须分段计算（劳动合同法第九十七条第三款）：2008年起的部分为{_money(certain)}元，"
                         "此前的部分按当时的规定执行（未收入法规库，须律师核对），上限按全部工龄计")
        if today is not None and is_labour_claim_time_barred(end, today):
            text += "；离职已满一年，除时效中断外员工的仲裁请求可能已过一年时效（劳动争议调解仲裁法第二十七条第一款），下限不计"
        parts.append(text)
    return "；".join(parts)


def deemed_open_ended_names(rows: list, today: Any) -> str:
    """Return the names (and the day the year was complete) of rows deemed open-ended (实施条例第七条)."""
    names = []
    for row in rows:
        try:
            if is_deemed_open_ended(row, today):
                day = add_days(add_months(row["hire_date"], 12), -1)
                names.append(f"{row.get('name')}（{row['hire_date'].isoformat()}入职，{day.isoformat()}满一年）")
        except Undetermined:
            names.append(f"{row.get('name')}（入职日期未知，需核实）")
    return "、".join(names)


def lapse_detail(rows: list, today: Any) -> str:
    """Return, per row of an expired contract not renewed, the period and the upper-bound arithmetic."""
    parts = []
    for row in rows:
        name, expiry, wage = row.get("name"), row.get("expiry_date"), row.get("monthly_wage")
        if not (_is_date(expiry) and _is_number(wage)):
            parts.append(f"{name}：到期日或月工资未知，需核实")
            continue
        first = add_days(expiry, 1)
        last = unsigned_until({"signed_date": row.get("renewed_on"), "left_on": row.get("left_on")}, today)
        text = f"{name}：原合同{expiry.isoformat()}到期，{first.isoformat()}起继续用工未续签至{last.isoformat()}"
        if last < add_months(first, 1):
            text += "，未超过一个月"
        else:
            text += f"，按支持二倍工资的口径为{_money(lapse_double_wage_owed(row, today))}元"
        terms, hire = row.get("fixed_terms"), row.get("hire_date")
        if (_is_number(terms) and terms >= 2) or (_is_date(hire) and add_years(hire, 10) <= first):
            text += "；已连续订立两次固定期限合同或连续工作满十年，员工可以要求订立无固定期限劳动合同（劳动合同法第十四条第二款）"
        parts.append(text)
    return "；".join(parts)


def overtime_due(row: Any, local_minimum_wage: Any, bound: str = "low") -> float:
    """Return the overtime pay owed for one row, before what was paid.

    劳动法第四十四条, 工资支付暂行规定第十三条: hourly base = monthly wage ÷ 174 (21.75 × 8,
    劳社部发[2008]3号); owed = base × (1.5 × extended-day hours + 2 × rest-day hours without
    time off in lieu + 3 × statutory-holiday hours).

    An "all-in" monthly pay (``all_in``) that was meant to include overtime is recomputed: the
    low bound takes the standard-hours wage as the local minimum wage, so owed is
    minimum wage ÷ 174 × (174 × months + weighted hours) − total pay over the period;
    the high bound treats the whole agreed pay as the standard-hours wage (where the all-in
    agreement is not upheld).
    """
    _need(row, "monthly_wage", "extended_hours", "rest_day_hours", "holiday_hours")
    weighted = 1.5 * row["extended_hours"] + 2 * row["rest_day_hours"] + 3 * row["holiday_hours"]
    if row.get("all_in") is True and bound == "low":
        _need(row, "months")
        if not _known(local_minimum_wage):
            raise Undetermined(unknown=["local_min_wage"])
        floor = local_minimum_wage / HOURS_PER_MONTH * (HOURS_PER_MONTH * row["months"] + weighted)
        return max(0.0, floor - row["monthly_wage"] * row["months"])
    return row["monthly_wage"] / HOURS_PER_MONTH * weighted


def overtime_owed(row: Any, local_minimum_wage: Any, today: Any, bound: str = "low") -> float:
    """Return the overtime shortfall for one row: owed − paid, 0 when presumptively time-barred (low bound).

    劳动争议调解仲裁法第二十七条第四款: during employment wage claims are not time-barred; after
    leaving (``left_on``) they must be brought within one year of the end.
    """
    if bound == "low" and isinstance(row.get("left_on"), dt.date) and is_labour_claim_time_barred(row["left_on"], today):
        return 0
    owed = overtime_due(row, local_minimum_wage, bound)
    if row.get("all_in") is True and bound == "low":
        return round(owed, 2)
    _need(row, "overtime_paid")
    return round(max(0.0, owed - row["overtime_paid"]), 2)


def overtime_detail(rows: list, local_minimum_wage: Any, today: Any) -> str:
    """Return, per employee, the overtime arithmetic in words (for the finding's message)."""
    parts = []
    for row in rows:
        name = row.get("name")
        try:
            low, high = overtime_owed(row, local_minimum_wage, today, "low"), overtime_owed(row, local_minimum_wage, today, "high")
        except Undetermined:
            parts.append(f"{name}：工资或加班小时数未知，需核实")
            continue
        hours = (f"工作日延时{row['extended_hours']:g}小时×150%、休息日未补休{row['rest_day_hours']:g}小时×200%、"
                 f"法定节假日{row['holiday_hours']:g}小时×300%")
        if row.get("all_in") is True:
            months = row["months"]
            floor = local_minimum_wage / HOURS_PER_MONTH * (HOURS_PER_MONTH * months)
            extra = overtime_due(dict(row, all_in=False, monthly_wage=local_minimum_wage), local_minimum_wage, "high")
            text = (f"{name}：综合工资{_money(row['monthly_wage'])}元/月含加班费，按当地最低工资{_money(local_minimum_wage)}元"
                    f"作为标准工时工资倒算，{hours}；{months:g}个月至少应得正常工资{_money(floor)}元加加班费{_money(extra)}元，"
                    f"实发{_money(row['monthly_wage'] * months)}元，差额{_money(low)}元；"
                    f"若包薪约定不被采信，按{_money(row['monthly_wage'])}元 ÷ 174计加班费{_money(high)}元")
        else:
            paid = row.get("overtime_paid")
            text = (f"{name}：{_money(row['monthly_wage'])}元 ÷ 174 × （{hours}）= "
                    f"{_money(overtime_due(row, local_minimum_wage, 'high'))}元，已付{_money(paid) if _is_number(paid) else '未知'}元，差额{_money(high)}元")
        if isinstance(row.get("left_on"), dt.date) and is_labour_claim_time_barred(row["left_on"], today):
            text += "；离职已满一年，可能已过仲裁时效（劳动争议调解仲裁法第二十七条第四款），下限不计"
        parts.append(text)
    return "；".join(parts)


FUNCTIONS = {
    "service_end_exclusive": service_end_exclusive,
    "working_days": working_days,
    "double_wage_detail": double_wage_detail,
    "count_double_wage_due": count_double_wage_due,
    "deemed_open_ended_names": deemed_open_ended_names,
    "lapse_detail": lapse_detail,
    "severance_detail": severance_detail,
    "unsigned_until": unsigned_until,
    "double_wage_full_months": double_wage_full_months,
    "double_wage_part_days": double_wage_part_days,
    "double_wage_amount": double_wage_amount,
    "double_wage_exclusion": double_wage_exclusion,
    "is_double_wage_due": is_double_wage_due,
    "double_wage_owed": double_wage_owed,
    "is_deemed_open_ended": is_deemed_open_ended,
    "lapse_double_wage_owed": lapse_double_wage_owed,
    "severance_months": severance_months,
    "severance_amount": severance_amount,
    "severance_owed": severance_owed,
    "is_labour_claim_time_barred": is_labour_claim_time_barred,
    "overtime_due": overtime_due,
    "overtime_owed": overtime_owed,
    "overtime_detail": overtime_detail,
    "daily_wage": daily_wage,
    "annual_leave_days": annual_leave_days,
}


@hookimpl
def escort_functions():
    return dict(FUNCTIONS)
