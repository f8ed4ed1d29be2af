"""Time the evaluation of 1,000 answers files (read, validate, evaluate; no rendering).

Usage: python benchmarks/bench_check.py [N]

Writes N variations of the bundled example files to a temporary folder, builds
the service once (as one `escort check` run does), then reads and evaluates
each file through ``Escort.assess_many``, first in this process (one core),
then with two worker processes, and prints assessments per second for each.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from escort.config import Config
from escort.resources import data_path
from escort.service import Escort


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
    svc = Escort(Config())
    t1 = time.perf_counter()
    print(f"catalog: {len(svc.catalog.checklists)} checklists ({', '.join(svc.catalog.checklists)}) "
          f"built in {t1 - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        paths = variations(n, Path(tmp))
        rates = {}
        for workers in (1, 2):
            t2 = time.perf_counter()
            outcomes = list(svc.assess_many(paths, workers=workers))
            t3 = time.perf_counter()
            failed = [a for a in outcomes if not a.ok]
            findings = sum(len(a.result.findings) for a in outcomes if a.ok)
            rates[workers] = n / (t3 - t2)
            print(f"{workers} worker(s): {n} answers files in {t3 - t2:.2f} s: {rates[workers]:,.0f} assessments per "
                  f"second ({findings} findings in all, {len(failed)} failed)")
    print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
