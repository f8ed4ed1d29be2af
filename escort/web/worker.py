"""The report worker: ``python -m escort.web.worker`` runs Huey's consumer for the portal's jobs."""

from __future__ import annotations


def main() -> None:
    from escort.web import setup

    setup()
    from huey.contrib.djhuey import HUEY

    from escort.web import jobs

    jobs.requeue_stale()
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=True, check_worker_health=True)
    consumer.run()


if __name__ == "__main__":
    main()
