"""Write a fill-in answers file: every question present, explained in Chinese comments, every value unknown.

The file passes ``escort validate`` as written (the enterprise name and
credit code are clearly marked placeholders whose check character is right),
and ``escort check`` on it lists every asked question as needing verification.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from escort.engine import checklist_applies, profile_names
from escort.models import Assessment, Enterprise, Question, QuestionType
from escort.session import TAG_LITERAL

from escort.labels import PLACEHOLDER_NAME, PLACEHOLDER_USCC  # noqa: E402,F401 (the report checks for them too)
TYPE_NAMES = {"yes_no": "是/否", "choice": "单选", "multi_choice": "多选", "number": "数字", "money": "金额（元）",
              "percent": "百分比（0–100）", "date": "日期", "text": "文字", "table": "表格"}
HEAD = """\
# Escort 答题模板（escort template 生成）。用任何文本编辑器填写，保存为 UTF-8。
# 把每题的 unknown 换成答案；确实不清楚的保持 unknown，检查时会列为“待核实”。
# 填法：是/否题写 yes 或 no；单选题写选项代码；多选题写 [代码, 代码]；
#       数字直接写数字（不带单位）；日期写 2026-11-01；文字照写；
#       表格题每行一条 {列代码: 值, ...}，见题下说明。
# 要加备注：  题号: {value: 答案, note: 备注}
# 填好后：escort validate 本文件；escort check 本文件 -o 输出目录
"""


def render_template(registry: Any, only: list[str], today: dt.date) -> tuple[str, list[str]]:
    """Return the template text and the checklist ids it holds."""
    tags: list[str] = []
    if only:
        ids = list(only)
        for cid in ids:
            tags += [t for t in TAG_LITERAL.findall(registry.checklists[cid].model.applies_if or "") if t not in tags]
    else:
        profile = _profile([], today)
        ids = [cid for cid, loaded in registry.checklists.items()
               if checklist_applies(loaded, profile, registry.functions)[0]]
    lines = [HEAD, *_profile_lines(tags, ids, today), "checklist_versions:"]
    lines += [f"  {cid}: {_scalar(registry.checklists[cid].model.version)}" for cid in ids]
    lines.append("answers:")
    for cid in ids:
        lines += _checklist_lines(registry.checklists[cid], registry)
    return "\n".join(lines) + "\n", ids


def _profile(tags: list[str], today: dt.date) -> dict:
    ent = Enterprise(name=PLACEHOLDER_NAME, uscc=PLACEHOLDER_USCC, tags=tags)
    return profile_names(type("P", (), {"enterprise": ent, "assessment": Assessment(date=today)})())


def _profile_lines(tags: list[str], ids: list[str], today: dt.date) -> list[str]:
    tag_note = (f"  # 企业标签；{'、'.join(tags)} 是所选清单的适用条件，不符合请删去" if tags
                else "  # 企业标签，如 [专精特新, 高新技术企业]")
    return [
        "enterprise:",
        "  # ↓ 名称和信用代码是虚构的占位值（能通过校验码检查），请替换为营业执照上的真实信息。",
        f"  name: {_scalar(PLACEHOLDER_NAME)}",
        f"  uscc: {PLACEHOLDER_USCC}",
        "  industry:            # 所属行业，如 通用设备制造业",
        "  region:              # 所在地区，如 浙江省杭州市",
        "  employees:           # 在职员工人数（整数）",
        "  registered_capital:  # 注册资本（元），500万元写 5000000",
        "  founded:             # 成立日期，如 2016-03-18",
        "  listing: none        # none 未上市 / preparing 筹备上市 / listed 已上市",
        f"  tags: {_flow(tags)}{tag_note}",
        "assessment:",
        f"  date: {today.isoformat()}     # 体检日期：所有期限和金额从这一天起算",
        "  assessor:            # 体检人（律师或自查负责人）",
        "  firm:                # 律师事务所",
        "  licence:             # 律师执业证号",
        "  mode: onsite         # onsite 律师现场体检 / self 企业自查",
    ]


def _checklist_lines(loaded: Any, registry: Any) -> list[str]:
    m = loaded.model
    out = [f"  {m.id}:", f"    # ══ {m.title}（{m.id} {m.version}）══"]
    for no, section in enumerate(m.sections, start=1):
        out += ["", f"    # ── 第{no}节 {section.title} ──"]
        if section.show_if:
            out.append(f"    # 本节仅在 {section.show_if} 时需要回答")
        for q in section.questions:
            out.append("")
            out += [f"    # {line}" for line in _describe(q, registry)]
            out.append(f"    {q.id}: unknown")
    return out


def _describe(q: Question, registry: Any) -> list[str]:
    lines = [q.text]
    kind = [f"类型：{TYPE_NAMES[q.type.value]}"]
    if q.unit:
        kind.append(f"单位：{q.unit}")
    if q.min is not None:
        kind.append(f"最小 {q.min:g}")
    if q.max is not None:
        kind.append(f"最大 {q.max:g}")
    if q.required:
        kind.append("必答")
    lines.append("；".join(kind))
    if q.type is QuestionType.yes_no:
        lines.append("填 yes（是）或 no（否）")
    if q.options:
        lines.append("选项：" + "；".join(f"{o.id} = {o.text}" for o in q.options))
    if q.type is QuestionType.table:
        cols = "；".join(f"{c.id} {c.text}（{TYPE_NAMES[c.type.value]}{'，' + c.unit if c.unit and c.unit not in TYPE_NAMES[c.type.value] else ''}"
                        f"{'，必填' if c.required else ''}）" for c in q.columns)
        lines.append(f"每行填写：{cols}")
        lines.append("写法：换行后每行 - {" + ", ".join(f"{c.id}: …" for c in q.columns) + "}；没有就写 []")
    if q.show_if:
        lines.append(f"仅当 {q.show_if} 时需要回答")
    if q.help:
        lines += [f"说明：{part}" if i == 0 else part for i, part in enumerate(q.help.splitlines())]
    if q.cite:
        arts = [registry.laws.resolve(k) for k in q.cite if registry.laws.has(k)]
        lines.append("依据：" + "、".join(f"《{a.short_name}》{a.label}" for a in arts))
    if q.evidence:
        lines.append("材料：" + "、".join(q.evidence))
    return lines


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_scalar(t) for t in items) + "]"
