"""Re-check diff and rectification tracking (整改跟踪), and ``escort recheck``.

Two results of the same enterprise (matched by USCC) are compared finding by
finding, keyed by checklist and rule:

* **resolved** — in the earlier checkup, gone from the later one;
* **new** — only in the later one;
* **worsened** — in both, and more severe, or the same severity with a higher
  upper amount;
* **improved** — in both, and less severe, or the same severity with a lower
  upper amount;
* **persisting** — in both, same severity and amount.

A finding counts when it is effective (not dismissed by a lawyer), whether it
fired or is still to verify: unknown is never compliant.  The money change of
a row is the later upper amount less the earlier (a resolved finding's is minus
its earlier amount).  Each row carries the rectification record written for it
(the later file's record wins over the earlier one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from escort.errors import EscortError
from escort.files import write_atomic
from escort.models import (RECTIFICATION_NAMES, SEVERITY_NAMES, SEVERITY_ORDER, Rectification, ReportSection,
                           ReportTable)

CHANGE_NAMES = {"resolved": "已解决", "improved": "有改善", "persisting": "仍存在", "worsened": "加重", "new": "新发现"}
CHANGE_ORDER = ["worsened", "new", "persisting", "improved", "resolved"]


@dataclass
class DiffRow:
    """One finding's fate between the two checkups."""

    checklist: str
    rule: str
    title: str
    change: str
    old_severity: str | None
    new_severity: str | None
    old_high: float | None
    new_high: float | None
    money_change: float
    rectification: dict[str, Any] | None = None


@dataclass
class RecheckDiff:
    """The comparison of an enterprise's earlier and later checkups."""

    enterprise: str
    uscc: str
    old_date: dt.date
    new_date: dt.date
    rows: list[DiffRow] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(r.change == change for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {c: self.count(c) for c in CHANGE_ORDER}

    @property
    def money_change(self) -> float:
        return round(sum(r.money_change for r in self.rows), 2)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"], data["money_change"] = self.counts, self.money_change
        return data


def _present(result: Any) -> dict[tuple[str, str], Any]:
    return {(f.checklist, f.rule): f for f in result.findings if f.effective}


def _high(f: Any) -> float | None:
    return None if f is None or f.exposure is None else float(f.exposure.high)


def _record(new: Any, old: Any, key: tuple[str, str]) -> Rectification | None:
    for r in (new, old):
        rec = getattr(r, "rectification", {}).get(key[0], {}).get(key[1])
        if rec is not None:
            return rec
    return None


def diff_results(old: Any, new: Any) -> RecheckDiff:
    """Compare two results of one enterprise; *old* must be the earlier checkup."""
    if old.enterprise.uscc != new.enterprise.uscc:
        raise EscortError(f"not the same enterprise: {old.enterprise.uscc} ({old.enterprise.name}) and "
                          f"{new.enterprise.uscc} ({new.enterprise.name}); a re-check compares results with the same USCC")
    if old.assessment.date > new.assessment.date:
        old, new = new, old
    before, after = _present(old), _present(new)
    diff = RecheckDiff(new.enterprise.name, new.enterprise.uscc, old.assessment.date, new.assessment.date)
    for key in list(before) + [k for k in after if k not in before]:
        o, n = before.get(key), after.get(key)
        oh, nh = _high(o), _high(n)
        if n is None:
            change = "resolved"
        elif o is None:
            change = "new"
        else:
            rank_o, rank_n = SEVERITY_ORDER.index(o.severity.value), SEVERITY_ORDER.index(n.severity.value)
            if rank_n < rank_o or (rank_n == rank_o and (nh or 0) > (oh or 0)):
                change = "worsened"
            elif rank_n > rank_o or (rank_n == rank_o and (nh or 0) < (oh or 0)):
                change = "improved"
            else:
                change = "persisting"
        rec = _record(new, old, key)
        diff.rows.append(DiffRow(
            checklist=key[0], rule=key[1], title=(n or o).title, change=change,
            old_severity=o.severity.value if o else None, new_severity=n.severity.value if n else None,
            old_high=oh, new_high=nh, money_change=round((nh or 0) - (oh or 0), 2),
            rectification=rec.model_dump(mode="json") if rec else None))
    diff.rows.sort(key=lambda r: (CHANGE_ORDER.index(r.change),
                                  SEVERITY_ORDER.index(r.new_severity or r.old_severity), r.checklist, r.rule))
    return diff


# --------------------------------------------------------------------------- outputs


def _context(diff: RecheckDiff) -> dict[str, Any]:
    from escort.report_view import money

    return {"d": diff, "change_names": CHANGE_NAMES, "change_order": CHANGE_ORDER, "sev": SEVERITY_NAMES,
            "rect_names": RECTIFICATION_NAMES, "money": money, "signed": signed}


def signed(amount: float) -> str:
    """+1,234.50 or −7,000 (an amount change, always with its sign)."""
    text = f"{abs(amount):,.2f}".removesuffix(".00")
    return ("+" if amount > 0 else "−" if amount < 0 else "") + text


def recheck_section(diff: RecheckDiff) -> ReportSection:
    """The "整改情况" section for the later checkup's report (placed after the summary)."""
    from escort.report import _environment

    html = _environment().get_template("recheck_section.html.j2").render(**_context(diff))
    c = diff.counts
    summary = (f"对照 {diff.old_date} 体检与 {diff.new_date} 复查：" + "，".join(f"{CHANGE_NAMES[k]} {c[k]} 项" for k in CHANGE_ORDER)
               + f"。涉及金额（上限）变化 {signed(diff.money_change) or '0'} 元（负数为减少）。")
    table = ReportTable(columns=["变化", "问题", "上次等级", "本次等级", "金额变化", "整改记录"], rows=[
        [CHANGE_NAMES[r.change], r.title, SEVERITY_NAMES.get(r.old_severity or "", "—"),
         SEVERITY_NAMES.get(r.new_severity or "", "—"), signed(r.money_change) or "—",
         RECTIFICATION_NAMES[r.rectification["status"]] if r.rectification else "未记录"] for r in diff.rows])
    return ReportSection(title="整改情况", paragraphs=[summary], tables=[table], html=html, after="summary")


def render_recheck_html(diff: RecheckDiff, brand: Any = None) -> str:
    """The short follow-up visit (回访) report as one HTML page."""
    from markupsafe import Markup

    from escort.report import _environment

    section = Markup(recheck_section(diff).html)
    return _environment().get_template("recheck.html.j2").render(section=section, firm=getattr(brand, "firm", None),
                                                                 **_context(diff))


def previous_answers(path: Path, today: dt.date) -> str:
    """A new answers file (YAML) for a checkup that starts from the last one's result.json or answers file.

    The enterprise, the lawyer, every answer and the rectification records are
    carried over; the date is *today*; a comment asks for each answer to be
    confirmed.  Answers left unknown stay unknown.
    """
    import json

    import yaml

    from escort.sources import read_document

    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EscortError(f"{path}: cannot read: {exc}") from None
    else:
        data = read_document(path).data
    if not isinstance(data, dict) or "enterprise" not in data or "assessment" not in data:
        raise EscortError(f"{path}: neither a result.json nor an answers file (no enterprise/assessment)")
    previous_date = data["assessment"].get("date")
    assessment = {k: v for k, v in data["assessment"].items() if v is not None}
    assessment["date"] = today.isoformat()
    versions = data.get("checklist_versions") or {r["id"]: r["version"] for r in data.get("checklists", [])
                                                  if r.get("applicable")}
    answers = {cid: {q: v for q, v in given.items() if v is not None}
               for cid, given in (data.get("answers") or {}).items() if cid in versions}
    out = {"enterprise": {k: v for k, v in data["enterprise"].items() if v not in (None, [], "")},
           "assessment": assessment, "checklist_versions": versions, "answers": answers}
    if data.get("rectification"):
        out["rectification"] = data["rectification"]
    head = (f"# 复查（回访）答题文件：由 {previous_date} 的体检（{path.name}）生成。\n"
            "# 上次的答案已原样带入：请逐项与企业核对，情况有变的改答；记录整改情况见 rectification。\n")
    return head + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, default_flow_style=False)


@click.command("recheck")
@click.argument("earlier", type=click.Path(exists=True, dir_okay=False))
@click.argument("later", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "output", default="escort-recheck", show_default=True, type=click.Path(file_okay=False))
@click.option("--format", "formats", default="html,json", show_default=True,
              help="Comma-separated: json, html, pdf (the 回访 report); report, report-docx (the later checkup's report "
                   "with a 整改情况 section, as HTML or Word).")
@click.pass_obj
def recheck_command(ctx: Any, earlier: str, later: str, output: str, formats: str) -> None:
    """Compare two result.json files of one enterprise: resolved, new, persisting, worsened, improved."""
    import json

    from escort.report import load_result, render_html, render_pdf

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in ("json", "html", "pdf", "report", "report-docx")]
    if bad:
        raise EscortError(f"unknown format {bad[0]!r}; use json, html, pdf, report or report-docx")
    results = [load_result(Path(earlier)), load_result(Path(later))]
    diff = diff_results(*results)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "json" in wanted:
        written.append(write_atomic(out / "recheck.json", json.dumps(diff.to_dict(), ensure_ascii=False, indent=2, default=str)))
    if "html" in wanted or "pdf" in wanted:
        html = render_recheck_html(diff)
        if "html" in wanted:
            written.append(write_atomic(out / "recheck.html", html))
        if "pdf" in wanted:
            written.append(write_atomic(out / "recheck.pdf", render_pdf(html)))
    if "report" in wanted or "report-docx" in wanted:
        result = max(results, key=lambda r: r.assessment.date)  # the later checkup, whichever order they came in
        registry = ctx.registry() if ctx is not None else None
        sections = (registry.plugins.report_sections(result) if registry else []) + [("recheck", recheck_section(diff))]
        if "report" in wanted:
            written.append(write_atomic(out / "report.html", render_html(result, registry, sections=sections)))
        if "report-docx" in wanted:
            from escort.docx_report import render_report_docx

            written.append(write_atomic(out / "report.docx", render_report_docx(result, registry, sections=sections)))
    c = diff.counts
    click.echo(f"{diff.enterprise}（{diff.uscc}）{diff.old_date} → {diff.new_date}：" +
               "，".join(f"{CHANGE_NAMES[k]} {c[k]}" for k in CHANGE_ORDER) + f"；金额变化 {diff.money_change:+,.2f} 元")
    for path in written:
        click.echo(f"wrote {path}")
