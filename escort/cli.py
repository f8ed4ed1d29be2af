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
from escort.output import columns
from escort.labels import GRADE_NAMES, SEVERITY_NAMES, SEVERITY_ORDER

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




class Context:
    """What every command shares: the settings, and the service built from them on first use."""

    def __init__(self, checklists: tuple[str, ...], disable: tuple[str, ...], strict: bool):
        from escort.config import Config

        self.config = Config.from_env(folders=checklists, disabled=disable, strict=strict)
        self.strict = self.config.strict
        self._service = None

    def service(self):
        """The application service (escort.service.Escort), built once per command."""
        if self._service is None:
            from escort.service import Escort

            self._service = Escort(self.config)
        return self._service

    def registry(self):
        """The service's immutable catalog (plugins, laws, functions, domains, formats, checklists)."""
        return self.service().catalog


def echo_problems(problems: list[Problem]) -> None:
    """One line per problem; past MAX_ECHOED_PROBLEMS, a count (an 800,000-line answers file is not read by anyone)."""
    from escort.limits import MAX_ECHOED_PROBLEMS

    for p in problems[:MAX_ECHOED_PROBLEMS]:
        echo(str(p), err=True)
    if len(problems) > MAX_ECHOED_PROBLEMS:
        echo(f"… and {len(problems) - MAX_ECHOED_PROBLEMS:,} more problems not shown", err=True)


def registry_or_fail(ctx: Context):
    """The catalog, after printing its load problems; with --strict any load problem stops the command."""
    reg = ctx.registry()
    echo_problems(list(reg.problems))
    if ctx.strict and reg.problems:
        raise click.exceptions.Exit(2)
    return reg


def service_or_fail(ctx: Context):
    """The service, after printing its load problems (as registry_or_fail)."""
    registry_or_fail(ctx)
    return ctx.service()


# Commands that live in their own modules, imported only when used (or listed).
LAZY_COMMANDS = {
    "report": "escort.report:report_command",
    "interview": "escort.interview:interview_command",
    "template": "escort.interview:template_command",
    "new-plugin": "escort.scaffold:new_plugin_command",
    "batch": "escort.batch:batch_command",
    "worker": "escort.batch_queue:worker_command",
    "stats": "escort.stats:stats_command",
    "recheck": "escort.recheck:recheck_command",
    "serve": "escort.web.cli:serve_command",   # the web portal (pip install 'escort[web]')
    "audit": "escort.web.cli:audit_command",
}
# Their one-line help, so `escort --help` lists them without importing them (a command not named here
# is imported to read its help).
LAZY_HELP = {
    "report": "Re-render the reports from a saved result.json.",
    "interview": "Ask the questionnaire in the terminal, autosaving.",
    "template": "Write a fill-in answers file, every value unknown.",
    "new-plugin": "Scaffold an installable checklist plugin.",
    "batch": "Check many answers files in parallel; programme summary.",
    "worker": "Run batch jobs from a shared queue (several machines).",
    "stats": "Programme statistics: HTML dashboard, XLSX, PDF.",
    "recheck": "Compare two checkups of one enterprise (整改情况).",
    "serve": "Start the web portal (self-assessment, lawyer review).",
    "audit": "Verify the web portal's audit trail (hash chain).",
}


class LazyGroup(click.Group):
    """A click group that also offers the commands of LAZY_COMMANDS whose module is installed."""

    def _lazy(self) -> dict[str, str]:
        import importlib.util

        return {name: target for name, target in LAZY_COMMANDS.items()
                if importlib.util.find_spec(target.split(":")[0]) is not None}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._lazy()))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands; a lazy command's help comes from LAZY_HELP, so listing imports nothing heavy."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands or name not in LAZY_HELP:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width - 6 - max(map(len, self.list_commands(ctx))))))
            else:
                rows.append((name, LAZY_HELP[name]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

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
    svc = service_or_fail(ctx)
    echo("Plugins:")
    for info in svc.catalog.plugins.infos:
        state = f"  [{info.error}]" if info.error else ""
        echo(f"  {info.name:<16} {info.distribution} {info.version}{state}")
    echo("Checklists:")
    if not svc.catalog.checklists:
        echo("  (none)")
    rows = [[f"{c.id:<16} {c.version:<8} {c.title}", f"({c.questions} questions, {c.rules} rules; from {c.plugin})"]
            for c in svc.checklists()]
    for line in columns(rows):
        echo(line)
    echo("Formats:")
    for fmt in svc.formats().values():
        echo(f"  {fmt.name:<16} {fmt.suffix:<8} {fmt.description}  (from {fmt.plugin})")


@cli.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--all", "check_all", is_flag=True, help="Also report on every installed checklist (the built-ins too).")
@click.pass_obj
def validate(ctx: Context, paths: tuple[str, ...], check_all: bool) -> None:
    """Check checklists, law files and answers files; one line per problem.

    PATHS may be files or folders (every .yaml/.yml/.json inside); only
    problems in PATHS are reported.  With no PATHS (or with --all), every
    installed checklist is checked.  Exit 2 when any error is found.
    """
    from escort.service import expand_paths

    svc = ctx.service()
    files = expand_paths(paths)
    check_all = check_all or not paths
    problems: list[Problem] = list(svc.problems) if check_all else []
    problems += svc.validate(files)
    if check_all:
        problems += svc.lint()
    problems = _unique_problems(problems)
    echo_problems(problems)
    errors = [p for p in problems if p.level == "error"]
    checked = len(files) + (len(svc.catalog.checklists) if check_all else 0)
    if errors:
        echo(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in {checked} file(s).", err=True)
        raise click.exceptions.Exit(2)
    echo(f"ok: {checked} file(s) checked" + (f", {len(problems)} warning(s)" if problems else ""))


def _unique_problems(problems: list[Problem]) -> list[Problem]:
    """Each problem once: the same mistake found through an installed plugin and through its path is one line."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        try:
            key = (str(Path(p.file).resolve()), p.line, p.message, p.where)
        except (OSError, ValueError):
            key = (p.file, p.line, p.message, p.where)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


DEFAULT_FORMATS = "json,html,pdf"


@cli.command()
@click.argument("answers", type=click.Path())
@click.option("-o", "--output", "output", default="escort-out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for result.json (and reports).")
@click.option("--format", "formats", default=DEFAULT_FORMATS, show_default=True,
              help="Comma-separated registered formats (json, html, pdf, worksheet, and any a plugin adds; see escort list).")
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
    """Load, assess, write result.json and the reports asked for, print the summary; return the result."""
    svc = service_or_fail(ctx)
    wanted = [f.strip() for f in formats.split(",") if f.strip()] or ["json"]
    chosen = [svc.format(name) for name in dict.fromkeys(["json", *wanted])]  # an unknown format fails before any work
    brand = svc.load_brand(brand_file) if any(f.name in ("html", "pdf") for f in chosen) else None
    answers = svc.load_answers(answers_path)
    echo_problems(list(answers.warnings))
    assessment = svc.assess(answers, only=only or None)
    result = assessment.result
    out.mkdir(parents=True, exist_ok=True)
    written = [write_atomic(out / fmt.filename, svc.render(result, fmt.name, brand=brand)) for fmt in chosen]
    print_summary(result)
    for path in written:
        echo(f"wrote {path}")
    return result


def print_summary(result: Any) -> None:
    ent = result.enterprise
    echo(f"{ent.name} ({ent.uscc}) · 体检日期 {result.assessment.date}")
    echo(f"总体评级: {GRADE_NAMES[result.grade]} · 综合得分 {result.overall_score:g}/100")
    rows = [[s.name, f"{s.score:>5g}", ", ".join(f"{SEVERITY_NAMES[k]} {v}" for k, v in s.findings.items() if v)]
            for s in result.domain_scores]
    for line in columns(rows):
        echo(line)
    fired = [f for f in result.findings if f.status == "fired" and f.effective]
    pending = [f for f in result.findings if f.status == "verify" and f.effective]
    echo(f"发现问题 {len(fired)} 项，待核实规则 {len(pending)} 项，待核实问题 {len(result.needs_verification)} 个；"
               f"答题覆盖 {result.coverage['answered']}/{result.coverage['visible']}")
    from escort.report_view import due_text, exposure_lines, money_range, ranked_actions

    for line in exposure_lines(result):
        echo(f"估算涉及金额: {line}")
    top = ranked_actions(result)[:5]  # the same five, in the same order, as the report's 首先要做的五件事
    if top:
        echo("首先要做的五件事:")
    for i, f in enumerate(top, start=1):
        money = f" · {money_range(f.exposure.low, f.exposure.high)}" if f.exposure else ""
        pending = "（待核实）" if f.status == "verify" else ""
        echo(f"  {i}. [{SEVERITY_NAMES[f.severity.value]}] {f.title}{pending} · "
                   f"{due_text(f.timeframe.value, result.assessment.date)}{money}")
    for run in result.checklists:
        if not run.applicable and not run.reason.startswith("未选择"):
            echo(f"  未评估 {run.title}：{run.reason}")


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
    echo(f"{m.title} [{m.id} {m.version}] · {m.domain} · from {loaded.plugin}")
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
    m_rules = {r.id: r for r in loaded.model.rules}
    for rule in data["rules"]:
        rule["legal_basis"] = [reg.laws.resolve(k).model_dump() for k in m_rules[rule["id"]].cite_keys()
                               if reg.laws.has(k)]
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
    pdf = Path(output) / "report.pdf"
    if pdf.exists():
        echo(f"\n完成。报告：{pdf.resolve()}")
    else:
        echo(f"\n完成。输出在 {Path(output).resolve()}")


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
