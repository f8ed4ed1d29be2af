"""Shared fixtures for Escort's own tests (escort.testing's fixtures come from its pytest11 entry point)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def escort_command(*args: str) -> list[str]:
    """The installed escort command (run from outside the checkout, so the source tree cannot shadow it)."""
    script = Path(sys.executable).with_name("escort")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "escort", *args]


@pytest.fixture
def run_cli(tmp_path_factory):
    """Run the installed escort command in a subprocess, as a user would."""

    def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        import os

        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(escort_command(*args), capture_output=True, text=True,
                              cwd=cwd or tmp_path_factory.mktemp("cwd"), env=full_env, timeout=120)

    return run
