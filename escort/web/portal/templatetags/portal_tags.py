"""Template filters: answers and severities in words a reader understands (output stays autoescaped)."""

from django import template

register = template.Library()

SEVERITY = {"critical": "重大", "high": "高", "medium": "中", "low": "低", "info": "提示"}
WORDS = {"yes": "是", "no": "否", "unknown": "不清楚", True: "是", False: "否"}


@register.filter
def sev(value) -> str:
    key = getattr(value, "value", value)
    return SEVERITY.get(key, str(key))


@register.filter
def answer(value) -> str:
    """An answer as stored ("yes", 12, [..], [{..}]) in plain Chinese."""
    if value is None:
        return "（未答）"
    if isinstance(value, (str, bool)) and value in WORDS:
        return WORDS[value]
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "；".join("，".join(f"{v}" for v in row.values()) for row in value) + f"（共 {len(value)} 行）"
        return "、".join(str(v) for v in value)
    return str(value)


GRADES = {"red": "红（风险较高）", "amber": "橙（需要整改）", "green": "绿（总体良好）"}


@register.filter
def grade(value) -> str:
    return GRADES.get(str(value), str(value))


@register.filter
def as_json(value) -> str:
    import json

    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)
