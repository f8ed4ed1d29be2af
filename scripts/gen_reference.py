"""Generate the reference docs and JSON Schemas from the code, so they cannot drift.

Writes:
  docs/reference.md                  every checklist, answers and law-file field (from the models'
                                     descriptions), the question types and the expression functions
                                     (from escort.functions and their docstrings)
  docs/hooks.md                      every hook, from the docstrings in escort/hookspecs.py
  docs/schema/checklist.schema.json  JSON Schema of a checklist file (as `escort schema checklist`)
  docs/schema/answers.schema.json    JSON Schema of an answers file
  docs/schema/laws.schema.json       JSON Schema of a law registry file

Usage:  python scripts/gen_reference.py          # write the files
        python scripts/gen_reference.py --check  # exit 1 if a committed file is out of date
"""

from __future__ import annotations

import enum
import inspect
import json
import re
import sys
import types
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUESTION_TYPES = {
    "yes_no": ("true or false", "`has_unsigned`, `not has_unsigned` (never `== 'yes'`)"),
    "choice": ("the id of the chosen option", "`keeper == 'hr'`, `keeper in ['a', 'b']`, `keeper != 'hr'`"),
    "multi_choice": ("the list of chosen option ids", "`'esign' in signing_methods`, `len(signing_methods)`"),
    "number": ("a number", "`headcount > 20`"),
    "money": ("an amount in CNY, at least 0", "`arrears * 0.0005`"),
    "percent": ("a number from 0 to 100", "`insured_share < 100`"),
    "date": ("a date", "`days_between(hire_date, today) > 30`, `hire_date < date('2026-01-01')`"),
    "text": ("text (usually only shown in the report)", "`notes != ''`"),
    "table": ("a list of rows; each row's cells are read as `r.column`",
              "`sum(r.monthly_wage for r in unsigned_staff if r.overdue_days > 90)`, `len(unsigned_staff)`"),
}
# Built-in Python functions offered to expressions have Python's own docstrings; say it plainly instead.
PLAIN = {
    "len": "Number of items in a list (rows of a table, options chosen in a multi_choice).",
    "min": "The smallest of the values given, or of one list.",
    "max": "The largest of the values given, or of one list.",
    "sum": "Total of a list of numbers, e.g. `sum(r.amount for r in debts)`.",
    "abs": "The value without its sign.",
    "round": "*number* rounded to *ndigits* decimals (0 by default; halves go to the even neighbour).",
    "any": "True if any item is true, e.g. `any(r.overdue_days > 90 for r in debts)`.",
    "all": "True if every item is true (also for an empty list).",
    "add_days": "The date *days* after *day* (negative for earlier).",
    "count": "Number of items, e.g. `count(r for r in debts if r.overdue_days > 90)`.",
    "ceil": "The smallest whole number not less than *value*.",
    "floor": "The largest whole number not greater than *value*.",
    "date": "Turn '2026-11-01' (or a date) into a date.",
}
MODEL_GROUPS = [
    ("Checklist file", ["Checklist", "Section", "Question", "Column", "Option", "Rule", "SeverityStep", "InForce", "Exposure"]),
    ("Answers file", ["AnswersFile", "Enterprise", "Assessment", "Override"]),
    ("Law registry file", ["LawFile", "Law", "Article"]),
    ("Pending versions file (checklists/laws/pending.yaml)", ["PendingLawFile", "PendingLaw"]),
    ("Computed findings (returned by plugins)", ["ComputedFinding", "Fact", "ExposureResult", "ReportSection"]),
]


EXPRESSION_FIELDS = {"show_if", "applies_if", "when", "low", "high", "facts_date"}
# Fields the models leave without a description.
FALLBACK = {
    "title": "Title shown to the person answering and in the report (Chinese).",
    "title_en": "English title; once a checklist sets title_en, `escort validate` asks for English everywhere.",
    "text_en": "English translation.",
    "domain": "The area of law; findings are scored per domain.",
    "description": "What the checklist covers, in a sentence or two.",
    "sections": "Groups of questions, asked in order.",
    "rules": "The findings this checklist can raise.",
    "questions": "The questions of the section, asked in order.",
    "severity": "How serious the finding is.",
    "exposure": "The money at stake, as a range in CNY.",
    "enterprise": "The enterprise profile.",
    "assessment": "When, by whom and how the checkup was done.",
    "industry": "Industry, in words.",
    "employees": "Number of employees.",
    "founded": "Date of incorporation.",
    "listing": "Listing status.",
    "assessor": "Who did the checkup.",
    "firm": "The assessor's law firm.",
    "unit": "Unit shown beside the value.",
    "type": "The question type (see Question types below).",
    "id": "A stable identifier: lower-case letters, digits and underscores, starting with a letter.",
    "laws": "The laws of this file.",
    "name": "Name.",
    "short_name": "Short name used in citations.",
}


def type_name(annotation: typing.Any) -> str:
    """A short readable name for a field's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        marks = [x for m in args[1:] for x in [m, *getattr(m, "metadata", [])]]
        pattern = next((getattr(x, "pattern", None) for x in marks if getattr(x, "pattern", None)), "") or ""
        if "#" in pattern:
            return "citation (`law_id#article`)"
        return type_name(args[0])
    if getattr(annotation, "_name", None) == "Any" or annotation is typing.Any:
        return "any value"
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"mapping of {type_name(args[0])} to {type_name(args[1])}" if args else "mapping"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type):
        from pydantic import BaseModel

        if issubclass(annotation, BaseModel):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
        return {"str": "text", "int": "whole number", "float": "number", "bool": "true/false",
                "date": "date"}.get(annotation.__name__, annotation.__name__)
    return "any" if annotation is typing.Any else str(annotation)


def field_rows(model: type) -> list[str]:
    rows = ["| field | type | required | description |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        kind = "expression" if name in EXPRESSION_FIELDS else type_name(info.annotation)
        pattern = next((getattr(m, "pattern", None) for m in info.metadata if getattr(m, "pattern", None)), None)
        if pattern:
            kind += f" matching `{pattern}`"
        if info.is_required():
            required = "yes"
        else:
            default = info.get_default(call_default_factory=True)
            required = "no" if default in (None, [], {}, "") else f"no (default `{_plain(default)}`)"
        description = (info.description or FALLBACK.get(name, "")).replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}` | {kind} | {required} | {description} |")
    return rows


def _plain(value: typing.Any) -> str:
    return value.value if isinstance(value, enum.Enum) else str(value).lower() if isinstance(value, bool) else str(value)


def reference_md() -> str:
    from escort import functions, models

    out = ["# Reference", "",
           "<!-- Generated by scripts/gen_reference.py from escort/models.py and escort/functions.py; "
           "do not edit by hand. -->", "",
           "Every field of the files Escort reads, the question types, and the functions checklist "
           "expressions may call. Keys are snake_case; a key not listed here is an error.", ""]
    for title, names in MODEL_GROUPS:
        out += [f"## {title}", ""]
        for name in names:
            model = getattr(models, name)
            doc = inspect.cleandoc(model.__dict__.get("__doc__") or "")
            out += [f"### {name}", ""]
            if doc:
                out += [doc.splitlines()[0], ""]
            out += field_rows(model) + [""]
    out += ["## Question types", "",
            "| type | value in expressions | examples |", "| --- | --- | --- |"]
    for qtype in models.QuestionType:
        value, example = QUESTION_TYPES[qtype.value]
        out.append(f"| `{qtype.value}` | {value} | {example} |")
    out += ["", "An answer `unknown` (or a visible question left empty) makes a rule that needs it "
            "undetermined: listed for verification, or fired when the rule says `if_unknown: fire`. "
            "A question hidden by `show_if` is *not asked*; a rule that only reads questions not asked is silent.", ""]
    out += ["## Names in expressions", "",
            "| name | value |", "| --- | --- |",
            "| a question id | its answer (see the types above) |",
            "| `today` | the assessment date (never the computer's clock) |",
            "| `enterprise` | the profile: " + ", ".join(f"`enterprise.{f}`" for f in models.Enterprise.model_fields) + " |",
            "| `assessment` | " + ", ".join(f"`assessment.{f}`" for f in models.Assessment.model_fields) + " |", ""]
    out += ["## Expression functions", "",
            "Offered by Escort's core through the `escort_functions` hook; plugins add their own the same way.", "",
            "| function | what it returns |", "| --- | --- |"]
    for name, fn in sorted(functions.FUNCTIONS.items()):
        doc = PLAIN.get(name) if getattr(fn, "__module__", "") == "builtins" else None
        doc = doc or (inspect.getdoc(fn) or PLAIN.get(name, "")).split("\n\n")[0].replace("\n", " ")
        try:
            sig = str(inspect.signature(fn)).split(" ->")[0]
            sig = sig.replace("day: 'Any'", "day").replace(": 'Any'", "").replace(": 'float'", "")
            sig = sig.replace(": 'int'", "").replace(": 'Iterable[dict]'", "").replace(": 'Iterable[Any]'", "")
            sig = sig.replace(": 'str'", "").replace(", /", "")
        except (TypeError, ValueError):
            sig = "(…)"
        doc = doc.replace("|", "\\|")
        out.append(f"| `{name}{sig}` | {doc} |")
    out.append("")
    return "\n".join(out)


def rst_to_md(text: str) -> str:
    """Turn the reStructuredText of a docstring into Markdown: literal blocks, roles, field lists."""
    text = re.sub(r":(?:class|func|mod|data|meth):`~?([^`]+)`", r"`\1`", text)
    text = re.sub(r"``([^`]+)``", r"`\1`", text)
    text = re.sub(r"^:param (\w+):", r"- **\1**:", text, flags=re.M)
    text = re.sub(r"^:returns:", "**Returns:**", text, flags=re.M)
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::"):
            out.append(line.rstrip()[:-1] if not line.rstrip().endswith(" ::") else line.rstrip()[:-3])
            i += 1
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                block.append(lines[i][4:])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            lang = "toml" if block and block[0].startswith("[") else "python"
            out += ["", f"```{lang}", *block, "```", ""]
            continue
        out.append(line)
        i += 1
    return "\n".join(out).strip()


def hook_functions() -> list[tuple[str, typing.Callable]]:
    """Every hook specification, in the order of the module."""
    from escort import hookspecs

    hooks = [(n, f) for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("escort_")]
    return sorted(hooks, key=lambda item: inspect.getsourcelines(item[1])[1])


def hooks_md() -> str:
    from escort import hookspecs

    out = ["# Hook reference", "",
           "<!-- Generated by scripts/gen_reference.py from escort/hookspecs.py; do not edit by hand. -->", "",
           rst_to_md(inspect.getdoc(hookspecs) or ""), ""]
    for name, fn in hook_functions():
        out += [f"## `{name}{inspect.signature(fn)}`", "", rst_to_md(inspect.getdoc(fn) or ""), ""]
    return "\n".join(out)


def schema_json(kind: str) -> str:
    from escort.models import SCHEMAS

    return json.dumps(SCHEMAS[kind].model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def outputs() -> dict[Path, str]:
    return {
        ROOT / "docs" / "reference.md": reference_md(),
        ROOT / "docs" / "hooks.md": hooks_md(),
        ROOT / "docs" / "schema" / "checklist.schema.json": schema_json("checklist"),
        ROOT / "docs" / "schema" / "answers.schema.json": schema_json("answers"),
        ROOT / "docs" / "schema" / "laws.schema.json": schema_json("laws"),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is out of date; run python scripts/gen_reference.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
