"""The governance (公司治理与资本) checklist: a built-in plugin.

It contributes the governance checklist, the law registry files it cites
(``governance.yaml``, and ``contracts.yaml`` for 民法典 第二百零一条、第二百零二条
on counting periods and the 担保制度解释 articles on guarantees given without
the right resolution), and the date arithmetic its alerts use.

Every deadline here is an *inclusive* last day: the act is on time when done
on that day and late from the next day.  Periods in years and months follow
民法典 第二百零一条、第二百零二条: the starting day is not counted and the period
ends on the corresponding day of the last month, or on that month's last day
when there is no corresponding day (five years from 2028-02-29 end on
2033-02-28; six months from 2026-08-31 end on 2027-02-28).  A last day that
falls on a public holiday (民法典 第二百零三条) is not moved: Escort alerts on the
earlier date, which is always safe for the company.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.functions import add_days, add_months, add_years, to_date
from escort.models import Domain
from escort.resources import data_path

LAW_IN_FORCE = dt.date(2024, 7, 1)         # 公司法 第二百六十六条: 本法自2024年7月1日起施行
ADJUSTMENT_DEADLINE = dt.date(2027, 6, 30)  # 注册资本登记管理规定 第二条: 应当在2027年6月30日前 … 调整
TRANSITION_LATEST_DUE = dt.date(2032, 6, 30)  # 同条: 剩余认缴出资期限自2027年7月1日起 … 5年内


@hookimpl
def escort_domains():
    return [Domain(id="governance", name="公司治理与资本", name_en="Corporate governance and capital", order=50)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "governance.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "governance.yaml"),
            data_path("checklists", "laws", "contracts.yaml"),
            data_path("checklists", "laws", "pending.yaml")]  # versions known by dates only


def five_year_deadline(incorporated: Any) -> dt.date:
    """Return the last day by which a limited company formed from 2024-07-01 must have its capital paid.

    公司法 第四十七条: "自公司成立之日起五年内缴足"; counted under 民法典 第二百零一条、
    第二百零二条: formed 2024-07-15 → 2029-07-15; formed 2028-02-29 → 2033-02-28.
    """
    return add_years(incorporated, 5)


def is_pre_2024(incorporated: Any) -> bool:
    """Return whether a company was registered before the 2023 Company Law took effect (by 2024-06-30)."""
    return to_date(incorporated) < LAW_IN_FORCE


def days_remaining(today: Any, deadline: Any) -> int:
    """Return the days left to act, counting both *today* and the *deadline* (0 once it has passed).

    On 2027-06-30 with a deadline of 2027-06-30 one day is left (today); on 2027-06-29, two.
    """
    left = (to_date(deadline) - to_date(today)).days + 1
    return max(left, 0)


def days_late(today: Any, deadline: Any) -> int:
    """Return the days since an inclusive *deadline* passed (0 on or before it): 2027-07-01 is 1 day late for 2027-06-30."""
    return max((to_date(today) - to_date(deadline)).days, 0)


def annual_report_deadline(year: int) -> dt.date:
    """Return the last day to file the annual report for *year*.

    企业信息公示暂行条例 第八条: "每年1月1日至6月30日 … 报送上一年度年度报告" →
    the report for 2025 is due by 2026-06-30 (inclusive).
    """
    return dt.date(int(year) + 1, 6, 30)


def latest_report_year_due(incorporated: Any, today: Any) -> int:
    """Return the latest year whose annual report should already have been filed (0 if none yet).

    A report is overdue from the day after 30 June of the following year
    (企业信息公示暂行条例 第八条第一款); a company registered in year X files its
    first report, for year X, in X+1 (第二款).  On 2026-06-30 the latest year
    due is 2024 (the 2025 report is still in time); on 2026-07-01 it is 2025.
    """
    today = to_date(today)
    year = today.year - 1 if today > dt.date(today.year, 6, 30) else today.year - 2
    return year if year >= to_date(incorporated).year else 0


def current_report_year(incorporated: Any, today: Any) -> int:
    """Return the year whose annual report is being filed in the current window, or 0 outside it.

    The window is 1 January to 30 June inclusive (企业信息公示暂行条例 第八条); a
    company registered this year has nothing to file yet.  On 2027-06-30 → 2026;
    on 2027-07-01 → 0.
    """
    today = to_date(today)
    if today > dt.date(today.year, 6, 30) or to_date(incorporated).year >= today.year:
        return 0
    return today.year - 1


def grace_period_end(call_date: Any) -> dt.date:
    """Return the earliest lawful last day of the grace period after a written call.

    公司法 第五十二条: "宽限期自公司发出催缴书之日起，不得少于六十日"; the day of the
    call is not counted (民法典 第二百零一条), so a call sent 2026-01-01 gives a
    grace period running at least to 2026-03-02; a forfeiture notice may be
    sent from 2026-03-03.
    """
    return add_days(call_date, 60)


def forfeiture_disposal_deadline(notice_date: Any) -> dt.date:
    """Return the last day to transfer or cancel forfeited equity (公司法 第五十二条第二款: 六个月内).

    Notice 2026-08-31 → 2027-02-28; notice 2027-08-31 → 2028-02-29 (leap year).
    """
    return add_months(notice_date, 6)


def liquidation_group_deadline(event_date: Any) -> dt.date:
    """Return the last day to form the liquidation group (公司法 第二百三十二条: 解散事由出现之日起十五日内)."""
    return add_days(event_date, 15)


def serious_violation_date(listed_since: Any) -> dt.date:
    """Return the day an abnormal-operations listing reaches 满3年 (企业信息公示暂行条例 第十七条第二款)."""
    return add_years(listed_since, 3)


def year_label(year: Any) -> str:
    """Return a year as text without a thousands separator (2025, not 2,025), for messages."""
    return str(int(year))


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def capital_detail(rows: list, today: Any, which: str = "all", after: Any = None) -> str:
    """Return, per shareholder with unpaid capital, the amounts and the due date in words (for a finding's message).

    :param which: ``"all"`` unpaid rows, ``"overdue"`` (due date before *today*) or ``"not_due"`` (due today or later).
    :param after: if given, only rows whose due date is later than this date (e.g. 2032-06-30).
    """
    today = to_date(today)
    after = to_date(after) if after is not None else None
    parts = []
    for row in rows:
        sub, paid, due = row.get("subscribed"), row.get("paid"), row.get("due_date")
        if not (_is_number(sub) and _is_number(paid) and isinstance(due, dt.date)):
            parts.append(f"{row.get('name')}：认缴额、实缴额或出资期限未知，需核实")
            continue
        if paid >= sub or (which == "overdue" and due >= today) or (which == "not_due" and due < today):
            continue
        if after is not None and due <= after:
            continue
        when = (f"已逾期{days_late(today, due)}天" if today > due
                else f"还剩{days_remaining(today, due)}天（含当日）")
        parts.append(f"{row.get('name')}：认缴{_money(sub)}元，实缴{_money(paid)}元，未缴{_money(sub - paid)}元，"
                     f"章程规定的出资日期{due.isoformat()}，{when}")
    return "；".join(parts) or "无未缴出资"


FUNCTIONS = {
    "gov_five_year_deadline": five_year_deadline,
    "gov_is_pre_2024": is_pre_2024,
    "gov_days_remaining": days_remaining,
    "gov_days_late": days_late,
    "gov_annual_report_deadline": annual_report_deadline,
    "gov_latest_report_year_due": latest_report_year_due,
    "gov_current_report_year": current_report_year,
    "gov_grace_period_end": grace_period_end,
    "gov_forfeiture_disposal_deadline": forfeiture_disposal_deadline,
    "gov_liquidation_group_deadline": liquidation_group_deadline,
    "gov_serious_violation_date": serious_violation_date,
    "gov_capital_detail": capital_detail,
    "gov_year": year_label,
}


@hookimpl
def escort_functions():
    return dict(FUNCTIONS)
