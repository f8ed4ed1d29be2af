"""Escort's settings, and the one place that reads ``ESCORT_*`` environment variables.

Every front end builds a :class:`Config` (the CLI from its options plus the
environment, the web portal from its settings, tests explicitly) and hands it
to :class:`escort.service.Escort`; nothing else in Escort reads the environment.

==========================  =====================================================
``ESCORT_CHECKLISTS``       extra folders of checklist and law YAML (``os.pathsep``)
``ESCORT_DISABLE``          plugins not to load (comma-separated)
``ESCORT_STRICT``           ``1`` makes a broken plugin or checklist fatal
``ESCORT_BRAND``            brand file for html/pdf reports
==========================  =====================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping


@dataclass(frozen=True)
class Config:
    """What to load and how: plugin folders, disabled plugins, strictness, branding."""

    folders: tuple[Path, ...] = ()
    disabled: frozenset[str] = frozenset()
    strict: bool = False
    brand: Path | None = None
    entry_points: tuple | None = field(default=None, compare=False)  # tests: fake entry points instead of installed

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, folders: Iterable[str | Path] = (),
                 disabled: Iterable[str] = (), strict: bool = False, brand: str | Path | None = None) -> "Config":
        """Build the settings from explicit values (command-line options) and the ``ESCORT_*`` variables.

        Explicit folders come first, then those of ``ESCORT_CHECKLISTS``; disabled plugins are the union of
        both; an explicit brand wins over ``ESCORT_BRAND``.
        """
        env = os.environ if environ is None else environ
        env_folders = [p for p in env.get("ESCORT_CHECKLISTS", "").split(os.pathsep) if p]
        names = {n.strip() for item in disabled for n in str(item).split(",") if n.strip()}
        names |= {n.strip() for n in env.get("ESCORT_DISABLE", "").split(",") if n.strip()}
        strict = strict or env.get("ESCORT_STRICT", "") not in ("", "0", "false", "no")
        brand = brand or env.get("ESCORT_BRAND") or None
        return cls(folders=tuple(Path(p) for p in [*folders, *env_folders]), disabled=frozenset(names),
                   strict=strict, brand=Path(brand) if brand else None)

    def with_changes(self, **changes) -> "Config":
        """A copy with some settings changed."""
        return replace(self, **changes)
