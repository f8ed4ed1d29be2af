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

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Optional, Union

from escort.errors import Problem
from escort.models import Article, CitedArticle, InForce, Law, LawOverride, PendingLaw

METADATA = ("name", "short_name", "revision", "revision_zh", "effective", "superseded", "superseded_by")


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class LawRegistry:
    laws: dict[str, Law] = field(default_factory=dict)
    articles: dict[str, tuple[Law, Article]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # key (or law id) -> where it came from
    owner: dict[str, str] = field(default_factory=dict)   # law id -> the provider that may add articles
    overrides: list[LawOverride] = field(default_factory=list)
    pending: dict[str, PendingLaw] = field(default_factory=dict)  # versions known by their dates only

    def add_pending(self, law: PendingLaw, origin: str) -> list[Problem]:
        """Add a version known by its dates only (no article text)."""
        if self.pending.get(law.id) == law:
            return []  # the same entry from another plugin
        if law.id in self.laws or law.id in self.pending:
            return [Problem(origin, None, f"pending law {law.id!r} is already in the registry", code="E-LAW")]
        for ref in (law.replaces, law.replaced_by):
            if ref and ref not in self.laws:
                return []  # the law it belongs with is not installed (a plugin disabled): nothing can cite it
        self.pending[law.id] = law
        return []

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

    def has_version(self, key: str) -> bool:
        """An article in the registry, or an article number of a pending version (known by its dates only)."""
        return key in self.articles or key.split("#", 1)[0] in self.pending

    # ----------------------------------------------------------------- versions by date

    def period(self, law_id: str) -> tuple[Optional[dt.date], Optional[dt.date]]:
        """(first day in force, first day no longer in force) of a registry or pending law; None is open."""
        if law_id in self.pending:
            p = self.pending[law_id]
            return p.effective, p.superseded
        law = self.laws[law_id]
        superseded = law.superseded
        if superseded is None:
            later = [p.effective for p in self.pending.values() if p.replaces == law_id and p.effective]
            superseded = min(later) if later else None
        effective = law.effective
        if effective is None:  # begins where the version it replaced ended, when that is recorded
            earlier = [p.superseded for p in self.pending.values() if p.replaced_by == law_id and p.superseded]
            earlier += [x.superseded for x in self.laws.values() if x.superseded_by == law_id and x.superseded]
            effective = max(earlier) if earlier else None
        return effective, superseded

    def in_force_on(self, law_id: str, day: dt.date) -> bool:
        start, end = self.period(law_id)
        return (start is None or start <= day) and (end is None or day < end)

    def replacement(self, law_id: str) -> Optional[str]:
        """Id of the version that replaced *law_id* (registry or pending), if known."""
        law = self.laws.get(law_id)
        if law is not None and law.superseded_by:
            return law.superseded_by
        if law_id in self.pending and self.pending[law_id].replaced_by:
            return self.pending[law_id].replaced_by
        return next((p.id for p in self.pending.values() if p.replaces == law_id), None)

    def same_instrument(self, a: str, b: str) -> bool:
        """Two law ids are versions of one instrument: same official name, or one replaced the other (in a chain)."""
        def name(i: str) -> str:
            return self.pending[i].name if i in self.pending else self.laws[i].name if i in self.laws else i
        if name(a) == name(b):
            return True
        for x, y in ((a, b), (b, a)):
            seen, cur = set(), x
            while cur and cur not in seen:
                seen.add(cur)
                cur = self.replacement(cur)
                if cur == y:
                    return True
        return False

    def _describe(self, law_id: str) -> str:
        if law_id in self.pending:
            p = self.pending[law_id]
            return f"《{p.short_name}》（{p.revision_zh}）"
        law = self.laws[law_id]
        return f"《{law.short_name}》（{law.revision_zh or law.revision}）"

    def cite_on(self, item: Union[str, InForce], day: dt.date, dated: bool = False,
                day_known: bool = True) -> tuple[CitedArticle, list[str]]:
        """The article to quote for facts at *day*, and notes for the lawyer's worksheet.

        A plain key is quoted as it is; when its text was not (yet, or any more) in force on *day*, the
        quote says so and the lawyer gets a note.  An in_force item picks the version whose period holds
        *day*; a pending version (no text) is named in a note and the closest registry text is quoted
        with a remark.  *dated* records *day* on the quote (the report prints "适用于 … 的事实").
        """
        notes: list[str] = []
        if isinstance(item, str):
            key, options = item, [item]
        else:
            options = list(item.in_force)
            chosen = [k for k in options if self.in_force_on(k.split("#", 1)[0], day)]
            if len(chosen) == 1:
                key = chosen[0]
            else:  # no version in force on the day (or, wrongly, several): the nearest one, flagged
                key = self._nearest(options, day)
                notes.append(f"{' / '.join(options)}：{day.isoformat()} 没有恰好一个在施行期内的版本，"
                             f"暂引 {key}，请律师核对适用的文本。")
            dated = True
        if not day_known:
            notes.append(f"{key}：事实发生日期未知，按体检日 {day.isoformat()} 选取法律版本，请核对事实日期。")
        law_id, _, number = key.partition("#")
        if law_id in self.pending:
            pending = self.pending[law_id]
            fallback = self._nearest([k for k in options if k.split("#", 1)[0] not in self.pending], day)
            cited = self.resolve(fallback)
            cited.version_note = (f"适用于{zh_date(day)}的事实的是{self._describe(law_id)}，其条文尚未收录；"
                                  f"此处引用的是此前文本，对应条文以律师核对为准。")
            notes.append(f"{fallback} 已由{self._describe(law_id)}取代（{zh_date(pending.effective) + '起施行' if pending.effective else '施行日期待核实'}），"
                         f"对 {day.isoformat()} 的事实应适用其第{number}条（条号按对照表）；该文本不在法规库中，请按官方文本核对并改写引用。"
                         f"来源：{pending.source}")
        else:
            cited = self.resolve(key)
            start, end = self.period(law_id)
            if end is not None and day >= end:
                newer = self.replacement(law_id)
                mapped = ""
                if newer in self.pending and number in self.pending[newer].article_map:
                    mapped = f"，对应条文：{self.pending[newer].article_map[number]}（按对照表，须核对）"
                when = f"适用于{zh_date(day)}的事实时" if dated else f"截至体检日（{zh_date(day)}）"
                cited.version_note = (f"本条文本自{zh_date(end)}起已被"
                                      f"{self._describe(newer) if newer else '新文本'}取代，{when}"
                                      f"以现行文本为准。")
                notes.append(f"{key}：引用文本自 {end.isoformat()} 起不再施行，{day.isoformat()} 的事实应适用"
                             f"{self._describe(newer) if newer else '新文本'}{mapped}；请核对并改写引用"
                             f"{'（新文本不在法规库中）' if newer in self.pending or newer is None else ''}。")
            elif self.laws[law_id].effective is not None and day < self.laws[law_id].effective:
                start = self.laws[law_id].effective  # only a recorded date, not one inferred from the version before
                cited.version_note = f"本条自{zh_date(start)}起施行，晚于{zh_date(day)}的事实；适用时以律师核对为准。"
                notes.append(f"{key}：该文本 {start.isoformat()} 起施行，晚于事实日期 {day.isoformat()}，"
                             f"请核对当时有效的文本。")
        if dated:
            cited.facts_date = day
        return cited, notes

    def _nearest(self, keys: list[str], day: dt.date) -> str:
        """Of *keys*, the version whose period is closest to *day* (in force on it, else the nearest edge)."""
        def distance(key: str) -> int:
            start, end = self.period(key.split("#", 1)[0])
            if start is not None and day < start:
                return (start - day).days
            if end is not None and day >= end:
                return (day - end).days + 1
            return 0
        return min(keys, key=distance)

    def suggest(self, key: str) -> str:
        close = difflib.get_close_matches(key, self.articles, n=1, cutoff=0.6)
        if close:
            return f"; did you mean {close[0]!r}?"
        law_id = key.split("#", 1)[0]
        if law_id in self.laws:
            numbers = sorted((k.split("#")[1] for k in self.articles if k.startswith(law_id + "#")),
                             key=lambda n: [int(p) if p.isdigit() else 0 for p in n.split("-")])
            return f"; the registry holds {law_id} articles {', '.join(numbers)}"
        return f"; known laws: {', '.join(sorted(self.laws))}"
