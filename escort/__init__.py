"""Escort: enterprise legal health checks (法治体检) as code."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["hookimpl", "__version__"]


def __getattr__(name: str) -> Any:
    """``from escort import hookimpl`` loads pluggy only when a plugin asks for it (``escort --help`` does not)."""
    if name == "hookimpl":
        from escort.hookspecs import hookimpl

        return hookimpl
    raise AttributeError(f"module 'escort' has no attribute {name!r}")
