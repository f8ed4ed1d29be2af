"""Where the bundled checklists, reports and examples are.

In an installed wheel they sit inside the ``escort`` package; in a source
checkout they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    inside = PACKAGE.joinpath(*parts)
    if inside.exists():
        return inside
    return PACKAGE.parent.joinpath(*parts)
