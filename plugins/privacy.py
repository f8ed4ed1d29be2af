"""The data and personal information (数据与个人信息) checklist: a built-in plugin.

It contributes the privacy checklist, the law registry files it cites (the
privacy registry, and the labour registry for 劳动合同法 第四条、第五十条), and
the arithmetic YAML cannot state clearly: the quantity thresholds of the
两高 interpretation on the crime of infringing citizens' personal information
(第五条) and the per-incident wording of the notification findings.

Dates are the assessment's: 网络数据安全管理条例 applies to incidents on or
after its effective date, 2025-01-01 (第六十四条); an incident on 2024-12-31 is
governed by 个人信息保护法 第五十七条 alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.models import Domain
from escort.resources import data_path

CATEGORY_THRESHOLDS = {
    # 两高解释 第五条第一款
    "location_credit_property": (50, "第（三）项：行踪轨迹、通信内容、征信信息、财产信息五十条以上"),
    "health_transaction": (500, "第（四）项：住宿信息、通信记录、健康生理信息、交易信息等五百条以上"),
    "other": (5000, "第（五）项：其他公民个人信息五千条以上"),
}
GAIN_THRESHOLD = 5000  # 两高解释 第五条第一款第（七）项: 违法所得五千元以上
ESPECIALLY_SERIOUS_MULTIPLE = 10  # 第五条第二款第（三）项: 十倍以上
REGULATION_EFFECTIVE = dt.date(2025, 1, 1)  # 网络数据安全管理条例 第六十四条


@hookimpl
def escort_domains():
    return [Domain(id="privacy", name="数据与个人信息", name_en="Data and personal information", order=60)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "privacy.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "privacy.yaml"), data_path("checklists", "laws", "labour.yaml")]


def _is_true(value: Any) -> bool:
    return value is True


def crime_threshold(category: str, from_duties: Any = False) -> float:
    """Return the number of items at which illegally obtaining, selling or providing PI is "情节严重".

    两高解释 第五条第一款第（三）至（五）项: 50 items of location, communication
    content, credit or property data; 500 items of accommodation, call records,
    health, transaction or similar data; 5,000 other items.  第（八）项: PI
    obtained while performing duties or providing services and sold or provided
    to others counts from half those numbers (25, 250, 2,500).

    :param category: ``location_credit_property``, ``health_transaction`` or ``other``.
    :param from_duties: true when the PI was obtained in the course of duties or services.
    """
    base = CATEGORY_THRESHOLDS[category][0]
    return base / 2 if _is_true(from_duties) else base


def gain_threshold(from_duties: Any = False) -> float:
    """Return the illegal gains (CNY) at which the offence is "情节严重": 5,000, or 2,500 under 第（八）项."""
    return GAIN_THRESHOLD / 2 if _is_true(from_duties) else GAIN_THRESHOLD


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def crime_detail(category: str, items: Any, from_duties: Any, gains: Any) -> str:
    """Return the threshold arithmetic for the crime finding, in words.

    Compares *items* with :func:`crime_threshold` and *gains* with
    :func:`gain_threshold`, and with ten times each ("情节特别严重",
    第五条第二款第（三）项).
    """
    threshold = crime_threshold(category, from_duties)
    duty = "，在履行职责或提供服务中获得的按一半计（第（八）项）" if _is_true(from_duties) else ""
    parts = [f"两高解释第五条{CATEGORY_THRESHOLDS[category][1]}{duty}，标准为{_money(threshold)}条"]
    if isinstance(items, (int, float)) and not isinstance(items, bool):
        level = ("已达十倍以上，属于「情节特别严重」" if items >= threshold * ESPECIALLY_SERIOUS_MULTIPLE
                 else "已达「情节严重」标准" if items >= threshold else "未达数量标准")
        parts.append(f"涉及{_money(items)}条，{level}")
    if isinstance(gains, (int, float)) and not isinstance(gains, bool) and gains > 0:
        g = gain_threshold(from_duties)
        level = ("已达十倍以上" if gains >= g * ESPECIALLY_SERIOUS_MULTIPLE
                 else "已达「情节严重」标准" if gains >= g else "未达标准")
        parts.append(f"违法所得{_money(gains)}元（标准{_money(g)}元），{level}")
    parts.append("不同类别的信息按比例合计（第（六）项），本测算只按主要类别计算，请律师核对")
    return "；".join(parts) + "。"


def incident_detail(rows: list) -> str:
    """Return, per incident, its date, what was done and which texts govern notification.

    个人信息保护法 第五十七条 governs every incident; 网络数据安全管理条例 第十一条
    (notify interested parties by phone, SMS, instant message, e-mail or
    announcement) is named for incidents on or after 2025-01-01.
    """
    def said(value: Any) -> str:
        return "是" if value is True else "否" if value is False else "未知"

    parts = []
    for row in rows:
        day = row.get("occurred")
        when = day.isoformat() if isinstance(day, dt.date) else "日期未知"
        law = ("个人信息保护法第五十七条、网络数据安全管理条例第十一条" if isinstance(day, dt.date) and day >= REGULATION_EFFECTIVE
               else "个人信息保护法第五十七条（条例2025年1月1日起施行，此前的事件不适用）" if isinstance(day, dt.date)
               else "适用条文需按日期核实")
        people = row.get("people")
        count = f"，涉及{_money(people)}人" if isinstance(people, (int, float)) and not isinstance(people, bool) else ""
        parts.append(f"{when}「{row.get('description')}」{count}：补救{said(row.get('remedied'))}，"
                     f"报告主管部门{said(row.get('authority_notified'))}，通知个人{said(row.get('individuals_notified'))}，"
                     f"已有效避免危害{said(row.get('harm_avoided'))}（{law}）")
    return "；".join(parts) + "。"


FUNCTIONS = {
    "privacy_crime_threshold": crime_threshold,
    "privacy_gain_threshold": gain_threshold,
    "privacy_crime_detail": crime_detail,
    "privacy_incident_detail": incident_detail,
}


@hookimpl
def escort_functions():
    return dict(FUNCTIONS)
