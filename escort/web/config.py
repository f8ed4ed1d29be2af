"""The portal's settings from the environment: the one place in escort.web that reads ESCORT_* variables.

``ESCORT_DATABASE_URL``  postgresql://user@host:port/db (PostgreSQL); unset: SQLite in the data folder.
``ESCORT_WEB_DATA``      the data folder (database, uploads, reports, job queue, secret key); default ./escort-data.
``ESCORT_WEB_SECURE``    "1" to mark cookies Secure (set by ``escort serve`` unless it listens on loopback only).
``ESCORT_HUEY_URL``      redis://… to share the job queue between machines; unset: Huey's SQLite storage.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


@dataclass(frozen=True)
class WebConfig:
    data: Path
    database_url: str | None
    secure_cookies: bool
    huey_url: str | None

    @classmethod
    def from_env(cls) -> "WebConfig":
        return cls(data=Path(os.environ.get("ESCORT_WEB_DATA") or "escort-data").resolve(),
                   database_url=os.environ.get("ESCORT_DATABASE_URL") or None,
                   secure_cookies=os.environ.get("ESCORT_WEB_SECURE", "") == "1",
                   huey_url=os.environ.get("ESCORT_HUEY_URL") or None)

    def secret_key(self) -> str:
        """The Django secret key, created once in the data folder (mode 600)."""
        path = self.data / "secret_key"
        if not path.exists():
            self.data.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
        return path.read_text().strip()

    def database(self) -> dict:
        """Django's DATABASES['default'] for this configuration."""
        if not self.database_url:
            return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(self.data / "portal.sqlite3"), "CONN_MAX_AGE": 600,
                    "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20,
                                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
        return parse_database_url(self.database_url)


def parse_database_url(url: str) -> dict:
    """Turn postgresql://user:pw@host:port/name?host=/socket into Django's database settings."""
    u = urlparse(url)
    if u.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"ESCORT_DATABASE_URL: only postgresql:// URLs are supported, not {u.scheme!r}")
    query = {k: v[-1] for k, v in parse_qs(u.query).items()}
    return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(u.path.lstrip("/")) or "escort",
            "USER": unquote(u.username or ""), "PASSWORD": unquote(u.password or ""),
            "HOST": query.pop("host", u.hostname or ""), "PORT": str(u.port or ""),
            "CONN_MAX_AGE": 60, "OPTIONS": query}
