"""Time the report of the demo enterprise: HTML render, PDF render, and WeasyPrint alone on the same HTML.

Usage: python benchmarks/bench_report.py [ROUNDS]

Prints seconds per stage (best of ROUNDS after one warm-up render, which loads
the fonts), the ratio of our PDF render to WeasyPrint's default render of the
same HTML (target: within 1.2×), the PDF size (target: under 2 MB) and the
peak memory of this process (target: under 300 MiB).
"""

from __future__ import annotations

import resource
import sys
import time

from escort.answers import load_answers
from escort.engine import evaluate
from escort.registry import build_registry
from escort.report import has_subsetter, render_html, render_pdf
from escort.resources import data_path


def best(fn, rounds: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    t0 = time.perf_counter()
    registry = build_registry()
    answers, _ = load_answers(data_path("examples", "sample.yaml"), registry)
    result = evaluate(registry, answers)
    t_check = time.perf_counter() - t0

    t0 = time.perf_counter()
    import weasyprint
    t_import = time.perf_counter() - t0

    html_s, html = best(lambda: render_html(result, registry), rounds)
    t0 = time.perf_counter()
    render_pdf(html)  # warm-up: loads the fonts once per process
    t_first = time.perf_counter() - t0
    pdf_s, pdf = best(lambda: render_pdf(html), rounds)
    alone_s, _ = best(lambda: weasyprint.HTML(string=html).write_pdf(), rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    print(f"libharfbuzz-subset:     {'yes' if has_subsetter() else 'NO (install libharfbuzz-subset0)'}")
    print(f"check (registry+eval):  {t_check:.3f} s")
    print(f"import weasyprint:      {t_import:.3f} s")
    print(f"HTML render:            {html_s:.3f} s  ({len(html.encode()) / 1024:.0f} KiB)")
    print(f"PDF render, first:      {t_first:.3f} s  (fonts loaded)")
    print(f"PDF render (ours):      {pdf_s:.3f} s")
    print(f"WeasyPrint alone:       {alone_s:.3f} s")
    print(f"ratio ours / alone:     {pdf_s / alone_s:.2f}x  (target <= 1.2x)")
    print(f"PDF size:               {len(pdf) / 1024 / 1024:.2f} MB  (target < 2 MB)")
    print(f"peak memory (RSS):      {peak:.0f} MiB  (target < 300 MiB)")


if __name__ == "__main__":
    main()
