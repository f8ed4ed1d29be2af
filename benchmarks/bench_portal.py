"""Loopback load on the portal: N simulated enterprises autosaving answers against ``escort serve``.

Usage: python benchmarks/bench_portal.py [--db sqlite|postgresql] [--clients 50] [--seconds 60]

Seeds N checkups with invitation links in a fresh data folder (and, for PostgreSQL, a fresh database
``escort_bench`` on 127.0.0.1:5432), starts ``escort serve`` on 127.0.0.1, and runs N threads: each opens its
invitation like a browser (session and CSRF cookies), then saves one answer after another with a person's pause
(1-4 s, as answers come when a person reads, thinks and types) until the time is up.  Afterwards it counts the answer rows and compares each with the last value the
client saw acknowledged.  Prints requests, p50/p95/max latency, errors and answers lost.
Bounded: at most 200 clients and 300 seconds, only 127.0.0.1.  Targets: 0 errors, 0 lost, p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/escort_bench"
# questions a person answers in the first sections of the labour checklist, with plausible values
QUESTIONS = [("headcount", lambda r: str(r.randint(5, 800))), ("local_min_wage", lambda r: str(r.randint(1900, 2700))),
             ("local_avg_wage", lambda r: str(r.randint(6000, 14000))),
             ("has_union", lambda r: r.choice(["yes", "no", "unknown"])),
             ("has_dispatch", lambda r: r.choice(["yes", "no"])), ("has_female", lambda r: r.choice(["yes", "no"])),
             ("has_minors", lambda r: r.choice(["no", "unknown"])), ("has_unsigned", lambda r: r.choice(["yes", "no"])),
             ("contract_register", lambda r: r.choice(["yes", "no"])), ("uses_probation", lambda r: r.choice(["yes", "no"]))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_pg() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS escort_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE escort_bench")


def seed(n: int) -> list[tuple[int, str]]:
    from django.core.management import call_command

    from escort.web import setup

    setup()
    call_command("migrate", interactive=False, verbosity=0)
    from escort.web.portal.models import Checkup, Enterprise, Firm, Programme
    from escort.web.portal.views_fill import new_invitation

    prog = Programme.objects.create(name="bench programme")
    firm = Firm.objects.create(programme=prog, name="bench firm")
    out = []
    for i in range(n):
        ent = Enterprise.objects.create(firm=firm, name=f"压测企业{i:03d}有限公司", uscc="91320505MA1W8R2T6Y")
        ck = Checkup.objects.create(enterprise=ent, checklists=["labour"], assessment={"date": "2026-11-20", "mode": "self"})
        out.append((ck.id, new_invitation(ck, "bench")))
    return out


class Client:
    def __init__(self, port: int, checkup: int, token: str, deadline: float, seed_: int):
        self.port, self.checkup, self.token, self.deadline = port, checkup, token, deadline
        self.rng = random.Random(seed_)
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []
        self.server_ms: list[float] = []
        self.errors: list[str] = []
        self.acked: dict[str, str] = {}

    def request(self, conn, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"127.0.0.1:{self.port}"}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf,
                            "Origin": f"http://127.0.0.1:{self.port}", "Referer": f"http://127.0.0.1:{self.port}/"})
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        timing = resp.getheader("Server-Timing") or ""
        if "dur=" in timing:
            self.server_ms.append(float(timing.split("dur=")[1]))
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, value = v.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
        return resp.status, data

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            status, _ = self.request(conn, "GET", f"/i/{self.token}")
            status, page = self.request(conn, "GET", f"/fill/{self.checkup}/?s=labour-0")
            self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            self.errors.append(f"open: {exc}")
            return
        while time.time() < self.deadline:
            qid, make = self.rng.choice(QUESTIONS)
            value = make(self.rng)
            body = urlencode({"checklist": "labour", "question": qid, "value": value})
            t0 = time.perf_counter()
            try:
                status, data = self.request(conn, "POST", f"/fill/{self.checkup}/save", body)
            except Exception as exc:  # noqa: BLE001
                self.errors.append(f"{qid}: {exc}")
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append(time.perf_counter() - t0)
            if status == 200 and b'"ok": true' in data:
                self.acked[qid] = value
            else:
                self.errors.append(f"{qid}: HTTP {status} {data[:120]!r}")
            time.sleep(self.rng.uniform(1.0, 4.0))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    clients, seconds = min(args.clients, 200), min(args.seconds, 300)
    data = Path(tempfile.mkdtemp(prefix="escort-bench-"))
    os.environ["ESCORT_WEB_DATA"] = str(data)
    os.environ.pop("ESCORT_DATABASE_URL", None)
    if args.db == "postgresql":
        reset_pg()
        os.environ["ESCORT_DATABASE_URL"] = PG_BENCH
    invitations = seed(clients)
    load_before = os.getloadavg()[0]
    port = free_port()
    log = open(data / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "escort", "serve", "--data", str(data), "--port", str(port),
                               "--no-worker", "--threads", "8"], stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        deadline = time.time() + seconds
        sims = [Client(port, ck, tok, deadline, i) for i, (ck, tok) in enumerate(invitations)]
        threads = [threading.Thread(target=s.run) for s in sims]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 60)
    finally:
        server.terminate()
        server.wait(20)
    from escort.web.portal.models import Answer

    lat = sorted(x for s in sims for x in s.latencies)
    errors = [e for s in sims for e in s.errors]
    expected = {(s.checkup, q): v for s in sims for q, v in s.acked.items()}
    stored = {(a.checkup_id, a.question): a.value for a in Answer.objects.filter(checklist="labour")}
    lost = [k for k, v in expected.items() if stored.get(k) != v]
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else float("nan")
    print(f"portal load on {args.db}: {clients} enterprises autosaving for {seconds:.0f} s (server: waitress, 8 threads; "
          f"machine load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  saves {len(lat)} ({len(lat) / seconds:.1f}/s)  p50 {statistics.median(lat) * 1000:.0f} ms  "
          f"p95 {p95:.0f} ms  max {lat[-1] * 1000:.0f} ms")
    srv = sorted(x for s in sims for x in s.server_ms)
    print(f"  time inside Django: p50 {statistics.median(srv):.0f} ms  p95 {srv[int(0.95 * (len(srv) - 1))]:.0f} ms")
    print(f"  errors {len(errors)}  answers expected {len(expected)}  rows {len(stored)}  lost {len(lost)}")
    for e in errors[:5]:
        print("   ", e)
    ok = not errors and not lost and p95 < 200
    print("  target (0 errors, 0 lost, p95 < 200 ms):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
