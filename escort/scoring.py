"""Scores, grade and total exposure of a result.

The formula (also in the README):

* Each rule has a weight by severity: critical 40, high 20, medium 10, low 5,
  info 0.  A domain's score is ``100 × (1 − lost ÷ possible)``, where
  *possible* is the total weight of the rules of the domain's evaluated
  checklists and *lost* the weight of its effective findings; a finding still
  to verify (its answers are unknown) loses half its weight.
* The overall score is the mean of the scores of the domains evaluated.
* Grade: **red** if any critical finding fired or the overall score is below
  60; **amber** if any high finding fired, anything critical or high is left
  to verify, or the overall score is below 80; **green** otherwise.
* Exposure is totalled per kind, never across kinds: ``liability`` (what the
  company may have to pay), ``claim`` (what it may claim or recover) and
  ``recovery`` (what an insolvency estate may recover).  Each total sums the
  low and high ends of every effective fired finding of that kind and counts
  the findings with a figure, those without one, and the critical ones
  without one.  ``exposure_total`` is the liability total.

A finding dismissed or marked not applicable by a lawyer's override (one not
yet expired) does not count; a confirmed one counts as fired.
"""

from __future__ import annotations

from escort.models import SEVERITY_ORDER, DomainScore, Result

WEIGHTS = {"critical": 40, "high": 20, "medium": 10, "low": 5, "info": 0}


def score(result: Result) -> Result:
    applicable = [run.domain for run in result.checklists if run.applicable]
    domains = [d for d in result.domain_names if d in applicable]  # the registered order
    for domain in applicable:
        if domain not in domains:
            domains.append(domain)
    possible = {d: sum(r.weight for r in result.checklists if r.applicable and r.domain == d) for d in domains}
    scores, low, high = [], 0.0, 0.0
    red = amber = False
    for domain in domains:
        counts = {s: 0 for s in SEVERITY_ORDER}
        lost = 0.0
        for f in result.findings:
            if f.domain != domain or not f.effective:
                continue
            fired = f.status == "fired" or (f.override is not None and f.override.status == "confirmed" and not f.override_expired)
            weight = WEIGHTS[f.severity.value]
            lost += weight if fired else weight / 2
            if fired:
                counts[f.severity.value] += 1
                red |= f.severity.value == "critical"
                amber |= f.severity.value == "high"
            else:
                amber |= f.severity.value in ("critical", "high")
        value = 100.0 * (1 - lost / possible[domain]) if possible[domain] else 100.0
        scores.append(DomainScore(domain=domain, name=result.domain_names.get(domain, domain), score=round(max(0.0, value), 1),
                                  findings=counts))
    totals = exposure_totals(result)
    low, high = totals["liability"]["low"], totals["liability"]["high"]
    overall = round(sum(s.score for s in scores) / len(scores), 1) if scores else 100.0
    if red or overall < 60:
        grade = "red"
    elif amber or overall < 80:
        grade = "amber"
    else:
        grade = "green"
    result.domain_scores = scores
    result.overall_score = overall
    result.grade = grade
    result.exposure_total = {"low": round(low, 2), "high": round(high, 2)}
    result.exposure_totals = totals
    return result


KINDS = ("liability", "claim", "recovery")


def exposure_totals(result: Result) -> dict[str, dict[str, float]]:
    """Per exposure kind: {low, high, findings_with_figure, findings_without_figure, critical_without_figure}."""
    totals = {k: {"low": 0.0, "high": 0.0, "findings_with_figure": 0, "findings_without_figure": 0,
                  "critical_without_figure": 0} for k in KINDS}
    for f in result.findings:
        fired = f.status == "fired" or (f.override is not None and f.override.status == "confirmed"
                                        and not f.override_expired)
        if not f.effective or not fired:
            continue
        kind = f.exposure.kind if f.exposure else f.exposure_kind
        t = totals[kind]
        if f.exposure:
            t["low"] += max(f.exposure.low, 0.0)
            t["high"] += max(f.exposure.high, 0.0)
            t["findings_with_figure"] += 1
        else:
            t["findings_without_figure"] += 1
            t["critical_without_figure"] += f.severity.value == "critical"
    for t in totals.values():
        t["low"], t["high"] = round(t["low"], 2), round(t["high"], 2)
    return totals
