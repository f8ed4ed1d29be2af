"""``escort new-plugin NAME``: scaffold an installable checklist plugin.

The templates are plain files under ``escort/scaffold_template/`` (ending in
``.tmpl``) with ``@@{name}``-style placeholders filled by
:class:`string.Template`.  Two files are generated rather than copied, so
they never go stale:

* ``checklist.schema.json`` comes from :class:`escort.models.Checklist`;
* ``laws.yaml`` copies, verbatim, the registry entries the example cites from
  Escort's own law registry (no legal text is ever written by hand).
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import click
import yaml

from escort import __version__
from escort.errors import EscortError

TEMPLATE_DIR = Path(__file__).resolve().parent / "scaffold_template"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# (law registry file, law id, article numbers) copied into the scaffold's laws.yaml
CITED = [("labour.yaml", "labour_contract_law", ["10", "14", "82"])]


class _Template(string.Template):
    delimiter = "@@"


def normalise_name(name: str) -> str:
    """The checklist id for a plugin name as an author types it: ``data-privacy`` → ``data_privacy``."""
    return name.strip().replace("-", "_")


def check_name(name: str) -> None:
    """Raise EscortError unless *name* can be a checklist id and a Python package suffix."""
    if not NAME_PATTERN.match(name):
        raise EscortError(f"invalid plugin name {name!r}: use lower-case letters, digits and '_', "
                          f"starting with a letter, at most 40 characters (e.g. data_protection)")


def render_plugin(name: str, target: Path, title: str | None = None) -> list[Path]:
    """Write the plugin package for *name* into *target* (which must not exist); return the files written."""
    check_name(name)
    if target.exists():
        raise EscortError(f"{target} already exists; not overwriting it (choose another -o folder or remove it)")
    values = {
        "name": name,
        "dist": name.replace("_", "-"),
        "title": title or f"{name} 合规检查",
        "title_en": f"{name.replace('_', ' ').capitalize()} check",
        "escort_version": __version__,
    }
    package = target / f"escort_{name}"
    destinations = {
        "pyproject.toml.tmpl": target / "pyproject.toml",
        "README.md.tmpl": target / "README.md",
        "package/__init__.py.tmpl": package / "__init__.py",
        "package/plugin.py.tmpl": package / "plugin.py",
        "package/checklist.yaml.tmpl": package / f"{name}.yaml",
        "tests/test_plugin.py.tmpl": target / "tests" / f"test_{name}.py",
    }
    written = []
    for source, dest in destinations.items():
        text = _Template((TEMPLATE_DIR / source).read_text(encoding="utf-8")).substitute(values)
        written.append(_write(dest, text))
    written.append(_write(package / "checklist.schema.json", schema_text("checklist")))
    written.append(_write(package / "laws.schema.json", schema_text("laws")))
    written.append(_write(package / "laws.yaml", cited_laws_text()))
    return written


def schema_text(kind: str) -> str:
    """The JSON Schema of a checklist/answers/laws file, exactly as ``escort schema KIND -o FILE`` writes it."""
    from escort.models import SCHEMAS

    return json.dumps(SCHEMAS[kind].model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def cited_laws_text() -> str:
    """A law registry file holding the articles the scaffold cites, copied from Escort's registry."""
    from escort.resources import data_path

    laws = []
    for file, law_id, numbers in CITED:
        data = yaml.safe_load(data_path("checklists", "laws", file).read_text(encoding="utf-8"))
        law = next(entry for entry in data["laws"] if entry["id"] == law_id)
        articles = [a for a in law["articles"] if a["number"] in numbers]
        laws.append({**law, "articles": articles})
    header = ("# yaml-language-server: $schema=laws.schema.json\n"
              "# Law registry entries cited by this plugin, copied verbatim from Escort's registry\n"
              "# (escort/checklists/laws/). Add your own laws the same way: text verbatim from an\n"
              "# official source, and say where it came from in `source`.\n")
    body = yaml.safe_dump({"laws": laws}, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@click.command("new-plugin")
@click.argument("name")
@click.option("-o", "--output", "output", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Folder in which to create escort-NAME/.")
@click.option("--title", help="Chinese title of the checklist (default: 'NAME 合规检查').")
def new_plugin_command(name: str, output: str, title: str | None) -> None:
    """Create an installable checklist plugin package escort-NAME.

    \b
    NAME becomes the checklist id, the entry-point name and the Python
    package escort_NAME: lower-case letters, digits, '_' or '-'
    (data-privacy and data_privacy both give escort-data-privacy/).
    """
    name = normalise_name(name)
    check_name(name)
    folder = f"escort-{name.replace('_', '-')}"
    target = Path(output) / folder
    written = render_plugin(name, target, title)
    shown = target if output != "." else Path(folder)
    click.echo(f"created {target} ({len(written)} files)")
    click.echo("next:")
    # "-e ./folder": a bare "escort-x" is read by pip as a package name on PyPI, not this folder
    click.echo(f"  pip install -e ./{shown}" if not shown.is_absolute() else f"  pip install -e {shown}")
    click.echo(f"  escort list              # shows {name}")
    click.echo(f"  pip install pytest && cd {shown} && pytest")
