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
EVASION_AMOUNT = 100_000             # 危害税收征管解释第二条：十万元以上为“数额较大”
EVASION_RATIO = 0.10                 # 刑法第二百零一条第一款：占应纳税额百分之十以上
ENTERTAINMENT_SHARE = 0.6            # 企业所得税法实施条例第四十三条：按发生额的60%扣除
ENTERTAINMENT_REVENUE_CAP = 0.005    # ……但最高不得超过当年销售（营业）收入的5‰


@hookimpl
def escort_domains():
    return [Domain(id="tax", name="税务合规", name_en="Tax", order=30)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "tax.yaml")]


@hookimpl
def escort_laws():
    # bankruptcy.yaml for 刑法第一百六十二条之一 (destroying accounting records), cited by books_incomplete
    return [data_path("checklists", "laws", "tax.yaml"), data_path("checklists", "laws", "bankruptcy.yaml")]


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
        if row.get("cause") == "authority_fault":
            lines.append(f"{name} {amount:,.2f} 元：因税务机关的责任补缴，不加收滞纳金（征管法第五十二条第一款）")
            continue
        lines.append(f"{name} {amount:,.2f} 元 × 0.05% × {days} 天（{span}）= {late_surcharge(amount, row['due_date'], end):,.2f} 元")
    return lines


def row_surcharge(row: Any, today: Any) -> float:
    """Return the surcharge one arrears row bears, or 0 where the law allows none.

    征管法第五十二条第一款: tax underpaid because of the tax authority's own fault
    may be reassessed within three years, but no surcharge may be added.  A settled
    row bears nothing more; a row paid late runs to its payment date, an unpaid one
    to *today* (第三十二条, 细则第七十五条).
    """
    status = row.get("status")
    if status == "settled" or row.get("cause") == "authority_fault":
        return 0.0
    end = row.get("paid_date") if status == "paid_late" else today
    if end in (UNKNOWN, HIDDEN, None) or row.get("amount") in (UNKNOWN, HIDDEN, None):
        raise Undetermined(unknown=[f"{getattr(row, 'label', 'row')}.paid_date"])
    return late_surcharge(row["amount"], row["due_date"], end)


def is_authority_fault(row: Any) -> bool:
    """Return True when a row of arrears was reassessed because of the tax authority's fault (第五十二条第一款).

    An empty cell is the ordinary case (the company's own delay), so it counts as False.
    """
    return row.get("cause") == "authority_fault"


def year_of(value: Any) -> int:
    """Return the calendar year of a date (for rules that turn on the tax year, e.g. 高新技术企业资格期满当年)."""
    return to_date(value).year


def evasion_ratio(row: Any) -> float:
    """Return one tax year's evasion ratio: underpaid ÷ tax due that year (刑法第二百零一条; 解释第四条 per year)."""
    due = row.get("tax_due")
    underpaid = row.get("underpaid")
    if due in (UNKNOWN, HIDDEN, None) or underpaid in (UNKNOWN, HIDDEN, None):
        raise Undetermined(unknown=[f"{getattr(row, 'label', 'row')}.tax_due"])
    return float(underpaid) / float(due) if due else 1.0


def highest_evasion_ratio(rows: list) -> float:
    """Return the highest yearly ratio over the years given (0 for no rows).

    The 10 % / 30 % tests of 刑法第二百零一条 are applied per tax year and, over
    several years, to the year with the highest ratio (2024 危害税收征管解释第四条，
    条文未收入法规库), while the amounts are added up (第二百零一条第三款).  Dividing a
    several-year total by one year's tax — the earlier tool did — overstates it.
    """
    return max((evasion_ratio(r) for r in rows), default=0.0)


def evasion_year_lines(rows: list) -> list[str]:
    """One line per year: 2024年 少缴 X 元 ÷ 应纳 Y 元 = Z%."""
    return [f"{int(r.get('year'))}年 少缴 {float(r.get('underpaid')):,.0f} 元 ÷ 应纳 {float(r.get('tax_due')):,.0f} 元 = "
            f"{evasion_ratio(r) * 100:.1f}%" for r in rows]


def entertainment_excess(expense: float, revenue: float) -> float:
    """Return the part of entertainment expense not deductible (企业所得税法实施条例第四十三条).

    Deductible = min(60 % of the expense, 5‰ of the year's sales revenue); the rest
    is added back to taxable income.  Example: expense 200,000, revenue 10,000,000 →
    min(120,000, 50,000) = 50,000 deductible, 150,000 added back.
    """
    deductible = min(expense * ENTERTAINMENT_SHARE, revenue * ENTERTAINMENT_REVENUE_CAP)
    return max(0.0, expense - deductible)


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
        "row_surcharge": row_surcharge,
        "year_of": year_of,
        "is_authority_fault": is_authority_fault,
        "highest_evasion_ratio": highest_evasion_ratio,
        "evasion_year_lines": evasion_year_lines,
        "entertainment_excess": entertainment_excess,
    }
