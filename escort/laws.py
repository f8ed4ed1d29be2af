"""The law registry: statute texts kept as data, cited by key.

A citation key is ``law_id#article`` (``labour_contract_law#82``,
``criminal_law#276-1``).  Plugins contribute law files through the
``escort_laws`` hook.  The registry keeps the first text it is given and
never lets a later provider change it silently:

- the same article from two providers must have the same text;
- a law's name, revision and dates must agree between providers;
- only the provider of a law (the same distribution, or the same folder) may add
  articles to it, so a folder cannot slip an invented article into a real law;
- an installed plugin may replace texts only with an explicit ``override:`` (a
  reason), and each replacement is recorded (:attr:`LawRegistry.overrides`) for
  result.json and the report.

Anything else is a conflict (``E-LAW``) naming both providers.  The built-in
plugins load first (see :mod:`escort.plugins`), so the texts kept are theirs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from escort.errors import Problem
from escort.models import Article, CitedArticle, Law, LawOverride

METADATA = ("name", "short_name", "revision", "revision_zh", "effective", "superseded", "superseded_by")


@dataclass
class LawRegistry:
    laws: dict[str, Law] = field(default_factory=dict)
    articles: dict[str, tuple[Law, Article]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # key (or law id) -> where it came from
    owner: dict[str, str] = field(default_factory=dict)   # law id -> the provider that may add articles
    overrides: list[LawOverride] = field(default_factory=list)

    def add(self, law: Law, origin: str, owner: str | None = None, may_override: bool = False) -> list[Problem]:
        """Add a law and its articles from *origin* (a file or plugin) of provider *owner*; return conflicts.

        *may_override*: the provider is an installed plugin, so its ``override:`` is honoured.
        """
        owner = owner or origin
        override = law.override if may_override else None
        problems = []
        if law.override and not may_override:
            problems.append(self._conflict(origin, f"law {law.id}: 'override' is honoured only from an installed plugin, "
                                                   f"not from {origin}; its texts are checked like any other"))
        known = self.laws.get(law.id)
        if known is None:
            self.laws[law.id] = law.model_copy(update={"articles": [], "override": None})
            self.origin[law.id], self.owner[law.id] = origin, owner
        else:
            # a field the newcomer leaves empty is not stated, not a different value
            changed = [f for f in METADATA if getattr(law, f) not in (None, "") and getattr(known, f) != getattr(law, f)]
            if changed and override:
                self.laws[law.id] = known.model_copy(update={f: getattr(law, f) for f in changed})
                self.overrides.append(LawOverride(key=law.id, plugin=origin, replaces=self.origin[law.id], reason=override))
                for key, (_, article) in list(self.articles.items()):
                    if key.startswith(law.id + "#"):
                        self.articles[key] = (self.laws[law.id], article)
            elif changed:
                what = "; ".join(f"{f} {getattr(law, f)!r} instead of {getattr(known, f)!r}" for f in changed)
                problems.append(self._conflict(origin, f"law {law.id}: {origin} gives {what} given by "
                                                       f"{self.origin[law.id]}; keeping the first"))
        current = self.laws[law.id]
        for article in law.articles:
            key = f"{law.id}#{article.number}"
            if key in self.articles:
                if self.articles[key][1].text == article.text:
                    continue
                if override:
                    self.overrides.append(LawOverride(key=key, plugin=origin, replaces=self.origin[key], reason=override))
                    self.articles[key], self.origin[key] = (current, article), origin
                    continue
                problems.append(self._conflict(origin, f"article {key}: the text given by {origin} differs from the text "
                                                       f"given by {self.origin[key]}; a law article has one text, "
                                                       "keeping the first"))
                continue
            if self.owner[law.id] != owner and not override:
                problems.append(self._conflict(origin, f"article {key}: {origin} adds an article to law {law.id}, which "
                                                       f"is provided by {self.origin[law.id]}; only its provider may add "
                                                       "articles (or give the article under a law id of your own)"))
                continue
            self.articles[key] = (current, article)
            self.origin[key] = origin
        return problems

    @staticmethod
    def _conflict(origin: str, message: str) -> Problem:
        return Problem(origin, None, message, code="E-LAW")

    def resolve(self, key: str) -> CitedArticle:
        law, article = self.articles[key]
        return CitedArticle(key=key, law=law.name, short_name=law.short_name, revision=law.revision, revision_zh=law.revision_zh,
                            label=article.label, text=article.text)

    def has(self, key: str) -> bool:
        return key in self.articles

    def suggest(self, key: str) -> str:
        close = difflib.get_close_matches(key, self.articles, n=1, cutoff=0.6)
        if close:
            return f"; did you mean {close[0]!r}?"
        law_id = key.split("#", 1)[0]
        if law_id in self.laws:
            numbers = sorted((k.split("#")[1] for k in self.articles if k.startswith(law_id + "#")),
                             key=lambda n: [int(p) for p in n.split("-")])
            return f"; the registry holds {law_id} articles {', '.join(numbers)}"
        return f"; known laws: {', '.join(sorted(self.laws))}"
