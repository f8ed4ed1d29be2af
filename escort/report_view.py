"""What the report shows, worked out from a result: the view the templates draw.

Everything here is plain data (dicts, lists, strings, numbers); the templates
escape every string.  Ordering is stable and nothing reads the clock, so the
same result always gives the same report.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from escort.models import EXPOSURE_KIND_NAMES, SEVERITY_NAMES, SEVERITY_ORDER, TIMEFRAME_NAMES, Finding, Result
from escort.scoring import WEIGHTS

TIMEFRAME_ORDER = ["immediately", "within_30_days", "within_90_days", "within_180_days", "ongoing"]
MODE_NAMES = {"onsite": "现场体检", "self": "企业自查"}
GRADE = {
    "green": {"name": "绿灯", "verdict": "风险总体可控", "colour": "#2e7d4f"},
    "amber": {"name": "黄灯", "verdict": "存在需要整改的风险", "colour": "#c98a0b"},
    "red": {"name": "红灯", "verdict": "存在重大法律风险", "colour": "#b3261e"},
}
SEVERITY_COLOURS = {"critical": "#8e1b16", "high": "#c2410c", "medium": "#c98a0b", "low": "#4d7c8a", "info": "#8a8f98"}
OVERRIDE_NAMES = {"confirmed": "律师确认", "dismissed": "律师排除", "not_applicable": "不适用"}
REASON_NAMES = {"unknown": "答“不清楚”", "unanswered": "未作答"}


# --------------------------------------------------------------------------- formatting


def money(value: float | int | str | None) -> str:
    """Format an amount in CNY with thousands separators: 129,464 元 or 2,664.50 元.

    An amount a plugin already wrote out ('52,000,000') is read back; other text is shown as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip().removesuffix("元").strip()
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            return value
    value = round(float(value), 2)
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{text} 元"


def money_range(low: float, high: float) -> str:
    return money(low) if round(low, 2) == round(high, 2) else f"{money(low)[:-2]} – {money(high)}"


def exposure_lines(result: Result) -> list[str]:
    """The headline amounts, one line per kind of money, never added together:
    可能承担 X–Y 元（N 项有金额，M 项无法估算，其中重大 K 项）; 可主张或可追回 …; 破产财产可追回 …."""
    if result.exposure_totals:
        totals = result.exposure_totals
    else:  # a result.json written before exposure kinds: total its findings now (all count as liability)
        from escort.scoring import exposure_totals

        totals = exposure_totals(result)
    lines = []
    for kind in ("liability", "claim", "recovery"):
        t = totals.get(kind)
        if not t:
            continue
        with_fig, without, critical = (int(t.get("findings_with_figure", 0)), int(t.get("findings_without_figure", 0)),
                                       int(t.get("critical_without_figure", 0)))
        if kind != "liability" and not with_fig and not without:
            continue
        amount = money_range(t["low"], t["high"]) if with_fig else "金额未能测算"
        detail = [f"{with_fig} 项有金额"] if with_fig else []
        if without:
            detail.append(f"{without} 项无法估算" + (f"，其中重大 {critical} 项" if critical else ""))
        lines.append(f"{EXPOSURE_KIND_NAMES[kind]} {amount}" + (f"（{'，'.join(detail)}）" if detail else ""))
    return lines


KIND_LEGEND = {"liability": "“可能承担”是企业可能需要支付的金额", "claim": "“可主张或可追回”是企业可以向他人主张的款项",
               "recovery": "“破产财产可追回”是进入破产程序后管理人可以为全体债权人追回的财产"}


def exposure_legend(lines: list[str]) -> str:
    """One sentence saying what each headline line means, for the kinds shown; empty for one line."""
    if len(lines) < 2:
        return ""
    kinds = [k for k, name in EXPOSURE_KIND_NAMES.items() if any(line.startswith(name) for line in lines)]
    return "以上金额分别统计，不相加：" + "；".join(KIND_LEGEND[k] for k in kinds) + "。"


def format_answer(value: Any, question: Any = None) -> str:
    """Say an answer in words; a table answer gives one line per row."""
    if value is None or value == "":
        return "未作答"
    if value == "unknown":
        return "不清楚"
    qtype = getattr(getattr(question, "type", None), "value", None)
    options = {o.id: o.text for o in getattr(question, "options", [])}
    unit = getattr(question, "unit", None) or ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "；".join(_format_row(row, question) for row in value)
        return "、".join(options.get(v, str(v)) for v in value) if value else "（无）"
    if isinstance(value, dict):
        return _format_row(value, question)
    if qtype == "money" or (unit == "元" and isinstance(value, (int, float))):
        return money(value)
    if isinstance(value, str) and value in options:
        return options[value]
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, (dt.date,)):
        value = value.isoformat()
    if unit and isinstance(value, (int, float)):
        return f"{value}{'' if unit == '%' else ' '}{unit}"
    return str(value)


def _format_row(row: dict, question: Any) -> str:
    columns = {c.id: c for c in getattr(question, "columns", [])}
    parts = []
    for key, cell in row.items():
        if cell is None:  # an empty optional cell: nothing to say
            continue
        col = columns.get(key)
        label = col.text if col else key
        parts.append(f"{label} {format_answer(cell, col)}")
    return "，".join(parts)


# --------------------------------------------------------------------------- building the view


def _question(registry: Any, checklist: str, qid: str) -> Any:
    if registry is None or checklist not in getattr(registry, "checklists", {}):
        return None
    return next((q for q in registry.checklists[checklist].model.questions() if q.id == qid), None)


def finding_rank(f: Finding) -> tuple:
    """The one order used everywhere (terminal, HTML, PDF, worksheet): effective before dismissed,
    found before to-verify, then severity, then the money at stake (largest first), then the deadline."""
    money_at_stake = f.exposure.high if f.exposure else 0.0
    return (not f.effective, f.status != "fired", SEVERITY_ORDER.index(f.severity.value), -money_at_stake,
            TIMEFRAME_ORDER.index(f.timeframe.value), f.checklist, f.rule)


TIMEFRAME_DAYS = {"immediately": 0, "within_30_days": 30, "within_90_days": 90, "within_180_days": 180}


def due_date(timeframe: str, start: dt.date) -> dt.date | None:
    """The date a timeframe ends, counted from the assessment date; None for ongoing work."""
    days = TIMEFRAME_DAYS.get(timeframe)
    return None if days is None else start + dt.timedelta(days=days)


def due_text(timeframe: str, start: dt.date) -> str:
    """The deadline as a reader acts on it: 2026-12-20 前（30日内）, 立即（2026-11-20）, 长期坚持."""
    due = due_date(timeframe, start)
    name = TIMEFRAME_NAMES[timeframe]
    if due is None:
        return name
    if timeframe == "immediately":
        return f"立即（{due.isoformat()}）"
    return f"{due.isoformat()} 前（{name}）"


def ranked_actions(result: Result) -> list[Finding]:
    """The effective findings in the one order of :func:`finding_rank`; the first five are the
    "five things to do first" in the terminal, the HTML and the PDF alike."""
    return sorted((f for f in result.findings if f.effective), key=finding_rank)


# --------------------------------------------------------------------------- what stays out of the client report

# Phrases that mark a note for the lawyer (a gap in the tool's law registry, a version to check) rather than
# advice for the enterprise: a sentence or bracketed remark holding one goes to the worksheet, not the report.
INTERNAL_MARKERS = ("未收入本工具的法规库", "未收入本法规库", "未收入法规库", "本工具", "请律师核对", "请律师一并核对",
                    "须由律师核对", "由律师核对", "须另行核对", "引用前请核对", "需核实后测算",
                    "尚未收录", "以律师核对为准")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_SENTENCE = re.compile(r"[^。！？]*[。！？]?")


def is_internal(text: str) -> bool:
    return any(m in text for m in INTERNAL_MARKERS)


def split_internal(text: str) -> tuple[str, list[str]]:
    """Split *text* into what the client reads and the notes for the lawyer it held.

    A bracketed remark holding an internal marker is cut out; so is a whole sentence holding one."""
    notes: list[str] = []

    def cut(match: re.Match) -> str:
        if is_internal(match.group(0)):
            notes.append(match.group(0).strip("（）()"))
            return ""
        return match.group(0)

    text = _BRACKETED.sub(cut, text or "")
    kept = []
    for sentence in _SENTENCE.findall(text):
        if not sentence:
            continue
        if is_internal(sentence):
            notes.append(sentence.strip())
        else:
            kept.append(sentence)
    return "".join(kept).strip(), notes


def _finding_view(f: Finding, registry: Any, number: str, names: dict[str, str], start: dt.date | None = None) -> dict:
    facts = [_fact_view(fact, _question(registry, f.checklist, fact.question)) for fact in f.facts]
    unknown = [_question_text(registry, f.checklist, q) for q in f.unknown]
    shown = {fact["text"] for fact in facts}
    unlisted = [u for u in unknown if u.rstrip("。") not in shown]  # the rest are already among the facts
    ov = f.override
    consequence, notes_c = split_internal(f.consequence)
    recommendation, notes_r = split_internal(f.recommendation)
    message, notes_m = split_internal(f.message)
    basis_text, notes_b = split_internal(f.exposure.basis) if f.exposure else ("", [])
    notes_f = []
    for fact in facts:
        fact["text"], cut = split_internal(fact["text"])
        notes_f += cut
    basis = [_client_article(a) for a in f.legal_basis]
    return {
        "number": number, "id": f"{f.checklist}-{f.rule}", "title": f.title, "rule": f.rule,
        "checklist": f.checklist, "severity": f.severity.value, "severity_name": SEVERITY_NAMES[f.severity.value],
        "severity_graded": bool(f.base_severity and f.base_severity != f.severity and f.severity_reason),
        "severity_reason": f.severity_reason if f.base_severity and f.base_severity != f.severity else "",
        "base_severity_name": SEVERITY_NAMES[f.base_severity.value] if f.base_severity else "",
        "exposure_kind_name": EXPOSURE_KIND_NAMES[f.exposure.kind if f.exposure else f.exposure_kind],
        "status": f.status, "effective": f.effective, "message": message, "facts": facts, "basis": basis_text, "unknown": unknown, "unlisted": unlisted,
        "consequence": consequence, "recommendation": recommendation,
        "timeframe": TIMEFRAME_NAMES[f.timeframe.value],
        "due": due_text(f.timeframe.value, start) if start else TIMEFRAME_NAMES[f.timeframe.value],
        "legal_basis": basis,
        "exposure": f.exposure.model_dump() if f.exposure else None,
        "formula": f.exposure.formula.split("；") if f.exposure else [],
        "working": f.exposure.working.split("；") if f.exposure else [],
        "sentences": exposure_sentences(f.exposure) if f.exposure else [],
        "domain_name": names.get(f.domain, f.domain),
        "exposure_range": money_range(f.exposure.low, f.exposure.high) if f.exposure else "",
        "exposure_note": client_exposure_note(f, registry),
        "lawyer_notes": [*f.lawyer_notes, *notes_m, *notes_f, *notes_c, *notes_r, *notes_b,
                         *(a.version_note for a in f.legal_basis if a.version_note and is_internal(a.version_note)),
                         *([f.exposure_note] if f.exposure_note else [])],
        "override": None if ov is None else {
            "status": OVERRIDE_NAMES[ov.status], "reason": ov.reason, "by": ov.by,
            "until": ov.until.isoformat() if ov.until else "", "expired": f.override_expired},
    }


def first_step(recommendation: str) -> str:
    """The first thing to do, for the summary: the recommendation up to its first 。 or ；."""
    head = re.split(r"(?<=[。；])", recommendation, maxsplit=1)[0]
    return head.rstrip("；") + ("。" if head.endswith("；") else "")


def _client_article(article: Any) -> dict:
    """A cited article as the client sees it: the version note (for the lawyer) left out."""
    data = article.model_dump()
    if is_internal(data.get("version_note") or ""):  # "not in the registry, check it": the worksheet's business
        data["version_note"] = ""
    for key in ("revision", "revision_zh"):
        data[key] = "；".join(part for part in (data.get(key) or "").split("；") if not is_internal(part))
    return data


def client_exposure_note(f: Finding, registry: Any) -> str:
    """Why no amount was computed, in the client's words: question texts, never ids."""
    if not f.exposure_note:
        return ""
    if f.exposure is not None:
        return ""
    missing = re.match(r"金额无法计算：(.+?) 未知", f.exposure_note)
    if missing:
        texts = [_question_text(registry, f.checklist, q.strip()) for q in missing.group(1).split(",")]
        texts = [t for t in texts if not re.fullmatch(r"[A-Za-z0-9_.]+", t)]
        if texts:
            return "金额暂不能测算：须先核实" + "；".join(t.rstrip("？?。") for t in texts) + "。"
    return "金额暂不能测算，须待核实有关情况后由律师测算。"


_ARITHMETIC = re.compile(r"^[0-9\s.,×÷*/+\-()（）\u4e00-\u9fff]+$")


def exposure_sentences(exposure: Any) -> list[str]:
    """The working as sentences a reader can check: numbers put in, no code.

    '下限 = 400 * 5 * 2 + 500 * 3 * 2 = 7,000' becomes '400 × 5 × 2 + 500 × 3 × 2 = 7,000 元'; a part that
    still holds code (a function, a row variable) is left to the worksheet and the basis sentence says it."""
    parts = {}
    for part in exposure.working.split("；"):
        label, _, rest = part.partition(" = ")
        expr, _, _value = rest.rpartition(" = ")
        if label.strip() in ("下限", "上限") and expr:
            parts[label.strip()] = expr.strip()
    out = []
    if not parts:
        return out
    same = len(set(parts.values())) == 1
    for label, expr in parts.items():
        inner = expr[1:-1] if expr.startswith("(") and expr.endswith(")") and expr.count("(") == 1 else expr
        if not _ARITHMETIC.match(inner) or not re.search(r"[×*/+÷-]", inner):
            continue
        text = re.sub(r"\d+(?:\.\d+)?", lambda m: _thousands(m.group(0)), inner)
        text = text.replace("*", "×").replace("/", "÷")
        value = exposure.low if label == "下限" else exposure.high
        prefix = "" if same else f"{label}："
        out.append(f"{prefix}{text} = {money(value)}")
        if same:
            break
    return out


def _thousands(number: str) -> str:
    value = float(number)
    return f"{value:,.0f}" if value == int(value) and "." not in number else number


def _fact_view(fact: Any, question: Any) -> dict:
    text = fact.text.rstrip("。")
    rows = fact.answer if isinstance(fact.answer, list) and fact.answer and all(isinstance(r, dict) for r in fact.answer) else []
    return {"text": text, "sep": "" if text.endswith(("？", "?", "：")) else "：",
            "answer": "" if rows else format_answer(fact.answer, question),
            "rows": [_format_row(r, question) for r in rows]}


def _question_text(registry: Any, checklist: str, qid: str) -> str:
    q = _question(registry, checklist, qid)
    return q.text if q is not None else qid


def _domains(result: Result) -> list[str]:
    order = [s.domain for s in result.domain_scores]
    for f in result.findings:
        if f.domain not in order:
            order.append(f.domain)
    return order


def build_view(result: Result, registry: Any = None, sections: list | None = None) -> dict:
    """Gather everything the report template draws, in the order it draws it."""
    ent, asm = result.enterprise, result.assessment
    domains = []
    all_items = []
    for di, domain in enumerate(_domains(result), start=1):
        found = sorted((f for f in result.findings if f.domain == domain), key=finding_rank)
        items = [_finding_view(f, registry, f"{di}.{i}", result.domain_names, asm.date) for i, f in enumerate(found, start=1)]
        all_items += items
        score = next((s for s in result.domain_scores if s.domain == domain), None)
        domains.append({"id": domain, "number": di, "name": result.domain_names.get(domain, domain),
                        "score": score.score if score else None, "findings": items,
                        "checklists": [c for c in result.checklists if c.domain == domain and c.applicable]})
    laws = law_compendium(all_items)  # every cited article quoted once, in the appendix; cards point to it
    for d in domains:  # findings still to verify of low importance are rows of a table, not cards
        d["cards"] = [f for f in d["findings"] if not _compact(f)]
        d["rows"] = [f for f in d["findings"] if _compact(f)]
    active = [f for f in result.findings if f.effective]
    plan = ranked_actions(result)
    numbers = {(it["checklist"], it["rule"]): it for it in all_items}
    plan_rows = [{"priority": i, "severity": f.severity.value, "number": numbers[(f.checklist, f.rule)]["number"],
                  "id": numbers[(f.checklist, f.rule)]["id"], "exposure": numbers[(f.checklist, f.rule)]["exposure_range"], "severity_name": SEVERITY_NAMES[f.severity.value],
                  "title": f.title, "recommendation": numbers[(f.checklist, f.rule)]["recommendation"], "status": f.status,
                  "first_step": first_step(numbers[(f.checklist, f.rule)]["recommendation"]),
                  "timeframe": TIMEFRAME_NAMES[f.timeframe.value], "due": due_text(f.timeframe.value, asm.date),
                  "domain": result.domain_names.get(f.domain, f.domain)}
                 for i, f in enumerate(plan, start=1)]
    placed = _sections(sections or [])
    counts = {s: sum(1 for f in active if f.status == "fired" and f.severity.value == s) for s in SEVERITY_ORDER}
    verify_counts = {s: sum(1 for f in active if f.status == "verify" and f.severity.value == s) for s in SEVERITY_ORDER}
    return {
        "enterprise": ent, "assessment": asm, "date": asm.date.isoformat(),
        "mode": MODE_NAMES.get(asm.mode, asm.mode), "self_check": asm.mode == "self",
        "report_title": "企业法律风险自查报告" if asm.mode == "self" else "企业法律风险体检报告",
        "grade": {**GRADE[result.grade], "id": result.grade, "reason": grade_reason(result, counts, verify_counts)},
        "overall_score": result.overall_score,
        "exposure_total": money_range(result.exposure_total.get("low", 0), result.exposure_total.get("high", 0))
        if result.exposure_total.get("high") else "未测算出金额",
        "exposure_lines": exposure_lines(result),
        "exposure_legend": exposure_legend(exposure_lines(result)),
        "coverage": result.coverage, "generated_by": result.generated_by,
        "severities": [{"id": s, "name": SEVERITY_NAMES[s], "colour": SEVERITY_COLOURS[s],
                        "fired": counts[s], "verify": verify_counts[s]} for s in SEVERITY_ORDER],
        "fired_total": sum(counts.values()), "verify_total": sum(verify_counts.values()),
        "top_actions": plan_rows[:5], "plan": plan_rows, "domains": domains,
        "score_chart": score_chart(result), "heatmap": heatmap(result, domains), "index": all_items,
        "verification": verification(result, registry), "documents": documents(result, registry),
        "appendix": appendix(result, registry), "laws": laws,
        "checklists": [_client_run(c) for c in result.checklists if not c.reason.startswith("未选择")],
        "weights": [{"name": SEVERITY_NAMES[s], "points": WEIGHTS[s]} for s in SEVERITY_ORDER],
        "warnings": result.warnings, "sections": placed,
        "plugins": result.plugins, "law_overrides": result.law_overrides,
    } | _chapters(domains, placed)


def grade_reason(result: Result, fired: dict[str, int], verify: dict[str, int]) -> str:
    """Why the light has its colour, in one sentence (the rules are in the method chapter)."""
    if fired["critical"]:
        return f"评为红灯，是因为有 {fired['critical']} 项已发现的重大问题（有重大问题即为红灯，与得分高低无关）。"
    if result.grade == "red":
        return "评为红灯，是因为综合得分低于 60 分。"
    if result.grade == "amber":
        if fired["high"]:
            return f"评为黄灯，是因为有 {fired['high']} 项已发现的高风险问题。"
        if verify["critical"] or verify["high"]:
            return f"评为黄灯，是因为有 {verify['critical'] + verify['high']} 项重大或高风险事项待核实。"
        return "评为黄灯，是因为综合得分低于 80 分。"
    return ""


def _client_run(run: Any) -> dict:
    """A checklist row for the method chapter: the reason without the engine's English gloss."""
    data = run.model_dump()
    data["reason"] = re.sub(r"（[A-Za-z][^（）]*）", "", data["reason"] or "")
    return data


def _compact(f: dict) -> bool:
    return f["status"] == "verify" and f["severity"] in ("low", "info")


def _law_rank(name: str) -> int:
    """Statutes first, then regulations and rules, then judicial interpretations."""
    if name.startswith("最高人民法院") or name.startswith("最高人民检察院"):
        return 2
    return 0 if name.startswith("中华人民共和国") and name.endswith("法") else 1


def _article_number(key: str) -> tuple:
    number = key.rpartition("#")[2]
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("-"))


def law_compendium(items: list[dict]) -> list[dict]:
    """The cited articles, each once, grouped by law (statutes, regulations, interpretations) and in
    article order; numbered 1..n.  Each citation in *items* gets ``ref`` (that number) and ``anchor``."""
    articles: dict[str, dict] = {}
    for item in items:
        for art in item["legal_basis"]:
            entry = articles.setdefault(art["key"], {**art, "cited_by": []})
            if item["number"] not in entry["cited_by"]:
                entry["cited_by"].append(item["number"])
    ordered = sorted(articles.values(),
                     key=lambda a: (_law_rank(a["law"]), a["law"], a.get("revision_zh") or a["revision"],
                                    _article_number(a["key"]), a["key"]))
    groups: list[dict] = []
    for n, art in enumerate(ordered, start=1):
        art["ref"] = n
        art["anchor"] = "law-" + re.sub(r"[^A-Za-z0-9_-]", "-", art["key"])
        art["paragraphs"] = [p for p in art["text"].split("\n") if p.strip()]
        if not groups or groups[-1]["law"] != art["law"] or groups[-1]["revision"] != (art.get("revision_zh") or art["revision"]):
            groups.append({"law": art["law"], "revision": art.get("revision_zh") or art["revision"], "articles": []})
        groups[-1]["articles"].append(art)
    for item in items:
        for art in item["legal_basis"]:
            art["ref"], art["anchor"] = articles[art["key"]]["ref"], articles[art["key"]]["anchor"]
    return groups


NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """Chinese numeral for 1–99: 一, 十, 十二, 二十三."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def _chapters(domains: list[dict], sections: dict[str, list]) -> dict:
    """The table of contents: chapter ids and numbered headings, plugin sections in their places."""
    toc: list[dict] = []

    def add(cid: str, title: str) -> None:
        toc.append({"id": cid, "title": f"{numeral(len(toc) + 1)}、{title}"})

    def plugins(after: str) -> None:
        for i, s in enumerate(sections[after], start=1):
            s["id"] = f"plugin-{after}-{i}"
            add(s["id"], s["title"])

    add("summary", "执行摘要")
    plugins("summary")
    add("matrix", "风险矩阵")
    for d in domains:
        d["chapter"] = f"domain-{d['id']}"
        add(d["chapter"], f"{d['name']}")
    plugins("domains")
    add("plan", "整改计划")
    plugins("plan")
    add("verification", "待核实事项")
    add("documents", "资料清单")
    add("appendix", "附录：问卷与回答")
    add("laws", "附录：法律依据汇编")
    plugins("appendix")
    add("method", "评估方法与评分")
    add("disclaimer", "声明与签署")
    return {"toc": toc, "ch": {c["id"]: c["title"] for c in toc}}


def _sections(sections: list) -> dict[str, list]:
    placed: dict[str, list] = {"summary": [], "domains": [], "plan": [], "appendix": []}
    for plugin, section in sections:
        placed[section.after].append({"plugin": plugin, "title": section.title, "html": section.html,
                                      "paragraphs": section.paragraphs, "tables": section.tables})
    return placed


# --------------------------------------------------------------------------- charts (geometry only; SVG is in the template)


def score_chart(result: Result) -> dict:
    """Horizontal bars, one per domain, 0–100.

    Why: the label column widens for long domain names (公司治理与资本 is seven
    11-point characters) so they are not clipped; the bars keep their scale.
    """
    bar_h, gap = 14, 6  # compact enough for six or more domains to keep the summary on one page
    label_w = max(78, 11 * max((len(s.name) for s in result.domain_scores), default=0) + 14)
    width = label_w + 222
    scale = (width - label_w - 30) / 100
    bars = []
    for i, s in enumerate(result.domain_scores):
        colour = "#2e7d4f" if s.score >= 80 else "#c98a0b" if s.score >= 60 else "#b3261e"
        y = 28 + i * (bar_h + gap)
        bars.append({"name": s.name, "score": f"{s.score:g}", "y": y, "w": max(2.0, s.score * scale),
                     "colour": colour, "text_y": y + bar_h / 2 + 5})
    height = 28 + max(1, len(bars)) * (bar_h + gap) + 8
    ticks = [{"x": label_w + t * scale, "label": str(t)} for t in (0, 60, 80, 100)]
    return {"bars": bars, "width": width, "height": height, "label_w": label_w, "bar_h": bar_h,
            "scale": scale, "ticks": ticks, "axis_bottom": height - 8}


def heatmap(result: Result, domains: list[dict]) -> dict:
    """Domains (rows) × severity (columns); a cell's shade grows with its count of effective findings."""
    label_w, cell_w, cell_h, top = 110, 66, 34, 30
    rows = []
    for r, d in enumerate(domains):
        cells = []
        for c, sev in enumerate(SEVERITY_ORDER):
            fired = sum(1 for f in d["findings"] if f["effective"] and f["status"] == "fired" and f["severity"] == sev)
            verify = sum(1 for f in d["findings"] if f["effective"] and f["status"] == "verify" and f["severity"] == sev)
            weight = fired + 0.5 * verify
            opacity = 0 if weight == 0 else min(1.0, 0.55 + 0.15 * weight)
            cells.append({"x": label_w + c * cell_w, "fired": fired, "verify": verify,
                          "colour": SEVERITY_COLOURS[sev], "opacity": round(opacity, 2),
                          "dark": opacity >= 0.5})
        rows.append({"name": d["name"], "y": top + r * cell_h, "cells": cells})
    cols = [{"x": label_w + c * cell_w + cell_w / 2, "name": SEVERITY_NAMES[s]} for c, s in enumerate(SEVERITY_ORDER)]
    return {"rows": rows, "cols": cols, "label_w": label_w, "cell_w": cell_w, "cell_h": cell_h, "top": top,
            "width": label_w + cell_w * len(SEVERITY_ORDER) + 2, "height": top + cell_h * max(1, len(rows)) + 2}


# --------------------------------------------------------------------------- verification, documents, appendix


def verification(result: Result, registry: Any) -> list[dict]:
    groups: dict[str, list] = {}
    for v in result.needs_verification:
        rules = [f.title for f in result.findings if f.checklist == v.checklist and v.question in f.unknown]
        groups.setdefault(v.domain, []).append({"text": v.text, "reason": REASON_NAMES[v.reason],
                                                "evidence": v.evidence, "rules": rules})
    pending = [f for f in result.findings if f.status == "verify" and f.effective]
    for f in pending:
        groups.setdefault(f.domain, [])
    return [{"name": result.domain_names.get(d, d), "entries": items,
             "rules": [f.title for f in pending if f.domain == d]}
            for d, items in sorted(groups.items(), key=lambda kv: _domain_index(result, kv[0]))]


def _domain_index(result: Result, domain: str) -> int:
    order = _domains(result) + list(result.domain_names)
    return order.index(domain) if domain in order else len(order)


def documents(result: Result, registry: Any) -> list[dict]:
    """Evidence the checklists name, one entry per document and domain, with what it is for."""
    groups: dict[str, dict[str, dict]] = {}
    urgent = {(v.checklist, v.question) for v in result.needs_verification}

    def add(domain: str, doc: str, purpose: str, is_urgent: bool) -> None:
        entry = groups.setdefault(domain, {}).setdefault(doc, {"name": doc, "purposes": [], "urgent": False})
        if purpose and purpose not in entry["purposes"]:
            entry["purposes"].append(purpose)
        entry["urgent"] |= is_urgent

    section_of: dict[tuple[str, str], str] = {}  # the purpose named is the questionnaire section: short and plain
    for run in result.checklists:
        if not run.applicable or registry is None or run.id not in registry.checklists:
            continue
        asked = set(result.answers.get(run.id, {})) | {q for c, q in urgent if c == run.id}
        for sec in registry.checklists[run.id].model.sections:
            for q in sec.questions:
                section_of[(run.id, q.id)] = sec.title
                if asked and q.id not in asked:
                    continue
                for doc in q.evidence:
                    add(run.domain, doc, sec.title, (run.id, q.id) in urgent)
    for v in result.needs_verification:
        for doc in v.evidence:
            add(v.domain, doc, section_of.get((v.checklist, v.question), v.text), True)
    return [{"name": result.domain_names.get(d, d), "entries": list(docs.values())}
            for d, docs in sorted(groups.items(), key=lambda kv: _domain_index(result, kv[0]))]


def appendix(result: Result, registry: Any) -> list[dict]:
    """Every question with its answer and note, checklist by checklist."""
    out = []
    for run in result.checklists:
        if not run.applicable:
            continue
        answers = result.answers.get(run.id, {})
        notes = result.notes.get(run.id, {})
        evidence = result.evidence.get(run.id, {})
        loaded = registry.checklists.get(run.id) if registry is not None else None
        pending = {v.question: v for v in result.needs_verification if v.checklist == run.id}
        sections = []
        if loaded is not None:
            for sec in loaded.model.sections:
                asked = [q for q in sec.questions if q.id in answers or q.id in pending]
                rows = [{"id": q.id, "text": q.text, "note": notes.get(q.id, ""), "answered": q.id in answers,
                         "evidence": evidence.get(q.id, []),
                         "answer": format_answer(answers[q.id], q) if q.id in answers
                         else REASON_NAMES[pending[q.id].reason]}
                        for q in asked]
                skipped = [q.text for q in sec.questions if q not in asked]  # one line, not a row each
                sections.append({"title": sec.title, "rows": rows, "skipped": skipped})
        else:
            rows = [{"id": qid, "text": qid, "answer": format_answer(value), "note": notes.get(qid, ""), "answered": True,
                     "evidence": evidence.get(qid, [])}
                    for qid, value in answers.items()]
            sections.append({"title": "", "rows": rows, "skipped": []})
        out.append({"id": run.id, "title": run.title, "version": run.version,
                    "domain": result.domain_names.get(run.domain, run.domain), "sections": sections})
    return out


# --------------------------------------------------------------------------- the lawyer's worksheet

PLACEHOLDER_WORDS = ("示例", "样例", "测试", "某某", "XXX", "xxx", "待填", "请填写", "TODO")


def placeholder_inputs(result: Result) -> list[str]:
    """Inputs that look like a template's placeholders or were never filled in."""
    from escort.labels import PLACEHOLDER_NAME, PLACEHOLDER_USCC

    ent, asm = result.enterprise, result.assessment
    out = []
    if ent.name == PLACEHOLDER_NAME or any(w in ent.name for w in PLACEHOLDER_WORDS):
        out.append(f"企业名称“{ent.name}”像是模板的占位内容，请改为营业执照上的名称。")
    if ent.uscc == PLACEHOLDER_USCC or re.search(r"0{8,}", ent.uscc or ""):
        out.append(f"统一社会信用代码 {ent.uscc} 像是模板的占位代码，请按营业执照核对。")
    if asm.mode != "self" and not asm.assessor:
        out.append("未填写承办律师（assessment.assessor）。")
    if asm.mode != "self" and not asm.firm:
        out.append("未填写律师事务所（assessment.firm）。")
    answered = sum(len(a) for a in result.answers.values())
    unknown = sum(1 for a in result.answers.values() for v in a.values() if v == "unknown")
    if result.coverage.get("visible") and not result.coverage.get("answered"):
        out.append("清单问题一题都没有回答（全部为“不清楚”或未作答），报告中的评级和得分不反映企业的实际情况。")
    elif answered and unknown >= 0.5 * answered:
        out.append(f"已填写的 {answered} 个回答中有 {unknown} 个为“不清楚”，结论主要是待核实事项。")
    return out


def build_worksheet(result: Result, registry: Any = None) -> dict:
    """What the lawyer checks before signing: never sent to the client.

    Notes for the lawyer (versions of the law, articles not in the registry, tool caveats), inputs that look
    like placeholders, answers to verify (with question ids), overrides, and the code form of each formula."""
    asm = result.assessment
    findings = []
    for f in ranked_actions(result) + [f for f in result.findings if not f.effective]:
        item = _finding_view(f, registry, "", result.domain_names, asm.date)
        item["lawyer_notes"] += [f"《{a.short_name}》{a.label}：{a.version_note}" for a in f.legal_basis
                                 if a.version_note and not is_internal(a.version_note)]
        item["lawyer_notes"] += [f"《{a.short_name}》{a.label}：{part}" for a in f.legal_basis
                                 for part in (a.revision_zh or a.revision).split("；") if is_internal(part)]
        item["no_registry_text"] = [n for n in item["lawyer_notes"] if "未收入" in n]
        findings.append(item)
    notes = [f for f in findings if f["lawyer_notes"]]
    formulas = [f for f in findings if f["exposure"]]
    verify = [{"id": f"{v.checklist}.{v.question}", "text": v.text, "reason": REASON_NAMES[v.reason],
               "evidence": v.evidence} for v in result.needs_verification]
    overrides = [f for f in findings if f["override"]]
    return {
        "enterprise": result.enterprise, "assessment": asm, "date": asm.date.isoformat(),
        "mode": MODE_NAMES.get(asm.mode, asm.mode), "generated_by": result.generated_by,
        "placeholders": placeholder_inputs(result), "notes": notes, "formulas": formulas, "verify": verify,
        "overrides": overrides, "warnings": result.warnings,
        "law_overrides": result.law_overrides, "plugins": result.plugins,
        "top": findings[:5], "exposure_lines": exposure_lines(result),
    }
