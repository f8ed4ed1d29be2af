"""Every `escort …` command written in the docs and the README parses: the subcommand exists and its
arguments and options are accepted (review ux-2026-12, problem 18: `escort template dataprivacy` did not)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from escort.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         ROOT / "escort" / "scaffold_template" / "README.md.tmpl"]


def documented_commands() -> list[tuple[str, str]]:
    out = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S):
            for line in block.splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("escort ") and "…" not in line and "<" not in line:
                    out.append((path.name, line.split("  #")[0].split(" # ")[0].strip()))
    return out


COMMANDS = documented_commands()


def test_the_docs_hold_commands_to_check():
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize("where, line", COMMANDS, ids=[f"{w}:{l}" for w, l in COMMANDS])
def test_a_documented_command_parses(where, line):
    args = shlex.split(line.replace("@@{name}", "demo").replace("@@{dist}", "demo"))[1:]
    ctx = cli.make_context("escort", list(args), resilient_parsing=False)
    with ctx:
        name, command, rest = cli.resolve_command(ctx, [*getattr(ctx, "_protected_args", ctx.protected_args), *ctx.args])
        assert command is not None, f"{where}: no command {name!r}"
        try:
            command.make_context(name, list(rest), parent=ctx)
        except click.BadParameter as exc:
            if "does not exist" not in str(exc):  # an example path need not exist here; everything else must parse
                pytest.fail(f"{where}: `{line}`: {exc}")
        except click.UsageError as exc:
            pytest.fail(f"{where}: `{line}`: {exc}")
