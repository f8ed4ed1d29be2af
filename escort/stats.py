"""Programme statistics (统计上报) over many results, and ``escort stats``.

:func:`compute_stats` is the one computation; the CLI writes it as an HTML
dashboard (inline SVG charts), XLSX (native Excel charts) and PDF (the same
HTML through WeasyPrint), and the web portal calls the same function.

Counting rules, stated once:

* *checkups* are results; *enterprises* are distinct USCCs.  Findings,
  exposure and rectification come from each enterprise's **latest** checkup,
  so an enterprise checked twice is not counted twice.
* A finding counts when it is effective and fired (a lawyer's dismissal or
  "not applicable" removes it; "to verify" is counted apart).
* Exposure is kept in separate totals by kind — the enterprise's own potential
  liabilities, money owed to it (claims) and insolvency-estate recoveries —
  and never added together.  Results written before exposure kinds existed
  (no ``exposure_totals``) count as liabilities, and the statistics say so.
* The anonymised view groups by industry or district and suppresses every
  figure of a group with fewer than ``min_group`` enterprises.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import click

from escort.errors import EscortError
from escort.files import write_atomic
from escort.models import RECTIFICATION_NAMES, SEVERITY_NAMES, SEVERITY_ORDER

EXPOSURE_KINDS = {"liability": "企业可能承担的责任", "claim": "企业可主张的款项", "recovery": "破产财产可追回款项"}
UNKNOWN_GROUP = "（未填写）"


@dataclass
class GroupRow:
    """One row of the anonymised view; every figure is None when the group is suppressed."""

    group: str
    enterprises: int | None
    findings: int | None
    critical: int | None
    high: int | None
    liability_high: float | None
    suppressed: bool = False


@dataclass
class ProgrammeStats:
    """The programme in figures (every mapping ordered for display)."""

    enterprises: int
    checkups: int
    min_group: int
    by_period: dict[str, int]
    by_industry: dict[str, int]
    by_district: dict[str, int]
    findings_by_severity: dict[str, int]
    findings_by_domain: dict[str, dict[str, int]]
    to_verify: int
    top_rules: list[dict[str, Any]]
    exposure: dict[str, dict[str, float]]
    exposure_note: str
    rectification: dict[str, int]
    anonymised: dict[str, list[GroupRow]] = field(default_factory=dict)
    domain_names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def period_of(date: Any, period: str = "quarter") -> str:
    """'2026-Q4' (quarter), '2026-11' (month) or '2026' (year)."""
    if period == "month":
        return f"{date.year}-{date.month:02d}"
    if period == "year":
        return str(date.year)
    return f"{date.year}-Q{(date.month - 1) // 3 + 1}"


def exposure_kind(finding: Any) -> str:
    """The kind of a finding's exposure; 'liability' when the result predates kinds."""
    return getattr(finding.exposure, "kind", None) or "liability"


def is_counted(finding: Any) -> bool:
    return finding.effective and finding.status == "fired"


def latest_per_enterprise(results: Iterable[Any]) -> list[Any]:
    """The latest checkup of each enterprise (by USCC; ties keep the later one given)."""
    latest: dict[str, Any] = {}
    for r in results:
        seen = latest.get(r.enterprise.uscc)
        if seen is None or r.assessment.date >= seen.assessment.date:
            latest[r.enterprise.uscc] = r
    return list(latest.values())


def rectification_status(result: Any, finding: Any) -> str:
    record = getattr(result, "rectification", {}).get(finding.checklist, {}).get(finding.rule)
    return record.status if record is not None else "open"


def compute_stats(results: Iterable[Any], *, min_group: int = 5, period: str = "quarter",
                  top: int = 10) -> ProgrammeStats:
    """Compute the programme statistics of *results* (escort.models.Result objects).

    :param min_group: groups of the anonymised view with fewer enterprises are suppressed.
    :param period: 'quarter', 'month' or 'year' for the checkups-by-period count.
    :param top: how many of the most frequent rules to list.
    """
    results = list(results)
    latest = latest_per_enterprise(results)
    by_period = Counter(period_of(r.assessment.date, period) for r in results)
    by_industry = Counter(r.enterprise.industry or UNKNOWN_GROUP for r in latest)
    by_district = Counter(r.enterprise.region or UNKNOWN_GROUP for r in latest)
    severity = Counter({s: 0 for s in SEVERITY_ORDER})
    domain: dict[str, Counter] = defaultdict(lambda: Counter({s: 0 for s in SEVERITY_ORDER}))
    rules: dict[tuple[str, str], dict[str, Any]] = {}
    exposure = {k: {"low": 0.0, "high": 0.0} for k in EXPOSURE_KINDS}
    rect = Counter({s: 0 for s in RECTIFICATION_NAMES})
    to_verify = 0
    for r in latest:
        for f in r.findings:
            if f.effective and f.status == "verify":
                to_verify += 1
            if not is_counted(f):
                continue
            severity[f.severity.value] += 1
            domain[f.domain][f.severity.value] += 1
            entry = rules.setdefault((f.checklist, f.rule), {"checklist": f.checklist, "rule": f.rule, "title": f.title,
                                                             "severity": f.severity.value, "count": 0})
            entry["count"] += 1
            if f.exposure is not None:
                bucket = exposure.setdefault(exposure_kind(f), {"low": 0.0, "high": 0.0})
                bucket["low"] += f.exposure.low
                bucket["high"] += f.exposure.high
            rect[rectification_status(r, f)] += 1
    legacy = [r for r in latest if not getattr(r, "exposure_totals", None)
              and any(f.exposure is not None for f in r.findings if is_counted(f))]
    note = f"其中 {len(legacy)} 份结果生成于金额分类之前，其金额全部按“企业可能承担的责任”统计。" if legacy else ""
    top_rules = sorted(rules.values(), key=lambda e: (-e["count"], SEVERITY_ORDER.index(e["severity"]), e["rule"]))[:top]
    return ProgrammeStats(
        enterprises=len(latest), checkups=len(results), min_group=min_group,
        by_period=dict(sorted(by_period.items())),
        by_industry=dict(by_industry.most_common()), by_district=dict(by_district.most_common()),
        findings_by_severity=dict(severity), to_verify=to_verify,
        findings_by_domain={d: dict(c) for d, c in sorted(domain.items(), key=lambda kv: -sum(kv[1].values()))},
        top_rules=top_rules, exposure={k: {"low": round(v["low"], 2), "high": round(v["high"], 2)} for k, v in exposure.items()},
        exposure_note=note, rectification=dict(rect),
        domain_names={d: n for r in results for d, n in r.domain_names.items()},
        anonymised={"industry": anonymised_view(latest, "industry", min_group),
                    "district": anonymised_view(latest, "region", min_group)})


def anonymised_view(latest: list[Any], attr: str, min_group: int) -> list[GroupRow]:
    """Figures by group without naming enterprises; a group under *min_group* enterprises shows nothing."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in latest:
        groups[getattr(r.enterprise, attr) or UNKNOWN_GROUP].append(r)
    rows = []
    for name, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(members) < min_group:
            rows.append(GroupRow(name, None, None, None, None, None, suppressed=True))
            continue
        fired = [f for r in members for f in r.findings if is_counted(f)]
        rows.append(GroupRow(
            group=name, enterprises=len(members), findings=len(fired),
            critical=sum(f.severity.value == "critical" for f in fired),
            high=sum(f.severity.value == "high" for f in fired),
            liability_high=round(sum(f.exposure.high for f in fired
                                     if f.exposure is not None and exposure_kind(f) == "liability"), 2)))
    return rows


# --------------------------------------------------------------------------- outputs


def chart_specs(stats: ProgrammeStats) -> list:
    """The dashboard's charts, as data (drawn as SVG for HTML/PDF and as PNG for DOCX)."""
    from escort.charts import BarChart

    sev = stats.findings_by_severity
    return [
        BarChart("各等级问题数", tuple(SEVERITY_NAMES[s] for s in SEVERITY_ORDER), tuple(sev[s] for s in SEVERITY_ORDER),
                 "#b3261e", " 项"),
        BarChart("各领域问题数", tuple(stats.domain_names.get(d, d) for d in stats.findings_by_domain),
                 tuple(sum(c.values()) for c in stats.findings_by_domain.values()), "#1f3a5f", " 项"),
        BarChart("各期体检次数", tuple(stats.by_period), tuple(stats.by_period.values()), "#2e7d4f", " 次"),
        BarChart("整改情况", tuple(RECTIFICATION_NAMES[s] for s in stats.rectification),
                 tuple(stats.rectification.values()), "#c98a0b", " 项"),
    ]


def render_stats_html(stats: ProgrammeStats, *, title: str = "法治体检项目统计", generated: str = "") -> str:
    """The dashboard as one self-contained HTML page (inline CSS and SVG, no scripts)."""
    from markupsafe import Markup

    from escort.charts import bar_chart_svg
    from escort.report import _environment
    from escort.report_view import money

    charts = [Markup(bar_chart_svg(c)) for c in chart_specs(stats)]
    return _environment().get_template("stats.html.j2").render(
        s=stats, charts=charts, title=title, generated=generated, money=money, kinds=EXPOSURE_KINDS,
        severity_names=SEVERITY_NAMES, domain_names=stats.domain_names, rect_names=RECTIFICATION_NAMES)


def load_results(paths: Iterable[str | Path]) -> list[Any]:
    """Read result.json files (folders: every result.json below); a bad file is a plain EscortError."""
    from escort.report import load_result

    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(p.rglob("result.json")) if p.is_dir() else [p]
    if not files:
        raise EscortError("no result.json found in " + ", ".join(map(str, paths)))
    return [load_result(f) for f in files]


@click.command("stats")
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "output", default="escort-stats", show_default=True, type=click.Path(file_okay=False))
@click.option("--format", "formats", default="html,xlsx,json", show_default=True, help="Comma-separated: html, pdf, xlsx, json.")
@click.option("--min-group", default=5, show_default=True, type=click.IntRange(min=1),
              help="Suppress industry/district groups with fewer enterprises than this.")
@click.option("--period", default="quarter", show_default=True, type=click.Choice(["month", "quarter", "year"]))
def stats_command(results: tuple[str, ...], output: str, formats: str, min_group: int, period: str) -> None:
    """Programme statistics over result.json files or batch folders: HTML dashboard, XLSX, PDF."""
    import json

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in ("html", "pdf", "xlsx", "json")]
    if bad:
        raise EscortError(f"unknown format {bad[0]!r}; use html, pdf, xlsx or json")
    stats = compute_stats(load_results(results), min_group=min_group, period=period)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "json" in wanted:
        written.append(write_atomic(out / "stats.json", json.dumps(stats.to_dict(), ensure_ascii=False, indent=2)))
    if "html" in wanted or "pdf" in wanted:
        html = render_stats_html(stats)
        if "html" in wanted:
            written.append(write_atomic(out / "stats.html", html))
        if "pdf" in wanted:
            from escort.report import render_pdf

            written.append(write_atomic(out / "stats.pdf", render_pdf(html)))
    if "xlsx" in wanted:
        from escort.xlsx_report import stats_workbook

        written.append(write_atomic(out / "stats.xlsx", stats_workbook(stats)))
    click.echo(f"{stats.enterprises} 家企业，{stats.checkups} 次体检；问题 {sum(stats.findings_by_severity.values())} 项")
    for path in written:
        click.echo(f"wrote {path}")
