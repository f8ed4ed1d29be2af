"""The intellectual-property checkup (知识产权合规体检): checklist, laws, date functions, dated alerts.

Registers through the ``escort`` entry-point group like any third-party plugin.
The YAML checklist holds the questions and most rules; this module adds

* the date arithmetic of trademark renewal, non-use and patent annual fees as
  expression functions (each docstring cites its article and says which ends
  are inclusive), and
* dated alerts computed row by row from the trademark, patent and software
  registers, where one row may be fine, another overdue and a third unknown.

Why Python for the registers: a YAML ``when`` over a whole table becomes
undetermined as soon as one cell is unknown, hiding the rows that are plainly
overdue.  Here a row that is definitely late fires the rule; rows with unknown
dates are named in the message, and if no row is definitely late the rule is
listed for verification.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from escort import hookimpl
from escort.expressions import HIDDEN, UNKNOWN
from escort.functions import add_days, add_months, add_years, days_between, months_between, to_date
from escort.models import ComputedFinding, ExposureResult, Fact, Domain
from escort.resources import data_path

CHECKLIST = "ip"
MISSING = (UNKNOWN, HIDDEN, None)

# 专利法实施细则（2023）第九十三条: minimum reward per granted patent when no policy or agreement exists.
REWARD_FLOOR = {"invention": 4000, "utility": 1500, "design": 1500}
# 专利法 第四十二条: term in years from the filing date.
PATENT_TERM_YEARS = {"invention": 20, "utility": 10, "design": 15}
PATENT_TYPE_NAMES = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}
ANNUITY_ALERT_DAYS = 90
ANNUITY_URGENT_DAYS = 30     # audit §4.4: a 90-day reminder is medium; within 30 days it is high
RENEWAL_URGENT_DAYS = 90     # audit §4.4: an open renewal window is medium; within 90 days of expiry it is high
# Effective date of the 2023 专利法实施细则 (general knowledge, shared/law/ip.md gaps): grants before it
# fell under the former 细则 with lower reward floors, not in the law registry.
RULES_2023_EFFECTIVE = dt.date(2024, 1, 20)
# Former floors (2010 细则, "were 3,000/1,000" per the Key numbers table of shared/law/ip.md; the article
# itself is not in the registry): used as the lower bound for grants before RULES_2023_EFFECTIVE.
OLD_REWARD_FLOOR = {"invention": 3000, "utility": 1000, "design": 1000}


# --------------------------------------------------------------------------- date functions


def renewal_window_opens(expiry: Any) -> dt.date:
    """Return the first day on which a trademark can be renewed (商标法 第四十条).

    The owner "应当在期满前十二个月内" renew: we take the same calendar day
    twelve months before the expiry date as the first day of the window
    (inclusive).  Why: an alert should come early; CNIPA's own practice on
    that boundary day is not in the law registry, so the message advises
    filing well inside the window.
    """
    return add_months(expiry, -12)


def is_renewal_window_open(expiry: Any, today: Any) -> bool:
    """True from the day the renewal window opens through the expiry date itself (both inclusive)."""
    today = to_date(today)
    return renewal_window_opens(expiry) <= today <= to_date(expiry)


def grace_ends(expiry: Any) -> dt.date:
    """Return the last day of the six-month renewal grace period (商标法 第四十条, "可以给予六个月的宽展期").

    The grace period runs from the day after expiry; its last day is the same
    calendar day six months after expiry (inclusive; the end of the month when
    that day does not exist).  From the next day the registration is cancelled
    ("期满未办理续展手续的，注销其注册商标").
    """
    return add_months(expiry, 6)


def is_in_grace_period(expiry: Any, today: Any) -> bool:
    """True after the expiry date (exclusive) up to and including :func:`grace_ends`."""
    today = to_date(today)
    return to_date(expiry) < today <= grace_ends(expiry)


def is_registration_lapsed(expiry: Any, today: Any) -> bool:
    """True from the day after :func:`grace_ends`: the registration is cancelled (商标法 第四十条)."""
    return to_date(today) > grace_ends(expiry)


def nonuse_cancellation_date(last_use: Any) -> dt.date:
    """Return the day from which a mark has gone three years unused (商标法 第四十九条第二款).

    "没有正当理由连续三年不使用的，任何单位或者个人可以向商标局申请撤销":
    counted conservatively, the risk exists from the third anniversary of
    the last use (inclusive), e.g. last used 2023-11-20 → at risk from
    2026-11-20; one day less (last used 2023-11-21) → not yet.
    """
    return add_years(last_use, 3)


def is_nonuse_three_years(last_use: Any, today: Any) -> bool:
    """True when *today* is on or after :func:`nonuse_cancellation_date`."""
    return to_date(today) >= nonuse_cancellation_date(last_use)


def annuity_grace_ends(due: Any) -> dt.date:
    """Return the last day to pay a late patent annual fee with surcharge (专利法实施细则 第一百一十五条).

    *due* is the end of the paid patent year, i.e. the last day to pay next
    year's fee on time ("在上一年度期满前缴纳").  Late payment is accepted
    "自应当缴纳年费期满之日起6个月内" with a surcharge of 5% of that year's fee
    for each month late; we take the same calendar day six months after *due*
    as the last day (inclusive).  From the next day the patent is lapsed,
    with effect from *due* (专利法 第四十四条).
    """
    return add_months(due, 6)


def annuity_status(paid_until: Any, today: Any, alert_days: int = ANNUITY_ALERT_DAYS) -> str:
    """Classify a patent's annual fee on *today*: 'ok', 'due_soon', 'grace' or 'lapsed'.

    'due_soon': 0 to *alert_days* days before *paid_until* (both ends inclusive;
    paying on *paid_until* itself is on time).  'grace': after *paid_until*
    through :func:`annuity_grace_ends` (inclusive).  'lapsed': later.
    """
    days_left = days_between(today, paid_until)
    if days_left > alert_days:
        return "ok"
    if days_left >= 0:
        return "due_soon"
    return "grace" if to_date(today) <= annuity_grace_ends(paid_until) else "lapsed"


def patent_term_ends(kind: str, filing_date: Any) -> dt.date:
    """Return the last day of a patent's term (专利法 第四十二条: 发明20年、实用新型10年、外观设计15年，自申请日起计算).

    The term counted from the filing date ends the day before the
    anniversary (the filing day counts as the first day).  Term extensions
    (第四十二条第二、三款) are not included.
    """
    return add_days(add_years(filing_date, PATENT_TERM_YEARS[kind]), -1)


def inventor_reward_floor(kind: str) -> int:
    """Return the statutory minimum reward for one granted patent (专利法实施细则 第九十三条: 发明4000元，实用新型/外观设计1500元)."""
    return REWARD_FLOOR[kind]


@hookimpl
def escort_domains():
    return [Domain(id="ip", name="知识产权", name_en="Intellectual property", order=40)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "ip.yaml")]


@hookimpl
def escort_laws():
    # contracts.yaml for 民法典第一百八十八条 (limitation on inventor rewards)
    return [data_path("checklists", "laws", "ip.yaml"), data_path("checklists", "laws", "labour.yaml"),
            data_path("checklists", "laws", "contracts.yaml"),
            data_path("checklists", "laws", "pending.yaml")]  # versions known by dates only


@hookimpl
def escort_functions():
    return {
        "renewal_window_opens": renewal_window_opens,
        "is_renewal_window_open": is_renewal_window_open,
        "grace_ends": grace_ends,
        "nonuse_cancellation_date": nonuse_cancellation_date,
        "annuity_grace_ends": annuity_grace_ends,
        "patent_term_ends": patent_term_ends,
        "inventor_reward_floor": inventor_reward_floor,
        "reward_due_date": reward_due_date,
    }


# --------------------------------------------------------------------------- computed findings


def _known(value: Any) -> bool:
    return not any(value is m for m in MISSING)


def _rows(answers: dict, qid: str) -> list:
    rows = answers.get(qid)
    return rows if isinstance(rows, list) else []


def _label(row: Any, *cols: str) -> str:
    parts = [str(row.get(c)) for c in cols if _known(row.get(c))]
    return " ".join(parts) or row.label


def _finding(rule: str, hits: list[str], unknown: list[str], question: str, text: str,
             exposure: ExposureResult | None = None, lead: str = "") -> list[ComputedFinding]:
    """One finding: fired when some row is definitely affected, verify when only unknown rows remain."""
    if not hits and not unknown:
        return []
    parts = [lead] if lead else []
    if hits:
        parts.append("；".join(hits) + "。")
    if unknown:
        parts.append("以下登记项日期或情况未知，需核实：" + "、".join(unknown) + "。")
    facts = [Fact(question=question, text=text, answer=h) for h in hits + unknown]
    return [ComputedFinding(rule=rule, status="fired" if hits else "verify", message="".join(parts),
                            facts=facts, unknown=[question] if unknown else [],
                            exposure=exposure if hits else None)]


def _value_exposure(rows: list, basis: str, *label_cols: str) -> ExposureResult | None:
    """Sum of the 'value' column over *rows*; None when any value is unknown (the message says so)."""
    values = [r.get("value") for r in rows]
    if not rows or not all(_known(v) for v in values):
        return None
    total = float(sum(values))
    working = " + ".join(f"{_label(r, *label_cols)} {v:,.0f}" for r, v in zip(rows, values)) + f" = {total:,.0f}"
    return ExposureResult(low=total, high=total, basis=basis, formula="失效登记项的价值逐项相加",
                          working=working)


def trademark_findings(answers: dict, today: dt.date) -> list[ComputedFinding]:
    """Dated alerts over the trademark register: renewal window, grace period, lapse, three years' non-use."""
    out: list[ComputedFinding] = []
    rows = _rows(answers, "trademarks")
    groups: dict[str, tuple[list[str], list]] = {k: ([], []) for k in ("open", "open90", "upcoming", "grace", "lapsed", "nonuse")}
    unknown_expiry, unknown_use = [], []
    for row in rows:
        name = _label(row, "mark", "nice_class", "reg_no")
        expiry = row.get("expiry")
        if not _known(expiry):
            unknown_expiry.append(name)
        elif is_registration_lapsed(expiry, today):
            groups["lapsed"][0].append(f"{name}：{expiry.isoformat()} 到期，宽展期已于 {grace_ends(expiry).isoformat()} 届满")
            groups["lapsed"][1].append(row)
        elif is_in_grace_period(expiry, today):
            groups["grace"][0].append(f"{name}：{expiry.isoformat()} 已到期，宽展期至 {grace_ends(expiry).isoformat()}，"
                                      f"仅剩 {days_between(today, grace_ends(expiry))} 天")
        elif is_renewal_window_open(expiry, today):
            groups["open90" if days_between(today, expiry) <= RENEWAL_URGENT_DAYS else "open"][0].append(f"{name}：{expiry.isoformat()} 到期，续展期已于 {renewal_window_opens(expiry).isoformat()} 开始，"
                                     f"距到期 {days_between(today, expiry)} 天")
        elif renewal_window_opens(expiry) <= add_years(today, 1):
            groups["upcoming"][0].append(f"{name}：{expiry.isoformat()} 到期，续展期将于 {renewal_window_opens(expiry).isoformat()} 开始")
        if _known(expiry) and is_registration_lapsed(expiry, today):
            continue  # a lapsed mark is not also flagged for non-use
        in_use, last_use = row.get("in_use"), row.get("last_use")
        if in_use is True:
            continue
        if in_use is False and _known(last_use):
            if is_nonuse_three_years(last_use, today):
                groups["nonuse"][0].append(f"{name}：最后使用于 {last_use.isoformat()}，"
                                           f"自 {nonuse_cancellation_date(last_use).isoformat()} 起已满三年未使用")
        else:
            unknown_use.append(name)
    text = "商标登记表"
    out += _finding("trademark_renewal_window_open", groups["open"][0], [], "trademarks", text)
    out += _finding("trademark_renewal_due_90d", groups["open90"][0], [], "trademarks", text)
    out += _finding("trademark_renewal_upcoming", groups["upcoming"][0], [], "trademarks", text)
    out += _finding("trademark_in_grace_period", groups["grace"][0], [], "trademarks", text)
    exposure = _value_exposure(groups["lapsed"][1], "已失效注册商标的价值（或重新建立品牌的估计成本），按商标登记表所填金额逐项相加",
                               "mark")
    out += _finding("trademark_lapsed", groups["lapsed"][0], [], "trademarks", text, exposure=exposure,
                    lead="" if exposure or not groups["lapsed"][0] else "部分失效商标的价值未填写，损失金额无法测算。")
    # an unknown expiry date could hide any of the four date alerts: list it once, on the most serious
    if unknown_expiry and not any(groups[k][0] for k in ("open", "open90", "upcoming", "grace", "lapsed")):
        out += _finding("trademark_in_grace_period", [], unknown_expiry, "trademarks", text)
    elif unknown_expiry:
        out[-1].message += "另有到期日未知的商标需核实：" + "、".join(unknown_expiry) + "。"
    out += _finding("trademark_nonuse_three_years", groups["nonuse"][0], unknown_use, "trademarks", text)
    return out


def patent_findings(answers: dict, today: dt.date) -> list[ComputedFinding]:
    """Dated alerts over the patent register: annual fee due within 90 days, in the grace period, lapsed."""
    due, due30, grace, lapsed, lapsed_rows, unknown = [], [], [], [], [], []
    for row in _rows(answers, "patents"):
        name = _label(row, "number", "title")
        paid_until, kind, filing = row.get("annuity_paid_until"), row.get("type"), row.get("filing_date")
        if not _known(paid_until):
            unknown.append(name)
            continue
        if _known(kind) and _known(filing) and to_date(paid_until) >= patent_term_ends(kind, filing):
            continue  # fees already cover the whole term: nothing more to pay
        status = annuity_status(paid_until, today)
        if status == "due_soon":
            (due30 if days_between(today, paid_until) <= ANNUITY_URGENT_DAYS else due).append(f"{name}：下一年度年费须在 {paid_until.isoformat()} 前缴纳，还剩 {days_between(today, paid_until)} 天")
        elif status == "grace":
            late = months_between(paid_until, today)
            grace.append(f"{name}：年费缴纳期限 {paid_until.isoformat()} 已过，滞纳期至 {annuity_grace_ends(paid_until).isoformat()}，"
                         f"已超期 {days_between(paid_until, today)} 天（满 {late} 个整月）")
        elif status == "lapsed":
            lapsed.append(f"{name}：年费缴纳期限 {paid_until.isoformat()}，滞纳期已于 {annuity_grace_ends(paid_until).isoformat()} 届满，"
                          f"专利权自 {paid_until.isoformat()} 起终止")
            lapsed_rows.append(row)
    text = "专利登记表"
    out = _finding("patent_annuity_due_soon", due, [], "patents", text)
    out += _finding("patent_annuity_due_30d", due30, [], "patents", text)
    soon = out[:]
    out += _finding("patent_annuity_in_grace", grace, unknown if not (due or due30 or lapsed) else [], "patents", text)
    exposure = _value_exposure(lapsed_rows, "因欠缴年费终止的专利的价值（或重新研发、规避设计的估计成本），按专利登记表所填金额逐项相加",
                                "number")
    out += _finding("patent_lapsed_for_annuity", lapsed, [], "patents", text, exposure=exposure,
                    lead="" if exposure or not lapsed else "部分失效专利的价值未填写，损失金额无法测算。")
    if unknown and (due or due30 or lapsed):
        (out[-1] if lapsed else soon[0]).message += "另有年费缴纳期限未知的专利需核实：" + "、".join(unknown) + "。"
    return out


def reward_due_date(grant_date: Any) -> dt.date:
    """Return the last day to pay the statutory inventor reward (专利法实施细则 第九十三条).

    "应当自公告授予专利权之日起3个月内发给": the same calendar day three months
    after the grant announcement (inclusive; month end when that day does not
    exist).  A reward unpaid on that day is not yet late; from the next day it is.
    """
    return add_months(grant_date, 3)


def is_reward_time_barred(grant_date: Any, today: Any) -> bool:
    """Return True when the three-year limitation on an unpaid statutory reward has run out (民法典第一百八十八条).

    The reward falls due three months after the grant announcement (reward_due_date); the inventor can
    sue for it from the next day, so the period ends on the same day three years after the due date and
    a claim is time-barred from the day after.  Example: granted 2018-09-14 → due 2018-12-14 → the period
    ends 2021-12-14; barred from 2021-12-15.
    """
    return add_years(reward_due_date(grant_date), 3) < to_date(today)


def reward_findings(answers: dict, today: dt.date) -> list[ComputedFinding]:
    """Statutory inventor rewards owed when no policy or agreement exists (专利法实施细则 第九十三条).

    A patent whose grant was announced less than three months ago is not yet
    late (第九十三条 gives three months from the grant announcement): it is
    named in the message with its deadline but not counted.  Patents granted
    before 2024-01-20 (effective date of the 2023 细则, general knowledge —
    see shared/law/ip.md gaps) fell under the former rules (3000 / 1000 per
    the Key numbers table; that article is not in the registry): they count at
    the former floor in the lower bound and at the current floor in the upper.
    """
    policy = answers.get("reward_policy")
    if policy is HIDDEN or policy in ("policy_adopted", "agreed_individually"):
        return []
    unpaid, unsure, not_yet_due, old_rules = [], [], [], []
    for row in _rows(answers, "patents"):
        kind, paid, granted = row.get("type"), row.get("reward_paid"), row.get("grant_date")
        if paid is True:
            continue
        if _known(granted) and to_date(today) <= reward_due_date(granted):
            not_yet_due.append(row)
            continue
        if paid is False and _known(kind) and _known(granted) and to_date(granted) < RULES_2023_EFFECTIVE:
            old_rules.append(row)
            continue
        (unpaid if paid is False and _known(kind) else unsure).append(row)
    if not unpaid and not unsure and not old_rules:
        return []
    # 民法典第一百八十八条: three years from the day after the reward fell due; a claim whose period ended
    # before today is presumptively time-barred (unless interrupted) — kept in the upper bound only.
    barred = [r for r in unpaid + old_rules if is_reward_time_barred(r["grant_date"], today)]
    barred_ids = {id(r) for r in barred}
    low = (sum(REWARD_FLOOR[r["type"]] for r in unpaid if id(r) not in barred_ids)
           + sum(OLD_REWARD_FLOOR[r["type"]] for r in old_rules if id(r) not in barred_ids))
    # an unknown row counts at the invention rate in the upper bound unless its type is known
    extra_unsure = sum(REWARD_FLOOR[r["type"]] if _known(r.get("type")) else REWARD_FLOOR["invention"] for r in unsure)
    extra_old = sum(REWARD_FLOOR[r["type"]] - OLD_REWARD_FLOOR[r["type"]] for r in old_rules)
    extra_barred = (sum(REWARD_FLOOR[r["type"]] for r in unpaid if id(r) in barred_ids)
                    + sum(OLD_REWARD_FLOOR[r["type"]] for r in old_rules if id(r) in barred_ids))
    high = low + extra_unsure + extra_old + extra_barred
    names = [f"{_label(r, 'number', 'title')}（{PATENT_TYPE_NAMES.get(r.get('type'), '类型未知')}）" for r in unpaid]
    maybe = [f"{_label(r, 'number', 'title')}" for r in unsure]
    old = [f"{_label(r, 'number', 'title')}（{PATENT_TYPE_NAMES.get(r.get('type'), '类型未知')}，"
           f"{to_date(r['grant_date']).isoformat()} 授权）" for r in old_rules]
    pending = [f"{_label(r, 'number', 'title')}（应于 {reward_due_date(r['grant_date']).isoformat()} 前发放）" for r in not_yet_due]
    definite = bool(unpaid or old_rules) and policy is not UNKNOWN
    counts = {k: sum(1 for r in unpaid if r["type"] == k and id(r) not in barred_ids) for k in REWARD_FLOOR}
    olds = {k: sum(1 for r in old_rules if r["type"] == k and id(r) not in barred_ids) for k in REWARD_FLOOR}
    working = f"下限 = 4000 × {counts['invention']} + 1500 × {counts['utility'] + counts['design']}"
    if old_rules:
        working += f" + 3000 × {olds['invention']} + 1000 × {olds['utility'] + olds['design']}（2024年1月20日前授权，修订前标准）"
    working += f" = {low:,.0f}；"
    if unsure or old_rules or barred:
        working += "上限 = 下限"
        if barred:
            working += f" + 已过三年诉讼时效的 {len(barred)} 项 {extra_barred:,.0f}"
        if unsure:
            working += f" + 发放情况未知的 {len(unsure)} 项按其法定最低奖金计 {extra_unsure:,.0f}"
        if old_rules:
            working += f" + 2024年1月20日前授权的 {len(old_rules)} 项按现行标准计的差额 {extra_old:,.0f}"
        working += f" = {high:,.0f}"
    else:
        working += f"上限 = 下限 = {high:,.0f}"
    exposure = ExposureResult(low=low, high=high, formula="4000 × 未发奖金的发明专利数 + 1500 × 未发奖金的实用新型和外观设计专利数",
                              working=working,
                              basis="法定最低奖金：每项发明专利不少于4000元，每项实用新型或外观设计专利不少于1500元，"
                                    "自授权公告之日起3个月内发放（专利法实施细则第九十三条），按已过3个月仍未发放奖金的专利逐项相加；"
                                    "2024年1月20日前授权的专利适用修订前的实施细则（2010年修订）第七十七条（发明3000元、实用新型和外观设计1000元），"
                                    "下限按修订前标准、上限按现行标准计")
    message = ""
    if names:
        message += "公司没有依法约定或制定奖励制度，以下专利授权公告已满3个月，仍未向发明人发放奖金：" + "、".join(names) + "。"
    if old:
        message += ("以下专利在2024年1月20日前授权、奖金未发放，法定最低奖金按授权时有效的实施细则确定"
                    "（2010年修订的实施细则第七十七条）：" + "、".join(old) + "。")
    if barred:
        message += ("以下奖金的三年诉讼时效已届满（民法典第一百八十八条），除时效中断外发明人的请求可能被抗辩，只计入上限："
                    + "、".join(f"{_label(r, 'number', 'title')}（奖金应于 {reward_due_date(r['grant_date']).isoformat()} 前发放，"
                               f"时效至 {add_years(reward_due_date(r['grant_date']), 3).isoformat()}）" for r in barred) + "。")
    if maybe:
        message += "以下专利是否已发放奖金或何时授权未知，需核实：" + "、".join(maybe) + "。"
    if pending:
        message += "以下专利授权公告未满3个月，奖金尚未到期：" + "、".join(pending) + "。"
    if policy is UNKNOWN:
        message += "公司是否有依法制定的奖酬制度未知，需核实。"
    facts = [Fact(question="patents", text="专利登记表", answer=n) for n in names + old + maybe]
    notes = (["专利法实施细则（2010年修订）第七十七条（修订前的奖金标准3000／1000元）：原文未收入 shared/law 法规库，须核对。"]
             if old_rules else [])
    return [ComputedFinding(rule="inventor_reward_unpaid", status="fired" if definite else "verify", message=message,
                            lawyer_notes=notes,
                            facts=facts, unknown=(["patents"] if maybe else []) + (["reward_policy"] if policy is UNKNOWN else []),
                            exposure=exposure if definite else None)]


def software_findings(answers: dict) -> list[ComputedFinding]:
    """Software whose copyright may not belong to the company (计算机软件保护条例 第十一条、第十三条)."""
    out_hits, out_unknown, emp_hits, emp_unknown = [], [], [], []
    names = {"employee": "员工开发", "contractor": "外包/委托开发", "joint": "合作开发"}
    for row in _rows(answers, "software"):
        who, agreed = row.get("developed_by"), row.get("written_agreement")
        name = f"{_label(row, 'name')}（{names.get(who, '开发方式未知')}）"
        if agreed is True:
            continue
        if not _known(who):
            out_unknown.append(name)
        elif who == "employee":
            (emp_hits if agreed is False else emp_unknown).append(name)
        else:
            (out_hits if agreed is False else out_unknown).append(name)
    out = _finding("software_commissioned_no_agreement", [n + "：没有书面权属约定" for n in out_hits], out_unknown,
                   "software", "软件著作权登记表")
    out += _finding("software_employee_no_agreement", [n + "：没有书面权属约定" for n in emp_hits], emp_unknown,
                    "software", "软件著作权登记表")
    return out


@hookimpl
def escort_findings(checklist, answers, enterprise):
    if checklist.id != CHECKLIST:
        return []
    today = answers["today"]
    return (trademark_findings(answers, today) + patent_findings(answers, today)
            + reward_findings(answers, today) + software_findings(answers))
