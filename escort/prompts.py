"""Terminal prompts for the interview, one per question type, on questionary (prompt_toolkit).

A :class:`TerminalPrompter` turns a :class:`escort.session.Request` into an
:class:`escort.session.Action`.  It holds no interview logic: what a value
means and whether it is acceptable is asked of the request's ``check``.

At a typed answer, ``?`` shows help, ``<`` goes back, ``>`` skips, ``!`` adds a
note and 未知/unknown answers unknown; the full-width forms a Chinese input
method types (？ 《 》 ！) work too.  In lists the same actions are entries.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import click
import questionary
from prompt_toolkit.output.color_depth import ColorDepth
from questionary import Choice, Separator

from escort.answers import is_unknown_word
from escort.models import Column, QuestionType
from escort.session import Action, Request, explain_problem

HELP, BACK, SKIP, NOTE, UNKNOWN_ = "?", "<", ">", "!", "~unknown"
TYPED = {"?": HELP, "？": HELP, "<": BACK, "《": BACK, "＜": BACK, ">": SKIP, "》": SKIP, "＞": SKIP, "!": NOTE, "！": NOTE}
KEYS_HINT = "?帮助 <上一题 >跳过 !备注 未知"
TYPE_NAMES = {"yes_no": "是/否", "choice": "单选", "multi_choice": "多选", "number": "数字", "money": "金额",
              "percent": "百分比", "date": "日期", "text": "文字", "table": "表格"}


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class TerminalPrompter:
    """Ask through questionary; *input*/*output* are for prompt_toolkit test pipes."""

    def __init__(self, input: Any = None, output: Any = None, say: Callable[[str], None] = click.echo,
                 colour: bool | None = None):
        self.kw: dict[str, Any] = {k: v for k, v in {"input": input, "output": output}.items() if v is not None}
        if not (use_colour() if colour is None else colour):
            self.kw["color_depth"] = ColorDepth.DEPTH_1_BIT
            self.kw["style"] = questionary.Style([("qmark", ""), ("question", "bold"), ("answer", ""),
                                                 ("pointer", "bold"), ("highlighted", "bold"), ("selected", ""),
                                                 ("instruction", ""), ("text", ""), ("disabled", "")])
        self.say = say
        self._drafts: dict[tuple[str, str], list[dict]] = {}  # a table's rows while its question is open

    def _ask(self, question: questionary.Question) -> Any:
        """Run one prompt; Ctrl-C raises KeyboardInterrupt (the caller saves), Ctrl-D likewise."""
        try:
            return question.unsafe_ask()
        except EOFError:
            raise KeyboardInterrupt from None

    # ------------------------------------------------------------------ generic
    def ask(self, req: Request) -> Action:
        """Ask one step until the person answers or chooses an action."""
        q = req.step.question
        self.say("")
        self.say(req.progress)
        detail = [TYPE_NAMES[q.type.value]]
        if q.unit:
            detail.append(f"单位：{q.unit}")
        if q.min is not None or q.max is not None:
            detail.append(f"通常范围：{_g(q.min)}–{_g(q.max)}" if q.min is not None and q.max is not None
                          else f"不小于 {_g(q.min)}" if q.min is not None else f"不大于 {_g(q.max)}")
        hint = KEYS_HINT if not (q.required and not req.step.is_question) else "?帮助 <上一题（必填）"
        self.say("（" + "；".join(detail) + "）  " + (hint if _is_typed(q.type) else "帮助、上一题、跳过等在列表末尾"))
        if req.note:
            self.say(f"备注：{req.note}")
        note = None
        while True:
            action = self._ask_type(req)
            if action.kind == "help":
                self.say(req.help)
                continue
            if action.kind == "note":
                note = self._ask(questionary.text("备注（回车结束）：", default=req.note, **self.kw))
                if req.step.is_question:
                    return Action("note", note=note or "")
                self.say("备注只能加在清单问题上。")
                continue
            if note is not None and action.kind in ("answer", "unknown"):
                action.note = note
            return action

    def _ask_type(self, req: Request) -> Action:
        kind = req.step.question.type
        if kind in (QuestionType.yes_no, QuestionType.choice):
            return self._select(req)
        if kind is QuestionType.multi_choice:
            return self._checkbox(req)
        if kind is QuestionType.table:
            return self._table(req)
        return self._typed(req)

    # ------------------------------------------------------------------ typed answers
    def _typed(self, req: Request) -> Action:
        q = req.step.question
        default = "" if req.value is None else _show(req.value)

        def validate(text: str) -> bool | str:
            word = text.strip()
            if word in TYPED or (is_unknown_word(word) and not req.step.scope in ("enterprise", "assessment")):
                return True
            if not word and not q.required:
                return True
            problem = req.check(text)
            return True if problem is None else problem

        suffix = f"（{q.unit}）" if q.unit and q.unit not in q.text else ""
        text = self._ask(questionary.text(f"{q.text}{suffix}", default=default, validate=validate,
                                          validate_while_typing=q.id == "uscc" and not req.step.is_question,
                                          **self.kw))
        word = (text or "").strip()
        if word in TYPED:
            return Action({HELP: "help", BACK: "back", SKIP: "skip", NOTE: "note"}[TYPED[word]])
        if is_unknown_word(word):
            return Action("unknown")
        if not word:
            if not q.required or req.step.is_question:
                self.say("  （未填，跳过）")
                return Action("skip")
            return Action("answer", "")
        return Action("answer", text)

    # ------------------------------------------------------------------ lists
    def _actions(self, req: Request, unknown: bool = True) -> list:
        items: list = [Separator("─" * 20)]
        if unknown and req.step.scope not in ("checklists",):
            items.append(Choice("未知 / 不清楚", value=UNKNOWN_))
        items += [Choice("[?] 帮助、法律依据和材料", value=HELP)]
        if req.can_back:
            items.append(Choice("[<] 上一题", value=BACK))
        if req.step.scope != "checklists":
            items.append(Choice("[>] 跳过", value=SKIP))
        if req.step.is_question:
            items.append(Choice("[!] 添加备注", value=NOTE))
        return items

    def _select(self, req: Request) -> Action:
        q = req.step.question
        if q.type is QuestionType.yes_no:
            options = [Choice("是", value=True), Choice("否", value=False)]
        else:
            options = [Choice(o.text, value=o.id) for o in q.options]
        current = UNKNOWN_ if req.value == "unknown" else req.value
        default = next((c for c in options if c.value == current), None)
        if default is None and current == UNKNOWN_:
            default = UNKNOWN_
        answer = self._ask(questionary.select(q.text, choices=options + self._actions(req), default=default,
                                              instruction="（方向键选择，回车确认）", **self.kw))
        return _menu_action(answer)

    def _checkbox(self, req: Request) -> Action:
        q = req.step.question
        current = req.value if isinstance(req.value, list) else []
        options = [Choice(o.text, value=o.id, checked=o.id in current) for o in q.options]
        picked = self._ask(questionary.checkbox(q.text, choices=options + self._actions(req),
                                                instruction="（空格勾选或取消，回车确认）", **self.kw))
        for special, kind in ((HELP, "help"), (BACK, "back"), (SKIP, "skip"), (NOTE, "note"), (UNKNOWN_, "unknown")):
            if special in picked:
                return Action(kind)
        names = {o.id: o.text for o in q.options}
        if not picked and req.step.scope != "checklists":
            # a habitual Enter must not record "none of them" (which can fire a high finding): ask once more
            if not self.confirm("一项都没有勾选：确认是“都没有”吗？（选否重新勾选）", default=False):
                return self._checkbox(req)
            self.say("  已记录：都没有")
        elif picked:
            self.say("  已选：" + "、".join(names.get(p, str(p)) for p in picked))
        return Action("answer", picked)

    # ------------------------------------------------------------------ tables
    def _table(self, req: Request) -> Action:
        q = req.step.question
        rows = self._drafts.get(req.step.key)
        if rows is None:  # help or a note come back here: the rows added so far stay
            rows = [dict(r) for r in req.value] if isinstance(req.value, list) else []
            self._drafts[req.step.key] = rows
        self.say(q.text)

        def keep() -> None:
            if req.keep is not None:
                req.keep(rows)
        while True:
            self._show_rows(q.columns, rows)
            menu = [Choice("添加一行", value="add")]
            if rows:
                menu.append(Choice("删除最后一行", value="drop"))
            menu.append(Choice(f"完成（共 {len(rows)} 行）", value="done"))
            answer = self._ask(questionary.select("表格：", choices=menu + self._actions(req), default=menu[0],
                                                  instruction="（方向键选择，回车确认）", **self.kw))
            if answer == "add":
                rows.append(self._row(q.columns, len(rows) + 1))
                keep()
            elif answer == "drop":
                rows.pop()
                keep()
            elif answer == "done":
                self._drafts.pop(req.step.key, None)
                return Action("answer", list(rows))
            else:
                return _menu_action(answer)

    def _show_rows(self, columns: list[Column], rows: list[dict]) -> None:
        if not rows:
            self.say("  （还没有行）")
        for i, row in enumerate(rows, 1):
            self.say(f"  {i}. " + "；".join(f"{c.text} {_show(row.get(c.id))}" for c in columns))

    def _row(self, columns: list[Column], number: int) -> dict:
        row = {}
        for col in columns:
            row[col.id] = self._cell(col, number)
        return row

    def _cell(self, col: Column, number: int) -> Any:
        from escort.answers import OutOfRange, normalise

        label = f"第{number}行 {col.text}" + (f"（{col.unit}）" if col.unit else "")
        if col.type in (QuestionType.yes_no, QuestionType.choice):
            options = ([Choice("是", value=True), Choice("否", value=False)] if col.type is QuestionType.yes_no
                       else [Choice(o.text, value=o.id) for o in col.options])
            return self._ask(questionary.select(label, choices=options + [Choice("未知", value="unknown")],
                                                instruction="（方向键选择，回车确认）", **self.kw))

        def validate(text: str) -> bool | str:
            if not text.strip():
                return "必填，不清楚就填 未知" if col.required else True
            try:
                normalise(col, text, col.id)
            except OutOfRange:
                return True  # beyond the usual range: recorded as given
            except ValueError as exc:
                return explain_problem(col, exc)
            return True

        text = self._ask(questionary.text(label, validate=validate, **self.kw)).strip()
        if not text:
            return None
        if is_unknown_word(text):
            return "unknown"
        if col.type is QuestionType.multi_choice:
            return [t for t in text.replace("，", ",").split(",") if t]
        try:
            return normalise(col, text, col.id)
        except OutOfRange as exc:
            self.say(f"  ! 已记录 {exc.value:g}：超出通常范围，请核对。")
            return exc.value

    # ------------------------------------------------------------------ other questions
    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self._ask(questionary.confirm(message, default=default, **self.kw)))

    def choose(self, message: str, choices: list[tuple[str, Any]]) -> Any:
        return self._ask(questionary.select(message, choices=[Choice(t, value=v) for t, v in choices],
                                            instruction="（方向键选择，回车确认）", **self.kw))


def _is_typed(kind: QuestionType) -> bool:
    return kind not in (QuestionType.yes_no, QuestionType.choice, QuestionType.multi_choice, QuestionType.table)


def _menu_action(answer: Any) -> Action:
    special = {HELP: "help", BACK: "back", SKIP: "skip", NOTE: "note", UNKNOWN_: "unknown"}
    if isinstance(answer, str) and answer in special:
        return Action(special[answer])
    return Action("answer", answer)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(map(_show, value))
    return str(value)


def _g(x: float) -> str:
    return f"{x:g}"
