"""Shared fixtures for Escort's own tests (escort.testing's fixtures come from its pytest11 entry point)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def escort_command(*args: str) -> list[str]:
    """The installed escort command (run from outside the checkout, so the source tree cannot shadow it)."""
    script = Path(sys.executable).with_name("escort")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "escort", *args]


@pytest.fixture
def run_cli(tmp_path_factory):
    """Run the installed escort command in a subprocess, as a user would."""

    def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        import os

        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(escort_command(*args), capture_output=True, text=True,
                              cwd=cwd or tmp_path_factory.mktemp("cwd"), env=full_env, timeout=120)

    return run


@pytest.fixture
def make_result():
    """Build a Result by hand: (checklist, rule, severity, status, exposure high or None) per finding.

    For the programme tests (statistics, re-check, ledgers), whose expected figures are worked out from these
    hand-written findings rather than from running the checklists.
    """
    import datetime as dt

    from escort.models import Assessment, Enterprise, ExposureResult, Finding, Rectification, Result
    from escort.uscc import check_character

    def uscc(n: int) -> str:
        base = f"91320505{n:09d}"
        return base + check_character(base)

    def make(n: int, date: str, findings: list[tuple], *, industry: str | None = "制造业", region: str | None = "江苏省苏州市",
             rectification: dict | None = None, name: str | None = None) -> Result:
        items = []
        for checklist, rule, severity, status, high, *rest in findings:
            items.append(Finding(
                checklist=checklist, rule=rule, title=f"{checklist}.{rule} 的问题", domain=checklist, severity=severity,
                status=status, timeframe="within_30_days", effective=not (rest and rest[0] == "dismissed"),
                exposure=None if high is None else ExposureResult(low=high / 2, high=high, basis="b", formula="f", working="w")))
        return Result(
            generated_by="test", enterprise=Enterprise(name=name or f"企业{n}", uscc=uscc(n), industry=industry, region=region),
            assessment=Assessment(date=dt.date.fromisoformat(date), assessor="陈律师", firm="示范律所"),
            checklists=[], findings=items, needs_verification=[], domain_scores=[], overall_score=80.0, grade="amber",
            exposure_total={"low": 0.0, "high": 0.0}, coverage={"answered": 0, "visible": 0},
            rectification={c: {r: Rectification(**rec) for r, rec in rules.items()} for c, rules in (rectification or {}).items()})

    return make
