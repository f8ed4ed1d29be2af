"""The ``escort`` command line.

Exit codes: 0 ok; 1 findings at or above ``--fail-on``; 2 bad input or
usage, or a problem of the environment (disk full, a read-only folder, out of
memory); 3 internal error (a bug in Escort: the details are written to a
file); 130 interrupted.  Nothing but ``--fail-on`` exits 1.
Only this module prints, and every line it prints has control characters
escaped (see :func:`printable`): answers files are untrusted, and a terminal
obeys escape sequences.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import click

from escort import __version__
from escort.errors import EscortError, Problem, ProblemsFound
from escort.files import write_atomic
from escort.models import SEVERITY_NAMES, SEVERITY_ORDER, TIMEFRAME_NAMES

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CRASH_FILES_KEPT = 20


def printable(text: Any) -> str:
    """*text* with control characters (C0 but newline and tab, DEL, C1, bidi controls) written as \\uXXXX.

    Why: an enterprise name such as ``"ACME\\x1b]52;c;…\\a"`` would otherwise set the
    lawyer's clipboard or window title when printed (review F10).
    """
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def echo(message: Any = "", err: bool = False, nl: bool = True) -> None:
    """click.echo, with control characters escaped."""
    click.echo(printable(message), err=err, nl=nl)


GRADE_NAMES = {"green": "绿灯（风险可控）", "amber": "黄灯（需要整改）", "red": "红灯（重大风险）"}


class Context:
    def __init__(self, checklists: tuple[str, ...], disable: tuple[str, ...], strict: bool):
        self.folders = [Path(p) for p in checklists]
        self.disabled = {n for item in disable for n in item.split(",") if n}
        self.disabled |= {n for n in os.environ.get("ESCORT_DISABLE", "").split(",") if n}
        self.strict = strict
        self._registry = None

    def registry(self):
        if self._registry is None:
            from escort.plugins import Plugins
            from escort.registry import build_registry

            plugins = Plugins(folders=self.folders, disabled=self.disabled, strict=self.strict).load()
            self._registry = build_registry(plugins)
        return self._registry


def echo_problems(problems: list[Problem]) -> None:
    """One line per problem; past MAX_ECHOED_PROBLEMS, a count (an 800,000-line answers file is not read by anyone)."""
    from escort.limits import MAX_ECHOED_PROBLEMS

    for p in problems[:MAX_ECHOED_PROBLEMS]:
        echo(str(p), err=True)
    if len(problems) > MAX_ECHOED_PROBLEMS:
        echo(f"… and {len(problems) - MAX_ECHOED_PROBLEMS:,} more problems not shown", err=True)


def registry_or_fail(ctx: Context):
    reg = ctx.registry()
    echo_problems(reg.problems)
    if ctx.strict and reg.problems:
        raise click.exceptions.Exit(2)
    return reg


# Commands that live in their own modules, imported only when used (or listed).
LAZY_COMMANDS = {
    "report": "escort.report:report_command",
    "interview": "escort.interview:interview_command",
    "template": "escort.interview:template_command",
    "new-plugin": "escort.scaffold:new_plugin_command",
}


class LazyGroup(click.Group):
    """A click group that also offers the commands of LAZY_COMMANDS whose module is installed."""

    def _lazy(self) -> dict[str, str]:
        import importlib.util

        return {name: target for name, target in LAZY_COMMANDS.items()
                if importlib.util.find_spec(target.split(":")[0]) is not None}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._lazy()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        target = self._lazy().get(name)
        if target is None:
            return None
        import importlib

        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="escort")
@click.option("--checklists", "checklists", multiple=True, type=click.Path(file_okay=False),
              help="Also load checklists and law files from this folder (repeatable; also ESCORT_CHECKLISTS).")
@click.option("--disable", multiple=True, metavar="PLUGIN", help="Do not load this plugin (repeatable, or comma-separated; also ESCORT_DISABLE).")
@click.option("--strict", is_flag=True, help="Treat a broken plugin or checklist as fatal (for CI).")
@click.pass_context
def cli(click_ctx: click.Context, checklists: tuple[str, ...], disable: tuple[str, ...], strict: bool) -> None:
    """Escort: enterprise legal health checks (法治体检) from questionnaires and cited rules.

    \b
    Start with:  escort demo
    Then:        escort list · escort show labour · escort check answers.yaml -o out/
    """
    click_ctx.obj = Context(checklists, disable, strict)


@cli.command("list")
@click.pass_obj
def list_cmd(ctx: Context) -> None:
    """List installed plugins and checklists."""
    reg = registry_or_fail(ctx)
    echo("Plugins:")
    for info in reg.plugins.infos:
        state = f"  [{info.error}]" if info.error else ""
        echo(f"  {info.name:<16} {info.distribution} {info.version}{state}")
    echo("Checklists:")
    if not reg.checklists:
        echo("  (none)")
    for cid, loaded in reg.checklists.items():
        m = loaded.model
        echo(f"  {cid:<16} {m.version:<8} {m.title}  "
                   f"({len(m.questions())} questions, {len(m.rules)} rules; from {loaded.plugin})")


@cli.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.pass_obj
def validate(ctx: Context, paths: tuple[str, ...]) -> None:
    """Check checklists, law files and answers files; one line per problem.

    PATHS may be files or folders (every .yaml/.yml/.json inside).  With no
    PATHS, every installed checklist is checked.  Exit 2 when any error is found.
    """
    from escort.registry import validate_file

    reg = ctx.registry()
    problems: list[Problem] = list(reg.problems)
    files = _expand(paths)
    for f in files:
        problems += validate_file(f, reg)
    if not paths:
        from escort.lint import lint_checklist

        for loaded in reg.checklists.values():
            problems += lint_checklist(loaded, reg)
    echo_problems(problems)
    errors = [p for p in problems if p.level == "error"]
    checked = len(files) if paths else len(reg.checklists)
    if errors:
        echo(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in {checked} file(s).", err=True)
        raise click.exceptions.Exit(2)
    echo(f"ok: {checked} file(s) checked" + (f", {len(problems)} warning(s)" if problems else ""))


def _expand(paths: tuple[str, ...]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml", ".json") and x.is_file())
        else:
            out.append(p)
    return out


@cli.command()
@click.argument("answers", type=click.Path())
@click.option("-o", "--output", "output", default="escort-out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for result.json (and reports).")
@click.option("--format", "formats", default="json", show_default=True, help="Comma-separated: json (html, pdf with the report plugin).")
@click.option("--checklist", "only", multiple=True, help="Evaluate only this checklist (repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITY_ORDER), help="Exit 1 if an effective finding has this severity or worse.")
@click.option("--brand", "brand_file", default=None, type=click.Path(dir_okay=False),
              help="Brand file for the html/pdf report (as for escort report); also ESCORT_BRAND.")
@click.pass_obj
def check(ctx: Context, answers: str, output: str, formats: str, only: tuple[str, ...], fail_on: str | None,
          brand_file: str | None) -> None:
    """Evaluate an answers file and write the result to a folder."""
    result = run_check(ctx, Path(answers), Path(output), formats, list(only), brand_file)
    if fail_on:
        worst = SEVERITY_ORDER.index(fail_on)
        if any(f.effective and f.status == "fired" and SEVERITY_ORDER.index(f.severity.value) <= worst for f in result.findings):
            raise click.exceptions.Exit(1)


def run_check(ctx: Context, answers_path: Path, out: Path, formats: str, only: list[str], brand_file: str | None = None):
    from escort.answers import load_answers
    from escort.engine import evaluate

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in ("json", "html", "pdf")]
    if bad:
        raise EscortError(f"unknown format {bad[0]!r}; use json, html or pdf")
    brand = None
    if brand_file and ("html" in wanted or "pdf" in wanted):  # a bad brand file fails before any work
        from escort.report import load_brand

        brand = load_brand(brand_file)
    reg = registry_or_fail(ctx)
    for cid in only:
        reg.get(cid)
    answers, warnings = load_answers(answers_path, reg)
    echo_problems(warnings)
    result = evaluate(reg, answers, only=only or None)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_atomic(out / "result.json", result.model_dump_json(indent=2))]
    if "html" in wanted or "pdf" in wanted:
        from escort import report

        written += report.write_reports(result, reg, out, wanted, brand=brand)
    print_summary(result)
    for path in written:
        echo(f"wrote {path}")
    return result


def print_summary(result: Any) -> None:
    ent = result.enterprise
    echo(f"{ent.name} ({ent.uscc}) · 体检日期 {result.assessment.date}")
    echo(f"总体评级: {GRADE_NAMES[result.grade]} · 综合得分 {result.overall_score:g}/100")
    for s in result.domain_scores:
        counts = ", ".join(f"{SEVERITY_NAMES[k]} {v}" for k, v in s.findings.items() if v)
        echo(f"  {s.name:<10} {s.score:>5g}  {counts}")
    fired = [f for f in result.findings if f.status == "fired" and f.effective]
    pending = [f for f in result.findings if f.status == "verify" and f.effective]
    echo(f"发现问题 {len(fired)} 项，待核实规则 {len(pending)} 项，待核实问题 {len(result.needs_verification)} 个；"
               f"答题覆盖 {result.coverage['answered']}/{result.coverage['visible']}")
    ex = result.exposure_total
    if ex["high"]:
        echo(f"估算涉及金额: {ex['low']:,.2f} – {ex['high']:,.2f} 元")
    for f in fired[:5]:
        echo(f"  [{SEVERITY_NAMES[f.severity.value]}] {f.title}（{TIMEFRAME_NAMES[f.timeframe.value]}）")
    for run in result.checklists:
        if not run.applicable:
            echo(f"  未评估 {run.id}: {run.reason}")


@cli.command()
@click.argument("checklist")
@click.option("--json", "as_json", is_flag=True, help="Print the checklist fully resolved as JSON.")
@click.pass_obj
def show(ctx: Context, checklist: str, as_json: bool) -> None:
    """Show a checklist with its questions, rules and cited articles."""
    reg = registry_or_fail(ctx)
    loaded = reg.get(checklist)
    data = resolved_checklist(loaded, reg)
    if as_json:
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    m = loaded.model
    echo(f"{m.title} [{m.id} {m.version}] · {m.domain.value} · from {loaded.plugin}")
    if m.applies_if:
        echo(f"applies if: {m.applies_if}")
    for section in m.sections:
        echo(f"\n## {section.title}" + (f"   (if {section.show_if})" if section.show_if else ""))
        for q in section.questions:
            cond = f"   (if {q.show_if})" if q.show_if else ""
            echo(f"  - {q.id} [{q.type.value}] {q.text}{cond}")
    echo("\nRules:")
    for rule in data["rules"]:
        cites = "、".join(f"{c['short_name']}{c['label']}" for c in rule["legal_basis"])
        echo(f"  - {rule['id']} [{rule['severity']}] {rule['title']} — {cites}")


def resolved_checklist(loaded: Any, reg: Any) -> dict:
    data = loaded.model.model_dump(mode="json", exclude_none=True)
    data["source"] = {"plugin": loaded.plugin, "file": loaded.doc.file}
    for section in data["sections"]:
        for q in section["questions"]:
            q["legal_basis"] = [reg.laws.resolve(k).model_dump() for k in q.get("cite", [])]
    for rule in data["rules"]:
        rule["legal_basis"] = [reg.laws.resolve(k).model_dump() for k in rule["cite"]]
    return data


@cli.command()
@click.argument("kind", required=False, default="checklist", type=click.Choice(["checklist", "answers", "laws", "result"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of printing.")
def schema(kind: str, output: str | None) -> None:
    """Print the JSON Schema of a checklist, answers, law or result file."""
    from escort.models import SCHEMAS

    text = json.dumps(SCHEMAS[kind].model_json_schema(), ensure_ascii=False, indent=2)
    if output:
        write_atomic(Path(output), text + "\n")
        echo(f"wrote {output}")
    else:
        echo(text)


@cli.command()
@click.option("-o", "--output", default="escort-demo", show_default=True, type=click.Path(file_okay=False))
@click.option("--format", "formats", default=None, help="Default: json, plus html and pdf when the report renderer is available.")
@click.option("--brand", "brand_file", default=None, type=click.Path(dir_okay=False),
              help="Brand file for the report (as for escort report); also ESCORT_BRAND.")
@click.pass_obj
def demo(ctx: Context, output: str, formats: str | None, brand_file: str | None) -> None:
    """Run a bundled sample enterprise end to end and say where the output is."""
    from escort.resources import data_path

    answers = data_path("examples", "average.yaml")
    if formats is None:
        formats = "json,html,pdf" if _has_report() else "json"
    echo(f"Demo: checking {answers}")
    run_check(ctx, answers, Path(output), formats, [], brand_file)
    echo(f"\nDone. Open {Path(output).resolve()} to see the output.")


def _has_report() -> bool:
    import importlib.util

    return importlib.util.find_spec("escort.report") is not None


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning every failure into a message and an exit code."""
    try:
        code = cli.main(args=argv, prog_name="escort", standalone_mode=False)
        if isinstance(code, int) and code:  # click returns an Exit's code instead of raising it here
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        echo("Aborted.", err=True)
        sys.exit(130)
    except ProblemsFound as exc:
        echo_problems(exc.problems)
        n = len(exc.errors)
        echo(f"{n} problem{'s' if n != 1 else ''}; nothing was evaluated.", err=True)
        sys.exit(2)
    except EscortError as exc:
        echo(f"escort: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:  # the environment, not Escort: a full disk, a read-only folder, -o below a file
        echo(f"escort: {describe_os_error(exc)}", err=True)
        sys.exit(2)
    except MemoryError:
        echo("escort: out of memory; the input is too large for this machine", err=True)
        sys.exit(2)
    except Exception:
        sys.exit(report_crash())
    sys.exit(0)


def describe_os_error(exc: OSError) -> str:
    """One line for an error of the file system, naming the file and what to do."""
    name = exc.filename if exc.filename is not None else ""
    what = {errno.ENOSPC: "the disk is full; free some space and run the command again",
            errno.EROFS: "the folder is on a read-only file system; choose another output folder (-o)",
            errno.EACCES: "permission denied; choose a folder you may write to",
            errno.EPERM: "operation not permitted; choose a folder you may write to",
            errno.ENOTDIR: "a part of this path is a file, not a folder; choose another output folder (-o)",
            errno.EISDIR: "this is a folder where a file is expected; remove it or choose another output folder",
            errno.EEXIST: "a file exists where a folder is expected; choose another output folder (-o)",
            errno.EDQUOT: "the disk quota is exhausted; free some space and run the command again",
            }.get(exc.errno, exc.strerror or type(exc).__name__)
    return f"{name}: {what}" if name else what


def report_crash() -> int:
    """Write the traceback of a genuine defect to a file and say where; exit code 3 whatever happens here."""
    detail = traceback.format_exc()
    path = None
    try:
        fd, path = tempfile.mkstemp(prefix="escort-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"escort {__version__}\nargs: {sys.argv}\n\n{detail}")
        _prune_crash_files(Path(path).parent)
    except BaseException:  # noqa: BLE001 - a full disk or no memory must not change the exit code
        path = None
    try:
        where = f"Details were written to {path}; please attach it to a bug report." if path else \
            "The details could not be written to a file."
        echo(f"escort: internal error — this is a bug in Escort, not in your files. {where}", err=True)
    except BaseException:  # noqa: BLE001
        pass
    return 3


def _prune_crash_files(folder: Path) -> None:
    files = sorted(folder.glob("escort-crash-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[CRASH_FILES_KEPT:]:
        old.unlink(missing_ok=True)
