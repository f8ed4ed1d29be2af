"""``escort batch``: check a whole programme of enterprises at once.

Every answers file under the inputs is evaluated in a process pool as wide as
the machine's cores; each enterprise gets its own folder with ``result.json``
and the reports asked for; ``summary.json`` and the ledger (台账) describe the
programme.  A broken file is reported with its located problems and the rest
go on.  A rerun skips an enterprise whose inputs are unchanged: the key is a
hash of the answers file, the versions of the installed checklists and the
Escort version, recorded in ``batch-state.json`` (``--force`` redoes all).

Exit codes as for ``escort check``: 0 ok; 1 an effective finding at or above
``--fail-on``; 2 one or more inputs were bad (the others were still done).

Why not ``Escort.assess_many`` alone: it assesses in a pool but renders
nothing, and PDF rendering is most of the time of a batch, so the unit of work
in the pool here is "assess and render one enterprise".
"""

from __future__ import annotations

import hashlib
import json
import os
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import click

from escort import __version__
from escort.config import Config
from escort.errors import EscortError, ProblemsFound
from escort.files import write_atomic
from escort.models import SEVERITY_ORDER

STATE_FILE = "batch-state.json"
SUMMARY_FILE = "summary.json"
INPUT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to build the service and write the outputs (picklable)."""

    config: Config = field(default_factory=Config)
    formats: tuple[str, ...] = ("json",)
    brand_file: str | None = None


@dataclass
class Outcome:
    """What became of one input file."""

    input: str
    folder: str
    key: str
    status: str  # "ok", "skipped", "bad" (the user's input) or "error" (a bug)
    problems: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into answers files (folders: every .yaml/.yml/.json below, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix in INPUT_SUFFIXES
                          and x.name not in (STATE_FILE, SUMMARY_FILE, "result.json"))
        else:
            out.append(p)
    return out


def folder_names(inputs: list[Path]) -> list[str]:
    """One output folder name per input: the file's stem, with -2, -3 … for repeats."""
    seen: dict[str, int] = {}
    names = []
    for p in inputs:
        stem = p.stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def input_key(path: Path, checklist_versions: dict[str, str], formats: Iterable[str] = ("json",)) -> str:
    """Hash of what decides an enterprise's outputs: the file's bytes, checklist versions, Escort version, formats."""
    h = hashlib.sha256()
    try:
        h.update(path.read_bytes())
    except OSError:
        h.update(b"<unreadable>")
    h.update(json.dumps(sorted(checklist_versions.items())).encode())
    h.update(__version__.encode())
    h.update(",".join(sorted(formats)).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- the work of one enterprise

_SERVICE: Any = None


def service(settings: BatchSettings):
    """The application service of this process for *settings* (built once per worker process)."""
    global _SERVICE
    if _SERVICE is None or _SERVICE.config != settings.config:
        from escort.service import Escort

        _SERVICE = Escort(settings.config)
    return _SERVICE


def checklist_versions(settings: BatchSettings) -> dict[str, str]:
    return {c.id: c.version for c in service(settings).checklists()}


def process_one(path: str, out_dir: str, key: str, settings: BatchSettings) -> Outcome:
    """Assess one answers file and write its result and reports into *out_dir*; never raises."""
    outcome = Outcome(input=path, folder=out_dir, key=key, status="ok")
    try:
        svc = service(settings)
        assessment = svc.assess_file(path)
        if assessment.result is None:
            outcome.status, outcome.problems = "bad", [str(p) for p in assessment.problems]
            return outcome
        outcome.problems = [str(w) for w in assessment.warnings if w.file != "result"]
        write_outputs(svc, assessment.result, Path(out_dir), settings)
        outcome.summary = summarise(assessment.result)
    except ProblemsFound as exc:
        outcome.status, outcome.problems = "bad", [str(p) for p in exc.problems]
    except EscortError as exc:
        outcome.status, outcome.problems = "bad", [str(exc) if str(exc).startswith(path) else f"{path}: {exc}"]
    except Exception:  # a bug: keep going, say where the details are
        outcome.status = "error"
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        details = write_atomic(Path(out_dir) / "error.txt", f"escort {__version__}\ninput: {path}\n\n{traceback.format_exc()}")
        outcome.problems = [f"{path}: internal error — a bug in Escort, not in this file; details in {details}"]
    return outcome


def _write(path: Path, data: str | bytes) -> Path:
    """Write via a temporary file and a rename, without fsync.

    Why: fsync per file was a third of a JSON-only batch's time; a crash can leave an old or missing output but
    never half of one, and batch-state.json (written with fsync, at the end) does not yet vouch for it, so the
    next run redoes that enterprise.
    """
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)
    return path


def write_outputs(svc: Any, result: Any, out: Path, settings: BatchSettings) -> list[Path]:
    """Write every format asked for (result.json always) into *out*, each under its format's file name."""
    out.mkdir(parents=True, exist_ok=True)
    brand = svc.load_brand(settings.brand_file)
    written = []
    for name in settings.formats:
        fmt = svc.format(name)
        written.append(_write(out / fmt.filename, svc.render(result, name, brand=brand)))
    return written


def summarise(result: Any) -> dict[str, Any]:
    """The figures of one result the programme summary and ledger need."""
    fired = [f for f in result.findings if f.effective and f.status == "fired"]
    return {
        "enterprise": result.enterprise.name, "uscc": result.enterprise.uscc, "date": str(result.assessment.date),
        "grade": result.grade, "score": result.overall_score,
        "findings": {s: sum(1 for f in fired if f.severity.value == s) for s in SEVERITY_ORDER},
        "verify": sum(1 for f in result.findings if f.effective and f.status == "verify"),
        "exposure_high": result.exposure_total.get("high", 0.0),
        "worst": next((s for s in SEVERITY_ORDER if any(f.severity.value == s for f in fired)), None),
        "ledger": _ledger_row(result),
    }


def _ledger_row(result: Any) -> list | None:
    try:
        from escort.xlsx_report import ledger_row
    except ImportError:  # openpyxl is in the programme extra
        return None
    return ledger_row(result)


# --------------------------------------------------------------------------- the batch


def run_batch(inputs: list[Path], out: Path, settings: BatchSettings, *, jobs: int | None = None, force: bool = False,
              progress: Any = None, queue_url: str | None = None) -> list[Outcome]:
    """Process every input (skipping unchanged ones unless *force*); return one Outcome per input, in input order.

    *progress* is called with each finished Outcome (for a progress bar).  With *queue_url* the work goes to
    ``escort worker`` processes through that queue instead of a local process pool.
    """
    out.mkdir(parents=True, exist_ok=True)
    state = _read_state(out)
    versions = checklist_versions(settings)
    names = folder_names(inputs)
    todo, done = [], {}
    for path, name in zip(inputs, names):
        key = input_key(path, versions, settings.formats)
        previous = state.get(str(path.resolve()))
        if not force and previous and previous.get("key") == key and previous.get("status") == "ok" \
                and (out / name / "result.json").exists():
            done[str(path)] = Outcome(str(path), str(out / name), key, "skipped", [], previous.get("summary", {}))
            if progress:
                progress(done[str(path)])
        else:
            todo.append((str(path), str(out / name), key))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if queue_url and todo:
        from escort.batch_queue import run_batch_queued

        for o in run_batch_queued(todo, out, settings, queue_url):
            done[o.input] = o
            if progress:
                progress(o)
    elif jobs == 1 or len(todo) <= 1:
        for args in todo:
            done[args[0]] = process_one(*args, settings)
            if progress:
                progress(done[args[0]])
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            futures = [pool.submit(process_one, *args, settings) for args in todo]
            for fut in as_completed(futures):
                o = fut.result()
                done[o.input] = o
                if progress:
                    progress(o)
    outcomes = [done[str(p)] for p in inputs]
    for o in outcomes:
        if o.status != "skipped":
            state[str(Path(o.input).resolve())] = {"key": o.key, "status": o.status, "folder": o.folder,
                                                   "summary": o.summary}
    write_atomic(out / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))
    write_summary(outcomes, out)
    return outcomes


def _read_state(out: Path) -> dict:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_summary(outcomes: list[Outcome], out: Path) -> list[Path]:
    """Write summary.json (the programme in figures) and, when openpyxl is installed, ledger.xlsx (台账)."""
    good = [o for o in outcomes if o.status in ("ok", "skipped")]
    summary = {
        "escort": __version__,
        "enterprises": len(outcomes), "checked": len(good),
        "skipped": sum(o.status == "skipped" for o in outcomes),
        "bad": [{"input": o.input, "problems": o.problems} for o in outcomes if o.status in ("bad", "error")],
        "findings": {s: sum(o.summary.get("findings", {}).get(s, 0) for o in good) for s in SEVERITY_ORDER},
        "grades": {g: sum(o.summary.get("grade") == g for o in good) for g in ("red", "amber", "green")},
        "results": [str(Path(o.folder) / "result.json") for o in good],
    }
    written = [write_atomic(out / SUMMARY_FILE, json.dumps(summary, ensure_ascii=False, indent=2))]
    try:
        from escort.xlsx_report import ledger_workbook_from_rows
    except ImportError:  # openpyxl is in the programme extra
        return written
    rows = [o.summary["ledger"] for o in good if o.summary.get("ledger")]
    written.append(write_atomic(out / "ledger.xlsx", ledger_workbook_from_rows(rows)))
    return written


def exit_code(outcomes: list[Outcome], out: Path, fail_on: str | None) -> int:
    """3 when an input hit a bug, 2 when one was bad, else 1 when a result reaches *fail_on*, else 0."""
    if any(o.status == "error" for o in outcomes):
        return 3
    if any(o.status == "bad" for o in outcomes):
        return 2
    if fail_on:
        worst = SEVERITY_ORDER.index(fail_on)
        for o in outcomes:
            w = o.summary.get("worst")
            if w is not None and SEVERITY_ORDER.index(w) <= worst:
                return 1
    return 0


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "output", default="escort-batch", show_default=True, type=click.Path(file_okay=False),
              help="Folder for one sub-folder per enterprise, summary.json and ledger.xlsx.")
@click.option("--format", "formats", default="json", show_default=True,
              help="Comma-separated formats for each enterprise (see escort list): json, html, pdf, docx, xlsx, "
                   "risk_letter_pdf, rectify_letter_docx ….")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Redo enterprises whose inputs are unchanged since the last run.")
@click.option("--fail-on", type=click.Choice(SEVERITY_ORDER), help="Exit 1 if any enterprise has an effective finding this severe or worse.")
@click.option("--brand", "brand_file", default=None, type=click.Path(dir_okay=False), help="Brand file for the reports.")
@click.option("--queue", "queue_url", default=None, metavar="URL",
              help="Send the work to `escort worker`s through this queue (postgresql://… or redis://…) instead of "
                   "a local process pool; the output folder must be one every worker machine sees.")
@click.pass_obj
def batch_command(ctx: Any, inputs: tuple[str, ...], output: str, formats: str, jobs: int | None, force: bool,
                  fail_on: str | None, brand_file: str | None, queue_url: str | None = None) -> None:
    """Check many answers files (files or folders) in parallel: one result per enterprise and a programme summary."""
    wanted = tuple(dict.fromkeys(["json"] + [f.strip() for f in formats.split(",") if f.strip()]))
    known = list(ctx.service().formats())
    bad = [f for f in wanted if f not in known]
    if bad:
        raise EscortError(f"unknown format {bad[0]!r}; use {', '.join(known)}")
    files = collect_inputs(inputs)
    missing = [p for p in files if not p.exists()]
    for p in missing:
        click.echo(f"{p}: no such file", err=True)
    files = [p for p in files if p.exists()]
    if not files:
        raise EscortError("no answers files found in " + ", ".join(inputs))
    settings = BatchSettings(config=ctx.config, formats=wanted, brand_file=brand_file)
    out = Path(output)
    stderr = click.get_text_stream("stderr")
    with click.progressbar(length=len(files), label="体检", file=stderr, show_pos=True,
                           hidden=not stderr.isatty()) as bar:
        outcomes = run_batch(files, out, settings, jobs=jobs, force=force, progress=lambda o: bar.update(1),
                             queue_url=queue_url)
    for o in outcomes:
        for line in o.problems:
            click.echo(line, err=True)
    ok = sum(o.status == "ok" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    bad_n = sum(o.status in ("bad", "error") for o in outcomes)
    summary = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    counts = "，".join(f"{n} {summary['findings'][s]}" for s, n in
                      zip(SEVERITY_ORDER, ["重大", "高", "中", "低", "提示"]) if summary["findings"][s])
    click.echo(f"{len(outcomes)} 家企业：完成 {ok}，未变跳过 {skipped}，输入有误 {bad_n}。发现问题：{counts or '无'}")
    click.echo(f"wrote {out / SUMMARY_FILE}")
    if missing:
        raise click.exceptions.Exit(2)
    code = exit_code(outcomes, out, fail_on)
    if code:
        raise click.exceptions.Exit(code)
