"""Huey discovers tasks in each app's tasks module."""

from escort.web.jobs import render_report, requeue_stale_task  # noqa: F401
