"""Shared fixtures for Escort's own tests (escort.testing's fixtures come from its pytest11 entry point)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def run_cli():
    """Run the installed escort command in a subprocess, as a user would."""

    def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        import os

        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "escort", *args], capture_output=True, text=True,
                              cwd=cwd, env=full_env, timeout=120)

    return run
