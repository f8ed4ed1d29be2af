"""``escort interview`` and ``escort template``: fill an answers file on site, or offline.

The interview asks the enterprise profile, offers the checklists that apply
to it, then asks each visible question in order, saving after every answer
(see :mod:`escort.session` for the logic and :mod:`escort.prompts` for the
terminal).  Ctrl-C saves and says how to resume.  ``escort template`` writes
an answers file with every question set to ``unknown`` and explained in
comments (see :mod:`escort.template`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, Callable

import click

from escort.session import Action, Interview

EXIT_INTERRUPTED = 130


def run_interview(session: Interview, prompter: Any, say: Callable[[str], None] = click.echo) -> None:
    """Ask steps until none is left; every answer is saved by the session as it is given."""
    while True:
        step = session.current()
        if step is None:
            return
        action: Action = prompter.ask(session.request(step))
        message = session.apply(action)
        if message:
            say(f"  ! {message}")
        if session.notice:
            say(f"  ! {session.notice}")
            session.notice = ""


def choose_resume_point(session: Interview, prompter: Any, say: Callable[[str], None] = click.echo) -> None:
    """On --resume: say how far the file got and let the person continue, review, or pick a question."""
    questions = [s for s in session.steps() if s.is_question]
    done = sum(1 for s in questions if session.is_answered(s))
    say(f"{session.path}：已答 {done}/{len(questions)} 题。")
    first = session.first_unanswered()
    choices = [("从第一道未答的题继续" if first else "所有题都已回答，直接结束", "continue"),
               ("从头逐题复核（回车保留原答案）", "review"), ("选一道题修改", "pick"), ("复核企业信息和体检信息", "profile")]
    where = prompter.choose("从哪里开始？", choices)
    if where == "continue":
        session.start_at(first)
        session.unanswered_only = True
    elif where == "review":
        session.start_at(questions[0].key if questions else session.steps()[0].key)
    elif where == "profile":
        session.start_at(session.steps()[0].key)
    else:
        labels = []
        for s in questions:
            value = session.raw(s)[0]
            shown = "（未答）" if value is None else str(value)[:16]
            labels.append((f"{s.scope}.{s.question.id} {s.question.text[:18]} = {shown}", s.key))
        session.start_at(prompter.choose("修改哪一题？", labels))


def finish(session: Interview, prompter: Any, ctx: Any, check_output: Path | None,
           say: Callable[[str], None] = click.echo) -> None:
    """Say what is left, and offer to run the check."""
    questions = [s for s in session.steps() if s.is_question]
    left = [s for s in questions if not session.is_answered(s)]
    say("")
    say(f"问卷结束：已答 {len(questions) - len(left)}/{len(questions)} 题，答案已保存到 {session.path}。")
    if left:
        say(f"还有 {len(left)} 题未答，检查时会列为“待核实”。继续填写：escort interview --resume {session.path}")
    if session.profile() is None:
        say("企业信息或体检信息不完整，暂时不能检查。")
        return
    if not prompter.confirm("现在运行检查（escort check）吗？", True):
        say(f"稍后检查：escort check {session.path} -o 输出目录")
        return
    from escort.cli import DEFAULT_FORMATS, run_check  # the same path as `escort check`: result.json, reports, summary

    out = check_output or session.path.with_name(session.path.stem + "-check")
    run_check(ctx, session.path, out, DEFAULT_FORMATS + ",worksheet", [])
    report = out / "report.pdf"
    say(f"报告：{report.resolve() if report.exists() else (out / 'report.html').resolve()}")
    say(f"律师核对清单（签发前核对，不交给企业）：{(out / 'worksheet.html').resolve()}"
        if (out / "worksheet.html").exists() else "")


@click.command("interview")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Answers file to write (saved after every answer).")
@click.option("--checklist", "only", multiple=True, metavar="ID", help="Use this checklist (repeatable); default: choose among those that apply.")
@click.option("--resume", type=click.Path(exists=True, dir_okay=False), help="Continue this answers file (and save to it unless -o is given).")
@click.option("--check-output", type=click.Path(file_okay=False), help="Folder for the check at the end (default: <answers>-check).")
@click.pass_obj
def interview_command(ctx: Any, output: str | None, only: tuple[str, ...], resume: str | None, check_output: str | None) -> None:
    """Ask the questionnaire in the terminal, saving after every answer.

    \b
    escort interview -o answers.yaml
    escort interview --resume answers.yaml
    Ctrl-C saves and stops; resume later with --resume.
    """
    from escort.cli import registry_or_fail
    from escort.errors import EscortError
    from escort.prompts import TerminalPrompter

    if not output and not resume:
        raise click.UsageError("say where to save the answers: -o answers.yaml (or --resume answers.yaml)")
    path = Path(output or resume)
    if output and not resume and path.exists():
        raise EscortError(f"{path} already exists; continue it with: escort interview --resume {path}")
    if not sys.stdin.isatty():
        raise EscortError("escort interview needs a terminal; to answer offline, use: escort template -o answers.yaml")
    reg = registry_or_fail(ctx)
    for cid in only:
        reg.get(cid)
    prompter = TerminalPrompter()
    session = None
    try:
        if resume:
            try:
                session = Interview.resume(reg, Path(resume), path, list(only))
            except (ValueError, OSError) as exc:
                raise EscortError(f"cannot resume {resume}: {exc}") from None
            choose_resume_point(session, prompter)
        else:
            session = Interview.start(reg, path, list(only), today=dt.date.today())
        session.save()
        click.echo(f"答案会随答随存到 {path}。Ctrl-C 保存并退出。")
        run_interview(session, prompter)
        finish(session, prompter, ctx, Path(check_output) if check_output else None)
    except KeyboardInterrupt:
        if session is not None:
            session.save()
            click.echo(f"\n已保存到 {path}。继续填写：escort interview --resume {path}", err=True)
        else:
            click.echo("\n已中止。", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


@click.command("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: print).")
@click.option("--checklist", "only", multiple=True, metavar="ID", help="Include this checklist (repeatable); default: every checklist that can apply.")
@click.option("--date", "date", default=None, help="Assessment date to write (default: today), e.g. 2026-11-20.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--from", "previous", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Start from the last checkup: its result.json or answers file (answers and rectification carried over).")
@click.pass_obj
def template_command(ctx: Any, output: str | None, only: tuple[str, ...], date: str | None, force: bool,
                     previous: str | None = None) -> None:
    """Write an answers file to fill in any editor: every question set to unknown, explained in comments.

    With --from, the file starts from the last checkup's answers instead (for a re-check).
    """
    from escort.answers import parse_date
    from escort.cli import registry_or_fail
    from escort.errors import EscortError
    from escort.files import write_atomic
    from escort.template import render_template

    reg = registry_or_fail(ctx)
    for cid in only:
        reg.get(cid)
    try:
        day = parse_date(date) if date else dt.date.today()
    except ValueError as exc:
        raise EscortError(f"--date: {exc}") from None
    if previous:
        from escort.recheck import previous_answers

        text, ids = previous_answers(Path(previous), day), ["--from " + previous]
    else:
        text, ids = render_template(reg, list(only), day)
    if not ids:
        raise EscortError("no checklist applies to a blank profile; name one with --checklist ID (see escort list)")
    if not output:
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.exists() and not force:
        raise EscortError(f"{path} already exists; use --force to overwrite it")
    write_atomic(path, text)
    click.echo(f"wrote {path} ({', '.join(ids)}); fill it in, then: escort check {path} -o out/")
