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
from escort.models import Result
from escort.report_view import build_view, money
from escort.resources import data_path

FORMATS = ("html", "pdf")
_FONT_CONFIG: Any = None  # one FontConfiguration per process: fonts are loaded once


class Brand(BaseModel):
    """A firm's branding, from a YAML file (``--brand FILE`` or ``ESCORT_BRAND``); paths are relative to it."""

    model_config = ConfigDict(extra="forbid")
    firm: Optional[str] = Field(None, description="Firm name on the cover and signature block.")
    logo: Optional[str] = Field(None, description="PNG, JPEG or SVG file, inlined as a data: URL.")
    primary_colour: Optional[str] = Field(None, pattern=r"^#[0-9a-fA-F]{6}$", description="e.g. #1f3a5f")
    disclaimer: list[str] = Field(default_factory=list, description="Paragraphs replacing the standard disclaimer.")
    templates: Optional[str] = Field(None, description="Folder of templates overriding the bundled ones; "
                                                      "extend the originals as 'escort/report.html.j2'.")
    logo_url: str = Field("", exclude=True)


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def load_brand(path: str | Path | None) -> Brand:
    """Read a brand file; no path gives the neutral default (ESCORT_BRAND is read by escort.config)."""
    import yaml
    from pydantic import ValidationError

    if path is None:
        return Brand()
    path = Path(path)
    try:
        brand = Brand.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError) as exc:
        raise EscortError(f"{path}: cannot read brand file: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise EscortError(f"{path}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    if brand.templates:
        brand.templates = str((path.parent / brand.templates).resolve())
    if brand.logo:
        logo = path.parent / brand.logo
        kind = LOGO_TYPES.get(logo.suffix.lower())
        if kind is None or not logo.is_file():
            raise EscortError(f"{path}: logo {brand.logo!r} must be an existing .png, .jpg or .svg file")
        brand.logo_url = f"data:{kind};base64,{base64.b64encode(logo.read_bytes()).decode()}"
    return brand


def _environment(brand: Brand | None = None):
    import jinja2

    bundled = jinja2.FileSystemLoader(str(data_path("reports")))
    loaders = [jinja2.FileSystemLoader(brand.templates)] if brand and brand.templates else []
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders + [bundled, jinja2.PrefixLoader({"escort": bundled})]),
        autoescape=True,  # every template here is HTML; answers are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env


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
    return _environment(brand).get_template("report.html.j2").render(v=view, css=Markup(css), brand=brand)


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
    """Read a result.json written by ``escort check``; a bad file is one plain error."""
    from pydantic import ValidationError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EscortError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return Result.model_validate_json(text)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "file"
        if err.get("type") == "json_invalid":
            raise EscortError(f"{path}: not valid JSON ({err.get('ctx', {}).get('error', err['msg'])}); "
                              "give the result.json written by escort check") from None
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise EscortError(f"{path}: not an Escort result: {where}: {err['msg']}{more}") from None


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
