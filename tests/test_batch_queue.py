"""Two worker processes share one queue in the local PostgreSQL; killing one mid-job loses nothing, repeats nothing.

Skipped cleanly when the server (127.0.0.1:5432, database test) or the drivers are not there.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

pytest.importorskip("huey")
psycopg = pytest.importorskip("psycopg")

from escort.batch import BatchSettings, checklist_versions, input_key  # noqa: E402
from escort.resources import data_path  # noqa: E402

URL = "postgresql://postgres@127.0.0.1:5432/test"
JOBS = 6


def _reachable() -> bool:
    try:
        psycopg.connect(URL, connect_timeout=2).close()
        return True
    except Exception:
        return False


pytestmark = pytest.mark.skipif(not _reachable(), reason="no PostgreSQL on 127.0.0.1:5432 (database test)")


def _worker(name: str) -> subprocess.Popen:
    code = f"from escort.batch_queue import run_worker; run_worker({URL!r}, name={name!r})"
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_two_workers_share_the_queue_and_a_killed_workers_job_is_done_once(tmp_path):
    from escort.batch_queue import make_huey, run_batch_queued

    name = f"escort-test-{uuid.uuid4().hex[:8]}"
    inputs = []
    for i in range(JOBS):  # distinct inputs (so distinct keys), each with DOCX/XLSX so a job lasts long enough to be killed
        src = data_path("examples", ["average.yaml", "well_run.yaml", "in_trouble.yaml"][i % 3])
        dst = tmp_path / f"e{i}.yaml"
        shutil.copy(src, dst)
        dst.write_text(dst.read_text(encoding="utf-8") + f"\n# {i}\n", encoding="utf-8")
        inputs.append(dst)
    settings = BatchSettings(formats=("json", "docx", "xlsx"))
    versions = checklist_versions(settings)
    out = tmp_path / "out"
    todo = [(str(p), str(out / p.stem), input_key(p, versions, settings.formats)) for p in inputs]
    instance = make_huey(URL, name=name)
    instance.flush()
    workers = [_worker(name), _worker(name)]
    victim, survivor = workers
    result: dict = {}

    def produce() -> None:
        result["outcomes"] = run_batch_queued(todo, out, settings, URL, name=name, stale_after=3, poll=0.2, timeout=180)

    producer = threading.Thread(target=produce)
    producer.start()
    try:
        killed_key = None
        deadline = time.time() + 60
        while killed_key is None and time.time() < deadline:  # wait until the victim holds a job, then kill it
            for _, _, key in todo:
                raw = instance.storage.peek_data(f"claim:{key}")
                if isinstance(raw, bytes) and json.loads(raw)["pid"] == victim.pid:
                    os.kill(victim.pid, signal.SIGKILL)
                    killed_key = key
                    break
            time.sleep(0.01)
        assert killed_key is not None, "the victim never took a job"
        producer.join(timeout=180)
        assert not producer.is_alive()
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGINT)
        for w in workers:
            try:
                w.wait(timeout=30)
            except subprocess.TimeoutExpired:
                w.kill()
        instance.flush()
    if "outcomes" not in result:
        pytest.fail("survivor said: " + survivor.stderr.read().decode(errors="replace")[-3000:])
    outcomes = result["outcomes"]
    assert [o.status for o in outcomes] == ["ok"] * JOBS
    log = [line.split() for line in (out / "queue-log.txt").read_text().splitlines()]
    done_keys = [k for k, _, _ in log]
    assert sorted(done_keys) == sorted(k for _, _, k in todo)  # none lost, none done twice
    assert next(pid for k, _, pid in log if k == killed_key) == str(survivor.pid)
    assert {pid for _, _, pid in log} <= {str(victim.pid), str(survivor.pid)}
    for p in inputs:
        assert (out / p.stem / "result.json").is_file() and (out / p.stem / "report.docx").is_file()
