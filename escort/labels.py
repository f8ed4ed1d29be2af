"""Names shown to people: severities, timeframes, grades and exposure kinds, in Chinese.

Kept apart from :mod:`escort.models` (which builds pydantic models when imported) so that
``escort --help`` and other light paths can name them without loading the models.
"""

from __future__ import annotations

SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"]
SEVERITY_NAMES = {"critical": "重大", "high": "高", "medium": "中", "low": "低", "info": "提示"}

TIMEFRAME_NAMES = {
    "immediately": "立即", "within_30_days": "30日内", "within_90_days": "90日内",
    "within_180_days": "180日内", "ongoing": "持续",
}

GRADE_NAMES = {"green": "绿灯（风险可控）", "amber": "黄灯（需要整改）", "red": "红灯（重大风险）"}

EXPOSURE_KIND_NAMES = {"liability": "可能承担", "claim": "可主张或可追回", "recovery": "破产财产可追回"}

# What `escort template` writes where a real value must go; the lawyer's worksheet points them out.
PLACEHOLDER_NAME = "占位企业（请替换为营业执照上的名称）"
PLACEHOLDER_USCC = "91110000000000000E"  # 91110000000000000 with its GB 32100-2015 check character
