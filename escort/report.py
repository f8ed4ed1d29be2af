"""The risk report: one self-contained HTML file and a print-grade Chinese PDF.

``render_html`` fills the jinja2 templates in ``reports/`` (autoescaped: every
string from an answers file is untrusted); ``render_pdf`` lays that HTML out
with WeasyPrint, which is imported only there so ``escort --help`` stays fast.
WeasyPrint only ever sees ``data:`` URLs: :class:`AllowListFetcher` refuses
file://, http(s):// and everything else.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Optional

import click
from pydantic import BaseModel, ConfigDict, Field

from escort.errors import EscortError
from escort.files import write_atomic
from escort.limits import MAX_LOGO_BYTES
from escort.models import RESULT_SCHEMA_VERSION, Result
from escort.report_view import build_view, money
from escort.resources import data_path

FORMATS = ("html", "pdf")
_FONT_CONFIG: Any = None  # one FontConfiguration per process: fonts are loaded once


class Brand(BaseModel):
    """A firm's branding, from a YAML file (``--brand FILE`` or ``ESCORT_BRAND``); paths are relative to it."""

    model_config = ConfigDict(extra="forbid")
    firm: Optional[str] = Field(None, description="Firm name on the cover and signature block.")
    logo: Optional[str] = Field(None, description="PNG or JPEG file inside the brand file's folder, inlined as a data: URL.")
    primary_colour: Optional[str] = Field(None, pattern=r"^#[0-9a-fA-F]{6}$", description="e.g. #1f3a5f")
    disclaimer: list[str] = Field(default_factory=list, description="Paragraphs replacing the standard disclaimer.")
    templates: Optional[str] = Field(None, description="Folder of templates overriding the bundled ones; "
                                                      "extend the originals as 'escort/report.html.j2'.")
    logo_url: str = Field("", exclude=True)


LOGO_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def load_brand(path: str | Path | None) -> Brand:
    """Read a brand file; no path gives the neutral default (ESCORT_BRAND is read by escort.config).

    A brand file is untrusted data (it travels between firms as an archive): it is read
    with the limits of every other file, its logo must be a PNG or JPEG regular file
    inside the brand file's folder (checked by content, at most MAX_LOGO_BYTES; SVG is
    refused, since it can reference files and fan out without bound), and its templates
    folder must lie inside that folder too and is rendered in Jinja2's sandbox.
    """
    from pydantic import ValidationError

    from escort.sources import read_document

    if path is None:
        return Brand()
    path = Path(path)
    doc = read_document(path)
    if doc.data is not None and not isinstance(doc.data, dict):
        raise EscortError(f"{path}: a brand file is a mapping with firm, logo, primary_colour, disclaimer, templates")
    try:
        brand = Brand.model_validate(doc.data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(map(str, err["loc"]))
        raise EscortError(f"{path}:{doc.line(tuple(err['loc']))}: {where}: {err['msg']}") from None
    folder = path.parent.resolve()
    if brand.templates:
        templates = (path.parent / brand.templates).resolve()
        if not templates.is_relative_to(folder) or not templates.is_dir():
            raise EscortError(f"{path}: templates {brand.templates!r} must be a folder inside {folder}")
        brand.templates = str(templates)
    if brand.logo:
        brand.logo_url = _logo_url(path, brand.logo, folder)
    return brand


def _logo_url(path: Path, logo: str, folder: Path) -> str:
    """The logo as a data: URL, after checking where it is, what it is and how big."""
    import stat

    candidate = path.parent / logo
    where = f"{path}: logo {logo!r}"
    if Path(logo).is_absolute() or not candidate.resolve().is_relative_to(folder):
        raise EscortError(f"{where} must be a file inside the brand folder {folder} (no absolute path, no '..')")
    try:
        info = candidate.lstat()
    except OSError:
        raise EscortError(f"{where}: no such file") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise EscortError(f"{where} must be a regular file (not a link, folder or device)")
    if info.st_size > MAX_LOGO_BYTES:
        raise EscortError(f"{where} is {info.st_size:,} bytes; a logo may be at most {MAX_LOGO_BYTES:,}")
    data = candidate.read_bytes()[: MAX_LOGO_BYTES + 1]
    kind = next((mime for magic, mime in LOGO_MAGIC.items() if data.startswith(magic)), None)
    if kind is None or len(data) > MAX_LOGO_BYTES:
        raise EscortError(f"{where} is not a PNG or JPEG image (checked by its content; SVG is not accepted)")
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _environment(brand: Brand | None = None):
    """A sandboxed Jinja2 environment: brand templates are untrusted (review F3)."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    bundled = jinja2.FileSystemLoader(str(data_path("reports")))
    loaders = [_ConfinedLoader(brand.templates)] if brand and brand.templates else []
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders + [bundled, jinja2.PrefixLoader({"escort": bundled})]),
        autoescape=True,  # every template here is HTML; answers are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env


def _confined_loader_class():
    import jinja2

    class ConfinedLoader(jinja2.FileSystemLoader):
        """A FileSystemLoader that refuses a template reached through a link leading out of its folder."""

        def get_source(self, environment: Any, template: str):
            source, filename, uptodate = super().get_source(environment, template)
            root = Path(self.searchpath[0]).resolve()
            if not Path(filename).resolve().is_relative_to(root):
                raise jinja2.TemplateNotFound(template)
            return source, filename, uptodate

    return ConfinedLoader


def _ConfinedLoader(folder: str):  # noqa: N802 - reads as the class it builds
    return _confined_loader_class()(folder)


def render_html(result: Result, registry: Any = None, *, sections: list | None = None,
                brand: Brand | None = None) -> str:
    """Render the report as one self-contained HTML document (inline CSS and SVG, no URLs).

    *sections* are (plugin name, ReportSection) pairs; by default they are asked
    of the registry's plugins.  *registry* may be None (re-rendering a saved
    result): the result carries the cited article texts, and the question texts
    fall back to what the result holds.
    """
    from markupsafe import Markup

    if sections is None and registry is not None:
        sections = registry.plugins.report_sections(result)
    view = build_view(result, registry, sections)
    for placed in view["sections"].values():
        for section in placed:
            section["html"] = Markup(section["html"])  # plugin HTML is trusted by design
    brand = brand or Brand()
    css = data_path("reports", "report.css").read_text(encoding="utf-8")
    if brand.primary_colour:
        css += f"\n:root {{ --primary: {brand.primary_colour}; }}\n"
    if not brand.templates:
        return _environment(brand).get_template("report.html.j2").render(v=view, css=Markup(css), brand=brand)
    import jinja2

    try:  # a brand's templates are untrusted: what the sandbox stops, and their mistakes, are the user's problem
        return _environment(brand).get_template("report.html.j2").render(v=view, css=Markup(css), brand=brand)
    except jinja2.exceptions.SecurityError as exc:
        raise EscortError(f"brand templates in {brand.templates}: refused by the sandbox ({exc})") from None
    except jinja2.exceptions.TemplateError as exc:
        raise EscortError(f"brand templates in {brand.templates}: {type(exc).__name__}: {exc}") from None


def render_worksheet(result: Result, registry: Any = None, *, brand: Brand | None = None) -> str:
    """Render the lawyer's worksheet (reports/worksheet.html.j2): notes, placeholders, answers to verify,
    overrides and the code form of each formula — the things kept out of the client report."""
    from markupsafe import Markup

    from escort.report_view import build_worksheet

    brand = brand or Brand()
    css = data_path("reports", "report.css").read_text(encoding="utf-8")
    return _environment(brand).get_template("worksheet.html.j2").render(w=build_worksheet(result, registry),
                                                                         css=Markup(css), brand=brand)


def has_subsetter() -> bool:
    """Whether WeasyPrint found libharfbuzz-subset (without it PDF rendering is ~15× slower)."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class AllowListFetcher(URLFetcher):
        """Serve ``data:`` URLs only; refuse file://, http(s):// and anything else (no redirects to follow)."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None):
            if not url.lower().startswith("data:"):
                raise ValueError(f"escort report: refusing to fetch {url[:80]!r}")
            return super().fetch(url, headers)

    return AllowListFetcher


def render_pdf(html: str, base_url: str | None = None, *, variant: str | None = None) -> bytes:
    """Lay out *html* as an A4 PDF with WeasyPrint, fonts subset and embedded."""
    global _FONT_CONFIG
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise EscortError(f"cannot render PDF: WeasyPrint is not usable ({exc}); "
                          "install Pango and the CJK fonts (see README), or use --format html") from None
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    if variant:
        from weasyprint.pdf import VARIANTS

        if variant not in VARIANTS:
            raise EscortError(f"--pdf-variant {variant!r} is not a PDF variant WeasyPrint knows; use one of: "
                              f"{', '.join(v for v in VARIANTS if v != 'debug')}")
    options = {"pdf_variant": variant} if variant else {}
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()())
    return document.write_pdf(font_config=_FONT_CONFIG, **options)


def write_reports(result: Result, registry: Any, out_dir: Path, formats: list[str] | tuple[str, ...],
                  *, pdf_variant: str | None = None, brand: Brand | None = None) -> list[Path]:
    """Write report.html and/or report.pdf into *out_dir*; return the paths written.

    The branding is *brand*, else the file named by ESCORT_BRAND, else neutral.
    """
    wanted = [f for f in FORMATS if f in formats]
    if not wanted:
        return []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(result, registry, brand=brand or load_brand(None))
    written = []
    if "html" in wanted:
        written.append(write_atomic(out_dir / "report.html", html))
    if "pdf" in wanted:
        written.append(write_atomic(out_dir / "report.pdf", render_pdf(html, variant=pdf_variant)))
    return written


def load_result(path: Path) -> Result:
    """Read a result.json written by ``escort check``; a bad or tampered file is a plain error, never a crash.

    The file is untrusted: it is read with the limits of every file (size, nesting, no
    NaN or infinity), validated against the schema, then checked for what the schema
    cannot say (amounts finite and not negative, low ≤ high, scores 0–100).
    """
    from pydantic import ValidationError

    from escort.errors import ProblemsFound
    from escort.sources import decode_text, parse_json, read_bytes

    name = str(path)
    try:
        raw = read_bytes(path)
    except ProblemsFound as exc:
        raise EscortError(f"{path}: cannot read: {exc.problems[0].message}") from None
    try:
        data = parse_json(decode_text(raw, name), name)
    except ProblemsFound as exc:
        first = exc.problems[0]
        raise EscortError(f"{path}: {first.message}; give the result.json written by escort check") from None
    if isinstance(data, dict) and str(data.get("schema_version", "1.0")).split(".")[0] != RESULT_SCHEMA_VERSION.split(".")[0]:
        raise EscortError(f"{path}: result schema {data.get('schema_version')!r} is not supported by this Escort "
                          f"(schema {RESULT_SCHEMA_VERSION}); re-run escort check")
    try:
        result = Result.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "file"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise EscortError(f"{path}: not an Escort result: {where}: {err['msg']}{more}") from None
    problems = result_problems(result)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise EscortError(f"{path}: not an Escort result: {problems[0]}{more}")
    return result


def result_problems(result: Result) -> list[str]:
    """What a result.json holds that escort check never writes: bad amounts, scores or answer shapes."""
    import math

    out = []

    def amount(where: str, low: float, high: float) -> None:
        if not all(math.isfinite(v) and v >= 0 for v in (low, high)):
            out.append(f"{where}: amounts must be finite and not negative ({low}, {high})")
        elif low > high:
            out.append(f"{where}: low {low} is above high {high}")

    for i, f in enumerate(result.findings):
        if f.exposure is not None:
            amount(f"findings.{i}.exposure", f.exposure.low, f.exposure.high)
    if set(result.exposure_total) != {"low", "high"}:
        out.append("exposure_total: needs exactly low and high")
    else:
        amount("exposure_total", result.exposure_total["low"], result.exposure_total["high"])
    if not {"answered", "visible"} <= set(result.coverage):
        out.append("coverage: needs answered and visible")
    scores = [("overall_score", result.overall_score)] + [(f"domain_scores.{i}.score", d.score)
                                                           for i, d in enumerate(result.domain_scores)]
    out += [f"{where}: {value} is not a score from 0 to 100" for where, value in scores if not 0 <= value <= 100]
    for cid, answers in result.answers.items():
        for qid, value in answers.items():
            if not _is_answer_shape(value):
                out.append(f"answers.{cid}.{qid}: not an answer escort check writes")
    return out


def _is_answer_shape(value: Any) -> bool:
    scalar = (str, int, float, bool, type(None))
    if isinstance(value, scalar):
        return True
    if isinstance(value, list):
        return all(isinstance(v, scalar) or (isinstance(v, dict) and all(isinstance(c, scalar) for c in v.values()))
                   for v in value)
    return False


@click.command("report")
@click.argument("result_json", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", default=None, type=click.Path(file_okay=False),
              help="Folder for the reports (default: the folder of RESULT_JSON).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              help="Comma-separated registered formats (html, pdf, and any a plugin adds).")
@click.option("--pdf-variant", default=None, metavar="VARIANT", help="A WeasyPrint PDF variant for archiving, e.g. pdf/a-3b.")
@click.option("--brand", "brand_file", default=None, type=click.Path(dir_okay=False),
              help="Brand file (YAML: firm, logo, primary_colour, disclaimer, templates); also ESCORT_BRAND.")
@click.pass_obj
def report_command(ctx: Any, result_json: str, output: str | None, formats: str, pdf_variant: str | None,
                   brand_file: str | None) -> None:
    """Re-render the reports (report.html, report.pdf, …) from a saved result.json."""
    svc = ctx.service()
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    if not wanted:
        raise EscortError("no format given; use " + ", ".join(n for n in svc.formats() if n != "json"))
    chosen = [svc.format(name) for name in dict.fromkeys(wanted)]
    path = Path(result_json)
    result = load_result(path)
    brand = svc.load_brand(brand_file)
    out = Path(output) if output else path.parent
    out.mkdir(parents=True, exist_ok=True)
    for fmt in chosen:
        options = {"variant": pdf_variant} if pdf_variant and "variant" in fmt.options else {}
        written = write_atomic(out / fmt.filename, svc.render(result, fmt.name, brand=brand, **options))
        click.echo(f"wrote {written}")
