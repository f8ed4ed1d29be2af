"""The law registry: statute texts kept as data, cited by key.

A citation key is ``law_id#article`` (``labour_contract_law#82``,
``criminal_law#276-1``).  Plugins contribute law files through the
``escort_laws`` hook; the same article may come from two plugins only with
identical text, so a revised law is one registry update.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from escort.errors import Problem
from escort.models import Article, CitedArticle, Law


@dataclass
class LawRegistry:
    laws: dict[str, Law] = field(default_factory=dict)
    articles: dict[str, tuple[Law, Article]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # key -> where it came from

    def add(self, law: Law, origin: str) -> list[Problem]:
        """Add a law's articles; return problems for conflicting texts."""
        problems = []
        known = self.laws.get(law.id)
        if known is None:
            self.laws[law.id] = law.model_copy(update={"articles": []})
        for article in law.articles:
            key = f"{law.id}#{article.number}"
            if key in self.articles:
                if self.articles[key][1].text != article.text:
                    problems.append(Problem(origin, None,
                                            f"article {key} differs from the text given by {self.origin[key]}; "
                                            "a law article must have one text", code="E-LAW"))
                continue
            self.articles[key] = (self.laws[law.id], article)
            self.origin[key] = origin
        return problems

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
