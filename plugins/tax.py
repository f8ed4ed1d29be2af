"""The tax checkup (税务合规体检): checklist, law registry and the arithmetic of tax exposure.

The checklist lives in ``checklists/tax.yaml``; this module contributes it, the
tax law registry it cites, and the functions its exposure formulas call, so
that each statutory formula is written once, documented with its article and
tested at its boundaries.

Why functions rather than inline arithmetic: the surcharge day count has a
convention (实施细则第七十五条) that is easy to get wrong by one day, and the
penalty multiples appear in several rules; keeping them here makes each
formula checkable against the statute in one place.
"""

from __future__ import annotations

from typing import Any

from escort import hookimpl
from escort.models import Domain
from escort.expressions import UNKNOWN, HIDDEN, Undetermined
from escort.functions import add_days, to_date
from escort.resources import data_path

SURCHARGE_RATE_PER_DAY = 0.0005      # 税收征收管理法第三十二条：按日加收万分之五
UNDERPAYMENT_FINE_MIN = 0.5          # 第六十三条、第六十四条第二款：百分之五十以上
UNDERPAYMENT_FINE_MAX = 5            # ……五倍以下
WITHHOLDING_FINE_MIN = 0.5           # 第六十九条：百分之五十以上
WITHHOLDING_FINE_MAX = 3             # ……三倍以下
FALSE_INVOICE_SMALL_AMOUNT = 10_000  # 发票管理办法第三十五条：虚开金额1万元
FALSE_INVOICE_SMALL_FINE_MAX = 50_000
FALSE_INVOICE_LARGE_FINE_MIN = 50_000
FALSE_INVOICE_LARGE_FINE_MAX = 500_000


@hookimpl
def escort_domains():
    return [Domain(id="tax", name="税务合规", name_en="Tax", order=30)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "tax.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "tax.yaml")]


def surcharge_days(due: Any, paid_or_today: Any) -> int:
    """Count the days of late-payment surcharge (税收征收管理法第三十二条, 实施细则第七十五条).

    The surcharge runs from the day after the statutory payment deadline
    (缴纳期限届满次日) up to and including the day the tax is paid
    (实际缴纳或者解缴税款之日); for tax still unpaid, pass the assessment date,
    which is then counted as the last day.  Tax paid on or before the deadline
    bears no surcharge: 0 days.  Example: due 2026-01-15, paid 2026-01-16 is
    1 day; paid 2026-01-15 is 0 days.

    Args:
        due: the last day of the payment period (date or 'YYYY-MM-DD').
        paid_or_today: the payment date, or the assessment date if unpaid.

    Returns:
        The number of surcharge days, never negative.
    """
    return max(0, (to_date(paid_or_today) - to_date(due)).days)


def late_surcharge(amount: float, due: Any, paid_or_today: Any) -> float:
    """Compute the late-payment surcharge: amount × 0.05% × surcharge days (税收征收管理法第三十二条).

    Days are counted by :func:`surcharge_days` (实施细则第七十五条).
    """
    return amount * SURCHARGE_RATE_PER_DAY * surcharge_days(due, paid_or_today)


def underpayment_fine_min(tax: float) -> float:
    """Give the lowest fine for tax evaded or not filed: 50% of the tax (税收征收管理法第六十三条、第六十四条第二款)."""
    return tax * UNDERPAYMENT_FINE_MIN


def underpayment_fine_max(tax: float) -> float:
    """Give the highest fine for tax evaded or not filed: 5 × the tax (税收征收管理法第六十三条、第六十四条第二款)."""
    return tax * UNDERPAYMENT_FINE_MAX


def withholding_fine_min(tax: float) -> float:
    """Give the lowest fine on a withholding agent that failed to withhold: 50% of the tax (税收征收管理法第六十九条)."""
    return tax * WITHHOLDING_FINE_MIN


def withholding_fine_max(tax: float) -> float:
    """Give the highest fine on a withholding agent that failed to withhold: 3 × the tax (税收征收管理法第六十九条)."""
    return tax * WITHHOLDING_FINE_MAX


def false_invoice_fine_min(amount: float) -> float:
    """Give the lowest fine for false invoicing (发票管理办法第三十五条).

    Amount falsely invoiced up to RMB 10,000 (inclusive: 1万元以下): the fine is
    optional (可以并处), so the minimum is 0; above RMB 10,000: RMB 50,000.
    Confiscation of illegal gains comes on top and is not computed.
    """
    return 0.0 if amount <= FALSE_INVOICE_SMALL_AMOUNT else float(FALSE_INVOICE_LARGE_FINE_MIN)


def false_invoice_fine_max(amount: float) -> float:
    """Give the highest fine for false invoicing (发票管理办法第三十五条).

    Up to RMB 10,000 falsely invoiced: at most RMB 50,000; above: RMB 500,000.
    """
    return float(FALSE_INVOICE_SMALL_FINE_MAX if amount <= FALSE_INVOICE_SMALL_AMOUNT else FALSE_INVOICE_LARGE_FINE_MAX)


TAX_TYPE_NAMES = {"vat": "增值税", "eit": "企业所得税", "iit_withheld": "代扣代缴个人所得税", "stamp": "印花税",
                  "property": "房产税、城镇土地使用税", "other": "其他税种"}


def surcharge_lines(rows: list, today: Any) -> list[str]:
    """Write the surcharge working for each arrears row not yet settled, one line per row.

    Each line shows amount × 0.05% × days and the first and last surcharge day
    (税收征收管理法第三十二条, 实施细则第七十五条), so a lawyer can check the
    day count.  Rows marked ``settled`` are left out.  Raises Undetermined when a
    cell needed is unknown, like any expression reading it.
    """
    lines = []
    for row in rows:
        status = row.get("status")
        if status == "settled":
            continue
        needed = ["status", "amount", "due_date"] + (["paid_date"] if status == "paid_late" else [])
        missing = [f"{getattr(row, 'label', 'row')}.{c}" for c in needed if row.get(c) in (UNKNOWN, HIDDEN, None)]
        if missing:
            raise Undetermined(unknown=missing)
        end = row["paid_date"] if status == "paid_late" else today
        days = surcharge_days(row["due_date"], end)
        amount = row["amount"]
        name = TAX_TYPE_NAMES.get(row.get("tax_type"), "税款")
        span = f"{add_days(row['due_date'], 1).isoformat()} 至 {to_date(end).isoformat()}" if days else "未逾期"
        lines.append(f"{name} {amount:,.2f} 元 × 0.05% × {days} 天（{span}）= {late_surcharge(amount, row['due_date'], end):,.2f} 元")
    return lines


@hookimpl
def escort_functions():
    return {
        "surcharge_days": surcharge_days,
        "late_surcharge": late_surcharge,
        "surcharge_lines": surcharge_lines,
        "underpayment_fine_min": underpayment_fine_min,
        "underpayment_fine_max": underpayment_fine_max,
        "withholding_fine_min": withholding_fine_min,
        "withholding_fine_max": withholding_fine_max,
        "false_invoice_fine_min": false_invoice_fine_min,
        "false_invoice_fine_max": false_invoice_fine_max,
    }
