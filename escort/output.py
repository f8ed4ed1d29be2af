"""Terminal output helpers for the command line: columns aligned by display width, safe text.

Why: Chinese characters take two columns on a terminal, so padding by code points (``f"{name:<10}"``)
misaligns every table holding them; ``rich.cells`` measures what a terminal shows.
"""

from __future__ import annotations

from typing import Sequence


def display_width(text: str) -> int:
    """The number of terminal columns *text* takes (a CJK character takes two)."""
    from rich.cells import cell_len

    return cell_len(text)


def pad(text: str, width: int) -> str:
    """*text* followed by spaces up to *width* terminal columns (never cut)."""
    return text + " " * max(0, width - display_width(text))


def columns(rows: Sequence[Sequence[str]], indent: str = "  ", gap: str = "  ") -> list[str]:
    """Lay out rows of cells as aligned lines: every column but the last padded to its widest cell."""
    if not rows:
        return []
    widths = [max(display_width(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    out = []
    for row in rows:
        cells = [pad(cell, widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        out.append(indent + gap.join(cells).rstrip())
    return out
