"""Programme batch at scale: PDF reports on 1 vs 2 workers, peak memory per worker, 1,000 enterprises JSON-only.

Usage: python benchmarks/bench_batch.py [--pdf N] [--json M]     (defaults: 200 and 1,000, as issue 13 asks)

Generates enterprises from the bundled examples with varied answers (numbers
scaled by 0, ½ or 1, which stays within any min..max), each with its own name
and credit code, then runs escort batch's own code (run_batch) and prints:

* the wall time of N enterprises with PDF reports on 1 worker and on 2, and the speed-up (target ≥ 1.7× on 2 cores);
* the peak resident memory of a worker (target ≤ 350 MiB);
* the wall time of M enterprises JSON-only on every core (target < 10 s).

Run it on an otherwise idle machine: a loaded machine shows its load, not Escort.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

from escort.batch import BatchSettings, run_batch
from escort.resources import data_path
from escort.uscc import check_character


def variations(n: int, folder: Path, seed: int = 20261120) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sources = sorted(data_path("examples").glob("*.yaml"))
    bases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources]
    bases = [b for b in bases if isinstance(b, dict) and b.get("answers")]
    paths = []
    for i in range(n):
        data = yaml.safe_load(yaml.safe_dump(bases[i % len(bases)], allow_unicode=True))
        for answers in (data.get("answers") or {}).values():
            for key, value in list((answers or {}).items()):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and rng.random() < 0.3:
                    answers[key] = type(value)(value * rng.choice([0, 0.5, 1]))
        base = f"91320505{i:09d}"
        data["enterprise"]["uscc"] = base + check_character(base)
        data["enterprise"]["name"] = f"{data['enterprise']['name']}（样本{i:04d}）"
        path = folder / f"e{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def timed(inputs: list[Path], out: Path, formats: tuple[str, ...], jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    outcomes = run_batch(inputs, out, BatchSettings(formats=formats), jobs=jobs, force=True)
    elapsed = time.perf_counter() - start
    bad = [o for o in outcomes if o.status != "ok"]
    if bad:
        sys.exit(f"{len(bad)} enterprise(s) failed: {bad[0].problems[:2]}")
    return elapsed, len(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=int, default=200, help="enterprises with PDF reports (1 vs 2 workers)")
    parser.add_argument("--json", type=int, default=1000, help="enterprises JSON-only")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.pdf:
            inputs = variations(args.pdf, tmp / "pdf-in")
            one, n = timed(inputs, tmp / "pdf-1", ("json", "pdf"), jobs=1)
            self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            two, _ = timed(inputs, tmp / "pdf-2", ("json", "pdf"), jobs=2)
            child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{n} enterprises with PDF: 1 worker {one:.1f} s ({one / n:.2f} s each), "
                  f"2 workers {two:.1f} s; speed-up {one / two:.2f}x (target >= 1.7x)")
            print(f"peak memory: 1 worker (in-process) {self_peak:.0f} MiB; "
                  f"largest of the 2 pool workers {child_peak:.0f} MiB (target <= 350 MiB)")
        if args.json:
            inputs = variations(args.json, tmp / "json-in")
            elapsed, n = timed(inputs, tmp / "json-out", ("json",), jobs=os.cpu_count() or 1)
            print(f"{n} enterprises JSON-only on {os.cpu_count()} workers: {elapsed:.1f} s "
                  f"({n / elapsed:.0f} per second; target < 10 s)")


if __name__ == "__main__":
    main()
