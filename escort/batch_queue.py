"""Batch checkups through the Huey job queue, for a programme that runs several worker machines.

One machine needs nothing of this: ``escort batch`` uses a process pool.  A
province that spreads the work puts the queue in PostgreSQL or Redis
(``--queue postgresql://…`` / ``redis://…``, or ``ESCORT_HUEY_URL``, the same
setting the web portal reads), starts ``escort worker --queue URL`` on every
worker machine, and runs ``escort batch --queue URL`` on one; the outputs go
to a folder every machine sees (NFS/SMB).

Huey delivers each message at most once: a worker killed mid-job loses it.
So each job also leaves its state in the queue's own key-value store:

* ``claim:<key>`` — who runs it and a heartbeat, renewed every second;
* ``done:<key>`` — written once, atomically (``put_if_empty``), when it is done.

A job whose ``done`` marker exists is never run again (so none is done twice);
the producer waits for every ``done`` marker and queues again any job whose
claim has gone stale (its worker died) or that is neither queued, claimed nor
done (lost between dequeue and claim), so none is lost.  Outputs are written
atomically and keyed by the input hash, so a re-run job overwrites nothing
half-written.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import click

from escort.batch import BatchSettings, Outcome, process_one
from escort.errors import EscortError

try:
    from huey.constants import EmptyData as EMPTY  # what peek_data returns for a missing key
except ImportError:  # pragma: no cover - huey is in the programme extra
    EMPTY = None

QUEUE_NAME = "escort-batch"
HEARTBEAT = 1.0  # seconds between heartbeats of a running job
STALE_AFTER = 60.0  # a claim without a heartbeat for this long belongs to a dead worker


def make_huey(url: str | None, *, name: str = QUEUE_NAME, sqlite_path: str | Path = "escort-queue.sqlite3"):
    """A Huey instance for *url* (postgresql://, redis://, or None for a local SQLite file), with the batch task."""
    import huey

    if not url:
        instance = huey.SqliteHuey(name, filename=str(sqlite_path))
    else:
        scheme = urlparse(url).scheme
        if scheme in ("postgres", "postgresql"):
            instance = _postgres_huey(name, url)
        elif scheme in ("redis", "rediss"):
            instance = huey.RedisHuey(name, url=url)
        else:
            raise EscortError(f"--queue {url!r}: use postgresql://…, redis://… or leave it unset for SQLite")
    instance.escort_job = instance.task(name="escort_batch_job")(run_job)
    return instance


def _postgres_huey(name: str, url: str):
    """PostgresHuey; two processes creating its tables at the same moment can collide ("create table if not
    exists" is not atomic in PostgreSQL), so a collision is retried once the other has created them."""
    import huey

    for attempt in range(5):
        try:
            return huey.PostgresHuey(name, dsn=url)
        except Exception as exc:  # psycopg.errors.UniqueViolation on pg_type
            if "already exists" not in str(exc) or attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _storage() -> Any:
    return _CURRENT["huey"].storage


_CURRENT: dict[str, Any] = {}


def run_job(path: str, out_dir: str, key: str, settings: BatchSettings, log: str) -> str:
    """The task: skip if done; claim with a heartbeat; process; mark done once; log the completion."""
    storage = _storage()
    if storage.peek_data(f"done:{key}") is not EMPTY:
        return "already done"
    me = {"host": socket.gethostname(), "pid": os.getpid()}
    claim = json.dumps({**me, "at": time.time()}).encode()
    if not storage.put_if_empty(f"claim:{key}", claim):
        held = storage.peek_data(f"claim:{key}")
        if held is not EMPTY and time.time() - json.loads(held)["at"] <= STALE_AFTER:
            return "running elsewhere"  # queued twice; the first worker still has it
        storage.put_data(f"claim:{key}", claim)  # its worker died: take it over
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT):
            storage.put_data(f"claim:{key}", json.dumps({**me, "at": time.time()}).encode())

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        outcome = process_one(path, out_dir, key, settings)
    finally:
        stop.set()
        thread.join()
    record = json.dumps({"input": outcome.input, "folder": outcome.folder, "status": outcome.status,
                         "problems": outcome.problems, "summary": outcome.summary, **me}, ensure_ascii=False)
    if storage.put_if_empty(f"done:{key}", record.encode()):
        with open(log, "a", encoding="utf-8") as fh:  # one short line per completion: O_APPEND keeps lines whole
            fh.write(f"{key} {me['host']} {me['pid']}\n")
    storage.pop_data(f"claim:{key}")
    return outcome.status


@click.command("worker")
@click.option("--queue", "url", default=None, metavar="URL",
              help="postgresql://… or redis://… shared by every machine (default: SQLite file --sqlite).")
@click.option("-w", "--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Worker threads.")
@click.option("--sqlite", "sqlite_path", default="escort-queue.sqlite3", show_default=True, type=click.Path(dir_okay=False))
def worker_command(url: str | None, workers: int, sqlite_path: str) -> None:
    """Run batch jobs from the queue (one per core: start one worker process per core); Ctrl-C to stop."""
    run_worker(url, workers=workers, sqlite_path=sqlite_path)


def run_worker(url: str | None, *, workers: int = 1, sqlite_path: str | Path = "escort-queue.sqlite3",
               name: str = QUEUE_NAME) -> None:
    """Run a Huey consumer for batch jobs until interrupted (SIGINT finishes the running jobs first)."""
    instance = make_huey(url, sqlite_path=sqlite_path, name=name)
    _CURRENT["huey"] = instance
    instance.create_consumer(workers=workers, worker_type="thread", periodic=False).run()


def run_batch_queued(todo: list[tuple[str, str, str]], out: Path, settings: BatchSettings, url: str | None, *,
                     stale_after: float = STALE_AFTER, poll: float = 0.5, timeout: float | None = None,
                     progress: Any = None, sqlite_path: str | Path = "escort-queue.sqlite3",
                     name: str = QUEUE_NAME) -> list[Outcome]:
    """Queue one job per (input, output folder, key), wait until all are done, re-queue jobs of dead workers.

    Returns one Outcome per job, in the order given.
    """
    instance = make_huey(url, sqlite_path=sqlite_path, name=name)
    _CURRENT["huey"] = instance
    storage = instance.storage
    out.mkdir(parents=True, exist_ok=True)
    log = str((out / "queue-log.txt").resolve())
    jobs = {key: (str(Path(path).resolve()), str(Path(folder).resolve()), key, settings, log) for path, folder, key in todo}
    given = {key: path for path, _, key in todo}
    task = instance.escort_job
    for key, args in jobs.items():  # the caller decided these need doing: forget earlier runs of them
        storage.pop_data(f"done:{key}")
        task(*args)
    done: dict[str, dict] = {}
    started = time.time()
    while True:
        for key in jobs:
            raw = storage.peek_data(f"done:{key}") if key not in done else EMPTY
            if raw is not EMPTY:
                done[key] = json.loads(raw)
                if progress:
                    progress(done[key])
        if len(done) == len(jobs):
            break
        _requeue_lost(instance, task, jobs, done, stale_after)
        if timeout is not None and time.time() - started > timeout:
            raise EscortError(f"batch queue: {len(jobs) - len(done)} job(s) not done after {timeout:g} s; are workers running?")
        time.sleep(poll)
    for key in jobs:
        storage.pop_data(f"done:{key}")
    return [Outcome(given[k], done[k]["folder"], k, done[k]["status"], done[k]["problems"], done[k]["summary"])
            for _, _, k in todo]


def _requeue_lost(instance: Any, task: Any, jobs: dict, done: dict, stale_after: float) -> None:
    storage = instance.storage
    pending = instance.pending_count()
    for key, args in jobs.items():
        if key in done:
            continue
        raw = storage.peek_data(f"claim:{key}")
        if raw is not EMPTY:
            if time.time() - json.loads(raw)["at"] > stale_after:  # its worker died mid-job
                storage.pop_data(f"claim:{key}")
                task(*args)
        elif pending == 0 and storage.peek_data(f"done:{key}") is EMPTY:
            # neither queued, claimed nor done: lost between dequeue and claim (or done just now: check once more)
            time.sleep(0.2)
            if storage.peek_data(f"claim:{key}") is EMPTY and storage.peek_data(f"done:{key}") is EMPTY:
                task(*args)
