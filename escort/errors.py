"""The two kinds of failure: the user's mistakes (Problems) and our bugs.

A user mistake is collected as a :class:`Problem` and shown as one line,
``file:line: where: what is wrong``.  Code that finds problems gathers them
all before stopping and raises :class:`ProblemsFound`; only the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    where: str = ""
    level: str = "error"  # "error" or "warning"
    code: str = ""

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        code = f" {self.code}" if self.code else ""
        where = f" {self.where}:" if self.where else ""
        warn = " warning:" if self.level == "warning" else ""
        return f"{loc}:{code}{warn}{where} {self.message}"


@dataclass
class ProblemsFound(Exception):
    """One or more problems in the user's input; nothing was evaluated."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


class EscortError(Exception):
    """A user-facing error that is not tied to a line of a file (e.g. an unknown checklist id)."""
