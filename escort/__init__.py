"""Escort: enterprise legal health checks (法治体检) as code."""

from escort.hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["hookimpl", "__version__"]
