"""Bankruptcy-reorganisation readiness (破产重整准备度): checklist, laws, date windows and look-back findings.

The look-back is the part YAML cannot express: every row of the
transactions register is placed against the windows of 企业破产法 第三十一条
(one year), 第三十二条 (six months) and 第三十三条 (no window), with the
exceptions of 破产法解释（二） 第十二条、第十四条至第十六条, and the amount at
risk of being undone is summed per rule.

Window convention (the statute says "人民法院受理破产申请前一年内 / 前六个月内"):

* The reference date is the date the court accepted the petition
  (``acceptance_date``) or, when there is none yet, the expected filing date
  (``expected_filing_date``), used as a simulated acceptance date.
* The window opens on the same calendar day one year (six months) before the
  reference date, and that day is INSIDE: acceptance 2026-12-01 → one year
  from 2025-12-01 (inside; 2025-11-30 outside), six months from 2026-06-01
  (inside; 2026-05-31 outside).  Where that day does not exist the last day of
  the month is used: 2026-08-31 minus six months → 2026-02-28.
* The window closes the day before the reference date.  An act on the
  acceptance date itself is not "受理前" (the court's order and the payment
  cannot be ordered within the day from the register), so it is outside both
  windows and is reported by its own rule, ``acts_on_or_after_acceptance``,
  with everything dated later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.expressions import HIDDEN, UNKNOWN
from escort.functions import add_months, add_years, to_date
from escort.models import ComputedFinding, ExposureResult, Fact, Domain
from escort.resources import data_path

CHECKLIST = "bankruptcy"

ART31 = {
    "transfer_without_consideration": "第三十一条第（一）项 无偿转让财产",
    "unreasonable_price": "第三十一条第（二）项 以明显不合理的价格交易",
    "security_for_unsecured_debt": "第三十一条第（三）项 对没有财产担保的债务提供财产担保",
    "early_repayment": "第三十一条第（四）项 对未到期的债务提前清偿",
    "waiver_of_claim": "第三十一条第（五）项 放弃债权",
}
ART33 = {
    "concealment_or_transfer_of_assets": "第三十三条第（一）项 为逃避债务而隐匿、转移财产",
    "fictitious_debt": "第三十三条第（二）项 虚构债务或者承认不真实的债务",
}
PREFERENCE = "individual_repayment"
CIVIL_TYPES = {"transfer_without_consideration": "民法典第五百三十八条", "waiver_of_claim": "民法典第五百三十八条",
               "unreasonable_price": "民法典第五百三十九条"}
SAFE_PAYMENTS = {
    "utilities": "破产法解释（二）第十六条第（一）项：为维系基本生产支付水电费",
    "wages_or_injury": "破产法解释（二）第十六条第（二）项：支付劳动报酬、人身损害赔偿金",
    "benefits_estate": "破产法解释（二）第十六条第（三）项：使债务人财产受益",
    "fully_secured": "破产法解释（二）第十四条：清偿以自有财产担保的债权且担保物价值不低于债权额",
    "court_enforcement": "破产法解释（二）第十五条：经诉讼、仲裁、执行程序清偿（无恶意串通）",
}


# --------------------------------------------------------------------------- hooks


@hookimpl
def escort_domains():
    return [Domain(id="bankruptcy", name="破产重整准备度", name_en="Bankruptcy readiness", order=70)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "bankruptcy.yaml")]


@hookimpl
def escort_laws():
    # contracts.yaml for 民法典第六百四十一、六百四十二、六百八十八条 (title retention, joint guarantees)
    return [data_path("checklists", "laws", "bankruptcy.yaml"), data_path("checklists", "laws", "contracts.yaml"),
            data_path("checklists", "laws", "pending.yaml")]  # versions known by dates only


def lookback_start(reference: Any, months: int) -> dt.date:
    """Return the first day inside a look-back window of *months* before *reference* (inclusive).

    The same calendar day *months* earlier, clamped to the month's last day:
    lookback_start(2026-12-01, 12) = 2025-12-01; lookback_start(2026-08-31, 6) = 2026-02-28.
    """
    return add_months(reference, -int(months))


def in_lookback_window(act: Any, reference: Any, months: int) -> bool:
    """Return whether *act* lies in the window of *months* before *reference*.

    Inclusive start (lookback_start), exclusive end: an act on the reference
    (acceptance) date itself is not "before acceptance" and returns False.
    """
    act, reference = to_date(act), to_date(reference)
    return lookback_start(reference, months) <= act < reference


@hookimpl
def escort_functions():
    return {"lookback_start": lookback_start, "in_lookback_window": in_lookback_window}


@hookimpl
def escort_findings(checklist, answers, enterprise):
    if checklist.id != CHECKLIST:
        return []
    rows = answers.get("transactions")
    out: list[ComputedFinding] = []
    if isinstance(rows, list) and rows:
        out += lookback_findings(rows, answers)
    recovery = recovery_finding(answers)
    if recovery is not None:
        out.append(recovery)
    return out


# --------------------------------------------------------------------------- look-back


def _known(value: Any) -> bool:
    return value is not UNKNOWN and value is not HIDDEN and value is not None


def reference_date(answers: dict) -> tuple[dt.date | None, str, str]:
    """Return (reference date, how it was chosen, the question it came from)."""
    known = answers.get("acceptance_date_known")
    if known is True:
        day = answers.get("acceptance_date")
        return (day if _known(day) else None), "法院受理破产申请之日", "acceptance_date"
    if known is False:
        day = answers.get("expected_filing_date")
        return (day if _known(day) else None), "预计申请日（模拟受理日）", "expected_filing_date"
    return None, "受理日", "acceptance_date_known"


class Bucket:
    """The rows one rule collects: at-risk amounts, notes and unknowns."""

    def __init__(self, rule: str):
        self.rule = rule
        self.rows: list[tuple[str, float, str]] = []   # (label, amount at risk, description)
        self.unknown: list[str] = []
        self.unknown_rows: list[str] = []

    def add(self, label: str, amount: float, text: str) -> None:
        self.rows.append((label, float(amount), text))

    def undecided(self, label: str, text: str, names: list[str]) -> None:
        self.unknown_rows.append(f"{label}：{text}")
        self.unknown += [n for n in names if n not in self.unknown]

    @property
    def total(self) -> float:
        return sum(amount for _, amount, _ in self.rows)


def _row_text(row: dict) -> str:
    related = "关联方" if row.get("related_party") is True else ("非关联方" if row.get("related_party") is False else "是否关联方未知")
    day = row["date"].isoformat() if _known(row.get("date")) else "日期未知"
    amount = _money(row["amount"]) if _known(row.get("amount")) else "金额未知"
    return f"{day} {row.get('counterparty', '')}（{related}）付出 {amount} 元"


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _label(row: Any, index: int) -> str:
    return f"交易台账第{index}行"


def lookback_findings(rows: list, answers: dict) -> list[ComputedFinding]:
    """Place every register row in its window and return one finding per rule that has rows."""
    ref, ref_kind, ref_question = reference_date(answers)
    insolvent_since = answers.get("insolvent_since")
    today = answers.get("today")
    buckets = {rule: Bucket(rule) for rule in ("voidable_acts_one_year", "preferences_six_months", "void_acts_concealment",
                                                "acts_on_or_after_acceptance", "civil_revocation_outside_window")}
    for index, row in enumerate(rows, start=1):
        classify_row(row, _label(row, index), ref, ref_question, insolvent_since, today, buckets)
    window = _window_text(ref, ref_kind)
    return [f for b in buckets.values() for f in [_finding(b, window, ref)] if f is not None]


def classify_row(row: dict, label: str, ref: dt.date | None, ref_question: str, insolvent_since: Any,
                 today: Any, buckets: dict[str, Bucket]) -> None:
    """Put one register row into the bucket of the rule it falls under, if any."""
    kind = row.get("type")
    text = _row_text(row)
    if kind == "ordinary_trade":
        return
    if not _known(kind):
        buckets["voidable_acts_one_year"].undecided(label, text + "，交易类型未知", [f"{label}.type"])
        return
    amount = row.get("amount")
    if kind in ART33:
        if _known(amount):
            buckets["void_acts_concealment"].add(label, amount, f"{text}；{ART33[kind]}；无期间限制；风险金额 {_money(amount)} 元")
        else:
            buckets["void_acts_concealment"].undecided(label, text, [f"{label}.amount"])
        return
    target = "preferences_six_months" if kind == PREFERENCE else "voidable_acts_one_year"
    day = row.get("date")
    if not _known(day) or ref is None:
        missing = [f"{label}.date"] if not _known(day) else [ref_question]
        buckets[target].undecided(label, text + "，无法判断是否在回溯期内", missing)
        return
    if day >= ref:
        if _known(amount):
            buckets["acts_on_or_after_acceptance"].add(label, amount, f"{text}；发生在受理日 {ref.isoformat()} 当日或之后")
        return
    if kind == PREFERENCE:
        _classify_preference(row, label, text, day, ref, insolvent_since, buckets[target])
    else:
        _classify_voidable(row, label, text, kind, day, ref, insolvent_since, today, buckets)


def _at_risk(row: dict, kind: str) -> tuple[float | None, str]:
    """Amount at risk of a 第三十一条 act, with the working in words."""
    amount, paid = row.get("amount"), row.get("consideration")
    if not _known(amount):
        return None, ""
    if kind == "unreasonable_price":
        if not _known(paid):
            return float(amount), f"对价未知，按付出金额全额 {_money(amount)} 计"
        gap = max(float(amount) - float(paid), 0.0)
        return gap, f"差价 = 付出 {_money(amount)} − 收到对价 {_money(paid)} = {_money(gap)}"
    return float(amount), f"按付出金额 {_money(amount)} 计"


def _classify_voidable(row: dict, label: str, text: str, kind: str, day: dt.date, ref: dt.date,
                       insolvent_since: Any, today: Any, buckets: dict[str, Bucket]) -> None:
    bucket = buckets["voidable_acts_one_year"]
    at_risk, working = _at_risk(row, kind)
    if at_risk is None:
        bucket.undecided(label, text, [f"{label}.amount"])
        return
    if not in_lookback_window(day, ref, 12):
        civil = CIVIL_TYPES.get(kind)
        if civil and _known(today) and today <= add_years(day, 5) and at_risk > 0:
            # 民法典第五百四十一条: extinguished if not exercised "自债务人的行为发生之日起五年内"; counted from
            # the day after the act, the fifth anniversary is the last day (inclusive).
            buckets["civil_revocation_outside_window"].add(
                label, at_risk, f"{text}；早于一年回溯期起点 {lookback_start(ref, 12).isoformat()}；{civil}，"
                                f"撤销权最迟可在 {add_years(day, 5).isoformat()}（含）行使；{working}")
        return
    note = ""
    if kind == "early_repayment":
        due = row.get("original_due_date")
        if not _known(due):
            note = "；原到期日未知，按受理前未到期处理"
        elif due < ref:
            in_six = in_lookback_window(day, ref, 6)
            insolvent = _insolvent_at(day, insolvent_since)
            if not (in_six and insolvent is not False):
                return  # 破产法解释（二）第十二条: fell due before acceptance, outside the six-month exception
            note = "；原到期日早于受理日，但清偿发生在六个月内且已具备破产原因（破产法解释（二）第十二条但书）"
    if at_risk <= 0:
        return
    bucket.add(label, at_risk, f"{text}；{ART31[kind]}；一年回溯期内；{working}{note}")


def _insolvent_at(day: dt.date, insolvent_since: Any) -> bool | None:
    """Whether the debtor met 第二条第一款 on *day*: None when unknown, False when never reported insolvent."""
    if insolvent_since is HIDDEN or insolvent_since is None:
        return False
    if insolvent_since is UNKNOWN:
        return None
    return day >= insolvent_since


def _classify_preference(row: dict, label: str, text: str, day: dt.date, ref: dt.date,
                         insolvent_since: Any, bucket: Bucket) -> None:
    if not in_lookback_window(day, ref, 6):
        return
    exception = row.get("exception")
    if _known(exception) and exception in SAFE_PAYMENTS:
        return
    insolvent = _insolvent_at(day, insolvent_since)
    if insolvent is False:
        return
    amount = row.get("amount")
    if not _known(amount):
        bucket.undecided(label, text, [f"{label}.amount"])
        return
    notes = []
    if insolvent is None:
        notes.append("何时具备破产原因未知，按已具备处理")
        if "insolvent_since" not in bucket.unknown:
            bucket.unknown.append("insolvent_since")
    if not _known(exception):
        notes.append("是否属于例外情形未知")
    extra = ("；" + "，".join(notes)) if notes else ""
    bucket.add(label, amount, f"{text}；第三十二条 个别清偿；六个月回溯期内且已具备破产原因；按清偿金额 {_money(amount)} 计{extra}")


def _window_text(ref: dt.date | None, kind: str) -> str:
    if ref is None:
        return "受理日（或预计申请日）未知，无法确定回溯期"
    last = ref - dt.timedelta(days=1)
    return (f"以{kind} {ref.isoformat()} 为准：一年回溯期 {lookback_start(ref, 12).isoformat()}（含）至 {last.isoformat()}（含），"
            f"六个月回溯期 {lookback_start(ref, 6).isoformat()}（含）至 {last.isoformat()}（含）；受理当日及以后的行为单独列示")


BASIS = {
    "voidable_acts_one_year": "可撤销金额 = 一年回溯期内第三十一条各项行为的风险金额之和（无偿转让、放弃债权、补设担保、提前清偿按付出金额；不合理价格交易按付出金额减收到对价的差价）",
    "preferences_six_months": "可撤销金额 = 六个月回溯期内、已具备破产原因后个别清偿的金额之和（水电费、工资、足额担保债权、经法院执行等例外不计）",
    "void_acts_concealment": "无效行为涉及金额 = 为逃避债务隐匿、转移的财产价值与虚构或承认不真实债务的金额之和（不受期间限制）",
    "acts_on_or_after_acceptance": "涉及金额 = 受理当日及以后付出的金额之和",
    "civil_revocation_outside_window": "可撤销金额 = 一年回溯期之前、五年内的无偿处分或不合理价格交易的风险金额之和",
}


def _finding(bucket: Bucket, window: str, ref: dt.date | None) -> ComputedFinding | None:
    if not bucket.rows and not bucket.unknown_rows:
        return None
    facts = [Fact(question="transactions", text=label, answer=text) for label, _, text in bucket.rows]
    facts += [Fact(question="transactions", text="待核实", answer=text) for text in bucket.unknown_rows]
    exposure = None
    if bucket.rows:
        parts = " + ".join(_money(a) for _, a, _ in bucket.rows)
        exposure = ExposureResult(
            low=round(bucket.total, 2), high=round(bucket.total, 2),
            basis=f"{BASIS[bucket.rule]}。{window}。",
            formula="Σ 各行风险金额（" + "；".join(label for label, _, _ in bucket.rows) + "）",
            working=f"{parts} = {_money(bucket.total)}", kind="recovery")  # the estate's to recover, not the company's to pay
    status = "fired" if bucket.rows else "verify"
    message = (f"{window}。共 {len(bucket.rows)} 笔，风险金额合计 {_money(bucket.total)} 元。" if bucket.rows
               else f"{window}。有 {len(bucket.unknown_rows)} 笔交易信息不全，无法判断，需核实。")
    if bucket.rows and bucket.unknown_rows:
        message += f"另有 {len(bucket.unknown_rows)} 笔信息不全，需核实。"
    return ComputedFinding(rule=bucket.rule, status=status, message=message, facts=facts,
                           unknown=bucket.unknown, exposure=exposure)


# --------------------------------------------------------------------------- liquidation waterfall


def recovery_finding(answers: dict) -> ComputedFinding | None:
    """Estimate what each class would receive in liquidation, in the order of 第一百零九条、第一百一十三条.

    Secured creditors take their collateral up to their claim; bankruptcy
    costs come next (第四十三条), then employees, then tax and social
    insurance, then ordinary creditors (including related parties and the
    secured shortfall) share what is left pro rata.
    """
    rows = answers.get("creditors")
    value = answers.get("liquidation_value")
    if not isinstance(rows, list) or not rows or not _known(value):
        return None
    costs = answers.get("estimated_bankruptcy_costs")
    costs = float(costs) if _known(costs) else 0.0
    # 第四十一至四十三条: 共益债务 are paid from the estate at any time, like the costs, before any class.
    common = answers.get("estimated_common_benefit_debts")
    costs += float(common) if _known(common) else 0.0
    totals = {"secured_paid": 0.0, "employee": 0.0, "tax": 0.0, "ordinary": 0.0, "shortfall": 0.0}
    missing = []
    for i, row in enumerate(rows, start=1):
        cls, amount = row.get("creditor_class"), row.get("amount")
        if not _known(cls) or not _known(amount):
            missing.append(f"creditors[{i}]")
            continue
        if cls == "secured":
            collateral = row.get("secured_asset_value")
            covered = min(float(amount), float(collateral)) if _known(collateral) else 0.0
            if not _known(collateral):  # counted as wholly unsecured: say so rather than hide it
                missing.append(f"creditors[{i}].secured_asset_value")
            totals["secured_paid"] += covered
            totals["shortfall"] += float(amount) - covered
        elif cls in ("employee", "tax"):
            totals[cls] += float(amount)
        else:
            totals["ordinary"] += float(amount)
    left = max(float(value) - totals["secured_paid"] - costs, 0.0)
    employee_paid = min(totals["employee"], left)
    left -= employee_paid
    tax_paid = min(totals["tax"], left)
    left -= tax_paid
    pool = totals["ordinary"] + totals["shortfall"]
    rate = (left / pool * 100) if pool else 100.0
    facts = [
        Fact(question="liquidation_value", text="清算价值", answer=_money(float(value))),
        Fact(question="creditors", text="担保物优先受偿", answer=_money(totals["secured_paid"])),
        Fact(question="estimated_bankruptcy_costs", text="破产费用和共益债务", answer=_money(costs)),
        Fact(question="creditors", text="职工债权受偿", answer=f"{_money(employee_paid)} / {_money(totals['employee'])}"),
        Fact(question="creditors", text="税款及社保受偿", answer=f"{_money(tax_paid)} / {_money(totals['tax'])}"),
        Fact(question="creditors", text="普通债权清偿率", answer=f"{rate:.2f}%"),
    ]
    message = (f"清算价值 {_money(float(value))} 元 − 担保物优先受偿 {_money(totals['secured_paid'])} 元 − 破产费用和共益债务 {_money(costs)} 元，"
               f"依次清偿职工债权 {_money(employee_paid)} 元（应付 {_money(totals['employee'])} 元）、税款及社保 {_money(tax_paid)} 元"
               f"（应付 {_money(totals['tax'])} 元），剩余 {_money(left)} 元由普通债权（含关联方债权和担保不足部分，共 {_money(pool)} 元）"
               f"按比例分配，普通债权清偿率约 {rate:.2f}%。")
    return ComputedFinding(rule="liquidation_recovery_estimate", message=message, facts=facts, unknown=missing)
