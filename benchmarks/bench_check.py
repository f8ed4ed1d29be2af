"""Time the evaluation of 1,000 answers files (read, validate, evaluate; no rendering).

Usage: python benchmarks/bench_check.py [N]

Writes N variations of the bundled example files to a temporary folder, builds
the registry once (as one `escort check` run does), then reads and evaluates
each file, and prints assessments per second.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from escort.answers import load_answers
from escort.engine import evaluate
from escort.registry import build_registry
from escort.resources import data_path


def variations(n: int, folder: Path) -> list[Path]:
    rng = random.Random(20261120)
    sources = sorted(data_path("examples").glob("*.yaml"))
    bases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources]
    bases = [b for b in bases if isinstance(b, dict) and b.get("answers")]
    paths = []
    for i in range(n):
        data = bases[i % len(bases)]
        for answers in (data.get("answers") or {}).values():
            for key, value in list((answers or {}).items()):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and rng.random() < 0.3:
                    answers[key] = type(value)(value * rng.choice([0, 0.5, 1]))  # stays within any min..max
        path = folder / f"a{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t0 = time.perf_counter()
    registry = build_registry()
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = variations(n, Path(tmp))
        findings = 0
        t2 = time.perf_counter()
        for path in paths:
            answers, _ = load_answers(path, registry)
            findings += len(evaluate(registry, answers).findings)
        t3 = time.perf_counter()
    checklists = ", ".join(registry.checklists)
    print(f"registry: {len(registry.checklists)} checklists ({checklists}) built in {t1 - t0:.2f} s")
    print(f"{n} answers files evaluated in {t3 - t2:.2f} s: {n / (t3 - t2):,.0f} assessments per second "
          f"({findings} findings in all)")


if __name__ == "__main__":
    main()
