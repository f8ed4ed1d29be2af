"""Every hook an Escort plugin can implement, in one module.

A plugin is a module (or object) registered under the ``escort`` entry-point
group in its distribution's ``pyproject.toml``::

    [project.entry-points.escort]
    dataprotection = "escort_dataprotection.plugin"

The built-in checklists (labour, contracts, tax, ip, bankruptcy) come in
through the same group.  Mark implementations with :data:`hookimpl`::

    from escort import hookimpl

    @hookimpl
    def escort_checklists():
        return [Path(__file__).parent / "dataprotection.yaml"]

Hooks return data; they never print or write files.  All hooks are called
by :mod:`escort.plugins` with keyword arguments, and every result from every
plugin is collected (no hook is ``firstresult``).

Order: implementations are called in pluggy's order — the most recently
registered plugin first, ``tryfirst`` implementations before the others and
``trylast`` ones after.  Escort registers its core, then the entry points of
the ``escort`` group sorted by name, then ``--checklists`` folders, so the
order is deterministic.  Hook wrappers (``wrapper=True`` or
``hookwrapper=True``) are not supported: a plugin that declares one is
reported, naming the plugin and the hook, and that implementation is not
called.  A function whose name starts with ``escort_`` but is not a hook below
(``escort_finding`` for ``escort_findings``) is an error naming the plugin.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("escort")
hookimpl = pluggy.HookimplMarker("escort")


@hookspec
def escort_checklists():
    """Return the checklists this plugin contributes.

    Called once when Escort builds its registry (each command that needs checklists).

    :returns: a list of paths to checklist YAML files, or of
        :class:`escort.models.Checklist` objects.  Paths are validated like any
        file given to ``escort validate``; problems are reported with the file
        and line and the checklist is left out, the others still load.

    Example::

        @hookimpl
        def escort_checklists():
            return [Path(__file__).with_name("export_control.yaml")]
    """


@hookspec
def escort_laws():
    """Return law registry entries this plugin contributes.

    Called once when Escort builds its registry, before checklists are linked,
    so a checklist's ``cite`` keys resolve against the laws of every plugin.

    :returns: a list of paths to law registry YAML files (``laws: [...]``) or
        :class:`escort.models.Law` objects.  Two plugins may both provide the
        same article only with identical text; a conflict names both.

    Example::

        @hookimpl
        def escort_laws():
            return [Path(__file__).with_name("laws.yaml")]
    """


@hookspec
def escort_functions():
    """Return functions that checklist expressions may call.

    Called once when Escort builds its registry.  Function names must not
    clash with another plugin's (the clash is reported naming both).  The
    functions receive plain values (numbers, strings, ``datetime.date``, lists
    of table rows) and must be pure: no I/O, no clock (use the ``today`` name,
    which is the assessment date).

    :returns: a mapping of name to callable.

    Example::

        @hookimpl
        def escort_functions():
            return {"statutory_cap": lambda wage, avg: min(wage, 3 * avg)}
    """


@hookspec
def escort_findings(checklist, answers, enterprise):
    """Return findings computed in Python, for logic that YAML cannot express.

    Called once per applicable checklist while an answers file is evaluated,
    after its YAML rules.  A plugin should check ``checklist.id`` and return
    an empty list for checklists it does not own.

    :param checklist: the :class:`escort.models.Checklist` being evaluated.
    :param answers: mapping of question id to the evaluated value of this
        checklist's answers (``escort.expressions.UNKNOWN`` for unknown,
        ``escort.expressions.HIDDEN`` for questions not asked; table rows as
        mappings).
    :param enterprise: the :class:`escort.models.Enterprise` profile, with the
        assessment date available as ``answers["today"]``.
    :returns: a list of :class:`escort.models.ComputedFinding`, each naming a
        rule declared in the checklist YAML, which supplies the severity,
        citations, consequence and recommendation.

    Example::

        @hookimpl
        def escort_findings(checklist, answers, enterprise):
            if checklist.id != "bankruptcy":
                return []
            return [ComputedFinding(rule="preference_in_window", message="…")]
    """


@hookspec
def escort_report_sections(result):
    """Return extra sections for the report.

    Called once when a report is rendered, with the finished result.

    :param result: the :class:`escort.models.Result`.
    :returns: a list of :class:`escort.models.ReportSection` blocks: a title,
        plain-text ``paragraphs`` and ``tables`` (:class:`escort.models.ReportTable`)
        that every output format can place (html and pdf escape them, docx
        writes Word paragraphs and tables), optional trusted ``html`` used only
        by html and pdf in their place, and where in the report it goes
        (``after``: summary, domains, plan or appendix).

    Example::

        @hookimpl
        def escort_report_sections(result):
            return [ReportSection(title="数据合规附录", paragraphs=["本附录列出处理活动。"],
                                  tables=[ReportTable(columns=["活动", "依据"], rows=[["考勤", "同意"]])])]
    """


@hookspec
def escort_domains():
    """Return the checkup domains this plugin introduces.

    Called once when Escort builds its catalog, before checklists are linked:
    a checklist's ``domain`` must be the id of a registered domain (or
    ``other``).  Two plugins may register the same id only with the same
    names; a conflict names both.

    :returns: a list of :class:`escort.models.Domain` (id, Chinese name,
        English name, order in reports).

    Example::

        @hookimpl
        def escort_domains():
            return [Domain(id="export_control", name="出口管制", name_en="Export control", order=70)]
    """


@hookspec
def escort_report_formats():
    """Return output formats a result can be rendered to.

    Called once when Escort builds its catalog.  ``escort check --format``,
    ``escort report --format`` and every other front end offer exactly the
    registered formats; Escort's own json, html and pdf come through this hook
    too (from :mod:`escort.formats`).  A format name registered twice is a
    conflict naming both plugins; the first registered is kept.

    :returns: a list of :class:`escort.formats.ReportFormat`: ``name`` (as
        typed after ``--format``), ``suffix`` (``.docx``), ``media_type``,
        ``description`` and ``render(result, catalog, brand) -> bytes``.
        ``render`` must not write files or print; it may be slow (a PDF), so
        web front ends call it from a background job.

    Example::

        @hookimpl
        def escort_report_formats():
            return [ReportFormat(name="md", suffix=".md", media_type="text/markdown",
                                 description="Findings as Markdown", render=render_markdown)]
    """
