"""The report worker: ``python -m escort.web.worker`` runs Huey's consumer for the portal's jobs."""

from __future__ import annotations


def main() -> None:
    from escort.web import setup

    setup()
    from huey.contrib.djhuey import HUEY

    from escort.web import jobs

    jobs.requeue_stale()
    _exit_with_parent()
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=True, check_worker_health=True)
    consumer.run()


def _exit_with_parent() -> None:
    """Stop when the escort serve that started this worker is gone (no orphaned workers)."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    main()
