"""The plugin manager: the one door through which Escort calls hooks.

Plugins are found through the ``escort`` entry-point group (the built-in
checklists too), plus folders of YAML (``--checklists``, or ``ESCORT_CHECKLISTS``
as read by :mod:`escort.config`).  A plugin that fails to import or
whose hook raises (or calls ``sys.exit``) or returns bad data becomes a warning
naming the plugin and its version; the others still load.  ``strict`` makes
such warnings, and every conflict, fatal.

Load order is fixed, and first registration wins where two plugins provide the
same thing (a law text, a checklist id, a function name), with a conflict
naming both:

1. ``escort.core`` (the core expression functions);
2. the entry points of the ``escort`` distribution itself (the built-in
   checklists), by entry-point name;
3. every other distribution's entry points, by distribution name, then
   entry-point name;
4. checklist folders, ``--checklists`` in the order given, then
   ``ESCORT_CHECKLISTS`` in its order.

So a third-party plugin can never displace a built-in law text, checklist or
function by its name; it can replace a law text only by an explicit
``override:`` (see :mod:`escort.laws`), which is recorded in the result.
"""

from __future__ import annotations

import importlib.metadata as metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pluggy

from escort import formats, functions, hookspecs
from escort.errors import Problem
from escort.hookspecs import hookimpl
from escort.messages import did_you_mean

HOOK_NAMES = tuple(sorted(n for n in dir(hookspecs) if n.startswith("escort_")))

GROUP = "escort"


@dataclass
class PluginInfo:
    name: str
    distribution: str
    version: str
    module: str
    error: str = ""
    provides: list[str] = field(default_factory=list)  # filled by the registry: what this plugin contributed

    @property
    def owner(self) -> str:
        """Who may extend this plugin's laws: its distribution, or the folder itself."""
        return self.name if self.distribution in ("(folder)", "?") else f"dist:{self.distribution}"


@dataclass
class FolderPlugin:
    """YAML checklists and law files found in a folder, without any packaging."""

    folder: Path

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())

    @hookimpl
    def escort_checklists(self) -> list[Path]:
        return [p for p in self.files() if not _is_law_file(p)]

    @hookimpl
    def escort_laws(self) -> list[Path]:
        return [p for p in self.files() if _is_law_file(p)]


def _is_law_file(path: Path) -> bool:
    """Whether a YAML file is a law file: its first key is ``laws`` (texts) or ``pending`` (dates only)."""
    return first_key(path) in ("laws", "pending")


def first_key(path: Path) -> str:
    """The first top-level key of a YAML file ('' if none), read from its first 64 KiB without parsing it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""
    for line in head.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.split(":", 1)[0].strip() if not line[0].isspace() and ":" in line else ""
    return ""


@dataclass
class Plugins:
    """Load plugins and call their hooks, keeping track of who provided what."""

    folders: list[Path] = field(default_factory=list)
    disabled: set[str] = field(default_factory=set)
    strict: bool = False
    pm: pluggy.PluginManager = field(init=False)
    infos: list[PluginInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    function_owners: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)

    def load(self, entry_points: Iterable[Any] | None = None) -> "Plugins":
        """Register the core, every entry point of the ``escort`` group, and the folders."""
        self.pm.register(functions, name="escort.core")
        self.infos.append(PluginInfo("escort.core", "escort", _version("escort"), functions.__name__))
        self.pm.register(formats, name="escort.formats")
        self.infos.append(PluginInfo("escort.formats", "escort", _version("escort"), formats.__name__))
        eps = entry_points if entry_points is not None else metadata.entry_points(group=GROUP)
        for ep in sorted(eps, key=load_order):
            self._load_entry_point(ep)
        for folder in self.folders:
            name = f"folder:{folder}"
            if not folder.is_dir():
                self._warn(name, f"checklist folder {folder} does not exist")
                continue
            self.pm.register(FolderPlugin(folder), name=name)
            self.infos.append(PluginInfo(name, "(folder)", "", str(folder)))
        return self

    def _load_entry_point(self, ep: Any) -> None:
        dist = getattr(ep, "dist", None)
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        version = dist.version if dist is not None else "?"
        if ep.name in self.disabled:
            self.infos.append(PluginInfo(ep.name, dist_name, version, ep.value, error="disabled"))
            return
        try:
            plugin = ep.load()
            self.pm.register(plugin, name=ep.name)
        except BaseException as exc:  # a broken plugin must not take the others down (SystemExit included)
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.infos.append(PluginInfo(ep.name, dist_name, version, ep.value, error=_describe(exc)))
            self._warn(ep.name, f"plugin {ep.name!r} ({dist_name} {version}) failed to load: {_describe(exc)}")
            return
        self.infos.append(PluginInfo(ep.name, dist_name, version, ep.value))
        self._check_hook_names(ep.name, plugin)

    def _check_hook_names(self, name: str, plugin: Any) -> None:
        """Name every ``escort_*`` function that is not a hook, and every hook wrapper (not supported)."""
        for attr in sorted(dir(plugin)):
            if attr.startswith("escort_") and attr not in HOOK_NAMES and callable(getattr(plugin, attr, None)):
                self.problems.append(Problem(
                    f"plugin {name}", None,
                    f"plugin {name!r} defines {attr}(), which is not an Escort hook{did_you_mean(attr, HOOK_NAMES)}; "
                    "it is never called", code="E-HOOK"))
        for hook in HOOK_NAMES:
            for impl in getattr(self.pm.hook, hook).get_hookimpls():
                if impl.plugin is plugin and _is_wrapper(impl):
                    self._warn(name, f"plugin {name!r}: {hook} is declared as a hook wrapper, which Escort does not "
                                     "support; declare it with a plain @hookimpl (it is not called)")

    def _warn(self, plugin: str, message: str) -> None:
        self.problems.append(self._problem(plugin, message))

    def _call(self, hook: str, problems: list[Problem] | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call *hook* on every plugin in pluggy's order, one at a time, so a failure is pinned on its plugin.

        Problems go to *problems* when given (calls made while evaluating must not touch shared state),
        else to the load problems.
        """
        sink = self.problems if problems is None else problems
        results = []
        for impl in reversed(getattr(self.pm.hook, hook).get_hookimpls()):  # pluggy's call order
            if _is_wrapper(impl):
                continue
            name = self.pm.get_name(impl.plugin) or "?"
            try:
                value = impl.function(**{k: kwargs[k] for k in impl.argnames})
            except BaseException as exc:  # a plugin raising (or calling sys.exit) is that plugin's problem
                if isinstance(exc, KeyboardInterrupt):
                    raise
                sink.append(self._problem(name, f"plugin {name!r} raised in {hook}: {_describe(exc)}"))
                continue
            if value is not None:
                results.append((name, value))
        return results

    def _problem(self, plugin: str, message: str) -> Problem:
        return Problem(f"plugin {plugin}", None, message, level="error" if self.strict else "warning", code="E-PLUGIN")

    def checklists(self) -> list[tuple[str, Any]]:
        """Every contributed checklist, by provider in registration order (so the first registered wins a clash)."""
        return self._by_registration(self._flatten("escort_checklists"))

    def laws(self) -> list[tuple[str, Any]]:
        """Every contributed law file or Law, by provider in registration order."""
        return self._by_registration(self._flatten("escort_laws"))

    def _by_registration(self, items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """Order (plugin, item) pairs by when the plugin was registered: core, entry points by name, folders.

        Why: pluggy calls the most recently registered plugin first; for data that must not be replaced
        silently, the deterministic rule is that the earliest registered provider is kept.
        """
        rank = {info.name: i for i, info in enumerate(self.infos)}
        return sorted(items, key=lambda pair: rank.get(pair[0], len(rank)))

    def _flatten(self, hook: str, problems: list[Problem] | None = None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook whose results are lists; pair each item with its plugin, and name a plugin returning a non-list."""
        sink = self.problems if problems is None else problems
        out = []
        for name, value in self._call(hook, problems=sink, **kwargs):
            if not isinstance(value, (list, tuple)):
                sink.append(self._problem(name, f"plugin {name!r}: {hook} must return a list, not {type(value).__name__}"))
                continue
            out.extend((name, item) for item in value)
        return out

    def functions(self) -> dict[str, Callable]:
        merged: dict[str, Callable] = {}
        owner: dict[str, str] = {}
        for name, value in self._by_registration(self._call("escort_functions")):
            if not isinstance(value, dict):
                self._warn(name, f"plugin {name!r}: escort_functions must return a dict of name to function")
                continue
            for fname, fn in value.items():
                if not (isinstance(fname, str) and fname.isidentifier() and callable(fn)):
                    self._warn(name, f"plugin {name!r}: escort_functions entry {fname!r} is not a named function")
                elif fname in merged and merged[fname] is not fn:
                    message = (f"two plugins provide the expression function {fname!r}: "
                               f"{owner[fname]!r} and {name!r}; keeping {owner[fname]!r}'s")
                    self.problems.append(Problem(f"plugin {name}", None, message, code="E-DUP",
                                                 level="error" if self.strict else "warning"))
                else:
                    merged[fname], owner[fname] = fn, name
        self.function_owners = owner
        return merged

    def info(self, name: str) -> PluginInfo:
        """The record of plugin *name* (a placeholder for a name the manager does not know)."""
        return next((i for i in self.infos if i.name == name), PluginInfo(name, "?", "?", ""))

    def is_installed(self, name: str) -> bool:
        """Whether *name* is installed code (trusted), as opposed to a folder of YAML."""
        info = self.info(name)
        return info.distribution not in ("(folder)", "?")

    def findings(self, checklist: Any, answers: dict, enterprise: Any,
                 problems: list[Problem]) -> list[tuple[str, Any]]:
        """The plugins' computed findings for one checklist; their problems go to *problems*, nothing shared changes."""
        return self._flatten("escort_findings", problems=problems, checklist=checklist, answers=answers,
                             enterprise=enterprise)

    def report_sections(self, result: Any, problems: list[Problem] | None = None) -> list[tuple[str, Any]]:
        """Each plugin's ReportSection items; anything else is named as a problem and left out (review F9)."""
        from escort.models import ReportSection

        sink: list[Problem] = [] if problems is None else problems
        out = []
        for name, item in self._flatten("escort_report_sections", problems=sink, result=result):
            if isinstance(item, ReportSection):
                out.append((name, item))
            else:
                sink.append(self._problem(name, f"plugin {name!r}: escort_report_sections returned "
                                                f"{type(item).__name__}, not ReportSection; left out of the report"))
        return out

    def domains(self) -> dict[str, Any]:
        """Every registered domain by id (plus ``other``); a clash with different names is named."""
        from escort.models import OTHER_DOMAIN, Domain

        merged: dict[str, Any] = {OTHER_DOMAIN.id: OTHER_DOMAIN}
        owner: dict[str, str] = {OTHER_DOMAIN.id: "escort.core"}
        for name, item in self._flatten("escort_domains"):
            if not isinstance(item, Domain):
                self._warn(name, f"plugin {name!r}: escort_domains returned {type(item).__name__}, not Domain")
            elif item.id in merged and merged[item.id] != item:
                self._warn(name, f"two plugins register domain {item.id!r} differently: {owner[item.id]!r} "
                                 f"({merged[item.id].name}) and {name!r} ({item.name}); keeping {owner[item.id]!r}'s")
            else:
                merged.setdefault(item.id, item)
                owner.setdefault(item.id, name)
        return dict(sorted(merged.items(), key=lambda kv: (kv[1].order, kv[0])))

    def formats(self) -> dict[str, Any]:
        """Every registered output format by name; a name registered twice is a conflict naming both plugins."""
        from dataclasses import replace

        from escort.formats import ReportFormat

        merged: dict[str, ReportFormat] = {}
        for name, item in self._flatten("escort_report_formats"):
            if not isinstance(item, ReportFormat) or not callable(item.render) or not item.name.isidentifier():
                self._warn(name, f"plugin {name!r}: escort_report_formats returned {item!r}, not a ReportFormat "
                                 "with a name and a render function")
            elif item.name in merged:
                self._warn(name, f"two plugins register output format {item.name!r}: {merged[item.name].plugin!r} "
                                 f"and {name!r}; keeping {merged[item.name].plugin!r}'s")
            else:
                merged[item.name] = replace(item, plugin=name)
        return merged


def _is_wrapper(impl: Any) -> bool:
    return bool(getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False))


def load_order(ep: Any) -> tuple:
    """Sort key of an entry point: Escort's own first, then by distribution and name (deterministic)."""
    dist = getattr(ep, "dist", None)
    dist_name = (dist.metadata["Name"] if dist is not None else "") or ""
    return (dist_name.lower() != "escort", dist_name.lower(), ep.name)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"
