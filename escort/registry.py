"""Build the registry: every installed law, function and checklist, linked.

This is what each command starts from.  Problems are collected, never
printed: a broken checklist is left out with its problems listed, and the
rest of the registry still works (``strict`` makes any problem fatal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from escort.checklists import LoadedChecklist, link_checklist, parse_checklist
from escort.errors import EscortError, Problem, ProblemsFound
from escort.functions import law_in_force, law_in_force_in
from escort.laws import LawRegistry
from escort.messages import did_you_mean, model_problems
from escort.models import Domain, Law, LawFile, PendingLawFile, PluginRecord
from escort.plugins import Plugins
from escort.sources import read_document


@dataclass
class Registry:
    plugins: Plugins
    laws: LawRegistry = field(default_factory=LawRegistry)
    functions: dict[str, Callable] = field(default_factory=dict)
    checklists: dict[str, LoadedChecklist] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    formats: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def domain_name(self, domain_id: str) -> str:
        """The Chinese name of a domain id (the id itself if no plugin registers it)."""
        domain = self.domains.get(domain_id)
        return domain.name if domain else domain_id

    @property
    def conflicts(self) -> list[str]:
        """Every conflict between providers (E-LAW, E-DUP) and plugin failure, as lines for result.json."""
        lines = [str(p) for p in self.problems
                 if p.code in ("E-LAW", "E-PLUGIN") or (p.code == "E-DUP" and "two plugins" in p.message)]
        return lines + [f"law text {o.key} is not the built-in text: replaced by {o.plugin} (was {o.replaces}); "
                        f"reason given: {o.reason}" for o in self.laws.overrides]

    def plugin_records(self) -> list[PluginRecord]:
        """Every loaded plugin that contributed something, with its version."""
        return [PluginRecord(name=i.name, distribution=i.distribution, version=i.version, provides=list(i.provides))
                for i in self.plugins.infos if i.provides and not i.error]

    def get(self, checklist_id: str) -> LoadedChecklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            raise EscortError(f"no checklist {checklist_id!r} is installed"
                              f"{did_you_mean(checklist_id, list(self.checklists))}; "
                              f"installed: {', '.join(self.checklists) or 'none'}") from None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def build_registry(plugins: Plugins | None = None) -> Registry:
    """Load plugins (if not loaded), then laws, functions and checklists, in that order."""
    if plugins is None:
        plugins = Plugins().load()
    reg = Registry(plugins)
    pending: list[Path] = []
    for name, item in plugins.laws():
        if isinstance(item, (str, Path)) and is_pending_file(Path(item)):
            pending.append(Path(item))  # versions known by dates refer to laws: read after every law
            continue
        info = plugins.info(name)
        count = len(reg.laws.articles)
        reg.problems += add_laws(reg.laws, item, name, owner=info.owner, may_override=plugins.is_installed(name))
        what = Path(item).name if isinstance(item, (str, Path)) else f"law {getattr(item, 'id', '?')}"
        added = len(reg.laws.articles) - count
        info.provides.append(f"法规 {what}" + (f"（{added} 条）" if added else "（条文均已载入）"))
    for path in dict.fromkeys(pending):  # several plugins may name the same file
        reg.problems += add_pending(reg.laws, path)
    reg.functions = plugins.functions()
    owned: dict[str, list[str]] = {}
    for fname, owner in sorted(plugins.function_owners.items()):
        owned.setdefault(owner, []).append(fname)
    for owner, names in owned.items():
        plugins.info(owner).provides.append(f"函数 {'、'.join(names)}" if owner != "escort.core" else "核心表达式函数")
    reg.domains = plugins.domains()
    reg.formats = plugins.formats()
    if reg.functions.get("law_in_force") is law_in_force:  # Escort's own: bind it to this registry's laws
        reg.functions["law_in_force"] = _bound_law_in_force(reg.laws)
    for name, item in plugins.checklists():
        try:
            loaded = parse_checklist(Path(item) if isinstance(item, (str, Path)) else item, name)
        except ProblemsFound as exc:
            reg.problems += exc.problems
            continue
        except TypeError:
            reg.problems.append(Problem(f"plugin {name}", None, f"escort_checklists returned {item!r}, not a path or Checklist"))
            continue
        if loaded.id in reg.checklists:
            other = reg.checklists[loaded.id]
            reg.problems.append(loaded.problem(("id",), f"two plugins register checklist {loaded.id!r}: "
                                               f"{other.plugin!r} ({other.doc.file}) and {name!r} ({loaded.doc.file}); "
                                               f"keeping {other.plugin!r}'s", code="E-DUP"))
            continue
        link = link_checklist(loaded, reg.laws, reg.functions) + _check_domain(loaded, reg.domains)
        reg.problems += link
        if any(p.level == "error" for p in link):
            continue
        reg.checklists[loaded.id] = loaded
        plugins.info(name).provides.append(f"清单 {loaded.id} {loaded.model.version}")
    reg.problems = plugins.problems + reg.problems
    return reg


def _check_domain(loaded: LoadedChecklist, domains: dict[str, Domain]) -> list[Problem]:
    domain = loaded.model.domain
    if domain in domains:
        return []
    return [loaded.problem(("domain",), f"domain {domain!r} is not registered{did_you_mean(domain, list(domains))}; "
                           f"registered: {', '.join(domains)} (a plugin adds one through escort_domains)",
                           code="E-DOMAIN")]


def _bound_law_in_force(laws: LawRegistry) -> Callable:
    def bound(law_id: str, day: Any) -> bool:
        return law_in_force_in(laws, law_id, day)

    bound.__doc__ = law_in_force.__doc__
    bound.__annotations__ = {"law_id": "str", "day": "Any", "return": "bool"}
    return bound


def is_pending_file(path: Path) -> bool:
    """Whether a law file holds versions known by their dates only (its first key is ``pending:``)."""
    from escort.plugins import first_key

    return first_key(path) == "pending"


def add_pending(laws: LawRegistry, path: Path) -> list[Problem]:
    """Versions known by their dates only (no text): read after every law, since they refer to laws."""
    if not Path(path).exists():
        return []
    try:
        doc = read_document(Path(path))
        pending = PendingLawFile.model_validate(doc.data)
    except ProblemsFound as exc:
        return exc.problems
    except ValidationError as exc:
        return model_problems(doc, exc, PendingLawFile)
    problems = []
    for law in pending.pending:
        problems += laws.add_pending(law, doc.file)
    return problems


def add_laws(laws: LawRegistry, item: Any, plugin: str, owner: str | None = None,
             may_override: bool = False) -> list[Problem]:
    """Add a Law or a law file from *plugin* to *laws*; return its problems and conflicts."""
    if isinstance(item, Law):
        return laws.add(item, f"plugin {plugin}", owner or plugin, may_override)
    if not isinstance(item, (str, Path)):
        return [Problem(f"plugin {plugin}", None, f"escort_laws returned {item!r}, not a path or Law")]
    try:
        doc = read_document(Path(item))
        law_file = LawFile.model_validate(doc.data)
    except ProblemsFound as exc:
        return exc.problems
    except ValidationError as exc:
        return model_problems(doc, exc, LawFile)
    problems = []
    for law in law_file.laws:
        problems += laws.add(law, f"{doc.file} (plugin {plugin})" if plugin != "validate" else doc.file,
                             owner or plugin, may_override)
    return problems


def validate_file(path: Path, registry: Registry) -> list[Problem]:
    """Check one file as a checklist, a law file or an answers file, by its content."""
    try:
        doc = read_document(path)
    except ProblemsFound as exc:
        return exc.problems
    data = doc.data
    if isinstance(data, dict) and "laws" in data:
        return add_laws(LawRegistry(), path, "validate")
    if isinstance(data, dict) and "pending" in data:
        scratch = LawRegistry(laws=dict(registry.laws.laws))
        return add_pending(scratch, path)
    if isinstance(data, dict) and ("answers" in data or "enterprise" in data):
        from escort.answers import load_answers

        try:
            _, warnings = load_answers(path, registry)
        except ProblemsFound as exc:
            return exc.problems
        return warnings
    if isinstance(data, dict) and "sections" in data:
        try:
            loaded = parse_checklist(path, "validate")
        except ProblemsFound as exc:
            return exc.problems
        from escort.lint import lint_checklist

        return (link_checklist(loaded, registry.laws, registry.functions) + _check_domain(loaded, registry.domains)
                + lint_checklist(loaded, registry))
    return [doc.problem((), "not a checklist (needs 'sections'), law file (needs 'laws') or answers file (needs 'enterprise' and 'answers')")]
