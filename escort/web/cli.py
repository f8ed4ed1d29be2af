"""``escort serve`` (the portal) and ``escort audit`` (verify the audit chain): lazy commands of escort.cli."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _need_web() -> None:
    try:
        import django  # noqa: F401
        import huey  # noqa: F401
        import waitress  # noqa: F401
    except ImportError as exc:
        click.echo(f"escort serve needs the web extra ({exc.name} is missing): pip install 'escort[web]'", err=True)
        sys.exit(2)


def prepare(data: str, host: str = "127.0.0.1") -> Path:
    """Point the portal at *data*, configure Django and apply migrations; return the data folder."""
    folder = Path(data).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["ESCORT_WEB_DATA"] = str(folder)
    os.environ.setdefault("ESCORT_WEB_SECURE", "0" if host in LOOPBACK else "1")
    from escort.web import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return folder


def start_worker(folder: Path) -> subprocess.Popen:
    """Start the Huey consumer for report jobs in its own process (WeasyPrint is CPU-bound)."""
    env = dict(os.environ, ESCORT_WEB_DATA=str(folder))
    return subprocess.Popen([sys.executable, "-m", "escort.web.worker"], env=env)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", default="escort-data", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the database, uploads, reports and job queue (created if missing).")
@click.option("--demo", is_flag=True, help="Seed a demo programme and print its URLs, invitation link and logins.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Web server threads.")
@click.option("--no-worker", is_flag=True, help="Do not start the report worker (run `python -m escort.web.worker`).")
def serve_command(host: str, port: int, data: str, demo: bool, threads: int, no_worker: bool) -> None:
    """Start the web portal: enterprises self-assess in a browser, lawyers review and sign.

    Applies database migrations itself.  SQLite in the data folder, or PostgreSQL when ESCORT_DATABASE_URL is set.
    """
    _need_web()
    folder = prepare(data, host)
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    if demo:
        from escort.web.demo import seed

        info = seed(base)
        click.echo(f"Escort portal (demo)  {info['url']}/login")
        click.echo(f"Invitation link (enterprise self-assessment, no account): {info['invitation']}")
        for user, password, what in info["logins"]:
            click.echo(f"  login {user:<10} password {password}   {what}")
    else:
        click.echo(f"Escort portal  {base}/login   (data: {folder})")
    worker = None if no_worker else start_worker(folder)
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the worker is stopped below
    from waitress import serve

    from escort.web.wsgi import application

    try:
        serve(application, host=host, port=port, threads=threads, ident="escort", clear_untrusted_proxy_headers=True,
              connection_limit=200, channel_timeout=60)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(10)


@click.command("audit")
@click.option("--data", default="escort-data", show_default=True, type=click.Path(file_okay=False))
def audit_command(data: str) -> None:
    """Verify the portal's audit trail: every row's hash and its link to the row before it."""
    _need_web()
    if not Path(data).is_dir():
        click.echo(f"{data}: no such data folder", err=True)
        sys.exit(2)
    prepare(data)
    from escort.web.audit import verify_chain

    count, problems = verify_chain()
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"audit chain BROKEN: {len(problems)} problem(s) in {count} events")
        sys.exit(1)
    click.echo(f"audit chain intact: {count} events")
