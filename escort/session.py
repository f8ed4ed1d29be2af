"""The interview's logic, without a terminal: which question comes next, what an action does, autosave.

An :class:`Interview` holds the answers file as it will be written (plain
YAML data) and a position.  It lists the steps to ask *now* — the profile,
the choice of checklists, then each chosen checklist's questions that
:func:`escort.engine.visible_scope` says are asked given the answers so far —
so ``show_if`` works exactly as in ``escort check``.  Every change is written
at once with :func:`escort.files.write_atomic`.

Why a separate module: the prompts (``escort.prompts``) only turn a
:class:`Request` into an :class:`Action`; tests drive the same logic with a
scripted function instead of a terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import ValidationError

from escort.answers import OutOfRange, is_unknown_word, normalise
from escort.engine import checklist_applies, profile_names, visible_scope
from escort.expressions import UNKNOWN, Record
from escort.files import write_atomic
from escort.models import Assessment, Enterprise, Option, Question
from escort.uscc import ALPHABET, uscc_problem

HEADER = ("# Escort 答题文件：由 escort interview 自动保存，每答一题保存一次。\n"
          "# 继续填写：escort interview --resume {name}    检查：escort check {name} -o 输出目录\n")
TAG_LITERAL = re.compile(r"""['"]([^'"]+)['"]\s+in\s+enterprise\.tags""")


def _q(id: str, text: str, type: str, help: str = "", **kw: Any) -> Question:
    return Question(id=id, text=text, type=type, help=help, **kw)


ENTERPRISE_QUESTIONS = [
    _q("name", "企业名称", "text", "以营业执照上的名称为准。", required=True),
    _q("uscc", "统一社会信用代码（18位）", "text",
       "营业执照上的18位代码。最后一位是校验码，输入时即按 GB 32100-2015 核对；字母不含 I、O、S、V、Z。", required=True),
    _q("industry", "所属行业", "text", "例如：通用设备制造业、软件和信息技术服务业。"),
    _q("region", "所在地区（省、市）", "text", "例如：浙江省杭州市。"),
    _q("employees", "在职员工人数", "number", "以最近一期工资表为准。", unit="人", min=0),
    _q("registered_capital", "注册资本", "money", "按营业执照填写，单位为元（500万元填 5000000）。", unit="元"),
    _q("founded", "成立日期", "date", "营业执照上的成立日期，如 2016-03-18 或 2016/3/18。"),
    _q("listing", "上市情况", "choice", options=[Option(id="none", text="未上市"), Option(id="preparing", text="筹备上市"),
                                               Option(id="listed", text="已上市")]),
    _q("tags", "企业标签（可填多个，用逗号分隔；没有就直接回车）", "text", "例如：专精特新, 高新技术企业。"),
]
ASSESSMENT_QUESTIONS = [
    _q("mode", "体检方式", "choice", "律师现场体检：由律师出具报告；企业自查：企业自己检查，报告按自查措辞，不列律师事务所。",
       options=[Option(id="onsite", text="律师现场体检"), Option(id="self", text="企业自查")]),
    _q("date", "体检日期", "date", "所有期限和金额都从这一天起算。默认是今天。", required=True),
    _q("assessor", "体检人（律师或自查负责人）", "text"),
    _q("firm", "律师事务所", "text"),
    _q("licence", "律师执业证号", "text"),
]
LAWYER_ONLY = {"firm", "licence"}  # asked only for an on-site checkup by a lawyer
PROFILE = {"enterprise": ENTERPRISE_QUESTIONS, "assessment": ASSESSMENT_QUESTIONS}
PROFILE_TITLES = {"enterprise": "企业基本信息", "assessment": "体检信息", "checklists": "选择体检清单"}


@dataclass
class Step:
    """One thing to ask: a profile field, the checklist choice, or a checklist question."""

    scope: str                 # "enterprise", "assessment", "checklists", or a checklist id
    question: Question
    section: str               # title shown in the progress line
    section_no: int = 1
    section_count: int = 1

    @property
    def key(self) -> tuple[str, str]:
        return (self.scope, self.question.id)

    @property
    def is_question(self) -> bool:
        return self.scope not in PROFILE_TITLES


@dataclass
class Action:
    """What the person did at a step: answer (with a value), unknown, skip, back, or note."""

    kind: str
    value: Any = None
    note: Optional[str] = None


@dataclass
class Request:
    """Everything a prompt needs to ask one step."""

    step: Step
    value: Any                 # the current answer in file form, or None
    note: str
    progress: str
    help: str
    check: Callable[[Any], Optional[str]]  # None when a value is acceptable, else what is wrong
    can_back: bool = True
    keep: Optional[Callable[[Any], None]] = None  # save a table's rows as they are confirmed, before "done"


@dataclass
class Interview:
    registry: Any
    path: Path
    data: dict = field(default_factory=dict)
    only: list[str] = field(default_factory=list)
    position: Optional[tuple[str, str]] = None
    notice: str = ""           # a warning about the answer just recorded (e.g. beyond a legal limit), shown once
    unanswered_only: bool = False  # after --resume "continue": go on through unanswered questions only

    # ------------------------------------------------------------------ creating
    @classmethod
    def start(cls, registry: Any, path: Path, only: list[str] | None = None, today: dt.date | None = None) -> "Interview":
        data = {"enterprise": {"listing": "none", "tags": []},
                "assessment": {"date": today or dt.date.today(), "mode": "onsite"},
                "checklist_versions": {}, "answers": {}}
        iv = cls(registry, Path(path), data, list(only or []))
        iv._select(iv.only)
        iv.position = iv.steps()[0].key
        return iv

    @classmethod
    def resume(cls, registry: Any, source: Path, path: Path | None = None, only: list[str] | None = None) -> "Interview":
        """Continue an answers file; a damaged one is a ValueError saying what is wrong and offering the last good save."""
        try:
            data = read_autosave(Path(source))
        except ValueError as exc:
            backup = last_good_path(Path(source))
            if backup.is_file() and backup.resolve() != Path(source).resolve():
                try:
                    read_autosave(backup)
                except ValueError:
                    raise exc from None
                raise ValueError(f"{exc}. The last good autosave is {backup}; continue from it with: "
                                 f"escort interview --resume {backup} -o {source}") from None
            raise
        iv = cls(registry, Path(path or source), data, list(only or []))
        if iv.only:
            iv._select(iv.only)
        iv.position = iv.first_unanswered()
        return iv

    # ------------------------------------------------------------------ steps
    def steps(self) -> list[Step]:
        """The steps asked now, in order, given the answers so far."""
        mode, *rest = ASSESSMENT_QUESTIONS  # the mode first: it decides what else is asked and how the report reads
        self_check = self.data["assessment"].get("mode") == "self"
        out = [Step("assessment", mode, PROFILE_TITLES["assessment"], 2, 3)]
        out += [Step("enterprise", q, PROFILE_TITLES["enterprise"], 1, 3) for q in ENTERPRISE_QUESTIONS]
        out += [Step("assessment", q, PROFILE_TITLES["assessment"], 2, 3) for q in rest
                if not (self_check and q.id in LAWYER_ONLY)]
        if not self.only:
            out.append(Step("checklists", self._checklist_question(), PROFILE_TITLES["checklists"], 3, 3))
        profile = self.profile()
        if profile is None:
            return out
        for cid in self.chosen():
            loaded = self.registry.checklists[cid]
            _, visible = visible_scope(loaded, self.values(cid), profile, self.registry.functions)
            sections = loaded.model.sections
            for no, section in enumerate(sections, start=1):
                out += [Step(cid, q, section.title, no, len(sections)) for q in section.questions if q.id in visible]
        return out

    def chosen(self) -> list[str]:
        return [cid for cid in self.data["checklist_versions"] if cid in self.registry.checklists]

    def current(self) -> Step | None:
        return next((s for s in self.steps() if s.key == self.position), None)

    def first_unanswered(self) -> tuple[str, str] | None:
        """The first step that still needs an answer (optional profile fields left empty do not count)."""
        complete = self.profile() is not None
        for step in self.steps():
            if step.scope in PROFILE and (complete or not step.question.required):
                continue
            if not self.is_answered(step):
                return step.key
        return None

    def start_at(self, key: tuple[str, str] | None) -> None:
        self.position = key

    # ------------------------------------------------------------------ values
    def raw(self, step: Step) -> tuple[Any, str]:
        """The answer in file form and its note."""
        if step.scope in PROFILE:
            value = self.data[step.scope].get(step.question.id)
            return (", ".join(value) if step.question.id == "tags" and isinstance(value, list) else value), ""
        if step.scope == "checklists":
            return (self.chosen() or None), ""
        given = (self.data["answers"].get(step.scope) or {}).get(step.question.id)
        return split_note(given)

    def is_answered(self, step: Step) -> bool:
        value = self.raw(step)[0]
        return value is not None and value != ""

    def values(self, cid: str) -> dict[str, Any]:
        """The answers of one checklist as expressions see them (invalid ones left out)."""
        out = {}
        questions = self.registry.checklists[cid].questions
        for qid, given in (self.data["answers"].get(cid) or {}).items():
            if qid not in questions:
                continue
            try:
                value = normalise(questions[qid], split_note(given)[0], qid)
            except ValueError:
                continue
            if value is not None:
                out[qid] = value
        return out

    def profile(self) -> dict | None:
        """The names enterprise, assessment and today, or None while the profile is incomplete."""
        try:
            ent = Enterprise.model_validate(self.data["enterprise"])
            ass = Assessment.model_validate(self.data["assessment"])
        except ValidationError:
            return None
        return profile_names(_Profile(ent, ass))

    def applicable(self) -> list[tuple[str, bool, str]]:
        """Every installed checklist with whether it applies to the profile and why."""
        profile = self.profile()
        out = []
        for cid, loaded in self.registry.checklists.items():
            applies, reason = (True, "") if profile is None else checklist_applies(loaded, profile, self.registry.functions)
            out.append((cid, applies, reason))
        return out

    def known_tags(self) -> list[str]:
        tags = []
        for loaded in self.registry.checklists.values():
            tags += [t for t in TAG_LITERAL.findall(loaded.model.applies_if or "") if t not in tags]
        return tags

    def _checklist_question(self) -> Question:
        options = []
        for cid, applies, _ in self.applicable():
            m = self.registry.checklists[cid].model
            if applies or cid in self.chosen():
                options.append(Option(id=cid, text=f"{m.title}（{self.registry.domain_name(m.domain)}，{len(m.questions())} 题）"))
        if not options:
            options = [Option(id="none_apply", text="（没有适用于该企业的清单）")]
        return Question(id="checklists", text="本次体检使用哪些清单？（默认全选适用的清单）", type="multi_choice", options=options,
                        help="清单按企业信息自动筛选：不适用的不列出。选定后记入答题文件的 checklist_versions。")

    # ------------------------------------------------------------------ checking and applying
    def check(self, step: Step, value: Any) -> str | None:
        """Say what is wrong with *value* for *step*, or None."""
        notice = self.notice
        try:
            self._convert(step, value)
        except ValueError as exc:
            return str(exc)
        finally:
            self.notice = notice  # checking while typing records nothing and warns of nothing
        return None

    def _convert(self, step: Step, value: Any) -> Any:
        q = step.question
        empty = value is None or (isinstance(value, str) and not value.strip())
        if step.scope == "checklists":
            chosen = [v for v in (value or []) if v in self.registry.checklists]
            if not chosen:
                raise ValueError("请至少选择一个清单")
            return chosen
        if step.scope in PROFILE:
            if empty or is_unknown_word(value):
                if q.required:
                    raise ValueError(f"{q.text}必须填写")
                return None
            if q.id == "uscc":
                return _check_uscc(str(value))
            if q.id == "tags":
                return [t for t in re.split(r"[,，、;；\s]+", str(value)) if t]
        if empty:
            return None
        try:
            result = normalise(q, value, q.id)
        except OutOfRange as exc:  # beyond a legal limit: record it (it is the finding) and say so
            result = exc.value
            self.notice = f"已记录 {_g(exc.value)}{q.unit or ''}：超出通常范围（{_range(q)}），请核对；如属实，检查时会据此判断。"
        except ValueError as exc:
            raise ValueError(explain_problem(q, exc)) from None
        if q.id == "employees" and step.scope == "enterprise" and result != int(result):
            raise ValueError("人数应为整数")
        return to_file(result)

    def apply(self, action: Action) -> str | None:
        """Do what the person chose at the current step; return a message when it cannot be done."""
        steps = self.steps()
        index = next((i for i, s in enumerate(steps) if s.key == self.position), None)
        if index is None:
            return None
        step = steps[index]
        if action.kind == "back":
            if index == 0:
                return "已经是第一题。"
            self.position = steps[index - 1].key
            return None
        if action.kind == "note":
            if step.scope in PROFILE or step.scope == "checklists":
                return "备注只能加在清单问题上。"
            value, _ = self.raw(step)
            self._store(step, value, action.note or "")
            self.save()
            return None
        if action.kind == "skip":
            if step.question.required and step.scope in PROFILE or step.scope == "checklists":
                return "这一项不能跳过。"
        elif action.kind in ("answer", "unknown"):
            value = "unknown" if action.kind == "unknown" else action.value
            try:
                converted = self._convert(step, value)
            except ValueError as exc:
                return str(exc)
            if action.kind == "unknown" and step.scope in PROFILE:
                converted = None
            self._store(step, converted, action.note if action.note is not None else self.raw(step)[1])
            self.save()
        else:
            return f"unknown action {action.kind!r}"
        self._advance(step.key)
        return None

    def _advance(self, key: tuple[str, str]) -> None:
        steps = self.steps()
        index = next(i for i, s in enumerate(steps) if s.key == key)
        following = steps[index + 1:]
        if self.unanswered_only:  # resumed to fill the gaps: answered questions are not walked through again
            following = [s for s in following if s.is_question and not self.is_answered(s)]
        self.position = following[0].key if following else None

    def _store(self, step: Step, value: Any, note: str) -> None:
        if step.scope in PROFILE:
            section = self.data[step.scope]
            if value is None:
                section.pop(step.question.id, None)
            else:
                section[step.question.id] = value
            return
        if step.scope == "checklists":
            self._select(value)
            return
        given = self.data["answers"].setdefault(step.scope, {})
        old = given.get(step.question.id)
        evidence = old.get("evidence") if isinstance(old, dict) and "value" in old else None
        entry = {"value": value, **({"note": note} if note else {}), **({"evidence": evidence} if evidence else {})}
        given[step.question.id] = entry if len(entry) > 1 else value

    def _select(self, ids: list[str]) -> None:
        if not ids:
            return
        self.data["checklist_versions"] = {cid: self.registry.checklists[cid].model.version for cid in ids}
        for cid in ids:
            self.data["answers"].setdefault(cid, {})

    # ------------------------------------------------------------------ progress and saving
    def progress(self, step: Step) -> str:
        """One line: the section and the overall share of questions answered (fits 80 columns)."""
        steps = [s for s in self.steps() if s.is_question]
        done = sum(1 for s in steps if self.is_answered(s))
        pct = round(100 * done / len(steps)) if steps else 0
        if not step.is_question:
            same = [s for s in self.steps() if s.scope == step.scope]
            at = next((i for i, s in enumerate(same, 1) if s.key == step.key), 0)
            return f"[{step.section} {at}/{len(same)}]"
        else:
            same = [s for s in steps if s.scope == step.scope and s.section == step.section]
            at = next((i for i, s in enumerate(same, 1) if s.key == step.key), 0)
            where = f"{step.scope} 第{step.section_no}/{step.section_count}节 {step.section[:12]} {at}/{len(same)}"
        return f"[{where}] 总进度 {done}/{len(steps)} 题 {pct}%"

    def request(self, step: Step) -> Request:
        value, note = self.raw(step)
        if step.scope == "checklists" and not value:
            value = [o.id for o in step.question.options]  # every applicable checklist, until the person chooses
        return Request(step, value, note, self.progress(step), self.help_text(step),
                       lambda v, s=step: self.check(s, v), can_back=self.steps()[0].key != step.key,
                       keep=(lambda rows, s=step: self.keep_rows(s, rows)) if step.question.type.value == "table" else None)

    def keep_rows(self, step: Step, rows: list) -> None:
        """Save the rows of a table confirmed so far, so help, a note, Ctrl-C or a crash loses none of them."""
        try:
            converted = self._convert(step, list(rows)) if rows else None
        except ValueError:
            return
        self._store(step, converted, self.raw(step)[1])
        self.save()

    def help_text(self, step: Step) -> str:
        q = step.question
        lines = [q.help or "（本题没有补充说明）"]
        if step.scope == "enterprise" and q.id == "tags" and self.known_tags():
            lines.append("已安装清单用到的标签：" + "、".join(self.known_tags()))
        if q.cite:
            lines.append("法律依据：")
            for key in q.cite:
                art = self.registry.laws.resolve(key) if self.registry.laws.has(key) else None
                text = art.text if art is None or art.text.startswith(art.label) else f"{art.label} {art.text}"
                lines.append(f"  《{art.short_name}》{text}" if art else f"  {key}")
        if q.evidence:
            lines.append("需要查看的材料：" + "、".join(q.evidence))
        return "\n".join(lines)

    def save(self) -> Path:
        """Write the answers file, and the same text as its last good copy (offered if the file is ever damaged)."""
        header = HEADER.format(name=self.path.name)
        body = dump_answers(self.data)
        if body.startswith(header):  # a resumed file keeps its header as a comment: write it once
            body = body[len(header):]
        written = write_atomic(self.path, header + body)
        write_atomic(last_good_path(self.path), header + body)
        return written


def last_good_path(path: Path) -> Path:
    """Where the interview keeps the last autosave it wrote completely: ``.last-good.NAME`` beside it."""
    return path.with_name(f".last-good.{path.name}")


def read_autosave(source: Path) -> dict:
    """Read an answers file to resume, with the limits of every file; raise ValueError saying what is wrong."""
    from escort.errors import ProblemsFound
    from escort.sources import read_document

    try:
        data = read_document(source).data or {}
    except ProblemsFound as exc:
        raise ValueError("; ".join(str(p) for p in exc.problems[:3])) from None
    if not isinstance(data, dict):
        raise ValueError(f"{source} is not an answers file (it should be a mapping)")
    for key in ("enterprise", "assessment", "checklist_versions", "answers"):
        data[key] = data.get(key) or {}
        if not isinstance(data[key], dict):
            raise ValueError(f"{source}: {key} should be a mapping, not {type(data[key]).__name__}")
    for cid, given in data["answers"].items():
        if given is not None and not isinstance(given, dict):
            raise ValueError(f"{source}: answers.{cid} should be a mapping of question id to answer")
    # checked with the limits of every file: now read again keeping comments and key order for the autosaves
    data = load_round_trip(source.read_text(encoding="utf-8")) or {}
    for key in ("enterprise", "assessment", "checklist_versions", "answers"):
        data[key] = data.get(key) or {}
    for cid, given in list(data["answers"].items()):
        data["answers"][cid] = given or {}
    return data


@dataclass
class _Profile:
    enterprise: Enterprise
    assessment: Assessment


def _check_uscc(text: str) -> str:
    """The code in capitals, or a ValueError saying in Chinese what is wrong (shown while typing)."""
    code = text.strip().upper()
    if uscc_problem(code) is None:
        return code
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ValueError(f"含有不允许的字符 {''.join(bad)}（只用数字和大写字母，不含 I、O、S、V、Z）")
    if len(code) != 18:
        raise ValueError(f"已输入 {len(code)} 位，应为 18 位")
    # not the character that would pass: that invites typing it instead of rechecking the licence
    raise ValueError("校验码不符（按 GB 32100-2015 核对），可能有一位输错；请对照营业执照逐位核对")


def _g(x: float) -> str:
    return f"{x:g}"


def _range(q: Any) -> str:
    low, high = getattr(q, "min", None), getattr(q, "max", None)
    unit = getattr(q, "unit", None) or ""
    if low is not None and high is not None:
        return f"{low:g}–{high:g}{unit}"
    return f"不小于 {low:g}{unit}" if low is not None else f"不大于 {high:g}{unit}"


def explain_problem(q: Any, exc: ValueError) -> str:
    """Put the answers module's message in the words of the interview."""
    detail = str(exc)
    kind = q.type.value
    if kind in ("number", "money", "percent"):
        if "below" in detail or "above" in detail:
            low, high = getattr(q, "min", None), getattr(q, "max", None)
            low = 0 if low is None and kind != "number" else low
            high = 100 if high is None and kind == "percent" else high
            unit = getattr(q, "unit", None) or ""
            if low is not None and high is not None:
                return f"超出允许范围：{low:g}–{high:g}{unit}"
            return f"不能小于 {low:g}{unit}" if low is not None else f"不能大于 {high:g}{unit}"
        return "请输入数字（不带单位，如 86 或 5000000）"
    if kind == "date":
        return "请输入日期，如 2026-11-01 或 2026/11/1" + ("（这一天不存在）" if "real date" in detail else "")
    if kind == "yes_no":
        return "请回答 是 / 否 / 未知"
    return detail


def split_note(given: Any) -> tuple[Any, str]:
    """An answer as written, ``{value, note}`` or a bare value, as (value, note)."""
    if isinstance(given, dict) and "value" in given:
        return given["value"], str(given.get("note") or "")
    return given, ""


def to_file(value: Any) -> Any:
    """The form a normalised value takes in an answers file."""
    if value is UNKNOWN:
        return "unknown"
    if isinstance(value, list):
        return [{k: to_file(v) for k, v in row.items()} if isinstance(row, (dict, Record)) else row for row in value]
    return value


def _round_trip_yaml():
    """ruamel.yaml in round-trip mode: comments, key order and quoting of a resumed file survive each save.

    Why ruamel.yaml: PyYAML drops comments, so a file made by ``escort template`` lost its explanations
    (written for the person filling it in) at the first autosave.
    """
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.allow_unicode = True
    rt.width = 1000
    rt.preserve_quotes = True
    rt.representer.ignore_aliases = lambda data: True  # answers files with aliases are refused when read
    return rt


def load_round_trip(text: str) -> Any:
    """Read answers-file text keeping its comments (a CommentedMap, which is a dict)."""
    return _round_trip_yaml().load(text)


def dump_answers(data: dict) -> str:
    """Write answers data as YAML; data read with :func:`load_round_trip` keeps its comments."""
    import io

    out = io.StringIO()
    _round_trip_yaml().dump(data, out)
    return out.getvalue()
