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
* Total exposure sums the low and high ends of every effective fired finding.

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
    for f in result.findings:
        if f.effective and f.status == "fired" and f.exposure:
            low += f.exposure.low
            high += f.exposure.high
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
    return result
